// The credit record's state machine (信用记录, DESIGN §6). A record applies one rule of the public rule
// table (CreditRule) to an organization: recorded by a department supervising one of the firm's
// service items (with evidence), or raised by the platform from a performance event or an upheld
// complaint. It is pending during the objection window (rule creditObjectionWorkdays, working days);
// the firm may contest a negative one within the window, and a competent department reviews it.
// Only effective records count, until they expire (the rule's validityDays from the behaviour).
//
//   (none)    --record (a competent department, evidence)-->   PENDING
//   (none)    --raise (internal: performance event, complaint)--> PENDING
//   PENDING   --contest (the firm, within the window)-->        CONTESTED
//   PENDING   --takeEffect (system, at the end of the window)--> EFFECTIVE
//   CONTESTED --review (a competent department, a reason)-->    EFFECTIVE (upheld) | ANNULLED
//   EFFECTIVE --expire (system, at expiresAt)-->                EXPIRED
//   PENDING, CONTESTED --attachEvidence (the recording department)--> (same)
//
// Every event that changes what counts recomputes the score in the same transaction (`settle`), and
// a fall to level D lists an intermediary on the blacklist for a year (blacklist-machine.server.ts).
import type { Tx } from '#app/db.server.ts'
import { lockRow } from '#app/domain/announcements/machine.server.ts'
import { platformRules } from '#app/domain/announcements/rules.server.ts'
import { loadWorkingCalendar } from '#app/domain/clock/calendar.server.ts'
import { formatBeijingTime } from '#app/domain/clock/china-time.ts'
import { listAutomaticallyAtD, type Subject } from '#app/domain/credit/blacklist-machine.server.ts'
import { allowedPoints, expiryOf } from '#app/domain/credit/score.ts'
import { recomputeStanding } from '#app/domain/credit/standing.server.ts'
import { competentDepartments } from '#app/domain/departments/competent.server.ts'
import { scheduleMachine } from '#app/domain/engine/engine.server.ts'
import { defineMachine, isSystem, type LoadOptions } from '#app/domain/engine/machine.ts'
import { invalid } from '#app/domain/errors.ts'
import type { StoredUpload } from '#app/domain/files/stored-files.server.ts'
import { intermediaryResource } from '#app/domain/intermediaries/access.server.ts'
import { nameOf } from '#app/domain/intermediaries/qualification-machine.server.ts'
import { notify } from '#app/domain/notifications/notifications.server.ts'
import { can, hasPermission, type Actor, type Permission, type Resource } from '#app/domain/permissions/permissions.server.ts'
import type { CreditRecord, CreditRule, Prisma } from '#app/generated/prisma/client.ts'
import type { CreditRecordStatus } from '#app/generated/prisma/enums.ts'
import { CREDIT_RECORD_STATUS_LABELS } from '#app/utils/credit-labels.ts'

export const RECORD_CREDIT = 'record:credit-record' satisfies Permission
export const REVIEW_CREDIT = 'review:credit-record' satisfies Permission
export const CONTEST_CREDIT = 'contest:credit-record' satisfies Permission
export const READ_SUPERVISION = 'read:supervision' satisfies Permission

/** A record by id, or the record a department would make for an organization (state NONE). */
export type CreditRecordKey = string | { organizationId: string }

export type CreditRecordRow = {
  status: CreditRecordStatus | 'NONE'
  record: CreditRecord | null
  organizationId: string
  subject: Subject
}

/** The permission resource of a record: its organization's service items (and the record's own), its region. */
export function recordResource(row: Pick<CreditRecordRow, 'record' | 'subject'>): Resource {
  const items = row.subject.serviceItemCodes ?? []
  const own = row.record?.serviceItemCode
  return {
    organizationId: row.subject.organizationId,
    serviceItemCodes: own && !items.includes(own) ? [own, ...items] : items,
    regionCode: row.subject.regionCode,
  }
}

/** Whether the actor may read the record: effective ones are public; the rest to the organization and its supervisors. */
export function mayReadRecord(actor: Actor | null, row: Pick<CreditRecordRow, 'record' | 'subject'>): boolean {
  if (row.record?.status === 'EFFECTIVE') return true
  if (!actor) return false
  return actor.organizationId === row.subject.organizationId || can(actor, READ_SUPERVISION, recordResource(row))
}

