// The blacklist and credit repair as routes call them: a department lists a firm, the public list of
// entries in force, one entry with its repair applications, the firm's application and the
// department's decision. Each action is one event of the entry's or the application's machine.
import { prisma } from '#app/db.server.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import { blacklistMachine, type BlacklistRow } from '#app/domain/credit/blacklist-machine.server.ts'
import { READ_SUPERVISION } from '#app/domain/credit/credit-record-machine.server.ts'
import { seesAllRecords } from '#app/domain/credit/credit-records.server.ts'
import { repairMachine } from '#app/domain/credit/repair-machine.server.ts'
import { parseInput, RepairDecisionInput, RepairInput, type BlacklistInput } from '#app/domain/credit/schemas.ts'
import { transition } from '#app/domain/engine/engine.server.ts'
import { allowedEvents } from '#app/domain/engine/machine.ts'
import { notFound } from '#app/domain/errors.ts'
import { activeBlacklistWhere } from '#app/domain/intermediaries/listing.server.ts'
import { can, type Actor } from '#app/domain/permissions/permissions.server.ts'
import type { RepairApplication } from '#app/generated/prisma/client.ts'
import type { BlacklistSource, BlacklistStatus, RepairStatus } from '#app/generated/prisma/enums.ts'
import type { Pagination, z } from '#app/utils/zod.ts'

/**
 * A department lists a firm it supervises: 201 { id }; the entry is in force from startsAt. The input
 * is BlacklistInput's output (the API body and the web form parse it: its dates are transformed).
 */
export async function addToBlacklist(actor: Actor, input: z.output<typeof BlacklistInput>): Promise<{ id: string; status: BlacklistStatus }> {
  const applied = await transition(blacklistMachine, { organizationId: input.intermediaryId }, 'list', actor, input)
  return { id: applied.result.id, status: applied.to as BlacklistStatus }
}

export type RepairView = {
  id: string
  blacklistEntryId: string
  status: RepairStatus
  statement: string
  evidence: string
  decisionReason: string | null
  decidedAt: string | null
  createdAt: string
  allowedActions: string[]
}

export type BlacklistEntryView = {
  id: string
  intermediaryId: string
  intermediaryName: string
  uscc: string
  status: BlacklistStatus
  source: BlacklistSource
  reason: string
  evidence: string
  startsAt: string
  endsAt: string
  liftedAt: string | null
  liftedReason: string | null
  decidedBy: string | null
  repairOpensAt: string | null
  allowedActions: string[]
  repairApplications: RepairView[]
}

const entryInclude = {
  organization: { select: { name: true, uscc: true } },
  issuedByOrganization: { select: { name: true } },
  repairApplications: { orderBy: { createdAt: 'desc' } },
} as const

type EntryWithParts = NonNullable<Awaited<ReturnType<typeof findEntries>>>[number]
const findEntries = (args: Parameters<typeof prisma.blacklistEntry.findMany>[0]) =>
  prisma.blacklistEntry.findMany({ ...args, include: entryInclude })

/** Whether the actor sees an entry's details and applications: the firm, its supervisors, the deciding department. */
function insider(actor: Actor | null, row: BlacklistRow): boolean {
  if (!actor) return false
  return (
    actor.organizationId === row.organizationId ||
    actor.organizationId === row.entry?.issuedByOrganizationId ||
    can(actor, READ_SUPERVISION, row.subject)
  )
}

function repairView(a: RepairApplication, allowedActions: string[]): RepairView {
  return {
    id: a.id,
    blacklistEntryId: a.blacklistEntryId,
    status: a.status,
    statement: a.statement,
    evidence: a.evidence,
    decisionReason: a.decisionReason,
    decidedAt: a.decidedAt?.toISOString() ?? null,
    createdAt: a.createdAt.toISOString(),
    allowedActions,
  }
}

async function entryView(actor: Actor | null, e: EntryWithParts, at: Date): Promise<BlacklistEntryView> {
  const row = await blacklistMachine.load(prisma, e.id, { lock: 'none', actor })
  const inside = row !== null && insider(actor, row)
  const applications = inside
    ? await Promise.all(
        e.repairApplications.map(async (a) => {
          const repair = actor ? await repairMachine.load(prisma, a.id, { lock: 'none', actor }) : null
          return repairView(a, repair && actor ? allowedEvents(repairMachine, repair, actor, at) : [])
        }),
      )
    : []
  return {
    id: e.id,
    intermediaryId: e.organizationId,
    intermediaryName: e.organization.name,
    uscc: e.organization.uscc,
    status: e.status,
    source: e.source,
    reason: e.reason,
    evidence: e.evidence,
    startsAt: e.startsAt.toISOString(),
    endsAt: e.endsAt.toISOString(),
    liftedAt: e.liftedAt?.toISOString() ?? null,
    liftedReason: e.liftedReason,
    decidedBy: e.source === 'AUTOMATIC' ? '平台（信用等级 D 级）' : (e.issuedByOrganization?.name ?? null),
    repairOpensAt: row?.repairOpensAt?.toISOString() ?? null,
    allowedActions: row && actor ? allowedEvents(blacklistMachine, row, actor, at) : [],
    repairApplications: applications,
  }
}

