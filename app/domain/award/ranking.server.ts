// Evaluation, ranking and award (DESIGN §4): the work of the announcement events `evaluate`,
// `award`, `exclude` and `expireDirect` (machine.server.ts). The ranking itself is pure
// (selection.ts, draw.ts); this module reads the opened bids, stores the public result and tells
// the people concerned. None of it writes a status: each function returns the state it reached.
import type { Tx } from '#app/db.server.ts'
import { audit } from '#app/domain/audit/audit.server.ts'
import { addDays } from '#app/domain/clock/china-time.ts'
import type { AnnouncementRow, AnnouncementWork } from '#app/domain/announcements/machine.server.ts'
import { notifyBidders, notifyOwner } from '#app/domain/announcements/notices.server.ts'
import { checkEligibility, checkEligibilityOfMany } from '#app/domain/bidding/eligibility.server.ts'
import { creditOf, ratingAverageOf } from '#app/domain/credit/credit.server.ts'
import { DRAW_ALGORITHM, drawCoefficient, drawInput, rankByDraw } from '#app/domain/draw/draw.ts'
import type { EventActor, Outcome } from '#app/domain/engine/machine.ts'
import { notify } from '#app/domain/notifications/notifications.server.ts'
import { select, weightsOf, type Candidate } from '#app/domain/award/selection.ts'
import type { Prisma } from '#app/generated/prisma/client.ts'
import type { AnnouncementStatus } from '#app/generated/prisma/enums.ts'
import { formatBeijingTime as beijingTime } from '#app/domain/clock/china-time.ts'
import { fenOfDecimal as fenOf, formatYuan, yuanOfDecimal } from '#app/utils/money.ts'

export type ResultEntry = {
  rank: number
  bidId: string
  intermediaryId: string
  name: string
  uscc: string
  price: string | null
  drawRank: number | null
  score?: { total: number; price: number; credit: number; rating: number; technical: number }
  withinBase?: boolean
}

type BidEntry = {
  bidId: string
  intermediaryId: string
  name: string
  uscc: string
  price: string | null
  reason: string
}

/** The purpose of the ranking HMAC of every announcement draw (API.md `draw.purpose`). */
export const WINNER_PURPOSE = 'winner'

export type StoredResult = {
  round: number
  method: string
  evaluatedAt: string
  winnerBidId: string | null
  ranking: ResultEntry[]
  invalid: BidEntry[]
  excluded: BidEntry[]
  draw: null | {
    seed: string
    seedCommitment: string
    inputs: { seed: string; nonces: string[]; announcementId: string; usccs: string[] }
    input: string
    purpose: string
    algorithm: string
    order: string[]
    pick: string
    /** AVERAGE_PRICE: the coefficient drawn with its own purpose from the same input */
    coefficient?: number
    coefficientPurpose?: string
  }
  averagePrice?: { average: string; coefficient: number; base: string; retainedBidIds: string[] }
}

type AnnouncementOutcome = Outcome<AnnouncementStatus, Prisma.AnnouncementUncheckedUpdateInput, void>

/** 流标 (or another failure): FAILED with its public reason; everyone concerned is told. */
async function failed(
  tx: Tx,
  a: AnnouncementRow,
  at: Date,
  reason: string,
  extra: Prisma.AnnouncementUncheckedUpdateInput = {},
): Promise<AnnouncementOutcome> {
  const notice = {
    kind: 'announcement-failed',
    title: `流标：${a.title}`,
    body: `「${a.title}」${reason}。`,
    dedupeKey: `failed:${a.id}:${a.evaluationRound}`,
  }
  await notifyOwner(tx, a, notice)
  await notifyBidders(tx, a, notice)
  return { to: 'FAILED', set: { statusReason: reason, closedAt: at, winnerBidId: null, ...extra }, audit: { reason } }
}

/** The named firm did not answer a direct selection by the deadline. */
export const expireDirectWork: AnnouncementWork = async ({ tx, row: a, at }) => {
  const reason = '被直接选取的中介机构未在截止时间前确认承接'
  await notifyOwner(tx, a, {
    kind: 'direct-expired',
    title: `直接选取未获确认：${a.title}`,
    body: reason,
    dedupeKey: `direct-expired:${a.id}`,
  })
  return {
    set: { statusReason: reason, closedAt: at, winnerBidId: null, directResponse: 'EXPIRED' },
    audit: { reason },
  }
}

