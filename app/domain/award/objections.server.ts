// Objections (质疑) during the publicity period. A bidder files one; the owner answers within the
// answer period (upheld → the winner is taken out and the bids are ranked again); a bidder not
// satisfied escalates to the competent department of the service item, which decides. An owner who
// does not answer in time is escalated automatically; an answer not escalated in time closes the
// objection as not upheld. While any objection is open the award cannot become final.
import { prisma, type Tx } from '#app/db.server.ts'
import { audit } from '#app/domain/audit/audit.server.ts'
import { addDays, platformRules } from '#app/domain/announcements/rules.server.ts'
import { notifyOwner } from '#app/domain/announcements/notices.server.ts'
import {
  excludeAndReevaluate,
  lockAnnouncement,
  lockPublishedAnnouncement,
  SYSTEM,
} from '#app/domain/award/transitions.server.ts'
import { drainDue, type DrainOptions } from '#app/domain/deadlines/due-rows.server.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import { conflict, forbidden, notFound } from '#app/domain/errors.ts'
import { notify } from '#app/domain/notifications/notifications.server.ts'
import { can, type Actor } from '#app/domain/permissions/permissions.server.ts'
import type { Objection } from '#app/generated/prisma/client.ts'
import type { ObjectionStatus } from '#app/generated/prisma/enums.ts'

export const DECIDE_OBJECTION = 'decide:objection'
const OPEN_STATES: ObjectionStatus[] = ['OPEN', 'ANSWERED', 'ESCALATED']

export async function fileObjection(
  actor: Actor,
  announcementId: string,
  reason: string,
): Promise<{ id: string; status: ObjectionStatus }> {
  return prisma.$transaction(async (tx) => {
    const a = await lockPublishedAnnouncement(tx, announcementId)
    const bid = await tx.bid.findUnique({
      where: { announcementId_intermediaryId: { announcementId, intermediaryId: actor.organizationId } },
    })
    if (actor.organizationType !== 'INTERMEDIARY' || !bid || bid.status !== 'ACTIVE')
      throw forbidden('只有参与报名的中介机构可以提出质疑')
    const at = now()
    if (a.status !== 'PUBLICITY' || !a.publicityEndsAt || at.getTime() >= a.publicityEndsAt.getTime())
      throw conflict('只能在结果公示期内提出质疑')
    const pending = await tx.objection.count({
      where: { announcementId, intermediaryId: actor.organizationId, status: { in: OPEN_STATES } },
    })
    if (pending > 0) throw conflict('贵机构已有尚未办结的质疑')
    const rules = await platformRules(tx)
    const objection = await tx.objection.create({
      data: {
        announcementId,
        bidId: bid.id,
        intermediaryId: actor.organizationId,
        evaluationRound: a.evaluationRound,
        reason,
        nextCheckAt: addDays(at, rules.objectionAnswerDays),
      },
    })
    await audit(tx, {
      actor,
      entityType: 'Objection',
      entityId: objection.id,
      action: 'file',
      after: { announcementId, reason },
    })
    await notifyOwner(tx, a, {
      kind: 'objection-filed',
      title: `收到质疑：${a.title}`,
      body: `有参与机构对「${a.title}」的中选结果提出质疑，请在 ${rules.objectionAnswerDays} 日内答复。质疑未办结前不能确定成交。`,
      dedupeKey: `objection-filed:${objection.id}`,
    })
    return { id: objection.id, status: objection.status }
  })
}

async function lockObjection(tx: Tx, announcementId: string, objectionId: string): Promise<Objection> {
  const [row] = await tx.$queryRaw<
    Array<{ id: string }>
  >`SELECT id FROM Objection WHERE id = ${objectionId} AND announcementId = ${announcementId} FOR UPDATE`
  if (!row) throw notFound('未找到该质疑')
  return tx.objection.findUniqueOrThrow({ where: { id: objectionId } })
}

