// What firms and evaluators answer during selection: the named firm's answer to a direct selection,
// a winner declining the award (a performance event the credit issue turns into a credit record;
// the next ranked takes it), and the technical scores of a SCORE announcement's evaluators (with
// what they read: the owner's members to name, an evaluator's scoring sheet, who has scored).
import { prisma } from '#app/db.server.ts'
import { audit } from '#app/domain/audit/audit.server.ts'
import { MANAGE_ANNOUNCEMENT } from '#app/domain/announcements/announcements.server.ts'
import { notifyOwner } from '#app/domain/announcements/notices.server.ts'
import { OPENED_STATES } from '#app/domain/announcements/state-machine.ts'
import { checkEligibility } from '#app/domain/bidding/eligibility.server.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import { conflict, forbidden, invalid, notFound, ruleViolation } from '#app/domain/errors.ts'
import { excludeAndReevaluate, lockPublishedAnnouncement, runEvaluation } from '#app/domain/award/transitions.server.ts'
import { requirePermission, type Actor } from '#app/domain/permissions/permissions.server.ts'
import type { AnnouncementStatus, SelectionMethod } from '#app/generated/prisma/enums.ts'
import { ANNOUNCEMENT_STATUS_LABELS } from '#app/utils/announcement-labels.ts'
import { yuanOfDecimal } from '#app/utils/money.ts'

export async function respondToDirectSelection(
  actor: Actor,
  id: string,
  accept: boolean,
  reason?: string,
): Promise<{ id: string; status: string }> {
  return prisma.$transaction(async (tx) => {
    const a = await lockPublishedAnnouncement(tx, id)
    if (a.method !== 'DIRECT') throw conflict('该公告不是直接选取')
    if (a.directIntermediaryId !== actor.organizationId) throw forbidden('只有被直接选取的中介机构可以答复')
    const at = now()
    if (a.status !== 'PUBLISHED' || a.directResponse) throw conflict('该直接选取已答复或已结束')
    if (at.getTime() >= a.deadline.getTime()) throw conflict('答复期限已过')
    const actorRef = { userId: actor.userId, organizationId: actor.organizationId }
    if (!accept) {
      const why = `被直接选取的中介机构拒绝承接${reason ? `：${reason}` : ''}`
      await tx.announcement.update({
        where: { id },
        data: {
          status: 'FAILED',
          statusReason: why,
          directResponse: 'DECLINED',
          directRespondedAt: at,
          closedAt: at,
          nextCheckAt: null,
        },
      })
      await audit(tx, {
        actor: actorRef,
        entityType: 'Announcement',
        entityId: id,
        action: 'direct-decline',
        before: { status: a.status },
        after: { status: 'FAILED', reason: why },
      })
      await notifyOwner(tx, a, {
        kind: 'direct-declined',
        title: `直接选取被拒绝：${a.title}`,
        body: why,
        dedupeKey: `direct-declined:${id}`,
      })
      return { id, status: 'FAILED' }
    }
    const eligibility = await checkEligibility(tx, actor.organizationId, a, at)
    if (!eligibility.eligible) throw ruleViolation(`不符合承接条件：${eligibility.reason}`)
    const bid = await tx.bid.create({
      data: {
        announcementId: id,
        intermediaryId: actor.organizationId,
        nonce: 'direct',
        openedPrice: a.fixedPrice,
        valid: true,
        versions: { create: { version: 1, action: 'ACCEPT', priceCiphertext: null, createdByUserId: actor.userId } },
      },
    })
    const opened = await tx.announcement.update({
      where: { id },
      data: { status: 'EVALUATING', directResponse: 'ACCEPTED', directRespondedAt: at, openedAt: at },
    })
    await audit(tx, {
      actor: actorRef,
      entityType: 'Announcement',
      entityId: id,
      action: 'direct-accept',
      before: { status: a.status },
      after: { status: 'EVALUATING', bidId: bid.id },
    })
    await runEvaluation(tx, opened, at, 'evaluate', actorRef)
    return { id, status: 'PUBLICITY' }
  })
}

