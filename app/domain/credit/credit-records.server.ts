// Credit records as routes call them: the public rule table, a department's record (with an
// optional evidence file), the firm's objection, the department's review, and the views — public
// ones show effective records only; the organization itself and its supervisors see all. Each
// action is one event of the record's machine (credit-record-machine.server.ts).
import { prisma } from '#app/db.server.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import {
  creditRecordMachine,
  mayReadRecord,
  READ_SUPERVISION,
  recordResource,
  type CreditRecordRow,
} from '#app/domain/credit/credit-record-machine.server.ts'
import { ContestInput, CreditRecordInput, parseInput, ReviewInput } from '#app/domain/credit/schemas.ts'
import { transition } from '#app/domain/engine/engine.server.ts'
import { allowedEvents } from '#app/domain/engine/machine.ts'
import { DomainError, forbidden, notFound } from '#app/domain/errors.ts'
import {
  checkUploadedDocument,
  keepUpload,
  readStoredFile,
  type UploadedFile,
} from '#app/domain/files/stored-files.server.ts'
import { intermediaryResource } from '#app/domain/intermediaries/access.server.ts'
import { can, type Actor } from '#app/domain/permissions/permissions.server.ts'
import type { CreditRecordSource, CreditRecordStatus } from '#app/generated/prisma/enums.ts'
import { MAX_SCAN_BYTES } from '#app/utils/file-type.ts'
import type { Pagination } from '#app/utils/zod.ts'

export type CreditRuleView = {
  code: string
  description: string
  points: number
  validityDays: number
  subjectType: 'INTERMEDIARY' | 'OWNER' | null
  departmentMayRecord: boolean
  eventKinds: string[]
  count: null | { threshold: number; windowDays: number | null; perAnnouncement: boolean }
}

/** The public rule table, in its published order. */
export async function listCreditRules(): Promise<CreditRuleView[]> {
  const rules = await prisma.creditRule.findMany({
    where: { active: true },
    orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }],
    include: { triggers: { orderBy: { eventKind: 'asc' }, select: { eventKind: true } } },
  })
  return rules.map((r) => ({
    code: r.code,
    description: r.description,
    points: r.points,
    validityDays: r.validityDays,
    subjectType: r.subjectType,
    departmentMayRecord: r.departmentMayRecord,
    eventKinds: r.triggers.map((t) => t.eventKind),
    count:
      r.countThreshold > 1
        ? { threshold: r.countThreshold, windowDays: r.countWindowDays, perAnnouncement: r.countPerAnnouncement }
        : null,
  }))
}

const checkEvidence = (file: UploadedFile) => checkUploadedDocument(file, '证据文件', MAX_SCAN_BYTES)

/** A department records a violation (or a commendation) of a firm it supervises, with evidence. */
export async function recordCredit(
  actor: Actor,
  rawInput: CreditRecordInput,
  file?: UploadedFile | null,
): Promise<{ id: string; status: 'PENDING' }> {
  const input = parseInput(CreditRecordInput, rawInput)
  const key = { organizationId: input.intermediaryId }
  const event = { ruleCode: input.ruleCode, evidence: input.evidence, points: input.points }
  if (!file) return (await transition(creditRecordMachine, key, 'record', actor, event)).result
  const type = checkEvidence(file)
  const owner = { organizationId: actor.organizationId, userId: actor.userId, purpose: 'credit-evidence' }
  return keepUpload(file, type, owner, async (createRow) =>
    (await transition(creditRecordMachine, key, 'record', actor, { ...event, createRow })).result,
  )
}

/** The recording department attaches (or replaces) the evidence file while the record is not yet settled. */
export async function attachCreditEvidence(actor: Actor, id: string, file: UploadedFile): Promise<CreditRecordView> {
  const type = checkEvidence(file)
  const owner = { organizationId: actor.organizationId, userId: actor.userId, purpose: 'credit-evidence' }
  await keepUpload(file, type, owner, (createRow) =>
    transition(creditRecordMachine, id, 'attachEvidence', actor, { createRow }),
  )
  return getCreditRecord(actor, id)
}