/** The public blacklist: entries in force now, newest first. */
export async function listActiveBlacklist(
  options: Pagination & { q?: string },
): Promise<{ items: BlacklistEntryView[]; total: number }> {
  const at = now()
  const where = {
    ...activeBlacklistWhere(at),
    ...(options.q
      ? { organization: { OR: [{ name: { contains: options.q } }, { uscc: { contains: options.q.toUpperCase() } }] } }
      : {}),
  }
  const [rows, total] = await Promise.all([
    findEntries({
      where,
      orderBy: [{ startsAt: 'desc' }, { id: 'desc' }],
      skip: (options.page - 1) * options.pageSize,
      take: options.pageSize,
    }),
    prisma.blacklistEntry.count({ where }),
  ])
  return { items: await Promise.all(rows.map((e) => entryView(null, e, at))), total }
}

/** One entry: public while in force; otherwise to the firm, its supervisors and the deciding department. */
export async function getBlacklistEntry(actor: Actor | null, id: string): Promise<BlacklistEntryView> {
  const row = await blacklistMachine.load(prisma, id, { lock: 'none', actor })
  if (!row || (row.status !== 'ACTIVE' && !insider(actor, row))) throw notFound('未找到该黑名单记录')
  const [entry] = await findEntries({ where: { id } })
  return entryView(actor, entry!, now())
}

/** The entries of one firm (its credit page): all of them to the firm and its supervisors, those in force to others. */
export async function blacklistEntriesOf(actor: Actor | null, organizationId: string): Promise<BlacklistEntryView[]> {
  const at = now()
  const all = await seesAllRecords(actor, organizationId)
  const rows = await findEntries({
    where: { organizationId, ...(all ? {} : activeBlacklistWhere(at)) },
    orderBy: [{ startsAt: 'desc' }, { id: 'desc' }],
    take: 50,
  })
  return Promise.all(rows.map((e) => entryView(actor, e, at)))
}

/** The blacklisted firm applies for credit repair: 201 { id, status: PENDING }; before the minimum period 409. */
export async function applyForRepair(actor: Actor, entryId: string, rawInput: unknown): Promise<{ id: string; status: 'PENDING' }> {
  const input = parseInput(RepairInput, rawInput)
  return (await transition(blacklistMachine, entryId, 'repair', actor, input)).result
}

/** The deciding department approves (the entry ends early) or rejects the application, with a reason. */
export async function decideRepair(actor: Actor, applicationId: string, rawInput: unknown): Promise<RepairView> {
  const input = parseInput(RepairDecisionInput, rawInput)
  await transition(repairMachine, applicationId, 'decide', actor, input)
  return getRepairApplication(actor, applicationId)
}

/** One application, to the firm, its supervisors and the deciding department (404 for others). */
export async function getRepairApplication(actor: Actor | null, id: string): Promise<RepairView> {
  const repair = await repairMachine.load(prisma, id, { lock: 'none', actor })
  const entry = repair ? await blacklistMachine.load(prisma, repair.entry.id, { lock: 'none', actor }) : null
  if (!repair || !entry || !insider(actor, entry)) throw notFound('未找到该信用修复申请')
  return repairView(repair.application, actor ? allowedEvents(repairMachine, repair, actor, now()) : [])
}

/** The department's pending repair applications it may decide, with their entries. */
export async function pendingRepairsFor(actor: Actor): Promise<BlacklistEntryView[]> {
  const at = now()
  const rows = await findEntries({
    where: { repairApplications: { some: { status: 'PENDING' } } },
    orderBy: [{ updatedAt: 'asc' }, { id: 'asc' }],
    take: 100,
  })
  const all = await Promise.all(rows.map((e) => entryView(actor, e, at)))
  return all.filter((e) => e.repairApplications.some((a) => a.allowedActions.includes('decide')))
}

/** Entries a department decided, newest first (its workspace). */
export async function entriesDecidedBy(actor: Actor): Promise<BlacklistEntryView[]> {
  const at = now()
  const rows = await findEntries({
    where: { issuedByOrganizationId: actor.organizationId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: 20,
  })
  return Promise.all(rows.map((e) => entryView(actor, e, at)))
}