/** Closes an objection; upheld takes the current winner out and ranks again. */
async function close(
  tx: Tx,
  objection: Objection,
  upheld: boolean,
  at: Date,
  actor: { userId: string | null; organizationId: string | null },
) {
  const status: ObjectionStatus = upheld ? 'UPHELD' : 'REJECTED'
  await tx.objection.update({ where: { id: objection.id }, data: { status, nextCheckAt: null } })
  await notify(tx, {
    organizationId: objection.intermediaryId,
    kind: 'objection-closed',
    title: upheld ? '您的质疑成立' : '您的质疑不成立',
    body: upheld ? '质疑成立，中选结果已重新确定并重新公示。' : '质疑不成立，原中选结果维持。',
    link: `/announcements/${objection.announcementId}`,
    dedupeKey: `objection-closed:${objection.id}`,
  })
  const a = await lockAnnouncement(tx, objection.announcementId)
  if (!a || a.status !== 'PUBLICITY') return
  if (upheld && a.winnerBidId && objection.evaluationRound === a.evaluationRound) {
    await excludeAndReevaluate(tx, a, a.winnerBidId, '质疑成立，取消中选资格', at, actor)
    return
  }
  // Nothing open any more: the award proceeds at (or after) the end of publicity.
  const open = await tx.objection.count({ where: { announcementId: a.id, status: { in: OPEN_STATES } } })
  if (open === 0 && a.publicityEndsAt)
    await tx.announcement.update({ where: { id: a.id }, data: { nextCheckAt: a.publicityEndsAt } })
}

export async function answerObjection(
  actor: Actor,
  announcementId: string,
  objectionId: string,
  input: { answer: string; upheld: boolean },
) {
  return prisma.$transaction(async (tx) => {
    const a = await lockPublishedAnnouncement(tx, announcementId)
    if (
      a.ownerOrganizationId !== actor.organizationId ||
      !can(actor, 'manage:announcement', { organizationId: a.ownerOrganizationId })
    ) {
      throw forbidden('只有该公告的项目业主可以答复质疑')
    }
    const objection = await lockObjection(tx, announcementId, objectionId)
    if (objection.status !== 'OPEN') throw conflict('该质疑已答复')
    const at = now()
    const rules = await platformRules(tx)
    await tx.objection.update({
      where: { id: objectionId },
      data: {
        status: 'ANSWERED',
        answer: input.answer,
        answeredAt: at,
        answeredByUserId: actor.userId,
        nextCheckAt: input.upheld ? null : addDays(at, rules.objectionEscalationDays),
      },
    })
    await audit(tx, {
      actor,
      entityType: 'Objection',
      entityId: objectionId,
      action: 'answer',
      before: { status: objection.status },
      after: input,
    })
    if (input.upheld) await close(tx, objection, true, at, actor)
    else {
      await notify(tx, {
        organizationId: objection.intermediaryId,
        kind: 'objection-answered',
        title: '业主已答复您的质疑',
        body: `答复：${input.answer}。如不满意，可在 ${rules.objectionEscalationDays} 日内提请行业主管部门处理。`,
        link: `/announcements/${announcementId}`,
        dedupeKey: `objection-answered:${objectionId}`,
      })
    }
    return tx.objection.findUniqueOrThrow({ where: { id: objectionId }, select: { id: true, status: true } })
  })
}

export async function escalateObjection(actor: Actor, announcementId: string, objectionId: string) {
  return prisma.$transaction(async (tx) => {
    await lockPublishedAnnouncement(tx, announcementId)
    const objection = await lockObjection(tx, announcementId, objectionId)
    if (objection.intermediaryId !== actor.organizationId) throw forbidden('只有提出质疑的机构可以提请主管部门处理')
    if (objection.status !== 'ANSWERED') throw conflict('只有业主已答复、尚未办结的质疑可以提请主管部门处理')
    const at = now()
    await tx.objection.update({
      where: { id: objectionId },
      data: { status: 'ESCALATED', escalatedAt: at, nextCheckAt: null },
    })
    await audit(tx, {
      actor,
      entityType: 'Objection',
      entityId: objectionId,
      action: 'escalate',
      before: { status: objection.status },
      after: { status: 'ESCALATED' },
    })
    return { id: objectionId, status: 'ESCALATED' as const }
  })
}

