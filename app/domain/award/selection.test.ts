// The selection methods as pure functions: who ranks first, and that every tie is decided by the
// verifiable draw (purpose "winner") and by nothing else (not the order bids came in).
import crypto from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { NEUTRAL_RATING, select, type Candidate } from '#app/domain/award/selection.ts'
import { drawCoefficient, drawInput, rankByDraw } from '#app/domain/draw/draw.ts'

let serial = 0
function candidate(price: number, overrides: Partial<Candidate> = {}): Candidate {
  serial += 1
  return {
    bidId: `bid${serial}`,
    uscc: `91510107MA${String(serial).padStart(8, '0')}`,
    price,
    credit: 100,
    rating: null,
    technical: null,
    ...overrides,
  }
}

/** A draw input for the i-th trial (a different seed each time). */
const inputOf = (i: number, candidates: readonly Candidate[]) =>
  drawInput({
    seed: crypto.createHash('sha256').update(`trial-${i}`).digest('hex'),
    nonces: candidates.map((c) => `n${c.bidId}`),
    subjectId: 'ann1',
    usccs: candidates.map((c) => c.uscc),
  })

const ids = (s: { ranking: Array<{ bidId: string }> }) => s.ranking.map((r) => r.bidId)

/** The candidates' bid ids in draw order (the tie-breaker). */
const drawOrder = (input: string, candidates: readonly Candidate[]) => {
  const order = rankByDraw(
    input,
    'winner',
    candidates.map((c) => c.uscc),
  )
  return order.map((uscc) => candidates.find((c) => c.uscc === uscc)!.bidId)
}

describe('LOTTERY', () => {
  test('ranks every candidate in draw order; the draw pick wins', () => {
    const list = [candidate(50_000_00), candidate(50_000_00), candidate(50_000_00), candidate(50_000_00)]
    const winners = new Set<string>()
    for (let i = 0; i < 20; i++) {
      const input = inputOf(i, list)
      const s = select('LOTTERY', list, input)
      expect(ids(s)).toEqual(drawOrder(input, list))
      expect(s.ranking.map((r) => r.rank)).toEqual([1, 2, 3, 4])
      expect(s.ranking.map((r) => r.drawRank)).toEqual([1, 2, 3, 4])
      // the order the candidates are given in does not matter
      expect(ids(select('LOTTERY', [...list].reverse(), input))).toEqual(ids(s))
      winners.add(s.ranking[0]!.bidId)
    }
    expect(winners.size).toBeGreaterThan(1)
  })
})

describe('LOWEST_PRICE', () => {
  test('the lowest price wins, then ascending', () => {
    const [a, b, c] = [candidate(120_000_00), candidate(98_000_50), candidate(110_000_00)]
    const s = select('LOWEST_PRICE', [a!, b!, c!], inputOf(0, [a!, b!, c!]))
    expect(ids(s)).toEqual([b!.bidId, c!.bidId, a!.bidId])
  })

  test('a tie on a price is broken in rankByDraw order, whatever order the bids came in', () => {
    const high = candidate(130_000_00)
    const tied = [candidate(90_000_00), candidate(90_000_00), candidate(90_000_00)]
    const mid = candidate(100_000_00)
    const list = [high, tied[0]!, mid, tied[1]!, tied[2]!]
    const firsts = new Set<string>()
    for (let i = 0; i < 30; i++) {
      const input = inputOf(i, list)
      const s = select('LOWEST_PRICE', list, input)
      const tieOrder = drawOrder(input, list).filter((id) => tied.some((t) => t.bidId === id))
      expect(ids(s)).toEqual([...tieOrder, mid.bidId, high.bidId])
      expect(ids(select('LOWEST_PRICE', [...list].reverse(), input))).toEqual(ids(s))
      // drawRank is the place in the draw among all candidates
      for (const r of s.ranking) expect(r.drawRank).toBe(drawOrder(input, list).indexOf(r.bidId) + 1)
      firsts.add(tieOrder[0]!)
    }
    // the draw, not a fixed order, decides: each tied bid wins in some trial
    expect(firsts.size).toBe(3)
  })
})

