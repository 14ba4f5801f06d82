// Who may do what. Roles and their permission codes are rows (seeded by a migration); a permission
// code reads "action:entity:scope" where scope is own | field | any. `can` is the one helper that
// every loader, action and API handler uses to decide.
import { prisma } from '#app/db.server.ts'
import { forbidden } from '#app/domain/errors.ts'
import type { OrganizationStatus, OrganizationType } from '#app/generated/prisma/enums.ts'
import { regionCovers } from '#app/domain/catalogue/regions.ts'

export type Actor = {
  userId: string
  userName: string
  email: string
  organizationId: string
  organizationName: string
  organizationType: OrganizationType
  organizationStatus: OrganizationStatus
  roleName: string
  permissions: ReadonlySet<string>
  /** For a department: the region it covers (and below) and the service items it supervises. */
  department: { regionCode: string; fieldCode: string; serviceItemCodes: string[] } | null
}

/** The row a permission is checked against: whose it is and which field it belongs to. */
export type Resource = {
  organizationId?: string | null
  serviceItemCodes?: readonly string[]
  regionCode?: string | null
}

export async function loadActor(userId: string, organizationId: string): Promise<Actor | null> {
  const membership = await prisma.membership.findUnique({
    where: { userId_organizationId: { userId, organizationId } },
    select: {
      roleName: true,
      user: { select: { id: true, name: true, email: true } },
      organization: {
        select: {
          id: true,
          name: true,
          type: true,
          status: true,
          regionCode: true,
          department: { select: { fieldCode: true, serviceItems: { select: { serviceItemCode: true } } } },
        },
      },
      role: { select: { permissions: { select: { permissionCode: true } } } },
    },
  })
  if (!membership) return null
  const { organization, user } = membership
  return {
    userId: user.id,
    userName: user.name,
    email: user.email,
    organizationId: organization.id,
    organizationName: organization.name,
    organizationType: organization.type,
    organizationStatus: organization.status,
    roleName: membership.roleName,
    permissions: new Set(membership.role.permissions.map((p) => p.permissionCode)),
    department: organization.department
      ? {
          regionCode: organization.regionCode,
          fieldCode: organization.department.fieldCode,
          serviceItemCodes: organization.department.serviceItems.map((s) => s.serviceItemCode),
        }
      : null,
  }
}

/**
 * May this actor do `action:entity` (e.g. "verify:qualification") to this resource?
 * `any` allows everything; `field` allows rows of a service item the department supervises, in its
 * region or below; `own` allows rows of the acting organization (or creating new ones for it).
 */
export function can(actor: Actor | null, permission: string, resource?: Resource): boolean {
  if (!actor) return false
  const has = (scope: string) => actor.permissions.has(`${permission}:${scope}`)
  if (has('any')) return true
  if (has('field') && actor.department && resource?.serviceItemCodes) {
    const supervised = resource.serviceItemCodes.some((code) => actor.department!.serviceItemCodes.includes(code))
    const inRegion = !resource.regionCode || regionCovers(actor.department.regionCode, resource.regionCode)
    if (supervised && inRegion) return true
  }
  if (has('own')) {
    if (!resource || resource.organizationId === undefined) return true
    return resource.organizationId === actor.organizationId
  }
  return false
}

export function requirePermission(actor: Actor, permission: string, resource?: Resource): void {
  if (!can(actor, permission, resource)) throw forbidden()
}