export async function decideObjection(
  actor: Actor,
  announcementId: string,
  objectionId: string,
  input: { decision: string; upheld: boolean },
) {
  return prisma.$transaction(async (tx) => {
    const a = await lockPublishedAnnouncement(tx, announcementId)
    if (!can(actor, DECIDE_OBJECTION, { serviceItemCodes: [a.serviceItemCode], regionCode: a.regionCode })) {
      throw forbidden('只有该服务事项的行业主管部门可以裁决质疑')
    }
    const objection = await lockObjection(tx, announcementId, objectionId)
    if (objection.status !== 'ESCALATED') throw conflict('只有已提请主管部门处理的质疑可以裁决')
    const at = now()
    await tx.objection.update({
      where: { id: objectionId },
      data: {
        decision: input.decision,
        decidedAt: at,
        decidedByUserId: actor.userId,
        decidedByOrganizationId: actor.organizationId,
      },
    })
    await audit(tx, {
      actor,
      entityType: 'Objection',
      entityId: objectionId,
      action: 'decide',
      before: { status: objection.status },
      after: input,
    })
    await close(tx, objection, input.upheld, at, actor)
    await notifyOwner(tx, a, {
      kind: 'objection-decided',
      title: `主管部门已裁决质疑：${a.title}`,
      body: `裁决：${input.upheld ? '质疑成立' : '质疑不成立'}。${input.decision}`,
      dedupeKey: `objection-decided:${objectionId}`,
    })
    return tx.objection.findUniqueOrThrow({ where: { id: objectionId }, select: { id: true, status: true } })
  })
}

/** The objection ticker: unanswered in time → escalated; answered and not escalated in time → closed. */
export function processDueObjections(options: DrainOptions = {}): Promise<number> {
  return drainDue(
    'Objection',
    async (tx, id, at) => {
      const objection = await tx.objection.findUniqueOrThrow({ where: { id } })
      if (objection.status === 'OPEN') {
        await tx.objection.update({ where: { id }, data: { status: 'ESCALATED', escalatedAt: at, nextCheckAt: null } })
        await audit(tx, {
          actor: SYSTEM,
          entityType: 'Objection',
          entityId: id,
          action: 'escalate-unanswered',
          before: { status: 'OPEN' },
          after: { status: 'ESCALATED' },
        })
      } else if (objection.status === 'ANSWERED') {
        await audit(tx, {
          actor: SYSTEM,
          entityType: 'Objection',
          entityId: id,
          action: 'close-unescalated',
          before: { status: 'ANSWERED' },
          after: { status: 'REJECTED' },
        })
        await close(tx, objection, false, at, SYSTEM)
      } else {
        await tx.objection.update({ where: { id }, data: { nextCheckAt: null } })
      }
    },
    options,
  )
}

export type ObjectionView = {
  id: string
  status: ObjectionStatus
  reason: string
  answer: string | null
  decision: string | null
  createdAt: string
  answeredAt: string | null
  escalatedAt: string | null
  decidedAt: string | null
  mine: boolean
}

/** The objections of an announcement (public after evaluation; who filed one is not shown). */
export async function listObjections(actor: Actor | null, announcementId: string): Promise<ObjectionView[]> {
  const rows = await prisma.objection.findMany({ where: { announcementId }, orderBy: { createdAt: 'asc' } })
  return rows.map((o) => ({
    id: o.id,
    status: o.status,
    reason: o.reason,
    answer: o.answer,
    decision: o.decision,
    createdAt: o.createdAt.toISOString(),
    answeredAt: o.answeredAt?.toISOString() ?? null,
    escalatedAt: o.escalatedAt?.toISOString() ?? null,
    decidedAt: o.decidedAt?.toISOString() ?? null,
    mine: actor?.organizationId === o.intermediaryId,
  }))
}
