// The deadline-driven transitions of an announcement (DESIGN §4, §8). Every announcement keeps its
// next due time in `nextCheckAt`; the ticker claims due rows with FOR UPDATE SKIP LOCKED and applies
// one step per transaction, so any number of workers share the work, a crash rolls a step back whole,
// and a repeated trigger finds nothing due. Steps:
//   PUBLISHED  --deadline-->  EVALUATING (bids opened: prices decrypted, validity checked)
//   EVALUATING --------->     PUBLICITY (ranking + draw)   or FAILED (流标: too few valid bids)
//   PUBLICITY  --publicity ends, no open objection, winner still eligible-->  AWARDED
// A DIRECT announcement whose named firm did not answer by the deadline fails.
import { prisma, type Tx } from '#app/db.server.ts'
import { audit } from '#app/domain/audit/audit.server.ts'
import { addDays, platformRules } from '#app/domain/announcements/rules.server.ts'
import { notifyBidders, notifyEvaluators, notifyOwner } from '#app/domain/announcements/notices.server.ts'
import { checkEligibility, checkEligibilityOfMany } from '#app/domain/bidding/eligibility.server.ts'
import { env } from '#app/env.server.ts'
import { openPrice } from '#app/domain/bidding/sealed-price.server.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import { drainDue, type DrainOptions } from '#app/domain/deadlines/due-rows.server.ts'
import { notFound } from '#app/domain/errors.ts'
import { creditOf, ratingAverageOf } from '#app/domain/credit/credit.server.ts'
import { DRAW_ALGORITHM, drawCoefficient, drawInput, rankByDraw } from '#app/domain/draw/draw.ts'
import { notify } from '#app/domain/notifications/notifications.server.ts'
import { select, weightsOf, type Candidate } from '#app/domain/award/selection.ts'
import type { Announcement, Prisma } from '#app/generated/prisma/client.ts'
import { formatShanghaiTime } from '#app/utils/intermediary-labels.ts'
import { fenOfDecimal as fenOf, formatYuan, yuanOfDecimal } from '#app/utils/money.ts'

/** The actor of deadline-driven steps in the audit log. */
export const SYSTEM = { userId: null, organizationId: null }

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

export type StoredResult = {
  round: number
  method: string
  evaluatedAt: string
  winnerBidId: string | null
  ranking: ResultEntry[]
  invalid: Array<{
    bidId: string
    intermediaryId: string
    name: string
    uscc: string
    price: string | null
    reason: string
  }>
  excluded: Array<{
    bidId: string
    intermediaryId: string
    name: string
    uscc: string
    price: string | null
    reason: string
  }>
  draw: null | {
    seed: string
    seedCommitment: string
    inputs: { seed: string; nonces: string[]; announcementId: string; usccs: string[] }
    input: string
    algorithm: string
    order: string[]
    pick: string
    coefficient?: number
  }
  averagePrice?: { average: string; coefficient: number; base: string; retainedBidIds: string[] }
}

