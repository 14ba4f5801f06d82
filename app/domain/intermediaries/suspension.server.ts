// Suspending an entry (暂停入驻) and reinstating it: by a department supervising one of the
// intermediary's service items in its region (suspend:organization:field) or the platform admin
// (suspend:organization:any), always with a recorded, public reason. Nothing is ever deleted: the
// entry stays listed and shows as suspended; a suspended intermediary cannot bid.
import { prisma } from '#app/db.server.ts'
import { audit } from '#app/domain/audit/audit.server.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import { conflict, forbidden, invalid, notFound } from '#app/domain/errors.ts'
import { intermediaryResource, supervisedIntermediariesWhere } from '#app/domain/intermediaries/access.server.ts'
import { ReasonInput } from '#app/domain/intermediaries/entry-schemas.ts'
import { enqueueSearchSync } from '#app/domain/intermediaries/search-sync.server.ts'
import { notify } from '#app/domain/notifications/notifications.server.ts'
import { can, type Actor } from '#app/domain/permissions/permissions.server.ts'
import type { OrganizationStatus } from '#app/generated/prisma/enums.ts'
import { fieldErrorsOf, type Pagination } from '#app/utils/zod.ts'

export const SUSPEND_ORGANIZATION = 'suspend:organization'

export type StatusChange = { id: string; status: OrganizationStatus; statusReason: string | null; statusChangedAt: string | null }

async function changeStatus(actor: Actor, organizationId: string, next: OrganizationStatus, rawReason: unknown) {
  return prisma.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM Organization WHERE id = ${organizationId} FOR UPDATE`
    if (!locked) throw notFound('未找到该机构')
    const resource = await intermediaryResource(tx, organizationId)
    if (resource.type !== 'INTERMEDIARY') throw notFound('未找到该中介机构')
    if (!can(actor, SUSPEND_ORGANIZATION, resource)) {
      throw forbidden('只有该机构所提供服务事项的行业主管部门或平台管理员可以暂停或恢复其入驻')
    }
    const parsed = ReasonInput.safeParse(rawReason)
    if (!parsed.success) throw invalid(next === 'SUSPENDED' ? '暂停入驻须填写理由' : '恢复入驻须填写理由', fieldErrorsOf(parsed.error))
    const reason = parsed.data.reason
    const before = await tx.organization.findUniqueOrThrow({
      where: { id: organizationId },
      select: { status: true, statusReason: true, statusChangedAt: true },
    })
    if (before.status === next) throw conflict(next === 'SUSPENDED' ? '该机构已处于暂停状态' : '该机构未被暂停')
    const at = now()
    const row = await tx.organization.update({
      where: { id: organizationId },
      data: { status: next, statusReason: reason, statusChangedAt: at },
      select: { id: true, status: true, statusReason: true, statusChangedAt: true },
    })
    await audit(tx, {
      actor,
      entityType: 'Organization',
      entityId: organizationId,
      action: next === 'SUSPENDED' ? 'suspend' : 'reinstate',
      before,
      after: { status: next, statusReason: reason, statusChangedAt: at },
    })
    await notify(tx, {
      organizationId,
      kind: next === 'SUSPENDED' ? 'organization-suspended' : 'organization-reinstated',
      title: next === 'SUSPENDED' ? '贵机构的入驻已被暂停' : '贵机构的入驻已恢复',
      body: `${actor.organizationName}${next === 'SUSPENDED' ? '暂停了贵机构的入驻' : '恢复了贵机构的入驻'}，理由：${reason}`,
      link: '/account/entry',
    })
    await enqueueSearchSync(tx, organizationId)
    return { ...row, statusChangedAt: row.statusChangedAt?.toISOString() ?? null }
  })
}

export function suspendIntermediary(actor: Actor, organizationId: string, input: unknown): Promise<StatusChange> {
  return changeStatus(actor, organizationId, 'SUSPENDED', input)
}

export function reinstateIntermediary(actor: Actor, organizationId: string, input: unknown): Promise<StatusChange> {
  return changeStatus(actor, organizationId, 'ACTIVE', input)
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
