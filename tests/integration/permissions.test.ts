// The authorization matrix: for every role in the Role table, an actor of that role is checked
// against every permission code of the Permission table, with the scopes of RolePermission:
// own (rows of the acting organization), field (the department's service items in its region and
// below) and any (platform-wide). The expectations are read from the same tables as `can`.
import crypto from 'node:crypto'
import { beforeAll, describe, expect, test } from 'vitest'
import { prisma } from '#app/db.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import { PERMISSION_CODES } from '#app/domain/permissions/codes.ts'
import { can, hasPermission, loadActor, requirePermission, type Actor, type Permission } from '#app/domain/permissions/permissions.server.ts'
import type { OrganizationType } from '#app/generated/prisma/enums.ts'
import { createMember, createOrganization } from '#tests/factories/index.ts'
import { api } from '#tests/helpers/app.ts'

const suffix = crypto.randomBytes(3).toString('hex')
const SUPERVISED = `T-SUP-${suffix}`
const UNSUPERVISED = `T-OTH-${suffix}`
const DEPARTMENT_REGION = '510100' // 成都市
const IN_REGION = '510107' // 成都市武侯区
const OUT_OF_REGION = '511002' // 内江市市中区

type RoleRow = { name: string; organizationType: OrganizationType; permissions: string[] }

let roles: RoleRow[] = []
let actionEntities: Permission[] = []
const actors = new Map<string, Actor>()
let otherOrganizationId = ''

beforeAll(async () => {
  const field = await prisma.field.create({ data: { code: `TF${suffix}`, name: `测试领域${suffix}` } })
  for (const code of [SUPERVISED, UNSUPERVISED]) {
    await prisma.serviceItem.create({
      data: { code, name: `测试中介服务${code}`, department: '测试主管部门', fieldCode: field.code, legalBasis: '测试依据', standardDays: 20 },
    })
  }
  const rows = await prisma.role.findMany({ include: { permissions: true }, orderBy: { name: 'asc' } })
  roles = rows.map((r) => ({ name: r.name, organizationType: r.organizationType, permissions: r.permissions.map((p) => p.permissionCode) }))
  const codes = await prisma.permission.findMany({ select: { code: true } })
  actionEntities = [...new Set(codes.map((c) => c.code.split(':').slice(0, 2).join(':') as Permission))]

  const departmentOrganization = await createOrganization({ type: 'DEPARTMENT', regionCode: DEPARTMENT_REGION })
  await prisma.department.create({
    data: { organizationId: departmentOrganization.id, fieldCode: field.code, serviceItems: { create: [{ serviceItemCode: SUPERVISED }] } },
  })
  for (const role of roles) {
    const member = await createMember(
      role.organizationType === 'DEPARTMENT'
        ? { organizationId: departmentOrganization.id, roleName: role.name }
        : { type: role.organizationType, roleName: role.name },
    )
    const actor = await loadActor(member.user.id, member.organization.id)
    actors.set(role.name, actor!)
  }
  otherOrganizationId = (await createOrganization({ type: 'INTERMEDIARY', regionCode: IN_REGION })).id
})

const scopesOf = (role: RoleRow, actionEntity: string) =>
  new Set(role.permissions.filter((p) => p.startsWith(`${actionEntity}:`)).map((p) => p.split(':')[2]))

describe('the permission codes', () => {
  test('the migrated Permission table holds exactly the codes of codes.ts, and every role uses only those', async () => {
    const table = await prisma.permission.findMany({ select: { code: true }, orderBy: { code: 'asc' } })
    expect(table.map((p) => p.code)).toEqual([...PERMISSION_CODES].sort())
    const granted = await prisma.rolePermission.findMany({ select: { permissionCode: true }, distinct: ['permissionCode'] })
    for (const { permissionCode } of granted) expect(PERMISSION_CODES).toContain(permissionCode)
  })

  test('a permission is named without its scope; a code with a scope or a typo does not type-check', () => {
    const admin = actors.get('platform.admin')!
    expect(can(admin, 'manage:platform-rule')).toBe(true)
    // @ts-expect-error the caller never appends a scope: the helper does
    expect(can(admin, 'manage:platform-rule:any')).toBe(false)
    // @ts-expect-error a misspelt permission fails the type check
    expect(can(admin, 'verify:qualifcation')).toBe(false)
  })

  test('hasPermission: the role holds the permission at some scope (a department its field scope), whatever the row', () => {
    expect(hasPermission(actors.get('department.member')!, 'decide:objection')).toBe(true)
    expect(can(actors.get('department.member')!, 'decide:objection')).toBe(false)
    expect(hasPermission(actors.get('platform.admin')!, 'decide:objection')).toBe(true)
    expect(hasPermission(actors.get('owner.admin')!, 'decide:objection')).toBe(false)
    expect(hasPermission(actors.get('intermediary.member')!, 'create:bid')).toBe(true)
    expect(hasPermission(null, 'read:me')).toBe(false)
  })

  test('a row given without an organization is never "own": an owner is no supervisor of a field row', () => {
    const owner = actors.get('owner.admin')!
    expect(can(owner, 'read:project', { organizationId: owner.organizationId })).toBe(true)
    expect(can(owner, 'read:project', { serviceItemCodes: [SUPERVISED], regionCode: IN_REGION })).toBe(false)
  })
})