export async function lockAnnouncement(tx: Tx, id: string): Promise<Announcement | null> {
  const rows = await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM Announcement WHERE id = ${id} FOR UPDATE`
  if (rows.length === 0) return null
  return tx.announcement.findUniqueOrThrow({ where: { id } })
}

/** Locks a published (not draft) announcement for a participant's action; 404 otherwise. */
export async function lockPublishedAnnouncement(tx: Tx, id: string): Promise<Announcement> {
  const a = await lockAnnouncement(tx, id)
  if (!a || a.status === 'DRAFT') throw notFound('未找到该公告')
  return a
}

/** One due step of a locked announcement; false when nothing was due. */
async function step(tx: Tx, a: Announcement, at: Date): Promise<boolean> {
  if (!a.nextCheckAt || a.nextCheckAt.getTime() > at.getTime()) return false
  switch (a.status) {
    case 'PUBLISHED':
      if (a.deadline.getTime() > at.getTime()) {
        await tx.announcement.update({ where: { id: a.id }, data: { nextCheckAt: a.deadline } })
        return false
      }
      if (a.method === 'DIRECT') await failDirect(tx, a, at)
      else await openBids(tx, a, at)
      return true
    case 'EVALUATING':
      await evaluateStep(tx, a, at)
      return true
    case 'PUBLICITY':
      await publicityEnds(tx, a, at)
      return true
    default:
      await tx.announcement.update({ where: { id: a.id }, data: { nextCheckAt: null } })
      return false
  }
}

async function failDirect(tx: Tx, a: Announcement, at: Date) {
  const reason = '被直接选取的中介机构未在截止时间前确认承接'
  await markFailed(tx, a, at, reason, 'direct-expired', { directResponse: 'EXPIRED' })
  await notifyOwner(tx, a, {
    kind: 'direct-expired',
    title: `直接选取未获确认：${a.title}`,
    body: reason,
    dedupeKey: `direct-expired:${a.id}`,
  })
}

/**
 * Test-only fault seam. With ZJCS_FAULT_PAUSE_IN=open (env.server.ts refuses it in production) the
 * opening stops here, inside its transaction after the bid rows were written, and says so on stderr,
 * so that tests/integration/announcement-crash.test.ts can kill the process mid-transition.
 */
async function faultPause(point: 'open') {
  if (env().ZJCS_FAULT_PAUSE_IN !== point) return
  process.stderr.write(`[fault] paused in ${point}\n`)
  await new Promise((resolve) => setTimeout(resolve, 60_000))
}

/** Deadline reached: decrypt every active bid's last version and decide its validity. */
async function openBids(tx: Tx, a: Announcement, at: Date) {
  const bids = await tx.bid.findMany({
    where: { announcementId: a.id, status: 'ACTIVE' },
    include: { versions: { orderBy: { version: 'desc' }, take: 1 } },
  })
  const eligibility = await checkEligibilityOfMany(
    tx,
    bids.map((b) => b.intermediaryId),
    a,
    at,
  )
  const ceiling = fenOf(a.priceCeiling)
  const fixed = fenOf(a.fixedPrice)
  const opened: Array<{
    bidId: string
    intermediaryId: string
    price: string | null
    valid: boolean
    reason: string | null
  }> = []
  for (const bid of bids) {
    const last = bid.versions[0]!
    let price: number | null = a.method === 'LOTTERY' ? fixed : null
    let reason: string | null = null
    if (a.method !== 'LOTTERY') {
      try {
        price = last.priceCiphertext ? openPrice(last.priceCiphertext, bid.id, last.version) : null
      } catch {
        reason = '报价密文无法解密（已被篡改）'
      }
    }
    const e = eligibility.get(bid.intermediaryId)!
    if (reason === null) {
      if (bid.needsReconfirmation) reason = '公告变更后未在截止前重新确认'
      else if (!e.eligible) reason = e.reason
      else if (price === null) reason = '未报价'
      else if (ceiling !== null && price > ceiling) reason = '报价高于最高限价'
    }
    await tx.bid.update({
      where: { id: bid.id },
      data: { openedPrice: price === null ? null : formatYuan(price), valid: reason === null, invalidReason: reason },
    })
    opened.push({
      bidId: bid.id,
      intermediaryId: bid.intermediaryId,
      price: price === null ? null : formatYuan(price),
      valid: reason === null,
      reason,
    })
  }
  await faultPause('open')
  // A SCORE announcement with a technical weight waits for its evaluators until this instant.
  const evaluationEndsAt =
    a.method === 'SCORE' && (a.weightTechnical ?? 0) > 0
      ? addDays(at, (await platformRules(tx)).technicalScoringDays)
      : null
  await tx.announcement.update({
    where: { id: a.id },
    data: { status: 'EVALUATING', openedAt: at, nextCheckAt: at, evaluationEndsAt },
  })
  await audit(tx, {
    actor: SYSTEM,
    entityType: 'Announcement',
    entityId: a.id,
    action: 'open',
    before: { status: a.status },
    after: { status: 'EVALUATING', bids: opened },
  })
  await notifyBidders(tx, a, {
    kind: 'deadline-reached',
    title: `报名已截止：${a.title}`,
    body: `「${a.title}」报名已截止，报名已开启，正在评审。`,
    dedupeKey: `deadline:${a.id}`,
  })
  await notifyOwner(tx, a, {
    kind: 'deadline-reached',
    title: `报名已截止：${a.title}`,
    body: `共有 ${bids.length} 家报名，正在评审。`,
    dedupeKey: `deadline:${a.id}`,
  })
  if (evaluationEndsAt) {
    await notifyEvaluators(tx, a, {
      kind: 'technical-scoring',
      title: `请评定技术分：${a.title}`,
      body: `「${a.title}」报名已开启。您是业主指定的评审人员，请在 ${formatShanghaiTime(evaluationEndsAt)}（北京时间）前为每个有效报名评定技术分（0–100）。`,
      dedupeKey: `scoring:${a.id}`,
    })
  }
}

async function evaluateStep(tx: Tx, a: Announcement, at: Date) {
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
  const previous = a.previousId
    ? await tx.announcement.findUnique({ where: { id: a.previousId }, select: { status: true } })
    : null
  const enough = validCount >= a.minimumBids || (previous?.status === 'FAILED' && validCount >= 1)
  if (!enough) {
    const reason = `有效报名 ${validCount} 家，少于 ${a.minimumBids} 家，流标`
    await fail(tx, a, at, reason)
    return
  }
  if (a.method === 'SCORE' && (a.weightTechnical ?? 0) > 0) {
    const pending = await tx.announcementEvaluator.count({ where: { announcementId: a.id, submittedAt: null } })
    // Wait for the missing scores until the end of the scoring period set at opening.
    if (pending > 0 && a.evaluationEndsAt && a.evaluationEndsAt.getTime() > at.getTime()) {
      await tx.announcement.update({ where: { id: a.id }, data: { nextCheckAt: a.evaluationEndsAt } })
      return
    }
  }
  await runEvaluation(tx, a, at, 'evaluate')
}

/** 流标 (or an unanswered direct selection): FAILED with its public reason, audited. */
async function markFailed(
  tx: Tx,
  a: Announcement,
  at: Date,
  reason: string,
  action: 'fail' | 'direct-expired',
  extra: Prisma.AnnouncementUpdateInput = {},
) {
  await tx.announcement.update({
    where: { id: a.id },
    data: { status: 'FAILED', statusReason: reason, closedAt: at, nextCheckAt: null, winnerBidId: null, ...extra },
  })
  await audit(tx, {
    actor: SYSTEM,
    entityType: 'Announcement',
    entityId: a.id,
    action,
    before: { status: a.status },
    after: { status: 'FAILED', reason },
  })
}

async function fail(tx: Tx, a: Announcement, at: Date, reason: string) {
  await markFailed(tx, a, at, reason, 'fail')
  const notice = {
    kind: 'announcement-failed',
    title: `流标：${a.title}`,
    body: `「${a.title}」${reason}。`,
    dedupeKey: `failed:${a.id}:${a.evaluationRound}`,
  }
  await notifyOwner(tx, a, notice)
  await notifyBidders(tx, a, notice)
}

/**
 * Ranks the valid, not excluded bids by the announcement's method and starts the publicity period
 * (or fails the announcement when no bid is left). Used at evaluation and after an exclusion.
 */
export async function runEvaluation(
  tx: Tx,
  a: Announcement,
  at: Date,
  action: 'evaluate' | 'reevaluate',
  actor: { userId: string | null; organizationId: string | null } = SYSTEM,
) {
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
  if (candidates.length === 0) {
    await fail(tx, a, at, '没有符合条件的有效报名')
    return
  }
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
    const order = rankByDraw(input, 'winner', inputs.usccs)
    draw = {
      seed: a.seed!,
      seedCommitment: a.seedCommitment!,
      inputs,
      input,
      algorithm: DRAW_ALGORITHM,
      order,
      pick: order[0]!,
    }
    if (a.method === 'AVERAGE_PRICE') draw.coefficient = drawCoefficient(input)
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
  await tx.announcement.update({
    where: { id: a.id },
    data: {
      status: 'PUBLICITY',
      winnerBidId: winner.bidId,
      result: JSON.stringify(result),
      evaluationRound: round,
      evaluatedAt: at,
      publicityEndsAt,
      awardedAt: null,
      nextCheckAt: publicityEndsAt,
    },
  })
  await audit(tx, {
    actor,
    entityType: 'Announcement',
    entityId: a.id,
    action,
    before: { status: a.status, winnerBidId: a.winnerBidId },
    after: { status: 'PUBLICITY', round, winnerBidId: winner.bidId, drawInput: draw?.input ?? null, publicityEndsAt },
  })
  const notice = {
    kind: 'announcement-result',
    title: `中选结果公示：${a.title}`,
    body: `「${a.title}」的中选结果已公示：${winner.name}${winner.price ? `，价格 ${winner.price} 元` : ''}。公示期至 ${publicityEndsAt.toISOString()}，参与报名的机构可在公示期内提出质疑。`,
    dedupeKey: `result:${a.id}:${round}`,
  }
  await notifyOwner(tx, a, notice)
  await notifyBidders(tx, a, notice)
}

/** End of publicity: award unless an objection is open; re-check the winner's eligibility first. */
async function publicityEnds(tx: Tx, a: Announcement, at: Date) {
  if (!a.publicityEndsAt || a.publicityEndsAt.getTime() > at.getTime()) {
    await tx.announcement.update({ where: { id: a.id }, data: { nextCheckAt: a.publicityEndsAt } })
    return
  }
  const open = await tx.objection.count({
    where: { announcementId: a.id, status: { in: ['OPEN', 'ANSWERED', 'ESCALATED'] } },
  })
  if (open > 0) {
    // The objection's resolution sets nextCheckAt again.
    await tx.announcement.update({ where: { id: a.id }, data: { nextCheckAt: null } })
    return
  }
  const winner = await tx.bid.findUniqueOrThrow({
    where: { id: a.winnerBidId! },
    include: { intermediary: { select: { name: true } } },
  })
  const eligibility = await checkEligibility(tx, winner.intermediaryId, a, at)
  if (!eligibility.eligible) {
    await excludeAndReevaluate(tx, a, winner.id, `确定成交时不符合条件：${eligibility.reason}`, at, SYSTEM)
    return
  }
  await tx.announcement.update({
    where: { id: a.id },
    data: { status: 'AWARDED', awardedAt: at, closedAt: at, nextCheckAt: null },
  })
  await audit(tx, {
    actor: SYSTEM,
    entityType: 'Announcement',
    entityId: a.id,
    action: 'award',
    before: { status: a.status },
    after: { status: 'AWARDED', winnerBidId: winner.id },
  })
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
}

/** Takes a bid out (objection upheld, winner declined, winner no longer eligible) and ranks again. */
export async function excludeAndReevaluate(
  tx: Tx,
  a: Announcement,
  bidId: string,
  reason: string,
  at: Date,
  actor: { userId: string | null; organizationId: string | null },
) {
  await tx.bid.update({ where: { id: bidId }, data: { excludedAt: at, excludedReason: reason } })
  await audit(tx, { actor, entityType: 'Bid', entityId: bidId, action: 'exclude', after: { reason } })
  await runEvaluation(tx, a, at, 'reevaluate', actor)
}

/** Runs every step that is due for one announcement (explicit triggers; concurrent calls queue). */
export async function advanceAnnouncement(id: string): Promise<number> {
  let steps = 0
  for (let i = 0; i < 10; i++) {
    const advanced = await prisma.$transaction(async (tx) => {
      const a = await lockAnnouncement(tx, id)
      return a ? step(tx, a, now()) : false
    })
    if (!advanced) break
    steps += 1
  }
  return steps
}

/** The ticker's pass over announcements: every due step, one per transaction. */
export function processDueAnnouncements(options: DrainOptions = {}): Promise<number> {
  return drainDue(
    'Announcement',
    async (tx, id, at) => {
      await step(tx, await tx.announcement.findUniqueOrThrow({ where: { id } }), at)
    },
    options,
  )
}
