// Complaints as routes call them: filing (routed, rate-limited), one complaint for those concerned,
// the department's inbox with deadlines, the complainant's own list, the department's decision, and
// the public outcomes in anonymized form (neither the complainant nor the complaint's text).
import { prisma } from '#app/db.server.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import {
  complaintMachine,
  DECIDE_COMPLAINT,
  mayReadComplaint,
} from '#app/domain/complaints/complaint-machine.server.ts'
import { ComplaintDecisionInput, ComplaintInput, parseInput } from '#app/domain/credit/schemas.ts'
import { transition } from '#app/domain/engine/engine.server.ts'
import { allowedEvents } from '#app/domain/engine/machine.ts'
import { forbidden, notFound } from '#app/domain/errors.ts'
import { can, hasPermission, type Actor } from '#app/domain/permissions/permissions.server.ts'
import type { Complaint } from '#app/generated/prisma/client.ts'
import type { ComplaintStatus } from '#app/generated/prisma/enums.ts'
import type { Pagination } from '#app/utils/zod.ts'

export type FiledComplaint = { id: string; status: 'SUBMITTED'; departmentId: string | null; dueAt: string }

export async function fileComplaint(actor: Actor, rawInput: ComplaintInput): Promise<FiledComplaint> {
  const input = parseInput(ComplaintInput, rawInput)
  const { result } = await transition(complaintMachine, { new: true }, 'file', actor, input)
  return { ...result, dueAt: result.dueAt.toISOString() }
}

export async function decideComplaint(actor: Actor, id: string, rawInput: unknown): Promise<ComplaintView> {
  const input = parseInput(ComplaintDecisionInput, rawInput)
  await transition(complaintMachine, id, 'decide', actor, input)
  return getComplaint(actor, id)
}

export type ComplaintView = {
  id: string
  status: ComplaintStatus
  departmentId: string | null
  departmentName: string | null
  dueAt: string
  overdue: boolean
  outcome: 'UPHELD' | 'REJECTED' | null
  reply: string | null
  subject: { id: string; name: string }
  announcement: null | { id: string; title: string }
  reason: string
  mine: boolean
  createdAt: string
  remindedAt: string | null
  escalatedAt: string | null
  decidedAt: string | null
  creditRecordId: string | null
  allowedActions: string[]
}

const outcomeOf = (status: ComplaintStatus) => (status === 'UPHELD' || status === 'REJECTED' ? status : null)

async function views(actor: Actor, rows: Complaint[]): Promise<ComplaintView[]> {
  const orgIds = [...new Set(rows.flatMap((c) => [c.subjectOrganizationId, c.departmentId ?? '']).filter(Boolean))]
  const announcementIds = [...new Set(rows.flatMap((c) => (c.announcementId ? [c.announcementId] : [])))]
  const [organizations, announcements] = await Promise.all([
    prisma.organization.findMany({ where: { id: { in: orgIds } }, select: { id: true, name: true } }),
    prisma.announcement.findMany({ where: { id: { in: announcementIds } }, select: { id: true, title: true } }),
  ])
  const name = new Map(organizations.map((o) => [o.id, o.name]))
  const title = new Map(announcements.map((a) => [a.id, a.title]))
  const at = now()
  return rows.map((c) => ({
    id: c.id,
    status: c.status,
    departmentId: c.departmentId,
    departmentName: c.departmentId ? (name.get(c.departmentId) ?? null) : null,
    dueAt: c.dueAt.toISOString(),
    overdue: outcomeOf(c.status) === null && at.getTime() >= c.dueAt.getTime(),
    outcome: outcomeOf(c.status),
    reply: c.reply,
    subject: { id: c.subjectOrganizationId, name: name.get(c.subjectOrganizationId) ?? '' },
    announcement: c.announcementId ? { id: c.announcementId, title: title.get(c.announcementId) ?? '' } : null,
    reason: c.reason,
    mine: c.complainantOrganizationId === actor.organizationId,
    createdAt: c.createdAt.toISOString(),
    remindedAt: c.remindedAt?.toISOString() ?? null,
    escalatedAt: c.escalatedAt?.toISOString() ?? null,
    decidedAt: c.decidedAt?.toISOString() ?? null,
    creditRecordId: c.creditRecordId,
    allowedActions: allowedEvents(complaintMachine, { status: c.status, complaint: c }, actor, at),
  }))
}

/** One complaint for its complainant, its subject, its department and the admin (404 for others). */
export async function getComplaint(actor: Actor, id: string): Promise<ComplaintView> {
  const complaint = await prisma.complaint.findUnique({ where: { id } })
  if (!complaint || !mayReadComplaint(actor, complaint)) throw notFound('未找到该投诉')
  return (await views(actor, [complaint]))[0]!
}

/**
 * The complaints to handle: a department's own (routed to it); for the admin, those escalated or
 * without a competent department. Open ones first by deadline, then the decided ones.
 */
