// The objection's state machine (质疑, DESIGN §4). During publicity a bidder files one; the owner
// answers within the answer period; a bidder not satisfied escalates to the competent department of
// the service item, which decides. While any objection is open the award is not due; an upheld one
// takes the current winner out and the bids are ranked again (the announcement's `exclude`).
//
//   (none)    --object (a bidder, during publicity, one open at a time)-->  OPEN
//   OPEN      --answer (the owner)-->                    ANSWERED | UPHELD
//   OPEN      --escalateUnanswered (system, answer period over)-->   ESCALATED
//   ANSWERED  --escalate (the filing firm)-->            ESCALATED
//   ANSWERED  --closeUnescalated (system, escalation period over)--> REJECTED
//   ESCALATED --decide (the department of the service item)-->      UPHELD | REJECTED
import type { Tx } from '#app/db.server.ts'
import { platformRules } from '#app/domain/announcements/rules.server.ts'
import { addDays } from '#app/domain/clock/china-time.ts'
import {
  announcementMachine,
  lockRow,
  MANAGE_ANNOUNCEMENT,
  OPEN_OBJECTION_STATES,
} from '#app/domain/announcements/machine.server.ts'
import { notifyOwner } from '#app/domain/announcements/notices.server.ts'
import { applyEvent, reschedule, scheduleMachine } from '#app/domain/engine/engine.server.ts'
import { defineMachine, isSystem, type EventActor, type LoadOptions } from '#app/domain/engine/machine.ts'
import { notify } from '#app/domain/notifications/notifications.server.ts'
import { can } from '#app/domain/permissions/permissions.server.ts'
import type { Objection, Prisma } from '#app/generated/prisma/client.ts'
import type { AnnouncementStatus, BidStatus, ObjectionStatus } from '#app/generated/prisma/enums.ts'
import { OBJECTION_STATUS_LABELS } from '#app/utils/announcement-labels.ts'

export const DECIDE_OBJECTION = 'decide:objection'

/** An objection by id, an objection of a given announcement, or the one a bidder may file there. */
export type ObjectionKey = string | { announcementId: string; id?: string }

export type ObjectionRow = {
  /** NONE: not filed yet (the row of the `object` event) */
  status: ObjectionStatus | 'NONE'
  objection: Objection | null
  announcement: {
    id: string
    status: AnnouncementStatus
    title: string
    ownerOrganizationId: string
    createdByUserId: string
    serviceItemCode: string
    regionCode: string
    publicityEndsAt: Date | null
    evaluationRound: number
    winnerBidId: string | null
  }
  /** the acting organization's bid and whether it has an objection open here (for `object`) */
  actorBid: { id: string; status: BidStatus } | null
  actorHasOpenObjection: boolean
}

async function load(db: Tx, key: ObjectionKey, { lock, actor }: LoadOptions): Promise<ObjectionRow | null> {
  const wanted: { announcementId?: string; id?: string } = typeof key === 'string' ? { id: key } : key
  let announcementId = wanted.announcementId
  if (wanted.id) {
    const found = await db.objection.findUnique({ where: { id: wanted.id }, select: { announcementId: true } })
    if (!found || (announcementId && found.announcementId !== announcementId)) return null
    announcementId = found.announcementId
  }
  // The announcement first, then the objection: the order every objection event locks them in.
  if (!announcementId || !(await lockRow(db, 'Announcement', announcementId, lock))) return null
  if (wanted.id && !(await lockRow(db, 'Objection', wanted.id, lock))) return null
  const [announcement, objection] = await Promise.all([
    db.announcement.findUnique({
      where: { id: announcementId },
      select: {
        id: true,
        status: true,
        title: true,
        ownerOrganizationId: true,
        createdByUserId: true,
        serviceItemCode: true,
        regionCode: true,
        publicityEndsAt: true,
        evaluationRound: true,
        winnerBidId: true,
      },
    }),
    wanted.id ? db.objection.findUnique({ where: { id: wanted.id } }) : null,
  ])
  if (!announcement || announcement.status === 'DRAFT' || (wanted.id && !objection)) return null
  const organizationId = isSystem(actor) ? null : (actor?.organizationId ?? null)
  const [actorBid, actorObjections] = organizationId
    ? await Promise.all([
        db.bid.findUnique({
          where: { announcementId_intermediaryId: { announcementId, intermediaryId: organizationId } },
          select: { id: true, status: true },
        }),
        db.objection.count({
          where: { announcementId, intermediaryId: organizationId, status: { in: OPEN_OBJECTION_STATES } },
        }),
      ])
    : [null, 0]
  return {
    status: objection?.status ?? 'NONE',
    objection,
    announcement,
    actorBid,
    actorHasOpenObjection: actorObjections > 0,
  }
}

