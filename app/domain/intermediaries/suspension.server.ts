// Suspending an entry (暂停入驻) and reinstating it: by a department supervising one of the
// intermediary's service items in its region (suspend:organization:field) or the platform admin
// (suspend:organization:any), always with a recorded, public reason. Nothing is ever deleted: the
// entry stays listed and shows as suspended; a suspended intermediary cannot bid.
import { prisma } from '#app/db.server.ts'
import { transition } from '#app/domain/engine/engine.server.ts'
import { supervisedIntermediariesWhere } from '#app/domain/intermediaries/access.server.ts'
import { entryMachine, SUSPEND_ORGANIZATION } from '#app/domain/intermediaries/entry-machine.server.ts'
import type { Actor } from '#app/domain/permissions/permissions.server.ts'
import type { OrganizationStatus } from '#app/generated/prisma/enums.ts'
import type { Pagination } from '#app/utils/zod.ts'

export { SUSPEND_ORGANIZATION }

export type StatusChange = {
  id: string
  status: OrganizationStatus
  statusReason: string | null
  statusChangedAt: string | null
}

/** Suspension or reinstatement, an event of the entry's machine (entry-machine.server.ts). */
async function changeStatus(actor: Actor, organizationId: string, event: 'suspend' | 'reinstate', reason: unknown) {
  await transition(entryMachine, organizationId, event, actor, reason)
  const row = await prisma.organization.findUniqueOrThrow({
    where: { id: organizationId },
    select: { id: true, status: true, statusReason: true, statusChangedAt: true },
  })
  return { ...row, statusChangedAt: row.statusChangedAt?.toISOString() ?? null }
}

export function suspendIntermediary(actor: Actor, organizationId: string, input: unknown): Promise<StatusChange> {
  return changeStatus(actor, organizationId, 'suspend', input)
}

export function reinstateIntermediary(actor: Actor, organizationId: string, input: unknown): Promise<StatusChange> {
  return changeStatus(actor, organizationId, 'reinstate', input)
}

export type SupervisedIntermediary = {
  id: string
  name: string
  uscc: string
  regionCode: string
  regionName: string
  status: OrganizationStatus
  statusReason: string | null
  statusChangedAt: string | null
  listedAt: string | null
  serviceItems: Array<{ code: string; name: string }>
  pendingQualifications: number
}

/** The entries a department (its fields, region and below) or the admin (all) supervises. */
export async function listSupervisedIntermediaries(
  actor: Actor,
  options: Pagination & { status?: OrganizationStatus; q?: string },
): Promise<{ items: SupervisedIntermediary[]; total: number }> {
  const where = {
    ...supervisedIntermediariesWhere(actor),
    ...(options.status ? { status: options.status } : {}),
    ...(options.q ? { OR: [{ name: { contains: options.q } }, { uscc: { contains: options.q.toUpperCase() } }] } : {}),
  }
  const [rows, total] = await Promise.all([
    prisma.organization.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      skip: (options.page - 1) * options.pageSize,
      take: options.pageSize,
      select: {
        id: true,
        name: true,
        uscc: true,
        regionCode: true,
        region: { select: { name: true } },
        status: true,
        statusReason: true,
        statusChangedAt: true,
        intermediaryProfile: { select: { listedAt: true } },
        offeredServices: {
          orderBy: { serviceItemCode: 'asc' },
          select: { serviceItem: { select: { code: true, name: true } } },
        },
        _count: { select: { qualifications: { where: { status: 'SELF_DECLARED' } } } },
      },
    }),
    prisma.organization.count({ where }),
  ])
  return {
    total,
    items: rows.map((o) => ({
      id: o.id,
      name: o.name,
      uscc: o.uscc,
      regionCode: o.regionCode,
      regionName: o.region.name,
      status: o.status,
      statusReason: o.statusReason,
      statusChangedAt: o.statusChangedAt?.toISOString() ?? null,
      listedAt: o.intermediaryProfile?.listedAt?.toISOString() ?? null,
      serviceItems: o.offeredServices.map((s) => s.serviceItem),
      pendingQualifications: o._count.qualifications,
    })),
  }
}
