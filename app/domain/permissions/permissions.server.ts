// Who may do what. Roles and their permission codes are rows (seeded by migrations; the codes are
// listed once in codes.ts); a code reads "action:entity:scope" where scope is own | field | any.
// `can` is the one helper that every loader, action and API handler uses to decide: callers name
// the permission without a scope ("verify:qualification") and the row it concerns, never a code.
import { prisma } from '#app/db.server.ts'
import { forbidden } from '#app/domain/errors.ts'
import { isPermissionCode, type Permission, type PermissionCode, type Scope } from '#app/domain/permissions/codes.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
import type { OrganizationStatus, OrganizationType } from '#app/generated/prisma/enums.ts'
import { regionCovers } from '#app/domain/catalogue/regions.ts'

export type { Permission, PermissionCode, Scope } from '#app/domain/permissions/codes.ts'

export type Actor = {
  userId: string
  userName: string
  email: string
  organizationId: string
  organizationName: string
  organizationType: OrganizationType
  organizationStatus: OrganizationStatus
  roleName: string
  permissions: ReadonlySet<PermissionCode>
  /** For a department: the region it covers (and below), its field and the service items it supervises. */
  department: Department | null
}

type Department = { regionCode: string; fieldCode: string; serviceItemCodes: string[] }

/** The row a permission is checked against: whose it is, which field it belongs to and where. */
export type Resource = {
  /** The organization the row belongs to (scope own). */
  organizationId?: string | null
  /** The service items the row concerns: a department supervising one of them has it in its field. */
  serviceItemCodes?: readonly string[]
  /** The fields that govern the row directly (e.g. the field of a qualification type). */
  fieldCodes?: readonly string[]
  /** Where the row is: a department acts in its region and below. */
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
    permissions: new Set(stringArray(row.permissionCodes).filter(isPermissionCode)),
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

/** Whether the row lies in the department's field (a supervised service item or a governed field) and region. */
function inField(department: Department, resource: Resource): boolean {
  const supervised = resource.serviceItemCodes?.some((code) => department.serviceItemCodes.includes(code)) ?? false
  const governed = resource.fieldCodes?.includes(department.fieldCode) ?? false
  const inRegion = !resource.regionCode || regionCovers(department.regionCode, resource.regionCode)
  return (supervised || governed) && inRegion
}

const holds = (actor: Actor, permission: Permission, scope: Scope) =>
  actor.permissions.has(`${permission}:${scope}` as PermissionCode)

/**
 * May this actor do `action:entity` (e.g. "verify:qualification") to this resource?
 * `any` allows everything; `field` allows rows in the department's field (see {@link Resource}), in
 * its region or below; `own` allows rows of the acting organization, or acting for it when no row
 * is given (creating one). A row given without an organization is never "own".
 */
export function can(actor: Actor | null, permission: Permission, resource?: Resource): boolean {
  if (!actor) return false
  if (holds(actor, permission, 'any')) return true
  if (holds(actor, permission, 'field') && actor.department && resource && inField(actor.department, resource)) return true
  if (holds(actor, permission, 'own')) return resource === undefined || resource.organizationId === actor.organizationId
  return false
}

/** Whether the actor's role holds the permission at some scope (it may still be refused a given row). */
export function hasPermission(actor: Actor | null, permission: Permission): boolean {
  return actor !== null && (['own', 'field', 'any'] as const).some((scope) => holds(actor, permission, scope))
}

/** Throws 403 (with `message`, a sentence for the clerk) unless {@link can} allows it. */
export function requirePermission(actor: Actor, permission: Permission, resource?: Resource, message?: string): void {
  if (!can(actor, permission, resource)) throw forbidden(message)
}
