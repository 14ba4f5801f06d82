// Who may act on an intermediary's entry: the intermediary itself (scope own) for its own entry,
// and for supervision a department whose supervised service items the intermediary offers, in the
// department's region or below (scope field), or the platform admin (scope any).
import { type prisma, type Tx } from '#app/db.server.ts'
import { forbidden, notFound } from '#app/domain/errors.ts'
import {
  requirePermission,
  type Actor,
  type Permission,
  type Resource,
} from '#app/domain/permissions/permissions.server.ts'
import { regionPrefix } from '#app/domain/catalogue/regions.ts'
import type { Prisma } from '#app/generated/prisma/client.ts'

/** What an intermediary does with its own entry; only intermediary roles hold these permissions. */
export type OwnEntryPermission = Extract<Permission, 'read:profile' | 'update:profile' | 'create:qualification'>

/** The acting intermediary's organization id, when it holds `permission` (e.g. "update:profile"). */
export function requireOwnIntermediary(actor: Actor, permission: OwnEntryPermission): string {
  requirePermission(actor, permission, { organizationId: actor.organizationId }, '仅中介机构可以办理此事项')
  return actor.organizationId
}

/** The permission resource of an intermediary: the service items it offers and its region. */
export async function intermediaryResource(
  db: Tx | typeof prisma,
  organizationId: string,
): Promise<Resource & { organizationId: string; type: string; status: string; name: string }> {
  const organization = await db.organization.findUnique({
    where: { id: organizationId },
    select: {
      id: true,
      name: true,
      type: true,
      status: true,
      regionCode: true,
      offeredServices: { select: { serviceItemCode: true } },
    },
  })
  if (!organization) throw notFound('未找到该机构')
  return {
    organizationId: organization.id,
    name: organization.name,
    type: organization.type,
    status: organization.status,
    regionCode: organization.regionCode,
    serviceItemCodes: organization.offeredServices.map((s) => s.serviceItemCode),
  }
}

/**
 * The intermediaries a supervisor sees, as a Prisma filter: everything for the platform admin;
 * for a department, the intermediaries offering one of its service items in its region or below.
 */
export function supervisedIntermediariesWhere(actor: Actor): Prisma.OrganizationWhereInput {
  const base: Prisma.OrganizationWhereInput = { type: 'INTERMEDIARY' }
  if (actor.permissions.has('read:supervision:any')) return base
  if (actor.permissions.has('read:supervision:field') && actor.department) {
    return {
      ...base,
      regionCode: { startsWith: regionPrefix(actor.department.regionCode) },
      offeredServices: { some: { serviceItemCode: { in: actor.department.serviceItemCodes } } },
    }
  }
  throw forbidden('仅行业主管部门和平台管理员可以查看')
}
