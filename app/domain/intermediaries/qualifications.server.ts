// Qualification certificates (资质) of an intermediary: self-declared (自主申报) until a department
// of the field that governs the qualification type (QualificationType.fieldCode), in the firm's
// region or above, or the platform admin, verifies (核验) or rejects them with a reason. A scan
// (PDF/JPEG/PNG by content, ≤ 10 MiB) is stored outside the web root and served only to the
// intermediary, the departments that may review it or supervise the firm, and the admin. A
// qualification whose validTo is before today (app clock, Asia/Shanghai) is expired and stops
// counting for eligibility (isQualificationCurrent).
import { prisma, type Tx } from '#app/db.server.ts'
import { transition } from '#app/domain/engine/engine.server.ts'
import {
  CREATE_QUALIFICATION,
  qualificationMachine,
  VERIFY_QUALIFICATION,
} from '#app/domain/intermediaries/qualification-machine.server.ts'
import { audit } from '#app/domain/audit/audit.server.ts'
import { chinaDate, dateColumn, dateOfColumn } from '#app/domain/clock/china-time.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import { DomainError, forbidden, invalid, notFound } from '#app/domain/errors.ts'
import { regionPrefix } from '#app/domain/catalogue/regions.ts'
import { intermediaryResource, requireOwnIntermediary } from '#app/domain/intermediaries/access.server.ts'
import { QualificationInput } from '#app/domain/intermediaries/entry-schemas.ts'
import { enqueueSearchSync } from '#app/domain/intermediaries/search-sync.server.ts'
import { can, type Actor } from '#app/domain/permissions/permissions.server.ts'
import type { Prisma } from '#app/generated/prisma/client.ts'
import type { QualificationStatus } from '#app/generated/prisma/enums.ts'
import {
  checkUploadedDocument,
  keepUpload,
  readStoredFile,
  type UploadedFile,
} from '#app/domain/files/stored-files.server.ts'
import { MAX_SCAN_BYTES } from '#app/utils/file-type.ts'
import type { QualificationDisplayStatus } from '#app/utils/intermediary-labels.ts'
import { fieldErrorsOf, type Pagination } from '#app/utils/zod.ts'

export { CREATE_QUALIFICATION, VERIFY_QUALIFICATION }

type Dated = { status: QualificationStatus; validFrom: Date; validTo: Date }

/** Whether the qualification counts at `at`: not rejected, and today lies within validFrom..validTo. */
export function isQualificationCurrent(q: Dated, at: Date): boolean {
  const today = chinaDate(at)
  return q.status !== 'REJECTED' && dateOfColumn(q.validFrom) <= today && dateOfColumn(q.validTo) >= today
}

export function isQualificationExpired(q: Dated, at: Date): boolean {
  return dateOfColumn(q.validTo) < chinaDate(at)
}

/** The status shown to people: an expired, not rejected qualification shows as EXPIRED. */
export function displayStatus(q: Dated, at: Date): QualificationDisplayStatus {
  if (q.status !== 'REJECTED' && isQualificationExpired(q, at)) return 'EXPIRED'
  return q.status
}

const qualificationSelect = {
  id: true,
  organizationId: true,
  organization: { select: { name: true } },
  typeCode: true,
  levelCode: true,
  level: { select: { type: { select: { name: true } } } },
  certificateNo: true,
  issuer: true,
  validFrom: true,
  validTo: true,
  status: true,
  reviewedAt: true,
  reviewNote: true,
  reviewedByOrganizationId: true,
  expiryRemindedAt: true,
  createdAt: true,
  scanFile: { select: { id: true, contentType: true, size: true, sha256: true, originalName: true } },
} as const

type Row = {
  id: string
  organizationId: string
  organization: { name: string }
  typeCode: string
  levelCode: string
  level: { type: { name: string } }
  certificateNo: string
  issuer: string
  validFrom: Date
  validTo: Date
  status: QualificationStatus
  reviewedAt: Date | null
  reviewNote: string | null
  reviewedByOrganizationId: string | null
  createdAt: Date
  scanFile: { id: string; contentType: string; size: number; sha256: string; originalName: string } | null
}

