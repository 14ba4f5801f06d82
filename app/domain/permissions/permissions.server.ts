// Who may do what. Roles and their permission codes are rows (seeded by a migration); a permission
// code reads "action:entity:scope" where scope is own | field | any. `can` is the one helper that
// every loader, action and API handler uses to decide.
import { prisma } from '#app/db.server.ts'
import { forbidden } from '#app/domain/errors.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
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

/** An actor as one SQL row; the ids are null when an outer join found no membership. */
type ActorRow = Omit<Actor, 'userId' | 'organizationId' | 'permissions' | 'department'> & {
  userId: string | null
  organizationId: string | null
  regionCode: string
  fieldCode: string | null
  permissionCodes: unknown
  serviceItemCodes: unknown
}

/** A JSON_ARRAYAGG column: text on MariaDB, parsed JSON on MySQL 8, NULL for no rows. */
function stringArray(value: unknown): string[] {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value
  return Array.isArray(parsed) ? parsed.map(String) : []
}

/**
 * Rows of `source` (a FROM clause that binds the alias m to Membership, possibly through an outer
 * join) with the actor of m: the user, the organization, the role's permission codes and, for a
 * department, what it supervises. One statement, as it runs on every authenticated request (the
 * nested Prisma select took seven). `extra` adds columns of the source.
 */
export async function queryActorRows<Extra extends object = object>(
  source: Prisma.Sql,
  where: Prisma.Sql,
  extra: Prisma.Sql = Prisma.empty,
): Promise<Array<ActorRow & Extra>> {
  return prisma.$queryRaw<Array<ActorRow & Extra>>`
    SELECT ${extra} u.id AS userId, u.name AS userName, u.email, o.id AS organizationId, o.name AS organizationName,
           o.type AS organizationType, o.status AS organizationStatus, o.regionCode, m.roleName, d.fieldCode,
           (SELECT JSON_ARRAYAGG(rp.permissionCode) FROM RolePermission rp WHERE rp.roleName = m.roleName) AS permissionCodes,
           (SELECT JSON_ARRAYAGG(ds.serviceItemCode) FROM DepartmentServiceItem ds WHERE ds.departmentId = d.organizationId) AS serviceItemCodes
      FROM ${source}
      LEFT JOIN User u ON u.id = m.userId
      LEFT JOIN Organization o ON o.id = m.organizationId
      LEFT JOIN Department d ON d.organizationId = o.id
     WHERE ${where}`
}

/** The actor of a row of {@link queryActorRows}; null when the source had no membership. */
export function actorOfRow(row: ActorRow): Actor | null {
  if (row.userId === null || row.organizationId === null) return null
  return {
    userId: row.userId,
    userName: row.userName,
    email: row.email,
    organizationId: row.organizationId,
    organizationName: row.organizationName,
    organizationType: row.organizationType,
    organizationStatus: row.organizationStatus,
    roleName: row.roleName,
    permissions: new Set(stringArray(row.permissionCodes)),
    department:
      row.fieldCode === null
        ? null
        : { regionCode: row.regionCode, fieldCode: row.fieldCode, serviceItemCodes: stringArray(row.serviceItemCodes) },
  }
}

/** The acting user in one organization. */
export async function loadActor(userId: string, organizationId: string): Promise<Actor | null> {
  const [row] = await queryActorRows(
    Prisma.sql`Membership m`,
    Prisma.sql`m.userId = ${userId} AND m.organizationId = ${organizationId}`,
  )
  return row ? actorOfRow(row) : null
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