/** The winner declines during publicity or after the award: recorded, and the next ranked takes it. */
export async function declineAward(actor: Actor, id: string, reason: string): Promise<{ id: string; status: string }> {
  return prisma.$transaction(async (tx) => {
    const a = await lockPublishedAnnouncement(tx, id)
    if (a.status !== 'PUBLICITY' && a.status !== 'AWARDED')
      throw conflict(`公告当前为「${ANNOUNCEMENT_STATUS_LABELS[a.status]}」状态，不能放弃中选`)
    const winner = a.winnerBidId ? await tx.bid.findUnique({ where: { id: a.winnerBidId } }) : null
    if (!winner || winner.intermediaryId !== actor.organizationId) throw forbidden('只有中选机构可以放弃中选')
    const at = now()
    await tx.performanceEvent.create({
      data: {
        organizationId: actor.organizationId,
        kind: 'AWARD_DECLINED',
        announcementId: id,
        detail: `放弃中选：${reason}`,
        occurredAt: at,
      },
    })
    await excludeAndReevaluate(tx, a, winner.id, `中选机构放弃中选：${reason}`, at, {
      userId: actor.userId,
      organizationId: actor.organizationId,
    })
    const after = await tx.announcement.findUniqueOrThrow({ where: { id }, select: { status: true } })
    return { id, status: after.status }
  })
}

const NOT_AN_EVALUATOR = '只有业主指定的评审人员可以评分'

export async function submitTechnicalScores(
  actor: Actor,
  id: string,
  scores: Array<{ bidId: string; score: number }>,
): Promise<{ submitted: number; pending: number }> {
  const outcome = await prisma.$transaction(async (tx) => {
    const a = await lockPublishedAnnouncement(tx, id)
    const evaluator = await tx.announcementEvaluator.findUnique({
      where: { announcementId_userId: { announcementId: id, userId: actor.userId } },
    })
    if (!evaluator || actor.organizationId !== a.ownerOrganizationId) throw forbidden(NOT_AN_EVALUATOR)
    if (a.status !== 'EVALUATING') throw conflict('只能在开启报名后、结果产生前评分')
    if (evaluator.submittedAt) throw conflict('您已提交过评分')
    const valid = await tx.bid.findMany({
      where: { announcementId: id, status: 'ACTIVE', valid: true },
      select: { id: true },
    })
    const given = new Set(scores.map((s) => s.bidId))
    if (given.size !== scores.length || valid.length !== given.size || valid.some((b) => !given.has(b.id))) {
      throw invalid('须为每个有效报名各评一次分', { scores: ['须为每个有效报名各评一次分'] })
    }
    await tx.technicalScore.createMany({
      data: scores.map((s) => ({ bidId: s.bidId, evaluatorUserId: actor.userId, score: s.score.toFixed(2) })),
    })
    const at = now()
    await tx.announcementEvaluator.update({
      where: { announcementId_userId: { announcementId: id, userId: actor.userId } },
      data: { submittedAt: at },
    })
    await audit(tx, { actor, entityType: 'Announcement', entityId: id, action: 'technical-scores', after: { scores } })
    const pending = await tx.announcementEvaluator.count({ where: { announcementId: id, submittedAt: null } })
    // The last evaluator's scores make the evaluation due now.
    if (pending === 0) await tx.announcement.update({ where: { id }, data: { nextCheckAt: at } })
    return { submitted: scores.length, pending }
  })
  return outcome
}

/** The users of the owner's organization that it may name as evaluators (its own members only). */
export async function listEvaluatorCandidates(
  actor: Actor,
): Promise<Array<{ id: string; name: string; email: string }>> {
  if (actor.organizationType !== 'OWNER') throw forbidden('仅项目业主可以指定评审人员')
  requirePermission(actor, MANAGE_ANNOUNCEMENT, { organizationId: actor.organizationId })
  const members = await prisma.membership.findMany({
    where: { organizationId: actor.organizationId },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { user: { select: { id: true, name: true, email: true } } },
  })
  return members.map((m) => m.user)
}

export type EvaluatorStatus = { userId: string; name: string; email: string; submittedAt: string | null }

