// The complaint's state machine (投诉, DESIGN §6). A signed-in owner or intermediary complains about
// an organization (optionally about one announcement of it); the complaint is routed to the
// competent department of the service item (the announcement's, or the firm's offered items) whose
// region covers the matter's, the most local first — none found: the platform admin handles it. The
// department has complaintWorkdays working days; it is reminded two working days before, and the
// admin is told when the deadline is missed (the admin may then decide it too). An upheld complaint
// becomes a credit record of the subject through the rule table (COMPLAINT_UPHELD). Each user may
// file COMPLAINTS_PER_DAY complaints in 24 hours (counted in the database, serialized on the user).
//
//   (none)    --file (a signed-in owner or intermediary)-->               SUBMITTED  routed, dueAt
//   SUBMITTED --remind (system, two working days before dueAt)-->         SUBMITTED  the department reminded
//   SUBMITTED --escalate (system, at dueAt)-->                            ESCALATED  the admin told
//   SUBMITTED, ESCALATED --decide (its department; the admin once escalated)--> UPHELD | REJECTED
//
// contractId: refused until contracts exist (the column is kept without a foreign key, so that the
// contracts capability can validate it like announcementId and route by the contract's item).
import type { Tx } from '#app/db.server.ts'
import { lockRow } from '#app/domain/announcements/machine.server.ts'
import { platformRules } from '#app/domain/announcements/rules.server.ts'
import { loadWorkingCalendar } from '#app/domain/clock/calendar.server.ts'
import { formatBeijingTime } from '#app/domain/clock/china-time.ts'
import { recordPerformanceFact } from '#app/domain/credit/performance-events.server.ts'
import { competentDepartments } from '#app/domain/departments/competent.server.ts'
import { scheduleMachine } from '#app/domain/engine/engine.server.ts'
import { defineMachine, isSystem, type LoadOptions } from '#app/domain/engine/machine.ts'
import { DomainError, invalid } from '#app/domain/errors.ts'
import { nameOf } from '#app/domain/intermediaries/qualification-machine.server.ts'
import { notify } from '#app/domain/notifications/notifications.server.ts'
import { can, hasPermission, type Actor, type Permission } from '#app/domain/permissions/permissions.server.ts'
import type { Complaint, Prisma } from '#app/generated/prisma/client.ts'
import type { ComplaintStatus } from '#app/generated/prisma/enums.ts'
import { COMPLAINT_STATUS_LABELS } from '#app/utils/credit-labels.ts'

export const FILE_COMPLAINT = 'file:complaint' satisfies Permission
export const DECIDE_COMPLAINT = 'decide:complaint' satisfies Permission

/** Complaints one user may file within 24 hours. */
export const COMPLAINTS_PER_DAY = 5
/** The department is reminded this many working days before the deadline. */
export const REMIND_WORKDAYS_BEFORE = 2

/** A complaint by id, or the one a signed-in user would file (state NONE). */
export type ComplaintKey = string | { new: true }

export type ComplaintRow = { status: ComplaintStatus | 'NONE'; complaint: Complaint | null }

/** Holds the platform-wide scope of a permission (the admin's `any`), not a department's field. */
const platformWide = (actor: Actor, permission: Permission) => can(actor, permission, { fieldCodes: [] })

/** Whether the actor may see the complaint: its complainant, its subject, its department, the admin. */
export function mayReadComplaint(actor: Actor | null, complaint: Complaint): boolean {
  if (!actor) return false
  return (
    actor.organizationId === complaint.complainantOrganizationId ||
    actor.organizationId === complaint.subjectOrganizationId ||
    actor.organizationId === complaint.departmentId ||
    platformWide(actor, DECIDE_COMPLAINT)
  )
}