describe('the role tables', () => {
  test('what used to be a test of the organization type is a permission that only that type holds', () => {
    const holders = (code: string) => [...new Set(roles.filter((r) => r.permissions.includes(code)).map((r) => r.organizationType))]
    for (const code of ['create:bid:own', 'respond:direct-selection:own', 'file:objection:own', 'read:profile:own', 'update:profile:own', 'create:qualification:own']) {
      expect({ code, types: holders(code) }).toEqual({ code, types: ['INTERMEDIARY'] })
    }
    for (const code of ['create:project:own', 'read:project:own', 'manage:announcement:own']) {
      expect({ code, types: holders(code) }).toEqual({ code, types: ['OWNER'] })
    }
    for (const code of ['read:supervision:any', 'verify:qualification:any', 'manage:platform-rule:any']) {
      expect({ code, types: holders(code) }).toEqual({ code, types: ['PLATFORM'] })
    }
  })

  test('every organization type has its roles, each with at least read:me:own and manage:token:own', () => {
    expect(roles.map((r) => r.name)).toEqual(
      expect.arrayContaining(['owner.admin', 'owner.member', 'intermediary.admin', 'intermediary.member', 'department.admin', 'department.member', 'platform.admin']),
    )
    for (const role of roles) expect(role.permissions).toEqual(expect.arrayContaining(['read:me:own', 'manage:token:own']))
  })
})

describe('can() for every role and every permission', () => {
  test('own scope: allowed on rows of the acting organization; on another organization only with the any scope', () => {
    for (const role of roles) {
      const actor = actors.get(role.name)!
      for (const actionEntity of actionEntities) {
        const scopes = scopesOf(role, actionEntity)
        const own = can(actor, actionEntity, { organizationId: actor.organizationId })
        const other = can(actor, actionEntity, { organizationId: otherOrganizationId })
        expect({ role: role.name, actionEntity, own }).toEqual({ role: role.name, actionEntity, own: scopes.has('own') || scopes.has('any') })
        expect({ role: role.name, actionEntity, other }).toEqual({ role: role.name, actionEntity, other: scopes.has('any') })
      }
    }
  })

  test('field scope: a department may act on rows of its supervised service items in its region and below, nothing else', () => {
    for (const role of roles) {
      const actor = actors.get(role.name)!
      for (const actionEntity of actionEntities) {
        const scopes = scopesOf(role, actionEntity)
        const inField = can(actor, actionEntity, { organizationId: otherOrganizationId, serviceItemCodes: [SUPERVISED], regionCode: IN_REGION })
        const otherItem = can(actor, actionEntity, { organizationId: otherOrganizationId, serviceItemCodes: [UNSUPERVISED], regionCode: IN_REGION })
        const otherRegion = can(actor, actionEntity, { organizationId: otherOrganizationId, serviceItemCodes: [SUPERVISED], regionCode: OUT_OF_REGION })
        const label = { role: role.name, actionEntity }
        expect({ ...label, inField }).toEqual({ ...label, inField: scopes.has('any') || (scopes.has('field') && role.organizationType === 'DEPARTMENT') })
        expect({ ...label, otherItem }).toEqual({ ...label, otherItem: scopes.has('any') })
        expect({ ...label, otherRegion }).toEqual({ ...label, otherRegion: scopes.has('any') })
      }
    }
  })

  test('nobody is allowed anything when not signed in', () => {
    for (const actionEntity of actionEntities) expect(can(null, actionEntity)).toBe(false)
  })
})

describe('representative rules', () => {
  test('an intermediary may bid but not create projects; an owner may create projects but not bid', () => {
    const intermediary = actors.get('intermediary.admin')!
    const owner = actors.get('owner.admin')!
    expect(can(intermediary, 'create:bid', { organizationId: intermediary.organizationId })).toBe(true)
    expect(can(intermediary, 'create:project', { organizationId: intermediary.organizationId })).toBe(false)
    expect(can(owner, 'create:project', { organizationId: owner.organizationId })).toBe(true)
    expect(can(owner, 'create:bid', { organizationId: owner.organizationId })).toBe(false)
  })

  test('members cannot change their organization or its members; admins can, only for their own', () => {
    for (const member of ['owner.member', 'intermediary.member', 'department.member']) {
      const actor = actors.get(member)!
      expect(can(actor, 'manage:member', { organizationId: actor.organizationId })).toBe(false)
      expect(can(actor, 'update:organization', { organizationId: actor.organizationId })).toBe(false)
    }
    const admin = actors.get('owner.admin')!
    expect(can(admin, 'update:organization', { organizationId: admin.organizationId })).toBe(true)
    expect(can(admin, 'update:organization', { organizationId: otherOrganizationId })).toBe(false)
  })

  test('a department may suspend an intermediary of its field only as admin; the platform admin anywhere', () => {
    const resource = { organizationId: otherOrganizationId, serviceItemCodes: [SUPERVISED], regionCode: IN_REGION }
    expect(can(actors.get('department.admin')!, 'suspend:organization', resource)).toBe(true)
    expect(can(actors.get('department.member')!, 'suspend:organization', resource)).toBe(false)
    expect(can(actors.get('platform.admin')!, 'suspend:organization', { organizationId: otherOrganizationId })).toBe(true)
  })

  test('an intermediary (wrong role) calling an admin-only action is refused with 403 forbidden', () => {
    const intermediary = actors.get('intermediary.admin')!
    let thrown: unknown
    try {
      requirePermission(intermediary, 'manage:department')
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(DomainError)
    expect((thrown as DomainError).status).toBe(403)
    expect(() => requirePermission(actors.get('platform.admin')!, 'manage:department')).not.toThrow()
  })

  test('an actor carries exactly the permissions of its role, and /me lists them', async () => {
    for (const role of roles) expect([...actors.get(role.name)!.permissions].sort()).toEqual([...role.permissions].sort())
    const owner = await createMember({ type: 'OWNER', roleName: 'owner.member' })
    const me = await api.get('/api/v1/me', { token: owner.token })
    expect(me.body.permissions).toEqual([...roles.find((r) => r.name === 'owner.member')!.permissions].sort())
  })
})