describe('AVERAGE_PRICE', () => {
  test('drops the highest and lowest; base = average × drawn coefficient; the closest price not above the base wins', () => {
    // retained 955, 965, 975, 1105 (×100 yuan): average 1000; base 950/960/970/980 for 95–98 %
    const list = [
      candidate(90_000_00),
      candidate(95_500_00),
      candidate(96_500_00),
      candidate(97_500_00),
      candidate(110_500_00),
      candidate(120_000_00),
    ]
    const expectedWinner: Record<number, string> = {
      95: list[0]!.bidId,
      96: list[1]!.bidId,
      97: list[2]!.bidId,
      98: list[3]!.bidId,
    }
    const seen = new Set<number>()
    for (let i = 0; i < 200 && seen.size < 4; i++) {
      const input = inputOf(i, list)
      const coefficient = drawCoefficient(input)
      seen.add(coefficient)
      const s = select('AVERAGE_PRICE', list, input)
      expect(s.averagePrice).toEqual({
        retainedBidIds: [list[1]!.bidId, list[2]!.bidId, list[3]!.bidId, list[4]!.bidId],
        average: 100_000_00,
        coefficient,
        base: coefficient * 1_000_00,
      })
      expect(s.ranking[0]!.bidId).toBe(expectedWinner[coefficient])
      const base = coefficient * 1_000_00
      // within the base: descending (closest first); above it: ascending (closest first)
      const within = list.filter((c) => c.price <= base).sort((x, y) => y.price - x.price)
      const above = list.filter((c) => c.price > base).sort((x, y) => x.price - y.price)
      expect(ids(s)).toEqual([...within, ...above].map((c) => c.bidId))
      for (const r of s.ranking) expect(r.withinBase).toBe(list.find((c) => c.bidId === r.bidId)!.price <= base)
    }
    expect([...seen].sort()).toEqual([95, 96, 97, 98])
  })

  test('a tie on the closest price is broken by the draw', () => {
    // retained 900, 900, 1100: average 966.67; base ≥ 918.33 for every coefficient, so both 900s are within
    const tied = [candidate(90_000_00), candidate(90_000_00)]
    const list = [candidate(80_000_00), tied[0]!, tied[1]!, candidate(110_000_00), candidate(120_000_00)]
    const firsts = new Set<string>()
    for (let i = 0; i < 30; i++) {
      const input = inputOf(i, list)
      const s = select('AVERAGE_PRICE', list, input)
      const tieOrder = drawOrder(input, list).filter((id) => tied.some((t) => t.bidId === id))
      expect(ids(s)).toEqual([...tieOrder, list[0]!.bidId, list[3]!.bidId, list[4]!.bidId])
      expect(s.averagePrice!.average).toBe(Math.round((90_000_00 * 2 + 110_000_00) / 3))
      firsts.add(tieOrder[0]!)
    }
    expect(firsts.size).toBe(2)
  })

  test('when every price is above the base, the lowest (closest above) wins', () => {
    // retained 1010: base at most 989.80, below every price
    const list = [candidate(102_000_00), candidate(100_000_00), candidate(101_000_00)]
    const s = select('AVERAGE_PRICE', list, inputOf(1, list))
    expect(s.averagePrice!.retainedBidIds).toEqual([list[2]!.bidId])
    expect(s.averagePrice!.base).toBeLessThan(100_000_00)
    expect(ids(s)).toEqual([list[1]!.bidId, list[2]!.bidId, list[0]!.bidId])
    expect(s.ranking.every((r) => r.withinBase === false)).toBe(true)
  })

  test('the base is exact: a price equal to the base is within it and wins', () => {
    // only the middle price is retained: base = coefficient × 1000 exactly, and the lowest bid sits on it
    const mid = candidate(100_000_00)
    const high = candidate(200_000_00)
    for (let i = 0; i < 8; i++) {
      const input = inputOf(i, [mid, high])
      const onBase = candidate(drawCoefficient(input) * 1_000_00)
      const s = select('AVERAGE_PRICE', [high, onBase, mid], input)
      expect(s.averagePrice!.base).toBe(onBase.price)
      expect(s.ranking[0]).toMatchObject({ bidId: onBase.bidId, withinBase: true })
    }
  })
})

