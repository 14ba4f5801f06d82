// The qualification's state machine (资质, DESIGN §3). A firm declares a certificate (it starts
// SELF_DECLARED); a department of the field that governs its type, in the firm's region or above,
// or the admin, verifies or rejects it; a new scan puts it back to self-declared, because what was
// reviewed has changed.
//
//   SELF_DECLARED, REJECTED  --verify (reviewer)-->           VERIFIED
//   SELF_DECLARED, VERIFIED  --reject (reviewer, a reason)--> REJECTED
//   any                      --replaceScan (the firm)-->      SELF_DECLARED
import type { Tx } from '#app/db.server.ts'
import { lockRow } from '#app/domain/announcements/machine.server.ts'
import {
  defineMachine,
  isSystem,
  type EventActor,
  type EventContext,
  type LoadOptions,
} from '#app/domain/engine/machine.ts'
import { invalid } from '#app/domain/errors.ts'
import type { StoredUpload } from '#app/domain/files/stored-files.server.ts'
import { enqueueSearchSync } from '#app/domain/intermediaries/search-sync.server.ts'
import { notify } from '#app/domain/notifications/notifications.server.ts'
import { can, type Permission, type Resource } from '#app/domain/permissions/permissions.server.ts'
import type { Prisma } from '#app/generated/prisma/client.ts'
import type { QualificationStatus } from '#app/generated/prisma/enums.ts'
import { QUALIFICATION_STATUS_LABELS } from '#app/utils/intermediary-labels.ts'

export const CREATE_QUALIFICATION = 'create:qualification' satisfies Permission
export const VERIFY_QUALIFICATION = 'verify:qualification' satisfies Permission

export type QualificationRow = {
  id: string
  status: QualificationStatus
  organizationId: string
  scanFileId: string | null
  typeName: string
  level: string
  certificateNo: string
  /** the firm, its region and the field that governs the type (none: only the admin reaches it) */
  resource: Resource
}

async function load(db: Tx, id: string, { lock }: LoadOptions): Promise<QualificationRow | null> {
  if (!(await lockRow(db, 'Qualification', id, lock))) return null
  const q = await db.qualification.findUnique({
    where: { id },
    select: {
      id: true,
      status: true,
      organizationId: true,
      scanFileId: true,
      levelCode: true,
      certificateNo: true,
      organization: { select: { regionCode: true } },
      level: { select: { type: { select: { name: true, fieldCode: true } } } },
    },
  })
  if (!q) return null
  const fieldCode = q.level.type.fieldCode
  return {
    id: q.id,
    status: q.status,
    organizationId: q.organizationId,
    scanFileId: q.scanFileId,
    typeName: q.level.type.name,
    level: q.levelCode,
    certificateNo: q.certificateNo,
    resource: {
      organizationId: q.organizationId,
      regionCode: q.organization.regionCode,
      fieldCodes: fieldCode ? [fieldCode] : [],
    },
  }
}

/** Who acted, as the firm reads it in its notice. */
export const nameOf = (actor: EventActor) => (isSystem(actor) ? '平台' : actor.organizationName)

/** A review's record on the row, the firm's notice and the directory's update (a reason: rejected). */
async function reviewed({ tx, row: q, at, actor }: EventContext<QualificationRow, unknown>, reason: string | null) {
  const what = `${q.typeName}（证书编号 ${q.certificateNo}）`
  await notify(tx, {
    organizationId: q.organizationId,
    kind: reason ? 'qualification-rejected' : 'qualification-verified',
    title: `${reason ? '资质被驳回' : '资质已核验'}：${q.typeName}（${q.level}）`,
    body: reason ? `${nameOf(actor)}驳回了贵机构的${what}，理由：${reason}` : `${nameOf(actor)}已核验贵机构的${what}。`,
    link: '/account/qualifications',
  })
  await enqueueSearchSync(tx, q.organizationId)
  return {
    set: {
      reviewedAt: at,
      reviewedByOrganizationId: actor.organizationId,
      reviewedByUserId: actor.userId,
      reviewNote: reason,
    },
    ...(reason ? { audit: { reason } } : {}),
  }
}

const REVIEWERS_ONLY = '只有主管该类资质的行业主管部门（机构所在地或其上级）或平台管理员可以核验该资质'
const NOT_REVIEWED = { reviewedAt: null, reviewedByOrganizationId: null, reviewedByUserId: null, reviewNote: null }

export const qualificationMachine = defineMachine<
  QualificationRow,
  QualificationStatus,
  {
    verify: { input: void; result: void }
    reject: { input: { reason: string | null }; result: void }
    replaceScan: { input: { createRow: (tx: Tx) => Promise<StoredUpload> }; result: StoredUpload }
  },
  Prisma.QualificationUncheckedUpdateInput
>({
  entity: 'Qualification',
  statusLabels: {
    SELF_DECLARED: '自主申报',
    VERIFIED: QUALIFICATION_STATUS_LABELS.VERIFIED,
    REJECTED: QUALIFICATION_STATUS_LABELS.REJECTED,
  },
  notFound: '未找到该资质',
  load,
  idOf: (q) => q.id,
  write: async (tx, id, data) => {
    await tx.qualification.update({ where: { id }, data })
  },
  events: {
    verify: {
      label: '核验',
      from: ['SELF_DECLARED', 'REJECTED'],
      to: 'VERIFIED',
      by: (actor, q) => can(actor, VERIFY_QUALIFICATION, q.resource),
      forbidden: REVIEWERS_ONLY,
      stateConflict: '该资质已核验',
      run: (ctx) => reviewed(ctx, null),
    },
    reject: {
      label: '驳回',
      from: ['SELF_DECLARED', 'VERIFIED'],
      to: 'REJECTED',
      by: (actor, q) => can(actor, VERIFY_QUALIFICATION, q.resource),
      forbidden: REVIEWERS_ONLY,
      stateConflict: '该资质已驳回',
      run: (ctx) => {
        if (!ctx.input.reason) throw invalid('驳回资质须填写理由', { reason: ['请填写驳回理由'] })
        return reviewed(ctx, ctx.input.reason)
      },
    },
    replaceScan: {
      label: '上传扫描件',
      from: ['SELF_DECLARED', 'VERIFIED', 'REJECTED'],
      to: 'SELF_DECLARED',
      by: (actor, q) =>
        actor.organizationId === q.organizationId &&
        can(actor, CREATE_QUALIFICATION, { organizationId: q.organizationId }),
      run: async ({ tx, row: q, input }) => {
        const stored = await input.createRow(tx)
        await enqueueSearchSync(tx, q.organizationId)
        const { id, sha256, contentType, size } = stored
        return {
          set: { scanFileId: id, ...(q.status === 'SELF_DECLARED' ? {} : NOT_REVIEWED) },
          audit: { previousScanFileId: q.scanFileId, scanFileId: id, sha256, contentType, size },
          result: stored,
        }
      },
    },
  },
})