async function load(db: Tx, key: ComplaintKey, { lock, actor }: LoadOptions): Promise<ComplaintRow | null> {
  if (typeof key !== 'string') return { status: 'NONE', complaint: null }
  if (!(await lockRow(db, 'Complaint', key, lock))) return null
  const complaint = await db.complaint.findUnique({ where: { id: key } })
  if (!complaint) return null
  if (!isSystem(actor) && !mayReadComplaint(actor, complaint)) return null
  return { status: complaint.status, complaint }
}

export type FileInput = {
  subjectOrganizationId?: string
  announcementId?: string
  contractId?: string
  reason: string
}

/** The organization complained about and where the matter lies (its service items and region). */
async function matterOf(tx: Tx, actor: Actor, input: FileInput) {
  if (input.contractId)
    throw invalid('合同功能上线前暂不受理针对合同的投诉，请填写被投诉机构或采购公告', {
      contractId: ['暂不受理针对合同的投诉'],
    })
  if (!input.subjectOrganizationId && !input.announcementId)
    throw invalid('请指明被投诉的机构或采购公告', { subjectOrganizationId: ['请选择被投诉的机构'] })
  const announcement = input.announcementId
    ? await tx.announcement.findUnique({
        where: { id: input.announcementId },
        select: { id: true, status: true, title: true, serviceItemCode: true, regionCode: true, ownerOrganizationId: true },
      })
    : null
  if (input.announcementId && (!announcement || announcement.status === 'DRAFT'))
    throw invalid('采购公告不存在', { announcementId: ['采购公告不存在'] })
  const subjectId = input.subjectOrganizationId ?? announcement!.ownerOrganizationId
  const subject = await tx.organization.findUnique({
    where: { id: subjectId },
    select: {
      id: true,
      name: true,
      type: true,
      regionCode: true,
      offeredServices: { select: { serviceItemCode: true } },
    },
  })
  if (!subject || (subject.type !== 'INTERMEDIARY' && subject.type !== 'OWNER'))
    throw invalid('被投诉的机构不存在（可投诉中介机构或项目业主）', { subjectOrganizationId: ['被投诉的机构不存在'] })
  if (subject.id === actor.organizationId)
    throw invalid('不能投诉本机构', { subjectOrganizationId: ['不能投诉本机构'] })
  const serviceItemCodes = announcement
    ? [announcement.serviceItemCode]
    : subject.offeredServices.map((s) => s.serviceItemCode)
  const regionCode = announcement?.regionCode ?? subject.regionCode
  return { announcement, subject, serviceItemCodes, regionCode }
}

/** At most COMPLAINTS_PER_DAY per user in 24 hours; the user's row serializes its parallel requests. */
async function checkRate(tx: Tx, userId: string, at: Date) {
  await tx.$queryRaw`SELECT id FROM User WHERE id = ${userId} FOR UPDATE`
  const recent = await tx.complaint.count({
    where: { complainantUserId: userId, createdAt: { gt: new Date(at.getTime() - 24 * 3600_000) } },
  })
  if (recent >= COMPLAINTS_PER_DAY)
    throw new DomainError('rate_limited', `每个账号 24 小时内最多提出 ${COMPLAINTS_PER_DAY} 件投诉，请稍后再试`)
}

async function tellAdmins(tx: Tx, notice: { kind: string; title: string; body: string; link: string; dedupeKey: string }) {
  const admins = await tx.organization.findMany({ where: { type: 'PLATFORM' }, select: { id: true } })
  for (const admin of admins) await notify(tx, { ...notice, organizationId: admin.id, dedupeKey: `${notice.dedupeKey}:${admin.id}` })
}

/** Who decides: the department it was routed to; once escalated (or when none was competent) also the admin. */
export function mayDecideComplaint(actor: Actor, row: ComplaintRow): boolean {
  const complaint = row.complaint
  if (!complaint) return false
  if (complaint.departmentId === actor.organizationId && hasPermission(actor, DECIDE_COMPLAINT)) return true
  return (row.status === 'ESCALATED' || complaint.departmentId === null) && platformWide(actor, DECIDE_COMPLAINT)
}

const link = (id: string) => `/complaints/${id}`