async function load(db: Tx, key: CreditRecordKey, { lock, actor }: LoadOptions): Promise<CreditRecordRow | null> {
  let record: CreditRecord | null = null
  let organizationId: string
  if (typeof key === 'string') {
    const found = await db.creditRecord.findUnique({ where: { id: key }, select: { organizationId: true } })
    if (!found) return null
    organizationId = found.organizationId
  } else {
    organizationId = key.organizationId
  }
  // The organization first, then the record: the events of one organization's records follow one
  // another, so that each recomputed score sums what the one before committed (and a score's read
  // of the records never waits for another event that holds the audit chain: no deadlock).
  if (!(await lockRow(db, 'Organization', organizationId, lock))) return null
  if (typeof key === 'string') {
    if (!(await lockRow(db, 'CreditRecord', key, lock))) return null
    record = await db.creditRecord.findUnique({ where: { id: key } })
    if (!record) return null
  }
  const subject = await intermediaryResource(db, organizationId).catch(() => null)
  if (!subject) return null
  const row: CreditRecordRow = { status: record?.status ?? 'NONE', record, organizationId, subject }
  // Not yet effective (or no longer): not there for those who may not read it.
  if (record && !isSystem(actor) && !mayReadRecord(actor, row)) return null
  return row
}

export type RecordInput = {
  ruleCode: string
  evidence: string
  points?: number
  createRow?: (tx: Tx) => Promise<StoredUpload>
}

export type RaiseInput = {
  ruleCode: string
  evidence: string
  occurredAt: Date
  announcementId?: string | null
  serviceItemCode?: string | null
  performanceEventId?: string | null
}

const unknownRule = () => invalid('信用规则不存在或已停用', { ruleCode: ['请选择信用规则表中的规则'] })

async function activeRule(tx: Tx, code: string): Promise<CreditRule> {
  const rule = await tx.creditRule.findUnique({ where: { code } })
  if (!rule || !rule.active) throw unknownRule()
  return rule
}

function checkSubject(rule: CreditRule, subject: Subject) {
  if (rule.subjectType && rule.subjectType !== subject.type)
    throw invalid(
      rule.subjectType === 'OWNER' ? '该规则只适用于项目业主' : '该规则只适用于中介机构',
      { ruleCode: ['该规则不适用于此机构'] },
    )
}

/** Creates the pending record with its objection window and expiry, and tells the organization. */
async function createRecord(
  tx: Tx,
  row: CreditRecordRow,
  at: Date,
  rule: CreditRule,
  data: Omit<Prisma.CreditRecordUncheckedCreateInput, 'organizationId' | 'ruleCode' | 'objectionEndsAt' | 'expiresAt'>,
) {
  const [rules, calendar] = await Promise.all([platformRules(tx), loadWorkingCalendar(tx)])
  const objectionEndsAt = calendar.addWorkingDays(at, rules.creditObjectionWorkdays)
  const expiresAt = expiryOf(data.occurredAt as Date, rule.validityDays)
  const record = await tx.creditRecord.create({
    data: { ...data, organizationId: row.organizationId, ruleCode: rule.code, objectionEndsAt, expiresAt },
  })
  const negative = record.points < 0
  await notify(tx, {
    organizationId: row.organizationId,
    kind: 'credit-record',
    title: `新的信用记录：${rule.description}（${record.points > 0 ? '+' : ''}${record.points} 分）`,
    body: negative
      ? `贵机构有一条待生效的信用记录：${rule.description}，${record.points} 分。如有异议，请在 ${formatBeijingTime(objectionEndsAt)} 前提出，逾期生效。`
      : `贵机构获得一条加分记录：${rule.description}，+${record.points} 分，将于 ${formatBeijingTime(objectionEndsAt)} 生效。`,
    link: '/account/credit',
    dedupeKey: `credit-record:${record.id}`,
  })
  return {
    createdId: record.id,
    result: { id: record.id, status: 'PENDING' as const },
    audit: {
      organizationId: row.organizationId,
      ruleCode: rule.code,
      points: record.points,
      source: record.source,
      objectionEndsAt,
      expiresAt,
      ...(record.performanceEventId ? { performanceEventId: record.performanceEventId } : {}),
    },
  }
}

/**
 * The score after a change of what counts, recomputed in this transaction; an intermediary whose
 * level has just fallen to D is blacklisted for a year.
 */
export async function settle(tx: Tx, organizationId: string, at: Date, cause: string, creditRecordId: string | null) {
  const change = await recomputeStanding(tx, organizationId, at, { cause, creditRecordId })
  if (change.organizationType === 'INTERMEDIARY' && change.after.level === 'D' && change.before.level !== 'D') {
    await listAutomaticallyAtD(tx, organizationId, at, change.after.score)
  }
  return change
}

