// The answers of firms and evaluators during selection, as work of the announcement's events
// (announcements/machine.server.ts): the named firm's answer to a direct selection, the winner
// declining the award (a performance event the credit issue turns into a credit record; the next
// ranked takes it) and an evaluator's technical scores.
import type { AnnouncementWork } from '#app/domain/announcements/machine.server.ts'
import { notifyOwner } from '#app/domain/announcements/notices.server.ts'
import { checkEligibility } from '#app/domain/bidding/eligibility.server.ts'
import { invalid, ruleViolation } from '#app/domain/errors.ts'
import { excludeAndRank, rank } from '#app/domain/award/ranking.server.ts'

/** The named firm accepts (a bid at the fixed price, ranked at once) or declines (流标). */
export const directResponseWork: AnnouncementWork<{ accept: boolean; reason?: string }> = async ({
  tx,
  row: a,
  at,
  actor,
  input,
}) => {
  if (!input.accept) {
    const why = `被直接选取的中介机构拒绝承接${input.reason ? `：${input.reason}` : ''}`
    await notifyOwner(tx, a, {
      kind: 'direct-declined',
      title: `直接选取被拒绝：${a.title}`,
      body: why,
      dedupeKey: `direct-declined:${a.id}`,
    })
    return {
      to: 'FAILED',
      set: { statusReason: why, directResponse: 'DECLINED', directRespondedAt: at, closedAt: at },
      audit: { accept: false, reason: why },
    }
  }
  const eligibility = await checkEligibility(tx, actor.organizationId!, a, at)
  if (!eligibility.eligible) throw ruleViolation(`不符合承接条件：${eligibility.reason}`)
  const bid = await tx.bid.create({
    data: {
      announcementId: a.id,
      intermediaryId: actor.organizationId!,
      nonce: 'direct',
      openedPrice: a.fixedPrice,
      valid: true,
      versions: { create: { version: 1, action: 'ACCEPT', priceCiphertext: null, createdByUserId: actor.userId! } },
    },
  })
  const ranked = await rank(tx, { ...a, directResponse: 'ACCEPTED' }, at)
  return {
    ...ranked,
    set: { ...ranked.set, directResponse: 'ACCEPTED', directRespondedAt: at, openedAt: at },
    audit: { accept: true, bidId: bid.id, ...ranked.audit },
  }
}

/** The winner declines during publicity or after the award: recorded, and the next ranked takes it. */
export const declineAwardWork: AnnouncementWork<{ reason: string }> = async ({ tx, row: a, at, actor, input }) => {
  await tx.performanceEvent.create({
    data: {
      organizationId: actor.organizationId!,
      kind: 'AWARD_DECLINED',
      announcementId: a.id,
      detail: `放弃中选：${input.reason}`,
      occurredAt: at,
    },
  })
  return excludeAndRank(tx, a, a.winnerBidId!, `中选机构放弃中选：${input.reason}`, at, actor)
}

/** One evaluator's technical scores, once, for every valid bid. */
export const technicalScoresWork: AnnouncementWork<
  { scores: Array<{ bidId: string; score: number }> },
  { submitted: number; pending: number }
> = async ({ tx, row: a, at, actor, input: { scores } }) => {
  const valid = await tx.bid.findMany({
    where: { announcementId: a.id, status: 'ACTIVE', valid: true },
    select: { id: true },
  })
  const given = new Set(scores.map((s) => s.bidId))
  if (given.size !== scores.length || valid.length !== given.size || valid.some((b) => !given.has(b.id))) {
    throw invalid('须为每个有效报名各评一次分', { scores: ['须为每个有效报名各评一次分'] })
  }
  await tx.technicalScore.createMany({
    data: scores.map((s) => ({ bidId: s.bidId, evaluatorUserId: actor.userId!, score: s.score.toFixed(2) })),
  })
  await tx.announcementEvaluator.update({
    where: { announcementId_userId: { announcementId: a.id, userId: actor.userId! } },
    data: { submittedAt: at },
  })
  const pending = a.evaluators.filter((e) => !e.submittedAt && e.userId !== actor.userId).length
  return { audit: { evaluatorUserId: actor.userId, scores }, result: { submitted: scores.length, pending } }
}