export type QualificationView = ReturnType<typeof view>

function view(row: Row, at: Date) {
  return {
    id: row.id,
    organizationId: row.organizationId,
    organizationName: row.organization.name,
    typeCode: row.typeCode,
    typeName: row.level.type.name,
    level: row.levelCode,
    certificateNo: row.certificateNo,
    issuer: row.issuer,
    validFrom: dateOfColumn(row.validFrom),
    validTo: dateOfColumn(row.validTo),
    status: row.status,
    displayStatus: displayStatus(row, at),
    verified: row.status === 'VERIFIED',
    expired: isQualificationExpired(row, at),
    current: isQualificationCurrent(row, at),
    scan: row.scanFile
      ? {
          contentType: row.scanFile.contentType,
          size: row.scanFile.size,
          sha256: row.scanFile.sha256,
          originalName: row.scanFile.originalName,
          url: `/api/v1/qualifications/${row.id}/scan`,
        }
      : null,
    review: row.reviewedAt
      ? { at: row.reviewedAt.toISOString(), note: row.reviewNote, byOrganizationId: row.reviewedByOrganizationId }
      : null,
    createdAt: row.createdAt.toISOString(),
  }
}

async function loadView(db: Tx | typeof prisma, id: string) {
  const row = await db.qualification.findUnique({ where: { id }, select: qualificationSelect })
  if (!row) throw notFound('未找到该资质')
  return view(row, now())
}

/** The acting intermediary declares a qualification certificate (status SELF_DECLARED). */
export async function createQualification(actor: Actor, rawInput: QualificationInput): Promise<QualificationView> {
  const organizationId = requireOwnIntermediary(actor, CREATE_QUALIFICATION)
  const parsed = QualificationInput.safeParse(rawInput)
  if (!parsed.success) throw invalid('提交的内容未通过校验', fieldErrorsOf(parsed.error))
  const input = parsed.data
  return prisma.$transaction(async (tx) => {
    const type = await tx.qualificationType.findUnique({
      where: { code: input.typeCode },
      select: { name: true, active: true, levels: { orderBy: { rank: 'asc' }, select: { code: true } } },
    })
    const errors: Record<string, string[]> = {}
    if (!type || !type.active) {
      errors.typeCode = ['资质类型不存在或已停用']
    } else if (!type.levels.some((l) => l.code === input.level)) {
      errors.level = [`${type.name}没有“${input.level}”这一等级，可选：${type.levels.map((l) => l.code).join('、')}`]
    }
    if (input.validTo <= input.validFrom) errors.validTo = ['有效期截止日须晚于起始日']
    if (Object.keys(errors).length) throw invalid('资质信息有误', errors)

    const row = await tx.qualification.create({
      data: {
        organizationId,
        typeCode: input.typeCode,
        levelCode: input.level,
        certificateNo: input.certificateNo,
        issuer: input.issuer,
        validFrom: dateColumn(input.validFrom),
        validTo: dateColumn(input.validTo),
      },
      select: { id: true },
    })
    await audit(tx, { actor, entityType: 'Qualification', entityId: row.id, action: 'declare', after: input })
    await enqueueSearchSync(tx, organizationId)
    return loadView(tx, row.id)
  })
}

export type { UploadedFile } from '#app/domain/files/stored-files.server.ts'

/** Checks an upload: at most 10 MiB (413) and a real PDF, JPEG or PNG by its content (415). */
export const checkScan = (file: UploadedFile) => checkUploadedDocument(file, '扫描件', MAX_SCAN_BYTES)

/**
 * Attaches (or replaces) the scan of one of the acting intermediary's qualifications. A new scan
 * puts a verified or rejected qualification back to self-declared: what was reviewed has changed.
 */
export async function attachScan(
  actor: Actor,
  qualificationId: string,
  file: UploadedFile,
): Promise<QualificationView> {
  const organizationId = requireOwnIntermediary(actor, CREATE_QUALIFICATION)
  const existing = await prisma.qualification.findUnique({
    where: { id: qualificationId },
    select: { organizationId: true },
  })
  if (!existing || existing.organizationId !== organizationId) throw notFound('未找到该资质')
  const type = checkScan(file)
  const owner = { organizationId, userId: actor.userId, purpose: 'qualification-scan' }
  return keepUpload(file, type, owner, async (createRow) => {
    await transition(qualificationMachine, qualificationId, 'replaceScan', actor, { createRow })
    return loadView(prisma, qualificationId)
  })
}