export const complaintMachine = defineMachine<
  ComplaintRow,
  ComplaintRow['status'],
  {
    file: { input: FileInput; result: { id: string; status: 'SUBMITTED'; departmentId: string | null; dueAt: Date } }
    remind: { input: void; result: void }
    escalate: { input: void; result: void }
    decide: { input: { outcome: 'UPHELD' | 'REJECTED'; reply: string }; result: void }
  },
  Prisma.ComplaintUncheckedUpdateInput,
  ComplaintKey
>({
  entity: 'Complaint',
  table: 'Complaint',
  statusLabels: { NONE: '未提出', ...COMPLAINT_STATUS_LABELS },
  notFound: '未找到该投诉',
  load,
  idOf: (row) => row.complaint?.id ?? null,
  storedCheckAt: (row) => row.complaint?.nextCheckAt ?? null,
  write: async (tx, id, data) => {
    await tx.complaint.update({ where: { id }, data })
  },
  events: {
    file: {
      label: '提出投诉',
      from: ['NONE'],
      to: 'SUBMITTED',
      by: (actor) => can(actor, FILE_COMPLAINT, { organizationId: actor.organizationId }),
      role: (actor) => can(actor, FILE_COMPLAINT, { organizationId: actor.organizationId }),
      forbidden: '项目业主和中介机构可以提出投诉',
      run: async ({ tx, at, actor, input }) => {
        const filer = actor as Actor
        const matter = await matterOf(tx, filer, input)
        await checkRate(tx, filer.userId, at)
        const [rules, calendar, departments] = await Promise.all([
          platformRules(tx),
          loadWorkingCalendar(tx),
          competentDepartments(tx, matter.serviceItemCodes, matter.regionCode),
        ])
        const department = departments[0] ?? null
        const dueAt = calendar.addWorkingDays(at, rules.complaintWorkdays)
        const remindAt =
          rules.complaintWorkdays > REMIND_WORKDAYS_BEFORE
            ? calendar.addWorkingDays(at, rules.complaintWorkdays - REMIND_WORKDAYS_BEFORE)
            : null
        const complaint = await tx.complaint.create({
          data: {
            complainantUserId: filer.userId,
            complainantOrganizationId: filer.organizationId,
            subjectOrganizationId: matter.subject.id,
            announcementId: matter.announcement?.id ?? null,
            serviceItemCode: matter.announcement?.serviceItemCode ?? null,
            regionCode: matter.regionCode,
            departmentId: department?.organizationId ?? null,
            reason: input.reason,
            dueAt,
            remindAt,
          },
        })
        const notice = {
          kind: 'complaint-received',
          title: `收到投诉：${matter.subject.name}`,
          body: `有关于${matter.subject.name}${matter.announcement ? `（公告「${matter.announcement.title}」）` : ''}的投诉，请在 ${formatBeijingTime(dueAt)} 前办结。`,
          link: link(complaint.id),
          dedupeKey: `complaint-received:${complaint.id}`,
        }
        if (department) await notify(tx, { ...notice, organizationId: department.organizationId })
        else await tellAdmins(tx, { ...notice, body: `${notice.body}该事项没有对应的行业主管部门，由平台办理。` })
        await notify(tx, {
          organizationId: matter.subject.id,
          kind: 'complaint-about',
          title: '贵机构被投诉',
          body: `有机构对贵机构提出投诉，${department ? department.name : '平台'}正在办理，办结后将公开处理结果（不公开投诉人）。`,
          link: link(complaint.id),
          dedupeKey: `complaint-about:${complaint.id}`,
        })
        return {
          createdId: complaint.id,
          result: { id: complaint.id, status: 'SUBMITTED' as const, departmentId: complaint.departmentId, dueAt },
          audit: {
            subjectOrganizationId: matter.subject.id,
            announcementId: complaint.announcementId,
            departmentId: complaint.departmentId,
            dueAt,
          },
        }
      },
    },
    remind: {
      label: '提醒办理期限',
      from: ['SUBMITTED'],
      to: 'SUBMITTED',
      by: 'system',
      dueAt: (row) => (row.complaint && !row.complaint.remindedAt && row.complaint.departmentId ? row.complaint.remindAt : null),
      run: async ({ tx, row, at }) => {
        const c = row.complaint!
        await notify(tx, {
          organizationId: c.departmentId!,
          kind: 'complaint-reminder',
          title: '投诉即将到期',
          body: `一件投诉的办理期限为 ${formatBeijingTime(c.dueAt)}，请按期办结；逾期将报平台督办。`,
          link: link(c.id),
          dedupeKey: `complaint-reminder:${c.id}`,
        })
        return { set: { remindedAt: at }, audit: { dueAt: c.dueAt } }
      },
    },
    escalate: {
      label: '逾期报平台督办',
      from: ['SUBMITTED'],
      to: 'ESCALATED',
      by: 'system',
      dueAt: (row) => row.complaint?.dueAt ?? null,
      run: async ({ tx, row, at }) => {
        const c = row.complaint!
        await tellAdmins(tx, {
          kind: 'complaint-overdue',
          title: '投诉逾期未办结',
          body: `一件投诉已超过办理期限（${formatBeijingTime(c.dueAt)}）仍未办结，请督办或直接办理。`,
          link: link(c.id),
          dedupeKey: `complaint-overdue:${c.id}`,
        })
        if (c.departmentId)
          await notify(tx, {
            organizationId: c.departmentId,
            kind: 'complaint-overdue',
            title: '投诉逾期未办结，已报平台督办',
            body: `一件投诉已超过办理期限（${formatBeijingTime(c.dueAt)}），请尽快办结。`,
            link: link(c.id),
            dedupeKey: `complaint-overdue:${c.id}:department`,
          })
        return { set: { escalatedAt: at }, audit: { dueAt: c.dueAt, departmentId: c.departmentId } }
      },
    },
    decide: {
      label: '办结投诉',
      from: ['SUBMITTED', 'ESCALATED'],
      to: ['UPHELD', 'REJECTED'],
      by: mayDecideComplaint,
      role: (actor) => hasPermission(actor, DECIDE_COMPLAINT),
      forbidden: '只有受理该投诉的行业主管部门（逾期后平台管理员）可以办结',
      stateConflict: '该投诉已办结',
      run: async ({ tx, row, at, actor, input }) => {
        const c = row.complaint!
        const reply = input.reply.trim()
        if (!reply) throw invalid('办结投诉须填写答复', { reply: ['请填写答复'] })
        const upheld = input.outcome === 'UPHELD'
        const records = upheld
          ? await recordPerformanceFact(
              tx,
              {
                organizationId: c.subjectOrganizationId,
                kind: 'COMPLAINT_UPHELD',
                announcementId: c.announcementId,
                detail: `投诉经${nameOf(actor)}查实：${reply}`,
                occurredAt: at,
              },
              at,
            )
          : []
        const told = new Set([c.complainantOrganizationId, c.subjectOrganizationId])
        for (const organizationId of told) {
          await notify(tx, {
            organizationId,
            kind: 'complaint-decided',
            title: upheld ? '投诉已办结：投诉成立' : '投诉已办结：投诉不成立',
            body: `${nameOf(actor)}答复：${reply}`,
            link: link(c.id),
            dedupeKey: `complaint-decided:${c.id}:${organizationId}`,
          })
        }
        return {
          to: input.outcome,
          set: {
            reply,
            decidedAt: at,
            decidedByOrganizationId: actor.organizationId,
            decidedByUserId: actor.userId,
            creditRecordId: records[0] ?? null,
          },
          audit: { outcome: input.outcome, reply, creditRecordId: records[0] ?? null, subjectOrganizationId: c.subjectOrganizationId },
        }
      },
    },
  },
})

scheduleMachine(complaintMachine)