/** The departments that review a record: the one that recorded it, or the competent ones of its items. */
async function reviewers(tx: Tx, row: CreditRecordRow): Promise<string[]> {
  const record = row.record!
  if (record.recordedByOrganizationId) return [record.recordedByOrganizationId]
  const resource = recordResource(row)
  return (await competentDepartments(tx, resource.serviceItemCodes ?? [], resource.regionCode ?? '')).map(
    (d) => d.organizationId,
  )
}

const mayReview = (actor: Actor, row: CreditRecordRow) => can(actor, REVIEW_CREDIT, recordResource(row))

const settleAfter = (tx: Tx, row: CreditRecordRow, at: Date, cause: string) => async () =>
  void (await settle(tx, row.organizationId, at, cause, row.record?.id ?? null))

export const creditRecordMachine = defineMachine<
  CreditRecordRow,
  CreditRecordRow['status'],
  {
    record: { input: RecordInput; result: { id: string; status: 'PENDING' } }
    raise: { input: RaiseInput; result: { id: string; status: 'PENDING' } }
    contest: { input: { reason: string }; result: void }
    takeEffect: { input: void; result: void }
    review: { input: { upheld: boolean; reason: string }; result: void }
    expire: { input: void; result: void }
    attachEvidence: { input: { createRow: (tx: Tx) => Promise<StoredUpload> }; result: StoredUpload }
  },
  Prisma.CreditRecordUncheckedUpdateInput,
  CreditRecordKey