export async function contestCreditRecord(actor: Actor, id: string, rawInput: unknown): Promise<CreditRecordView> {
  const input = parseInput(ContestInput, rawInput)
  await transition(creditRecordMachine, id, 'contest', actor, input)
  return getCreditRecord(actor, id)
}

export async function reviewCreditRecord(actor: Actor, id: string, rawInput: unknown): Promise<CreditRecordView> {
  const input = parseInput(ReviewInput, rawInput)
  await transition(creditRecordMachine, id, 'review', actor, input)
  return getCreditRecord(actor, id)
}

export type CreditRecordView = {
  id: string
  organizationId: string
  organizationName: string
  ruleCode: string
  ruleDescription: string
  points: number
  source: CreditRecordSource
  status: CreditRecordStatus
  evidence: string
  evidenceFile: null | { sha256: string; contentType: string; size: number }
  serviceItemCode: string | null
  announcementId: string | null
  recordedBy: string | null
  occurredAt: string
  objectionEndsAt: string
  effectiveAt: string | null
  expiresAt: string
  contestReason: string | null
  contestedAt: string | null
  reviewReason: string | null
  reviewedAt: string | null
  allowedActions: string[]
}

const recordInclude = {
  rule: { select: { description: true } },
  organization: { select: { name: true } },
  evidenceFile: { select: { sha256: true, contentType: true, size: true } },
} as const

type RecordWithRule = NonNullable<Awaited<ReturnType<typeof findRecords>>>[number]
const findRecords = (where: Parameters<typeof prisma.creditRecord.findMany>[0]) =>
  prisma.creditRecord.findMany({ ...where, include: recordInclude })

async function recorderNames(ids: Array<string | null>): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))]
  if (wanted.length === 0) return new Map()
  const rows = await prisma.organization.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true } })
  return new Map(rows.map((r) => [r.id, r.name]))
}

function view(r: RecordWithRule, recorders: Map<string, string>, allowedActions: string[], full: boolean): CreditRecordView {
  return {
    id: r.id,
    organizationId: r.organizationId,
    organizationName: r.organization.name,
    ruleCode: r.ruleCode,
    ruleDescription: r.rule.description,
    points: r.points,
    source: r.source,
    status: r.status,
    evidence: r.evidence,
    // The file is shown to the organization and its supervisors only.
    evidenceFile: full && r.evidenceFile ? r.evidenceFile : null,
    serviceItemCode: r.serviceItemCode,
    announcementId: r.announcementId,
    recordedBy: r.recordedByOrganizationId ? (recorders.get(r.recordedByOrganizationId) ?? null) : null,
    occurredAt: r.occurredAt.toISOString(),
    objectionEndsAt: r.objectionEndsAt.toISOString(),
    effectiveAt: r.effectiveAt?.toISOString() ?? null,
    expiresAt: r.expiresAt.toISOString(),
    contestReason: full ? r.contestReason : null,
    contestedAt: r.contestedAt?.toISOString() ?? null,
    reviewReason: r.reviewReason,
    reviewedAt: r.reviewedAt?.toISOString() ?? null,
    allowedActions,
  }
}

/** Views of records with the events the actor may apply to each (one permission resource per organization). */
async function views(actor: Actor | null, rows: RecordWithRule[]): Promise<CreditRecordView[]> {
  const organizationIds = [...new Set(rows.map((r) => r.organizationId))]
  const [recorders, subjects] = await Promise.all([
    recorderNames(rows.map((r) => r.recordedByOrganizationId)),
    Promise.all(organizationIds.map((id) => intermediaryResource(prisma, id))).then(
      (list) => new Map(list.map((subject) => [subject.organizationId, subject])),
    ),
  ])
  const at = now()
  return rows.map((r) => {
    const row: CreditRecordRow = { status: r.status, record: r, organizationId: r.organizationId, subject: subjects.get(r.organizationId)! }
    const allowed = actor ? allowedEvents(creditRecordMachine, row, actor, at) : []
    const full = actor !== null && (actor.organizationId === r.organizationId || can(actor, READ_SUPERVISION, recordResource(row)))
    return view(r, recorders, allowed, full)
  })
}