describe('SCORE', () => {
  test('price score = lowest / price × 100, credit capped at 100, no rating counts 3 of 5, weighted total', () => {
    expect(NEUTRAL_RATING).toBe(3)
    const a = candidate(100_000_00, { credit: 100, rating: null })
    const b = candidate(80_000_00, { credit: 90, rating: 5 })
    const c = candidate(125_000_00, { credit: 120, rating: 4 })
    const s = select('SCORE', [a, b, c], inputOf(0, [a, b, c]), { price: 50, credit: 30, rating: 20, technical: 0 })
    // a: 80, 100, 60 → 40 + 30 + 12 = 82;  b: 100, 90, 100 → 50 + 27 + 20 = 97;  c: 64, 100, 80 → 32 + 30 + 16 = 78
    expect(s.ranking.map((r) => [r.bidId, r.score])).toEqual([
      [b.bidId, { total: 97, price: 100, credit: 90, rating: 100, technical: 0 }],
      [a.bidId, { total: 82, price: 80, credit: 100, rating: 60, technical: 0 }],
      [c.bidId, { total: 78, price: 64, credit: 100, rating: 80, technical: 0 }],
    ])
  })

  test('technical scores count with their weight', () => {
    const a = candidate(100_000_00, { technical: 100 })
    const b = candidate(90_000_00, { technical: 40 })
    const c = candidate(120_000_00, { technical: 95 })
    const s = select('SCORE', [a, b, c], inputOf(0, [a, b, c]), { price: 40, credit: 20, rating: 20, technical: 20 })
    // a: 90·.4 + 20 + 12 + 20 = 88; b: 40 + 20 + 12 + 8 = 80; c: 75·.4 + 20 + 12 + 19 = 81
    expect(s.ranking.map((r) => [r.bidId, r.score!.total])).toEqual([
      [a.bidId, 88],
      [c.bidId, 81],
      [b.bidId, 80],
    ])
    // without the technical weight the cheapest would have won
    const priceOnly = select('SCORE', [a, b, c], inputOf(0, [a, b, c]), {
      price: 100,
      credit: 0,
      rating: 0,
      technical: 0,
    })
    expect(priceOnly.ranking[0]!.bidId).toBe(b.bidId)
  })

  test('equal totals are a tie broken by the draw', () => {
    // a: price 100, credit 80 → 90;  b: price 80, credit 100 → 90 (weights 50/50)
    const a = candidate(100_000_00, { credit: 80 })
    const b = candidate(125_000_00, { credit: 100 })
    const low = candidate(200_000_00, { credit: 100 })
    const list = [a, b, low]
    const firsts = new Set<string>()
    for (let i = 0; i < 30; i++) {
      const input = inputOf(i, list)
      const s = select('SCORE', list, input, { price: 50, credit: 50, rating: 0, technical: 0 })
      const tieOrder = drawOrder(input, list).filter((id) => id === a.bidId || id === b.bidId)
      expect(ids(s)).toEqual([...tieOrder, low.bidId])
      expect(s.ranking[0]!.score!.total).toBe(90)
      expect(s.ranking[1]!.score!.total).toBe(90)
      firsts.add(tieOrder[0]!)
    }
    expect(firsts.size).toBe(2)
  })

  test('refuses to score without weights', () => {
    const list = [candidate(1_00), candidate(2_00)]
    expect(() => select('SCORE', list, inputOf(0, list))).toThrow()
  })
})