/** Closing an objection: the filer is told; upheld takes the winner of that round out, otherwise the award may proceed. */
async function closed(tx: Tx, row: ObjectionRow, upheld: boolean, actor: EventActor) {
  const objection = row.objection!
  await notify(tx, {
    organizationId: objection.intermediaryId,
    kind: 'objection-closed',
    title: upheld ? '您的质疑成立' : '您的质疑不成立',
    body: upheld ? '质疑成立，中选结果已重新确定并重新公示。' : '质疑不成立，原中选结果维持。',
    link: `/announcements/${objection.announcementId}`,
    dedupeKey: `objection-closed:${objection.id}`,
  })
  const a = row.announcement
  if (upheld && a.status === 'PUBLICITY' && a.winnerBidId && objection.evaluationRound === a.evaluationRound) {
    await applyEvent(tx, announcementMachine, a.id, 'exclude', actor, {
      bidId: a.winnerBidId,
      reason: '质疑成立，取消中选资格',
    })
  } else {
    // Nothing open any more: the award becomes due at (or after) the end of publicity.
    await reschedule(tx, announcementMachine, a.id)
  }
}

const inPublicity = (row: ObjectionRow, at: Date) =>
  row.announcement.status === 'PUBLICITY' &&
  row.announcement.publicityEndsAt !== null &&
  at.getTime() < row.announcement.publicityEndsAt.getTime()

export const objectionMachine = defineMachine<
  ObjectionRow,
  ObjectionStatus | 'NONE',
  {
    object: { input: { reason: string }; result: { id: string } }
    answer: { input: { answer: string; upheld: boolean }; result: void }
    escalate: { input: void; result: void }
    decide: { input: { decision: string; upheld: boolean }; result: void }
    escalateUnanswered: { input: void; result: void }
    closeUnescalated: { input: void; result: void }
  },
  Prisma.ObjectionUncheckedUpdateInput,
  ObjectionKey