/**
 * The scan for an authorized reader: a member of the intermediary, a department supervising one of
 * its service items (in its region), or the platform admin. 401 without an actor, 403 for others.
 */
export async function openScan(actor: Actor | null, qualificationId: string) {
  if (!actor) throw new DomainError('unauthenticated', '请先登录')
  const row = await prisma.qualification.findUnique({
    where: { id: qualificationId },
    select: { organizationId: true, scanFile: true },
  })
  if (!row) throw notFound('未找到该资质')
  if (actor.organizationId !== row.organizationId) {
    const reviewed = await qualificationMachine.load(prisma, qualificationId, { lock: 'none', actor })
    const reviewer = reviewed !== null && can(actor, VERIFY_QUALIFICATION, reviewed.resource)
    if (!reviewer && !can(actor, 'read:supervision', await intermediaryResource(prisma, row.organizationId))) {
      throw forbidden('您无权查看该资质扫描件')
    }
  }
  if (!row.scanFile) throw notFound('该资质尚未上传扫描件')
  return readStoredFile(row.scanFile)
}

export type ReviewDecision = 'verify' | 'reject'

/**
 * 核验 or 驳回 by a department of the field that governs the qualification type, in the firm's region
 * or above, or by the admin. Rejection needs a reason. Anyone else: 403, nothing changes.
 */
export async function reviewQualification(
  actor: Actor,
  qualificationId: string,
  decision: ReviewDecision,
  reason?: string | null,
): Promise<QualificationView> {
  const note = reason?.trim() ? reason.trim().slice(0, 500) : null
  if (decision === 'verify') await transition(qualificationMachine, qualificationId, 'verify', actor)
  else await transition(qualificationMachine, qualificationId, 'reject', actor, { reason: note })
  return loadView(prisma, qualificationId)
}

/** The acting intermediary's qualifications, newest first. */
export async function listOwnQualifications(actor: Actor): Promise<QualificationView[]> {
  const organizationId = requireOwnIntermediary(actor, 'read:profile')
  const rows = await prisma.qualification.findMany({
    where: { organizationId },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    select: qualificationSelect,
  })
  const at = now()
  return rows.map((row) => view(row, at))
}

/**
 * The qualifications the actor may review, as a Prisma filter: all for the admin; for a department,
 * those of the types its field governs, of firms in its region and below. Anyone else: 403.
 */
function reviewableQualificationsWhere(actor: Actor): Prisma.QualificationWhereInput {
  const intermediaries: Prisma.OrganizationWhereInput = { type: 'INTERMEDIARY' }
  if (actor.permissions.has('verify:qualification:any')) return { organization: intermediaries }
  if (actor.permissions.has('verify:qualification:field') && actor.department) {
    return {
      organization: { ...intermediaries, regionCode: { startsWith: regionPrefix(actor.department.regionCode) } },
      level: { type: { fieldCode: actor.department.fieldCode } },
    }
  }
  throw forbidden('仅行业主管部门和平台管理员可以查看')
}

/** The qualifications the actor may review (see above), by status (self-declared by default), oldest first. */
export async function listQualificationsForReview(
  actor: Actor,
  options: Pagination & { status?: QualificationStatus },
): Promise<{ items: QualificationView[]; total: number }> {
  const where: Prisma.QualificationWhereInput = {
    ...reviewableQualificationsWhere(actor),
    status: options.status ?? 'SELF_DECLARED',
  }
  const [rows, total] = await Promise.all([
    prisma.qualification.findMany({
      where,
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      skip: (options.page - 1) * options.pageSize,
      take: options.pageSize,
      select: qualificationSelect,
    }),
    prisma.qualification.count({ where }),
  ])
  const at = now()
  return { items: rows.map((row) => view(row, at)), total }
}