export async function complaintInbox(
  actor: Actor,
  options: Pagination & { status?: ComplaintStatus },
): Promise<{ items: ComplaintView[]; total: number }> {
  if (!hasPermission(actor, DECIDE_COMPLAINT)) throw forbidden('仅行业主管部门和平台管理员办理投诉')
  const admin = can(actor, DECIDE_COMPLAINT, { fieldCodes: [] })
  const scope = admin
    ? { OR: [{ status: 'ESCALATED' as const }, { departmentId: null }, { departmentId: actor.organizationId }] }
    : { departmentId: actor.organizationId }
  const where = { ...scope, ...(options.status ? { status: options.status } : {}) }
  const [rows, total] = await Promise.all([
    prisma.complaint.findMany({
      where,
      orderBy: [{ decidedAt: { sort: 'asc', nulls: 'first' } }, { dueAt: 'asc' }, { id: 'asc' }],
      skip: (options.page - 1) * options.pageSize,
      take: options.pageSize,
    }),
    prisma.complaint.count({ where }),
  ])
  return { items: await views(actor, rows), total }
}

/** The complaints the actor's organization filed, newest first. */
export async function myComplaints(actor: Actor, options: Pagination): Promise<{ items: ComplaintView[]; total: number }> {
  const where = { complainantOrganizationId: actor.organizationId }
  const [rows, total] = await Promise.all([
    prisma.complaint.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: (options.page - 1) * options.pageSize,
      take: options.pageSize,
    }),
    prisma.complaint.count({ where }),
  ])
  return { items: await views(actor, rows), total }
}

export type ComplaintOutcome = {
  id: string
  outcome: 'UPHELD' | 'REJECTED'
  subject: { id: string; name: string }
  announcement: null | { id: string; title: string }
  department: string | null
  reply: string
  decidedAt: string
  onTime: boolean
}

/** The public outcomes of decided complaints, newest first: anonymized (no complainant, no complaint text). */
export async function complaintOutcomes(options: Pagination): Promise<{ items: ComplaintOutcome[]; total: number }> {
  const where = { status: { in: ['UPHELD', 'REJECTED'] as ComplaintStatus[] } }
  const [rows, total] = await Promise.all([
    prisma.complaint.findMany({
      where,
      orderBy: [{ decidedAt: 'desc' }, { id: 'desc' }],
      skip: (options.page - 1) * options.pageSize,
      take: options.pageSize,
      include: { subjectOrganization: { select: { name: true } } },
    }),
    prisma.complaint.count({ where }),
  ])
  const departmentIds = [...new Set(rows.flatMap((c) => (c.decidedByOrganizationId ? [c.decidedByOrganizationId] : [])))]
  const announcementIds = [...new Set(rows.flatMap((c) => (c.announcementId ? [c.announcementId] : [])))]
  const [departments, announcements] = await Promise.all([
    prisma.organization.findMany({ where: { id: { in: departmentIds } }, select: { id: true, name: true } }),
    prisma.announcement.findMany({ where: { id: { in: announcementIds } }, select: { id: true, title: true } }),
  ])
  const departmentName = new Map(departments.map((d) => [d.id, d.name]))
  const title = new Map(announcements.map((a) => [a.id, a.title]))
  return {
    items: rows.map((c) => ({
      id: c.id,
      outcome: c.status as 'UPHELD' | 'REJECTED',
      subject: { id: c.subjectOrganizationId, name: c.subjectOrganization.name },
      announcement: c.announcementId ? { id: c.announcementId, title: title.get(c.announcementId) ?? '' } : null,
      department: c.decidedByOrganizationId ? (departmentName.get(c.decidedByOrganizationId) ?? null) : null,
      reply: c.reply ?? '',
      decidedAt: c.decidedAt!.toISOString(),
      onTime: c.decidedAt!.getTime() < c.dueAt.getTime(),
    })),
    total,
  }
}

export type ComplaintTarget = { subject: null | { id: string; name: string }; announcement: null | { id: string; title: string } }

/** What the complaint form names: the organization (by id or USCC) and the announcement, when known. */
export async function complaintTarget(query: { subject?: string; uscc?: string; announcement?: string }): Promise<ComplaintTarget> {
  const announcement = query.announcement
    ? await prisma.announcement.findFirst({
        where: { id: query.announcement, status: { not: 'DRAFT' } },
        select: { id: true, title: true, ownerOrganizationId: true },
      })
    : null
  const where = query.subject
    ? { id: query.subject }
    : query.uscc
      ? { uscc: query.uscc.trim().toUpperCase() }
      : announcement
        ? { id: announcement.ownerOrganizationId }
        : null
  const subject = where
    ? await prisma.organization.findFirst({ where: { ...where, type: { in: ['OWNER', 'INTERMEDIARY'] } }, select: { id: true, name: true } })
    : null
  return { subject, announcement: announcement ? { id: announcement.id, title: announcement.title } : null }
}
