// The announcement's state machine (DESIGN §4). Read the table top to bottom like the procedure:
//
//   DRAFT      --publish (owner)-->                       PUBLISHED   seed committed, firms told
//   PUBLISHED  --amend (owner, before the deadline)-->    PUBLISHED   bids must be confirmed again
//   DRAFT, PUBLISHED, EVALUATING --cancel (owner)-->      CANCELLED   public reason
//   PUBLISHED  --directResponse (the named firm)-->       PUBLICITY (accepted) | FAILED (declined)
//   PUBLISHED  --close (system, at the deadline)-->       EVALUATING  no more bids (not DIRECT)
//   PUBLISHED  --expireDirect (system, at the deadline)-> FAILED      the named firm did not answer
//   EVALUATING --open (system, once closed)-->            EVALUATING  prices decrypted, validity decided
//   EVALUATING --technicalScores (an evaluator)-->        EVALUATING  SCORE with a technical weight
//   EVALUATING --evaluate (system, once opened and scored)--> PUBLICITY (ranked, draw) | FAILED (流标)
//   PUBLICITY  --award (system, publicity over, no open objection)--> AWARDED | PUBLICITY | FAILED
//                                                        (a winner no longer eligible is excluded)
//   PUBLICITY, AWARDED --decline (the winner)-->          PUBLICITY | FAILED  the next ranked takes it
//   PUBLICITY  --exclude (internal: objection upheld)-->  PUBLICITY | FAILED
//   FAILED     --reannounce (owner, once)-->              FAILED      a new draft copies it
//
// Bids have their own machine (bidding/machine.server.ts), objections theirs
// (award/objection-machine.server.ts); while an objection is open the award is not due.
import type { Tx } from '#app/db.server.ts'
import { scheduleMachine } from '#app/domain/engine/engine.server.ts'
import {
  defineMachine,
  isSystem,
  type EventContext,
  type LoadOptions,
  type Outcome,
} from '#app/domain/engine/machine.ts'
import { can, type Actor } from '#app/domain/permissions/permissions.server.ts'
import {
  alreadyReannounced,
  amendWork,
  attachWork,
  cancelWork,
  detachWork,
  publishWork,
  reannounceWork,
} from '#app/domain/announcements/lifecycle.server.ts'
import { openWork } from '#app/domain/award/opening.server.ts'
import { awardWork, evaluateWork, excludeWork, expireDirectWork } from '#app/domain/award/ranking.server.ts'
import { declineAwardWork, directResponseWork, technicalScoresWork } from '#app/domain/award/answers.server.ts'
import type { AmendmentInput } from '#app/domain/announcements/schemas.ts'
import type { StoredUpload } from '#app/domain/files/stored-files.server.ts'
import { Prisma, type Announcement } from '#app/generated/prisma/client.ts'
import type { AnnouncementStatus, Funding, ObjectionStatus } from '#app/generated/prisma/enums.ts'
import { ANNOUNCEMENT_STATUS_LABELS } from '#app/utils/announcement-labels.ts'

export const MANAGE_ANNOUNCEMENT = 'manage:announcement'

/** Objections not yet closed (the objection machine's open states). */
export const OPEN_OBJECTION_STATES: ObjectionStatus[] = ['OPEN', 'ANSWERED', 'ESCALATED']

/** The announcement with the facts its guards and deadlines read. */
export type AnnouncementRow = Announcement & {
  funding: Funding
  evaluators: Array<{ userId: string; submittedAt: Date | null }>
  /** objections not yet closed: while any is open the award waits */
  openObjections: number
  reannouncementId: string | null
  previousStatus: AnnouncementStatus | null
  winnerOrganizationId: string | null
}

/** The work of one announcement event: what it writes beside the status, and what it returns. */
export type AnnouncementWork<I = void, R = void> = (
  ctx: EventContext<AnnouncementRow, I>,
) => Promise<Outcome<AnnouncementStatus, Prisma.AnnouncementUncheckedUpdateInput, R>>

const LOCKS = {
  update: 'FOR UPDATE',
  share: 'LOCK IN SHARE MODE',
  skip: 'FOR UPDATE SKIP LOCKED',
} as const