>({
  entity: 'CreditRecord',
  table: 'CreditRecord',
  statusLabels: { NONE: '未记录', ...CREDIT_RECORD_STATUS_LABELS },
  notFound: '未找到该信用记录或机构',
  load,
  idOf: (row) => row.record?.id ?? null,
  storedCheckAt: (row) => row.record?.nextCheckAt ?? null,
  write: async (tx, id, data) => {
    await tx.creditRecord.update({ where: { id }, data })
  },
  events: {
    record: {
      label: '记录信用',
      from: ['NONE'],
      to: 'PENDING',
      by: (actor, row) => row.subject.type === 'INTERMEDIARY' && can(actor, RECORD_CREDIT, row.subject),
      role: (actor) => hasPermission(actor, RECORD_CREDIT),
      forbidden: '只有该机构所提供服务事项的行业主管部门（机构所在地或其上级）可以记录其信用',
      run: async ({ tx, row, at, actor, input }) => {
        const rule = await activeRule(tx, input.ruleCode)
        if (!rule.departmentMayRecord)
          throw invalid('该规则由平台依据履约事实自动记录，主管部门不能直接记录', {
            ruleCode: ['该规则由平台自动记录'],
          })
        checkSubject(rule, row.subject)
        const points = allowedPoints(rule.points, input.points)
        if (points === null)
          throw invalid(`分值须与规则同号且不超过规则分值（${rule.points} 分）`, {
            points: [`须为 ${rule.points < 0 ? `${rule.points}–-1` : `1–${rule.points}`} 之间的整数`],
          })
        const evidence = input.evidence.trim()
        if (!evidence) throw invalid('记录信用须提供证据', { evidence: ['请填写证据（文书名称、文号、事实）'] })
        const department = (actor as Actor).department
        const serviceItemCode =
          (row.subject.serviceItemCodes ?? []).find((code) => department?.serviceItemCodes.includes(code)) ?? null
        const file = input.createRow ? await input.createRow(tx) : null
        const created = await createRecord(tx, row, at, rule, {
          points,
          source: 'DEPARTMENT',
          evidence,
          evidenceFileId: file?.id ?? null,
          serviceItemCode,
          recordedByOrganizationId: actor.organizationId,
          recordedByUserId: actor.userId,
          occurredAt: at,
        })
        return { ...created, audit: { ...created.audit, evidence, ...(file ? { evidenceFile: file.sha256 } : {}) } }
      },
    },
    raise: {
      label: '依规则记录信用',
      from: ['NONE'],
      to: 'PENDING',
      by: 'internal',
      run: async ({ tx, row, at, input }) => {
        const rule = await activeRule(tx, input.ruleCode)
        checkSubject(rule, row.subject)
        return createRecord(tx, row, at, rule, {
          points: rule.points,
          source: 'SYSTEM',
          evidence: input.evidence,
          serviceItemCode: input.serviceItemCode ?? null,
          announcementId: input.announcementId ?? null,
          performanceEventId: input.performanceEventId ?? null,
          occurredAt: input.occurredAt,
        })
      },
    },
    contest: {
      label: '提出异议',
      from: ['PENDING'],
      to: 'CONTESTED',
      by: (actor, row) =>
        actor.organizationId === row.organizationId && can(actor, CONTEST_CREDIT, { organizationId: row.organizationId }),
      role: (actor) => can(actor, CONTEST_CREDIT, { organizationId: actor.organizationId }),
      forbidden: '只有被记录的机构可以对信用记录提出异议',
      stateConflict: '只能对异议期内待生效的信用记录提出异议',
      guard: (row, at) =>
        row.record!.points > 0
          ? '加分记录无需提出异议'
          : at.getTime() >= row.record!.objectionEndsAt.getTime()
            ? '异议期已过，该记录已按期生效'
            : null,
      run: async ({ tx, row, at, actor, input }) => {
        for (const organizationId of await reviewers(tx, row)) {
          await notify(tx, {
            organizationId,
            kind: 'credit-contested',
            title: `信用记录异议待复核：${row.subject.name}`,
            body: `${row.subject.name}对信用记录（${row.record!.ruleCode}，${row.record!.points} 分）提出异议：${input.reason}`,
            link: '/supervision/credit',
            dedupeKey: `credit-contested:${row.record!.id}:${organizationId}`,
          })
        }
        return {
          set: { contestReason: input.reason, contestedAt: at, contestedByUserId: actor.userId },
          audit: { organizationId: row.organizationId, reason: input.reason },
        }
      },
    },
    takeEffect: {
      label: '异议期满生效',
      from: ['PENDING'],
      to: 'EFFECTIVE',
      by: 'system',
      dueAt: (row) => row.record?.objectionEndsAt ?? null,
      run: async ({ tx, row, at }) => ({
        set: { effectiveAt: at },
        audit: { organizationId: row.organizationId, ruleCode: row.record!.ruleCode, points: row.record!.points },
        after: settleAfter(tx, row, at, 'CreditRecord:takeEffect'),
      }),
    },
    review: {
      label: '复核异议',
      from: ['CONTESTED'],
      to: ['EFFECTIVE', 'ANNULLED'],
      by: mayReview,
      role: (actor) => hasPermission(actor, REVIEW_CREDIT),
      forbidden: '只有该机构所提供服务事项的行业主管部门可以复核信用记录',
      stateConflict: '只有有异议待复核的信用记录可以复核',
      run: async ({ tx, row, at, actor, input }) => {
        const reason = input.reason.trim()
        if (!reason) throw invalid('复核须填写理由', { reason: ['请填写复核理由'] })
        await notify(tx, {
          organizationId: row.organizationId,
          kind: 'credit-reviewed',
          title: input.upheld ? '信用记录异议不成立，记录生效' : '信用记录异议成立，记录撤销',
          body: `${nameOf(actor)}复核了贵机构的异议：${reason}`,
          link: '/account/credit',
          dedupeKey: `credit-reviewed:${row.record!.id}`,
        })
        const set = {
          reviewReason: reason,
          reviewedAt: at,
          reviewedByOrganizationId: actor.organizationId,
          reviewedByUserId: actor.userId,
        }
        const audit = { organizationId: row.organizationId, upheld: input.upheld, reason }
        return input.upheld
          ? { to: 'EFFECTIVE', set: { ...set, effectiveAt: at }, audit, after: settleAfter(tx, row, at, 'CreditRecord:review') }
          : { to: 'ANNULLED', set, audit }
      },
    },
    expire: {
      label: '有效期届满',
      from: ['EFFECTIVE'],
      to: 'EXPIRED',
      by: 'system',
      dueAt: (row) => row.record?.expiresAt ?? null,
      run: async ({ tx, row, at }) => ({
        audit: { organizationId: row.organizationId, expiresAt: row.record!.expiresAt },
        after: settleAfter(tx, row, at, 'CreditRecord:expire'),
      }),
    },
    attachEvidence: {
      label: '上传证据文件',
      from: ['PENDING', 'CONTESTED'],
      to: ['PENDING', 'CONTESTED'],
      by: (actor, row) =>
        actor.organizationId === row.record?.recordedByOrganizationId && hasPermission(actor, RECORD_CREDIT),
      role: (actor) => hasPermission(actor, RECORD_CREDIT),
      forbidden: '只有记录该信用记录的主管部门可以上传证据文件',
      stateConflict: '记录生效或撤销后不能再更换证据文件',
      run: async ({ tx, row, input }) => {
        const stored = await input.createRow(tx)
        const { id, sha256, contentType, size } = stored
        return {
          to: row.status as 'PENDING' | 'CONTESTED',
          set: { evidenceFileId: id },
          audit: { previousFileId: row.record!.evidenceFileId, fileId: id, sha256, contentType, size },
          result: stored,
        }
      },
    },
  },
})

scheduleMachine(creditRecordMachine)