/** Opened and (for SCORE with a technical weight) scored: enough valid bids → ranking, else 流标. */
export const evaluateWork: AnnouncementWork = async ({ tx, row: a, at }) => {
  // Eligibility again at evaluation: a firm blacklisted or suspended since the opening drops out.
  const valid = await tx.bid.findMany({
    where: { announcementId: a.id, status: 'ACTIVE', valid: true, excludedAt: null },
    select: { id: true, intermediaryId: true },
  })
  const eligibility = await checkEligibilityOfMany(
    tx,
    valid.map((b) => b.intermediaryId),
    a,
    at,
  )
  for (const bid of valid) {
    const e = eligibility.get(bid.intermediaryId)!
    if (!e.eligible)
      await tx.bid.update({
        where: { id: bid.id },
        data: { valid: false, invalidReason: `评审时不符合条件：${e.reason}` },
      })
  }
  const validCount = valid.filter((b) => eligibility.get(b.intermediaryId)!.eligible).length
  // A re-announcement that again gets fewer than the minimum may proceed with the bids it has.
  const enough = validCount >= a.minimumBids || (a.previousStatus === 'FAILED' && validCount >= 1)
  if (!enough) return failed(tx, a, at, `有效报名 ${validCount} 家，少于 ${a.minimumBids} 家，流标`)
  return rank(tx, a, at)
}

/**
 * Ranks the valid, not excluded bids by the announcement's method and starts the publicity period
 * (or fails the announcement when no bid is left). Used at evaluation and after an exclusion.
 */
export async function rank(tx: Tx, a: AnnouncementRow, at: Date): Promise<AnnouncementOutcome> {
  const bids = await tx.bid.findMany({
    where: { announcementId: a.id, status: 'ACTIVE' },
    include: { intermediary: { select: { name: true, uscc: true } }, technicalScores: { select: { score: true } } },
    orderBy: { id: 'asc' },
  })
  const entry = (b: (typeof bids)[number]) => ({
    bidId: b.id,
    intermediaryId: b.intermediaryId,
    name: b.intermediary.name,
    uscc: b.intermediary.uscc,
    price: yuanOfDecimal(b.openedPrice),
  })
  const candidates = bids.filter((b) => b.valid && !b.excludedAt)
  if (candidates.length === 0) return failed(tx, a, at, '没有符合条件的有效报名')
  const round = a.evaluationRound + 1
  const [credit, rating] = await Promise.all([
    creditOf(candidates.map((b) => b.intermediaryId)),
    ratingAverageOf(candidates.map((b) => b.intermediaryId)),
  ])
  const inputs = {
    seed: a.seed!,
    nonces: candidates.map((b) => b.nonce).sort(),
    announcementId: a.id,
    usccs: candidates.map((b) => b.intermediary.uscc).sort(),
  }
  let ranking: ResultEntry[]
  let draw: StoredResult['draw'] = null
  let averagePrice: StoredResult['averagePrice']
  if (a.method === 'DIRECT') {
    ranking = candidates.map((b, i) => ({ ...entry(b), rank: i + 1, drawRank: null }))
  } else {
    const input = drawInput({ seed: inputs.seed, nonces: inputs.nonces, subjectId: a.id, usccs: inputs.usccs })
    const order = rankByDraw(input, WINNER_PURPOSE, inputs.usccs)
    draw = {
      seed: a.seed!,
      seedCommitment: a.seedCommitment!,
      inputs,
      input,
      purpose: WINNER_PURPOSE,
      algorithm: DRAW_ALGORITHM,
      order,
      pick: order[0]!,
    }
    if (a.method === 'AVERAGE_PRICE')
      Object.assign(draw, { coefficient: drawCoefficient(input), coefficientPurpose: 'coefficient' })
    const list: Candidate[] = candidates.map((b) => ({
      bidId: b.id,
      uscc: b.intermediary.uscc,
      price: fenOf(b.openedPrice)!,
      credit: credit.get(b.intermediaryId)!.score,
      rating: rating.get(b.intermediaryId) ?? null,
      technical: b.technicalScores.length
        ? b.technicalScores.reduce((s, t) => s + Number(t.score.toFixed(2)), 0) / b.technicalScores.length
        : null,
    }))
    const selection = select(a.method, list, input, a.method === 'SCORE' ? (weightsOf(a) ?? undefined) : undefined)
    ranking = selection.ranking.map((r) => ({ ...entry(candidates.find((b) => b.id === r.bidId)!), ...r }))
    if (selection.averagePrice) {
      averagePrice = {
        ...selection.averagePrice,
        average: formatYuan(selection.averagePrice.average),
        base: formatYuan(selection.averagePrice.base),
      }
    }
  }
  const winner = ranking[0]!
  const result: StoredResult = {
    round,
    method: a.method,
    evaluatedAt: at.toISOString(),
    winnerBidId: winner.bidId,
    ranking,
    invalid: bids.filter((b) => b.valid === false).map((b) => ({ ...entry(b), reason: b.invalidReason ?? '' })),
    excluded: bids.filter((b) => b.excludedAt).map((b) => ({ ...entry(b), reason: b.excludedReason ?? '' })),
    draw,
    ...(averagePrice ? { averagePrice } : {}),
  }
  const publicityEndsAt = addDays(at, a.publicityDays)
  const notice = {
    kind: 'announcement-result',
    title: `中选结果公示：${a.title}`,
    body: `「${a.title}」的中选结果已公示：${winner.name}${winner.price ? `，价格 ${winner.price} 元` : ''}。公示期至 ${beijingTime(publicityEndsAt)}（北京时间），参与报名的机构可在公示期内提出质疑。`,
    dedupeKey: `result:${a.id}:${round}`,
  }
  await notifyOwner(tx, a, notice)
  await notifyBidders(tx, a, notice)
  return {
    to: 'PUBLICITY',
    set: {
      winnerBidId: winner.bidId,
      result: JSON.stringify(result),
      evaluationRound: round,
      evaluatedAt: at,
      publicityEndsAt,
      awardedAt: null,
    },
    audit: { round, winnerBidId: winner.bidId, drawInput: draw?.input ?? null, publicityEndsAt },
  }
}