>({
  entity: 'Objection',
  table: 'Objection',
  statusLabels: { NONE: '未提出', ...OBJECTION_STATUS_LABELS },
  notFound: '未找到该质疑',
  load,
  idOf: (row) => row.objection?.id ?? null,
  storedCheckAt: (row) => row.objection?.nextCheckAt ?? null,
  write: async (tx, id, data) => {
    await tx.objection.update({ where: { id }, data })
  },
  events: {
    object: {
      label: '提出质疑',
      from: ['NONE'],
      to: 'OPEN',
      by: (actor, row) =>
        row.actorBid?.status === 'ACTIVE' && actor.organizationId !== row.announcement.ownerOrganizationId,
      role: (actor) => can(actor, 'file:objection', { organizationId: actor.organizationId }),
      forbidden: '只有参与报名的中介机构可以提出质疑',
      guard: (row, at) =>
        !inPublicity(row, at)
          ? '只能在结果公示期内提出质疑'
          : row.actorHasOpenObjection
            ? '贵机构已有尚未办结的质疑'
            : null,
      run: async ({ tx, row, at, actor, input }) => {
        const a = row.announcement
        const rules = await platformRules(tx)
        const objection = await tx.objection.create({
          data: {
            announcementId: a.id,
            bidId: row.actorBid!.id,
            intermediaryId: actor.organizationId!,
            evaluationRound: a.evaluationRound,
            reason: input.reason,
            answerDueAt: addDays(at, rules.objectionAnswerDays),
          },
        })
        await notifyOwner(tx, a, {
          kind: 'objection-filed',
          title: `收到质疑：${a.title}`,
          body: `有参与机构对「${a.title}」的中选结果提出质疑，请在 ${rules.objectionAnswerDays} 日内答复。质疑未办结前不能确定成交。`,
          dedupeKey: `objection-filed:${objection.id}`,
        })
        return {
          createdId: objection.id,
          audit: { announcementId: a.id, reason: input.reason },
          result: { id: objection.id },
          // While the objection is open the award is not due.
          after: async () => void (await reschedule(tx, announcementMachine, a.id)),
        }
      },
    },
    answer: {
      label: '答复质疑',
      from: ['OPEN'],
      to: ['ANSWERED', 'UPHELD'],
      by: (actor, row) =>
        actor.organizationId === row.announcement.ownerOrganizationId &&
        can(actor, MANAGE_ANNOUNCEMENT, { organizationId: row.announcement.ownerOrganizationId }),
      forbidden: '只有该公告的项目业主可以答复质疑',
      stateConflict: '该质疑已答复',
      run: async ({ tx, row, at, actor, input }) => {
        const base = { answer: input.answer, answeredAt: at, answeredByUserId: actor.userId }
        if (input.upheld) return { to: 'UPHELD', set: base, audit: input, after: () => closed(tx, row, true, actor) }
        const rules = await platformRules(tx)
        await notify(tx, {
          organizationId: row.objection!.intermediaryId,
          kind: 'objection-answered',
          title: '业主已答复您的质疑',
          body: `答复：${input.answer}。如不满意，可在 ${rules.objectionEscalationDays} 日内提请行业主管部门处理。`,
          link: `/announcements/${row.announcement.id}`,
          dedupeKey: `objection-answered:${row.objection!.id}`,
        })
        return {
          to: 'ANSWERED',
          set: { ...base, escalationDueAt: addDays(at, rules.objectionEscalationDays) },
          audit: input,
        }
      },
    },
    escalate: {
      label: '提请主管部门处理',
      from: ['ANSWERED'],
      to: 'ESCALATED',
      by: (actor, row) => row.objection?.intermediaryId === actor.organizationId,
      forbidden: '只有提出质疑的机构可以提请主管部门处理',
      stateConflict: '只有业主已答复、尚未办结的质疑可以提请主管部门处理',
      run: async ({ at }) => ({ set: { escalatedAt: at } }),
    },
    decide: {
      label: '裁决质疑',
      from: ['ESCALATED'],
      to: ['UPHELD', 'REJECTED'],
      by: (actor, row) =>
        can(actor, DECIDE_OBJECTION, {
          serviceItemCodes: [row.announcement.serviceItemCode],
          regionCode: row.announcement.regionCode,
        }),
      forbidden: '只有该服务事项的行业主管部门可以裁决质疑',
      stateConflict: '只有已提请主管部门处理的质疑可以裁决',
      run: async ({ tx, row, at, actor, input }) => {
        await notifyOwner(tx, row.announcement, {
          kind: 'objection-decided',
          title: `主管部门已裁决质疑：${row.announcement.title}`,
          body: `裁决：${input.upheld ? '质疑成立' : '质疑不成立'}。${input.decision}`,
          dedupeKey: `objection-decided:${row.objection!.id}`,
        })
        return {
          to: input.upheld ? 'UPHELD' : 'REJECTED',
          set: {
            decision: input.decision,
            decidedAt: at,
            decidedByUserId: actor.userId,
            decidedByOrganizationId: actor.organizationId,
          },
          audit: input,
          after: () => closed(tx, row, input.upheld, actor),
        }
      },
    },
    escalateUnanswered: {
      label: '逾期未答复转主管部门',
      from: ['OPEN'],
      to: 'ESCALATED',
      by: 'system',
      dueAt: (row) => row.objection?.answerDueAt ?? null,
      run: async ({ at }) => ({ set: { escalatedAt: at } }),
    },
    closeUnescalated: {
      label: '逾期未提请处理而办结',
      from: ['ANSWERED'],
      to: 'REJECTED',
      by: 'system',
      dueAt: (row) => row.objection?.escalationDueAt ?? null,
      run: async ({ tx, row, actor }) => ({ after: () => closed(tx, row, false, actor) }),
    },
  },
})

scheduleMachine(objectionMachine)
