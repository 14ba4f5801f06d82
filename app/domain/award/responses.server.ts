// What firms and evaluators answer during selection: the named firm's answer to a direct selection,
// a winner declining the award (a performance event the credit issue turns into a credit record;
// the next ranked takes it), and the technical scores of a SCORE announcement's evaluators (with
// what they read: the owner's members to name, an evaluator's scoring sheet, who has scored).
// The answers are events of the announcement's machine; their work is in answers.server.ts.
import { prisma } from '#app/db.server.ts'
import { announcementMachine, MANAGE_ANNOUNCEMENT } from '#app/domain/announcements/machine.server.ts'
import { OPENED_STATES } from '#app/domain/announcements/states.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import { transition } from '#app/domain/engine/engine.server.ts'
import { allowedEvents } from '#app/domain/engine/machine.ts'
import { forbidden, notFound } from '#app/domain/errors.ts'
import { requirePermission, type Actor } from '#app/domain/permissions/permissions.server.ts'
import type { AnnouncementStatus, SelectionMethod } from '#app/generated/prisma/enums.ts'
import { yuanOfDecimal } from '#app/utils/money.ts'

export async function respondToDirectSelection(
  actor: Actor,
  id: string,
  accept: boolean,
  reason?: string,
): Promise<{ id: string; status: string }> {
  const applied = await transition(announcementMachine, id, 'directResponse', actor, { accept, reason })
  return { id, status: applied.to }
}

export async function declineAward(actor: Actor, id: string, reason: string): Promise<{ id: string; status: string }> {
  const applied = await transition(announcementMachine, id, 'decline', actor, { reason })
  return { id, status: applied.to }
}

const NOT_AN_EVALUATOR = '只有业主指定的评审人员可以评分'

export async function submitTechnicalScores(
  actor: Actor,
  id: string,
  scores: Array<{ bidId: string; score: number }>,
): Promise<{ submitted: number; pending: number }> {
  return (await transition(announcementMachine, id, 'technicalScores', actor, { scores })).result
}

/** The users of the owner's organization that it may name as evaluators (its own members only). */
export async function listEvaluatorCandidates(
  actor: Actor,
): Promise<Array<{ id: string; name: string; email: string }>> {
  requirePermission(actor, MANAGE_ANNOUNCEMENT, { organizationId: actor.organizationId }, '仅项目业主可以指定评审人员')
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
  // What the announcement's machine would accept from this evaluator now.
  const row = await announcementMachine.load(prisma, id, { lock: 'none', actor })
  const mayScore = row !== null && allowedEvents(announcementMachine, row, actor, now()).includes('technicalScores')
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