/** Takes a bid out (objection upheld, winner declined, winner no longer eligible) and ranks again. */
export async function excludeAndRank(
  tx: Tx,
  a: AnnouncementRow,
  bidId: string,
  reason: string,
  at: Date,
  actor: EventActor,
): Promise<AnnouncementOutcome> {
  await tx.bid.update({ where: { id: bidId }, data: { excludedAt: at, excludedReason: reason } })
  await audit(tx, { actor, entityType: 'Bid', entityId: bidId, action: 'exclude', after: { reason } })
  const outcome = await rank(tx, a, at)
  return { ...outcome, audit: { excludedBidId: bidId, reason, ...outcome.audit } }
}

export const excludeWork: AnnouncementWork<{ bidId: string; reason: string }> = ({ tx, row, at, actor, input }) =>
  excludeAndRank(tx, row, input.bidId, input.reason, at, actor)

/** End of publicity with no objection open: award, unless the winner is no longer eligible. */
export const awardWork: AnnouncementWork = async ({ tx, row: a, at, actor }) => {
  const winner = await tx.bid.findUniqueOrThrow({
    where: { id: a.winnerBidId! },
    include: { intermediary: { select: { name: true } } },
  })
  const eligibility = await checkEligibility(tx, winner.intermediaryId, a, at)
  if (!eligibility.eligible) {
    return excludeAndRank(tx, a, winner.id, `确定成交时不符合条件：${eligibility.reason}`, at, actor)
  }
  const notice = {
    kind: 'announcement-awarded',
    title: `成交：${a.title}`,
    body: `公示期满，「${a.title}」由${winner.intermediary.name}成交。`,
    dedupeKey: `awarded:${a.id}:${a.evaluationRound}`,
  }
  await notifyOwner(tx, a, notice)
  await notify(tx, {
    organizationId: winner.intermediaryId,
    kind: notice.kind,
    title: notice.title,
    body: '公示期满，贵机构成交，请与业主签订服务合同。',
    link: `/announcements/${a.id}`,
    dedupeKey: `${notice.dedupeKey}:winner`,
  })
  return { to: 'AWARDED', set: { awardedAt: at, closedAt: at }, audit: { winnerBidId: winner.id } }
}