/** Locks the row as asked (FOR UPDATE, shared, or skipping a row another worker holds); false when none was locked. */
export async function lockRow(db: Tx, table: string, id: string, lock: LoadOptions['lock']): Promise<boolean> {
  if (lock === 'none') return true
  const rows = await db.$queryRaw<Array<{ id: string }>>`
    SELECT id FROM ${Prisma.raw(`\`${table}\``)} WHERE id = ${id} ${Prisma.raw(LOCKS[lock])}`
  return rows.length > 0
}

async function load(db: Tx, id: string, { lock, actor }: LoadOptions): Promise<AnnouncementRow | null> {
  if (!(await lockRow(db, 'Announcement', id, lock))) return null
  const a = await db.announcement.findUnique({
    where: { id },
    include: {
      project: { select: { funding: true } },
      evaluators: { select: { userId: true, submittedAt: true } },
      reannouncements: { select: { id: true }, take: 1 },
      previous: { select: { status: true } },
    },
  })
  if (!a) return null
  const system = isSystem(actor)
  // A draft is its owner's alone.
  if (a.status === 'DRAFT' && !system && actor?.organizationId !== a.ownerOrganizationId) return null
  const [openObjections, winner] = await Promise.all([
    db.objection.count({ where: { announcementId: id, status: { in: OPEN_OBJECTION_STATES } } }),
    a.winnerBidId ? db.bid.findUnique({ where: { id: a.winnerBidId }, select: { intermediaryId: true } }) : null,
  ])
  const { project, reannouncements, previous, ...row } = a
  return {
    ...row,
    funding: project.funding,
    openObjections,
    reannouncementId: reannouncements[0]?.id ?? null,
    previousStatus: previous?.status ?? null,
    winnerOrganizationId: winner?.intermediaryId ?? null,
  }
}

const isOwner = (actor: Actor, a: AnnouncementRow) =>
  actor.organizationId === a.ownerOrganizationId &&
  can(actor, MANAGE_ANNOUNCEMENT, { organizationId: a.ownerOrganizationId })

const OWNER_ONLY = '只有发布该公告的项目业主可以办理'
/** Owners' roles manage announcements; nobody else ever does. */
const ownerRole = (actor: Actor) => can(actor, MANAGE_ANNOUNCEMENT, { organizationId: actor.organizationId })
const DRAFT_ONLY = '公告发布后附件不能再增删；如需更正，请发布更正公告说明'

const beforeDeadline = (a: AnnouncementRow, at: Date) => at.getTime() < a.deadline.getTime()
const technicalScoring = (a: AnnouncementRow) => a.method === 'SCORE' && (a.weightTechnical ?? 0) > 0

export const announcementMachine = defineMachine<
  AnnouncementRow,
  AnnouncementStatus,
  {
    attach: { input: { createRow: (tx: Tx) => Promise<StoredUpload> }; result: StoredUpload }
    detach: { input: { fileId: string }; result: void }
    publish: { input: void; result: { seedCommitment: string } }
    amend: { input: AmendmentInput; result: { number: number } }
    cancel: { input: { reason: string }; result: void }
    reannounce: { input: { deadline: Date; title?: string }; result: { id: string } }
    directResponse: { input: { accept: boolean; reason?: string }; result: void }
    close: { input: void; result: void }
    expireDirect: { input: void; result: void }
    open: { input: void; result: void }
    technicalScores: {
      input: { scores: Array<{ bidId: string; score: number }> }
      result: { submitted: number; pending: number }
    }
    evaluate: { input: void; result: void }
    award: { input: void; result: void }
    decline: { input: { reason: string }; result: void }
    exclude: { input: { bidId: string; reason: string }; result: void }
  },
  Prisma.AnnouncementUncheckedUpdateInput
>({
  entity: 'Announcement',
  table: 'Announcement',
  statusLabels: ANNOUNCEMENT_STATUS_LABELS,
  notFound: '未找到该公告',
  load,
  idOf: (a) => a.id,
  storedCheckAt: (a) => a.nextCheckAt,
  write: async (tx, id, data) => {
    await tx.announcement.update({ where: { id }, data })
  },
  events: {
    attach: {
      label: '添加附件',
      from: ['DRAFT'],
      to: 'DRAFT',
      by: isOwner,
      role: ownerRole,
      forbidden: OWNER_ONLY,
      stateConflict: DRAFT_ONLY,
      run: attachWork,
    },
    detach: {
      label: '删除附件',
      from: ['DRAFT'],
      to: 'DRAFT',
      by: isOwner,
      role: ownerRole,
      forbidden: OWNER_ONLY,
      stateConflict: DRAFT_ONLY,
      run: detachWork,
    },
    publish: {
      label: '发布',
      from: ['DRAFT'],
      to: 'PUBLISHED',
      by: isOwner,
      role: ownerRole,
      forbidden: OWNER_ONLY,
      run: publishWork,
    },
    amend: {
      label: '变更公告',
      from: ['PUBLISHED'],
      to: 'PUBLISHED',
      by: isOwner,
      role: ownerRole,
      forbidden: OWNER_ONLY,
      guard: (a, at) => (beforeDeadline(a, at) ? null : '报名已截止，不能再变更公告'),
      run: amendWork,
    },
    cancel: {
      label: '终止公告',
      from: ['DRAFT', 'PUBLISHED', 'EVALUATING'],
      to: 'CANCELLED',
      by: isOwner,
      role: ownerRole,
      forbidden: OWNER_ONLY,
      run: cancelWork,
    },
    reannounce: {
      label: '重新发布',
      from: ['FAILED'],
      to: 'FAILED',
      by: isOwner,
      role: ownerRole,
      forbidden: OWNER_ONLY,
      stateConflict: '只有流标的公告可以重新发布',
      guard: alreadyReannounced,
      run: reannounceWork,
    },
    directResponse: {
      label: '答复直接选取',
      from: ['PUBLISHED'],
      to: ['PUBLICITY', 'FAILED'],
      by: (actor, a) => a.method === 'DIRECT' && a.directIntermediaryId === actor.organizationId,
      role: (actor) => can(actor, 'respond:direct-selection', { organizationId: actor.organizationId }),
      forbidden: '只有被直接选取的中介机构可以答复',
      stateConflict: '该直接选取已答复或已结束',
      guard: (a, at) =>
        a.method !== 'DIRECT'
          ? '该公告不是直接选取'
          : a.directResponse
            ? '该直接选取已答复或已结束'
            : beforeDeadline(a, at)
              ? null
              : '答复期限已过',
      run: directResponseWork,
    },
    close: {
      label: '截止报名',
      from: ['PUBLISHED'],
      to: 'EVALUATING',
      by: 'system',
      dueAt: (a) => (a.method === 'DIRECT' ? null : a.deadline),
    },
    expireDirect: {
      label: '直接选取到期',
      from: ['PUBLISHED'],
      to: 'FAILED',
      by: 'system',
      dueAt: (a) => (a.method === 'DIRECT' && !a.directResponse ? a.deadline : null),
      run: expireDirectWork,
    },
    open: {
      label: '开启报名',
      from: ['EVALUATING'],
      to: 'EVALUATING',
      by: 'system',
      dueAt: (a) => (a.openedAt ? null : a.deadline),
      run: openWork,
    },
    technicalScores: {
      label: '评定技术分',
      from: ['EVALUATING'],
      to: 'EVALUATING',
      by: (actor, a) =>
        actor.organizationId === a.ownerOrganizationId && a.evaluators.some((e) => e.userId === actor.userId),
      forbidden: '只有业主指定的评审人员可以评分',
      stateConflict: '只能在开启报名后、结果产生前评分',
      guard: (a, _at, actor) =>
        !a.openedAt
          ? '只能在开启报名后、结果产生前评分'
          : a.evaluators.find((e) => e.userId === actor?.userId)?.submittedAt
            ? '您已提交过评分'
            : null,
      run: technicalScoresWork,
    },
    evaluate: {
      label: '评审',
      from: ['EVALUATING'],
      to: ['PUBLICITY', 'FAILED'],
      by: 'system',
      // A SCORE announcement with a technical weight waits for its evaluators until the end of the scoring period.
      dueAt: (a) =>
        !a.openedAt
          ? null
          : technicalScoring(a) && a.evaluators.some((e) => !e.submittedAt) && a.evaluationEndsAt
            ? a.evaluationEndsAt
            : a.openedAt,
      run: evaluateWork,
    },
    award: {
      label: '确定成交',
      from: ['PUBLICITY'],
      to: ['AWARDED', 'PUBLICITY', 'FAILED'],
      by: 'system',
      dueAt: (a) => (a.openObjections > 0 ? null : a.publicityEndsAt),
      run: awardWork,
    },
    decline: {
      label: '放弃中选',
      from: ['PUBLICITY', 'AWARDED'],
      to: ['PUBLICITY', 'FAILED'],
      by: (actor, a) => a.winnerOrganizationId === actor.organizationId,
      role: (actor) => can(actor, 'respond:direct-selection', { organizationId: actor.organizationId }),
      forbidden: '只有中选机构可以放弃中选',
      run: declineAwardWork,
    },
    exclude: {
      label: '取消中选资格',
      from: ['PUBLICITY'],
      to: ['PUBLICITY', 'FAILED'],
      by: 'internal',
      run: excludeWork,
    },
  },
})

scheduleMachine(announcementMachine)
