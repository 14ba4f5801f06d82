// The selection methods (DESIGN §4) as pure functions of the opened, valid bids and the draw input.
// Every method ends in a full ranking (the first is the winner; the next ranked takes over when a
// winner is excluded); every tie is broken by the verifiable draw (purpose "winner").
import { drawCoefficient, rankByDraw } from '#app/domain/draw/draw.ts'
import type { SelectionMethod } from '#app/generated/prisma/enums.ts'

export type Candidate = {
  bidId: string
  uscc: string
  /** price in fen (the fixed price for LOTTERY) */
  price: number
  /** credit score (0–120, 100 is the base) */
  credit: number
  /** average owner rating 1–5, null when the firm has none */
  rating: number | null
  /** mean technical score 0–100 of the evaluators, null when none was entered */
  technical: number | null
}

export type Weights = { price: number; credit: number; rating: number; technical: number }

/** The published SCORE weights of an announcement row, or null for the other methods. */
export function weightsOf(a: {
  weightPrice: number | null
  weightCredit: number | null
  weightRating: number | null
  weightTechnical: number | null
}): Weights | null {
  if (a.weightPrice === null) return null
  return {
    price: a.weightPrice,
    credit: a.weightCredit ?? 0,
    rating: a.weightRating ?? 0,
    technical: a.weightTechnical ?? 0,
  }
}

export type RankedCandidate = {
  bidId: string
  rank: number
  /** draw order among all candidates (1 = first), the tie-breaker */
  drawRank: number
  /** SCORE: the total and its parts, rounded to 2 decimals */
  score?: { total: number; price: number; credit: number; rating: number; technical: number }
  /** AVERAGE_PRICE: whether the price is at or below the base price */
  withinBase?: boolean
}

export type Selection = {
  ranking: RankedCandidate[]
  /** AVERAGE_PRICE: the average of the retained prices, the drawn coefficient and the base (fen) */
  averagePrice?: { retainedBidIds: string[]; average: number; coefficient: number; base: number }
}

/** Neutral rating points for a firm without ratings (3 of 5). */
export const NEUTRAL_RATING = 3

const round2 = (n: number) => Math.round(n * 100) / 100

function finish(candidates: readonly Candidate[], drawInput: string, compare: (a: Candidate, b: Candidate) => number) {
  const order = rankByDraw(
    drawInput,
    'winner',
    candidates.map((c) => c.uscc),
  )
  const drawRank = new Map(order.map((uscc, i) => [uscc, i + 1]))
  const sorted = [...candidates].sort((a, b) => compare(a, b) || drawRank.get(a.uscc)! - drawRank.get(b.uscc)!)
  return sorted.map((c, i) => ({ bidId: c.bidId, rank: i + 1, drawRank: drawRank.get(c.uscc)! }))
}

function scoreParts(c: Candidate, lowest: number, weights: Weights) {
  const parts = {
    price: (lowest / c.price) * 100,
    credit: Math.min(100, Math.max(0, c.credit)),
    rating: ((c.rating ?? NEUTRAL_RATING) / 5) * 100,
    technical: c.technical ?? 0,
  }
  const total =
    (weights.price * parts.price +
      weights.credit * parts.credit +
      weights.rating * parts.rating +
      weights.technical * parts.technical) /
    100
  return { total, ...parts }
}

export function select(
  method: Exclude<SelectionMethod, 'DIRECT'>,
  candidates: readonly Candidate[],
  drawInput: string,
  weights?: Weights,
): Selection {
  switch (method) {
    case 'LOTTERY':
      return { ranking: finish(candidates, drawInput, () => 0) }
    case 'LOWEST_PRICE':
      return { ranking: finish(candidates, drawInput, (a, b) => a.price - b.price) }
    case 'SCORE': {
      if (!weights) throw new Error('SCORE needs weights')
      const lowest = Math.min(...candidates.map((c) => c.price))
      const scores = new Map(candidates.map((c) => [c.bidId, scoreParts(c, lowest, weights)]))
      // Totals equal to the cent of a point are a tie (the draw decides), so float noise cannot.
      const ranking = finish(
        candidates,
        drawInput,
        (a, b) => round2(scores.get(b.bidId)!.total) - round2(scores.get(a.bidId)!.total),
      )
      return {
        ranking: ranking.map((r) => {
          const s = scores.get(r.bidId)!
          return {
            ...r,
            score: {
              total: round2(s.total),
              price: round2(s.price),
              credit: round2(s.credit),
              rating: round2(s.rating),
              technical: round2(s.technical),
            },
          }
        }),
      }
    }
    case 'AVERAGE_PRICE': {
      // Drop one highest and one lowest price when at least three remain to average.
      const byPrice = [...candidates].sort((a, b) => a.price - b.price)
      const retained = byPrice.length >= 3 ? byPrice.slice(1, -1) : byPrice
      const sum = retained.reduce((s, c) => s + c.price, 0)
      const coefficient = drawCoefficient(drawInput)
      // price ≤ base  ⇔  price × 100 × n ≤ sum × coefficient (exact in integers)
      const within = (c: Candidate) => c.price * 100 * retained.length <= sum * coefficient
      const ranking = finish(candidates, drawInput, (a, b) => {
        const wa = within(a)
        const wb = within(b)
        if (wa !== wb) return wa ? -1 : 1
        return wa ? b.price - a.price : a.price - b.price
      })
      return {
        ranking: ranking.map((r) => ({ ...r, withinBase: within(candidates.find((c) => c.bidId === r.bidId)!) })),
        averagePrice: {
          retainedBidIds: retained.map((c) => c.bidId),
          average: Math.round(sum / retained.length),
          coefficient,
          base: Math.round((sum * coefficient) / (100 * retained.length)),
        },
      }
    }
  }
}