/** One record: public when effective; otherwise to its organization and its supervisors (404 for others). */
export async function getCreditRecord(actor: Actor | null, id: string): Promise<CreditRecordView> {
  const row = await creditRecordMachine.load(prisma, id, { lock: 'none', actor })
  if (!row || !mayReadRecord(actor, row)) throw notFound('未找到该信用记录')
  const [found] = await findRecords({ where: { id } })
  return (await views(actor, [found!]))[0]!
}

/** Whether the actor sees every record of the organization (itself, its supervisors), not only the effective ones. */
export async function seesAllRecords(actor: Actor | null, organizationId: string): Promise<boolean> {
  if (!actor) return false
  if (actor.organizationId === organizationId) return true
  const resource = await intermediaryResource(prisma, organizationId).catch(() => null)
  return resource !== null && can(actor, READ_SUPERVISION, resource)
}

/**
 * The records of one organization, newest first: the public sees the effective ones; the
 * organization itself and its supervisors see all (optionally of one status).
 */
export async function listCreditRecords(
  actor: Actor | null,
  organizationId: string,
  options: Pagination & { status?: CreditRecordStatus },
): Promise<{ items: CreditRecordView[]; total: number }> {
  const organization = await prisma.organization.findUnique({ where: { id: organizationId }, select: { id: true } })
  if (!organization) throw notFound('未找到该机构')
  const all = await seesAllRecords(actor, organizationId)
  const status = all ? options.status : 'EFFECTIVE'
  if (!all && options.status && options.status !== 'EFFECTIVE') return { items: [], total: 0 }
  const where = { organizationId, ...(status ? { status } : {}) }
  const [rows, total] = await Promise.all([
    findRecords({
      where,
      orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
      skip: (options.page - 1) * options.pageSize,
      take: options.pageSize,
    }),
    prisma.creditRecord.count({ where }),
  ])
  return { items: await views(actor, rows), total }
}

/** The evidence file of a record, for its organization and its supervisors (401/403/404). */
export async function openCreditEvidence(actor: Actor | null, id: string) {
  if (!actor) throw new DomainError('unauthenticated', '请先登录')
  const row = await creditRecordMachine.load(prisma, id, { lock: 'none', actor })
  if (!row) throw notFound('未找到该信用记录')
  const full = actor.organizationId === row.organizationId || can(actor, READ_SUPERVISION, recordResource(row))
  if (!full) throw forbidden('您无权查看该证据文件')
  const file = row.record!.evidenceFileId
    ? await prisma.storedFile.findUnique({ where: { id: row.record!.evidenceFileId } })
    : null
  if (!file) throw notFound('该信用记录没有证据文件')
  return readStoredFile(file)
}

export type ReviewQueue = { contested: CreditRecordView[]; recent: CreditRecordView[] }

/**
 * The department's queue: contested records it may review (its fields and region), and the records
 * it recorded lately. The platform admin sees every contested record.
 */
export async function creditWorkspaceRecords(actor: Actor): Promise<ReviewQueue> {
  if (!can(actor, READ_SUPERVISION, { fieldCodes: [] }) && !actor.department) throw forbidden('仅行业主管部门和平台管理员可以查看')
  const [contested, recent] = await Promise.all([
    findRecords({ where: { status: 'CONTESTED' }, orderBy: [{ contestedAt: 'asc' }, { id: 'asc' }], take: 200 }),
    findRecords({
      where: { recordedByOrganizationId: actor.organizationId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: 20,
    }),
  ])
  const reviewable = (await views(actor, contested)).filter((r) => r.allowedActions.includes('review'))
  return { contested: reviewable, recent: await views(actor, recent) }
}