/** The named evaluators of an announcement and when each submitted, for its owner. */
export async function listEvaluators(actor: Actor, id: string): Promise<EvaluatorStatus[]> {
  const a = await prisma.announcement.findUnique({ where: { id }, select: { ownerOrganizationId: true, status: true } })
  if (!a || (a.status === 'DRAFT' && a.ownerOrganizationId !== actor.organizationId)) throw notFound('未找到该公告')
  requirePermission(actor, MANAGE_ANNOUNCEMENT, { organizationId: a.ownerOrganizationId })
  const evaluators = await prisma.announcementEvaluator.findMany({
    where: { announcementId: id },
    orderBy: { userId: 'asc' },
    select: { userId: true, submittedAt: true, user: { select: { name: true, email: true } } },
  })
  return evaluators.map((e) => ({
    userId: e.userId,
    name: e.user.name,
    email: e.user.email,
    submittedAt: e.submittedAt?.toISOString() ?? null,
  }))
}

export type ScoringSheet = {
  announcement: {
    id: string
    title: string
    status: AnnouncementStatus
    method: SelectionMethod
    deadline: string
    openedAt: string | null
    /** until when the evaluators may score (known once the bids are opened) */
    scoringEndsAt: string | null
  }
  /** while EVALUATING and this evaluator has not submitted */
  mayScore: boolean
  submittedAt: string | null
  /** the opened valid bids to score (empty unless mayScore), the same set submitTechnicalScores requires */
  bids: Array<{ bidId: string; intermediaryName: string; price: string | null }>
  /** this evaluator's submitted scores */
  scores: Array<{ bidId: string; intermediaryName: string; price: string | null; score: string }>
}

/**
 * What one named evaluator sees: before the opening nothing about the bids (they are sealed), then
 * the valid bids to score, and after submission the evaluator's own scores (never another's).
 * Unknown, or a draft of another organization → 404; anyone but a named evaluator acting for the
 * owner → 403.
 */
export async function getScoringSheet(actor: Actor, id: string): Promise<ScoringSheet> {
  const a = await prisma.announcement.findUnique({
    where: { id },
    select: {
      id: true,
      title: true,
      status: true,
      method: true,
      deadline: true,
      openedAt: true,
      evaluationEndsAt: true,
      ownerOrganizationId: true,
    },
  })
  if (!a || (a.status === 'DRAFT' && a.ownerOrganizationId !== actor.organizationId)) throw notFound('未找到该公告')
  const evaluator = await prisma.announcementEvaluator.findUnique({
    where: { announcementId_userId: { announcementId: id, userId: actor.userId } },
    select: { submittedAt: true },
  })
  if (!evaluator || actor.organizationId !== a.ownerOrganizationId) throw forbidden(NOT_AN_EVALUATOR)
  const opened = a.openedAt !== null && OPENED_STATES.includes(a.status)
  const mayScore = a.status === 'EVALUATING' && !evaluator.submittedAt
  const [bids, scores] = await Promise.all([
    mayScore
      ? prisma.bid.findMany({
          where: { announcementId: id, status: 'ACTIVE', valid: true },
          orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
          select: { id: true, openedPrice: true, intermediary: { select: { name: true } } },
        })
      : Promise.resolve([]),
    prisma.technicalScore.findMany({
      where: { evaluatorUserId: actor.userId, bid: { announcementId: id } },
      orderBy: [{ bid: { createdAt: 'asc' } }, { bidId: 'asc' }],
      select: {
        bidId: true,
        score: true,
        bid: { select: { openedPrice: true, intermediary: { select: { name: true } } } },
      },
    }),
  ])
  const scoringEndsAt = opened ? (a.evaluationEndsAt?.toISOString() ?? null) : null
  return {
    announcement: {
      id: a.id,
      title: a.title,
      status: a.status,
      method: a.method,
      deadline: a.deadline.toISOString(),
      openedAt: a.openedAt?.toISOString() ?? null,
      scoringEndsAt,
    },
    mayScore,
    submittedAt: evaluator.submittedAt?.toISOString() ?? null,
    bids: bids.map((b) => ({
      bidId: b.id,
      intermediaryName: b.intermediary.name,
      price: yuanOfDecimal(b.openedPrice),
    })),
    scores: scores.map((s) => ({
      bidId: s.bidId,
      intermediaryName: s.bid.intermediary.name,
      price: yuanOfDecimal(s.bid.openedPrice),
      score: s.score.toFixed(2),
    })),
  }
}
