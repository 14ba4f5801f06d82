import { beforeAll, describe, expect, test } from 'vitest'
import { prisma } from '#app/db.server.ts'
import { verifyPassword } from '#app/domain/accounts/password.server.ts'
import { usccCheckCharacter } from '#app/domain/accounts/uscc.ts'
import { api } from '#tests/helpers/app.ts'
import { createMember, randomUscc } from '#tests/factories/index.ts'
import { DEPARTMENTS, departmentUscc } from '#prisma/seed/departments.ts'

let adminToken: string
let ownerToken: string
let sequence = 0

beforeAll(async () => {
  adminToken = (await createMember({ type: 'PLATFORM' })).token
  ownerToken = (await createMember({ type: 'OWNER' })).token
})

function body(overrides: Record<string, unknown> = {}, user: Record<string, unknown> = {}) {
  sequence += 1
  return {
    name: `成都市生态环境局${sequence}`,
    uscc: randomUscc('1'),
    regionCode: '510100',
    serviceItemCodes: ['ZJ-ECO-001'],
    user: {
      email: `dept${sequence}-${Date.now()}@example.com`,
      password: 'a-long-enough-password',
      name: '部门管理员',
      ...user,
    },
    ...overrides,
  }
}

async function counts() {
  const [organizations, departments, links, users, memberships, audits] = await Promise.all([
    prisma.organization.count(),
    prisma.department.count(),
    prisma.departmentServiceItem.count(),
    prisma.user.count(),
    prisma.membership.count(),
    prisma.auditEntry.count(),
  ])
  return { organizations, departments, links, users, memberships, audits }
}

describe('POST /api/v1/departments', () => {
  test('the admin creates a department with its service items, user, membership and an audit entry (201)', async () => {
    const input = body({ serviceItemCodes: ['ZJ-WATER-001', 'ZJ-WATER-002'] })
    const response = await api.post('/api/v1/departments', input, { token: adminToken })
    expect(response.status).toBe(201)
    const { organizationId, userId } = response.body
    expect(typeof organizationId).toBe('string')
    expect(typeof userId).toBe('string')

    const organization = await prisma.organization.findUniqueOrThrow({
      where: { id: organizationId },
      include: { department: { include: { serviceItems: true } } },
    })
    expect(organization).toMatchObject({ type: 'DEPARTMENT', uscc: input.uscc, name: input.name, regionCode: '510100' })
    expect(organization.department?.fieldCode).toBe('WATER')
    expect(organization.department?.serviceItems.map((s) => s.serviceItemCode).sort()).toEqual([
      'ZJ-WATER-001',
      'ZJ-WATER-002',
    ])
    const user = await prisma.user.findUniqueOrThrow({ where: { id: userId } })
    expect(user.email).toBe(input.user.email)
    expect(user.passwordHash).not.toContain(input.user.password)
    expect(await verifyPassword(user.passwordHash, input.user.password)).toBe(true)
    const membership = await prisma.membership.findUniqueOrThrow({
      where: { userId_organizationId: { userId, organizationId } },
    })
    expect(membership.roleName).toBe('department.admin')
    const entry = await prisma.auditEntry.findFirst({
      where: { entityType: 'Department', entityId: organizationId, action: 'create' },
    })
    expect(entry).not.toBeNull()
    expect(entry?.actorUserId).not.toBeNull()
  })

  test('the new department appears in the public list with its service item codes', async () => {
    const input = body({ serviceItemCodes: ['ZJ-NR-004', 'ZJ-NR-005'] })
    const created = await api.post('/api/v1/departments', input, { token: adminToken })
    const list = await api.get('/api/v1/departments?pageSize=100')
    expect(list.status).toBe(200)
    expect(list.body.items).toContainEqual(
      expect.objectContaining({
        id: created.body.organizationId,
        name: input.name,
        regionCode: '510100',
        serviceItemCodes: ['ZJ-NR-004', 'ZJ-NR-005'],
      }),
    )
  })

  test('an explicit fieldCode overrides the field of the first service item', async () => {
    const response = await api.post(
      '/api/v1/departments',
      body({ fieldCode: 'NATURAL_RESOURCES', serviceItemCodes: ['ZJ-NR-003'] }),
      { token: adminToken },
    )
    expect(response.status).toBe(201)
    const department = await prisma.department.findUniqueOrThrow({
      where: { organizationId: response.body.organizationId },
    })
    expect(department.fieldCode).toBe('NATURAL_RESOURCES')
  })

  test('without a token: 401 and nothing changes', async () => {
    const before = await counts()
    const response = await api.post('/api/v1/departments', body())
    expect(response.status).toBe(401)
    expect(await counts()).toEqual(before)
  })

  test('an owner may not create departments: 403 and nothing changes', async () => {
    const before = await counts()
    const response = await api.post('/api/v1/departments', body(), { token: ownerToken })
    expect(response.status).toBe(403)
    expect(await counts()).toEqual(before)
  })

  test('a USCC with a wrong check character: 400 with errors.uscc and nothing changes', async () => {
    const good = randomUscc('1')
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0')
    expect(usccCheckCharacter(bad.slice(0, 17))).not.toBe(bad[17])
    const before = await counts()
    const response = await api.post('/api/v1/departments', body({ uscc: bad }), { token: adminToken })
    expect(response.status).toBe(400)
    expect(response.body.errors.uscc).toBeDefined()
    expect(await counts()).toEqual(before)
  })

  test('a password shorter than 10 characters: 400 with errors["user.password"] and nothing changes', async () => {
    const before = await counts()
    const response = await api.post('/api/v1/departments', body({}, { password: 'short' }), { token: adminToken })
    expect(response.status).toBe(400)
    expect(response.body.errors['user.password']).toBeDefined()
    expect(await counts()).toEqual(before)
  })

  test('an unknown service item code: 400 with errors.serviceItemCodes and nothing changes', async () => {
    const before = await counts()
    const response = await api.post('/api/v1/departments', body({ serviceItemCodes: ['ZJ-ECO-001', 'ZJ-NOPE-404'] }), {
      token: adminToken,
    })
    expect(response.status).toBe(400)
    expect(response.body.errors.serviceItemCodes[0]).toContain('ZJ-NOPE-404')
    expect(await counts()).toEqual(before)
  })

  test('an unknown region code: 400 with errors.regionCode and nothing changes', async () => {
    const before = await counts()
    const response = await api.post('/api/v1/departments', body({ regionCode: '999999' }), { token: adminToken })
    expect(response.status).toBe(400)
    expect(response.body.errors.regionCode).toBeDefined()
    expect(await counts()).toEqual(before)
  })

  test('an unknown field in the body: 400 naming the field and nothing changes', async () => {
    const before = await counts()
    const response = await api.post('/api/v1/departments', body({ isAdmin: true }), { token: adminToken })
    expect(response.status).toBe(400)
    expect(response.body.errors.isAdmin).toBeDefined()
    expect(await counts()).toEqual(before)
  })

  test('an empty serviceItemCodes list: 400', async () => {
    const response = await api.post('/api/v1/departments', body({ serviceItemCodes: [] }), { token: adminToken })
    expect(response.status).toBe(400)
    expect(response.body.errors.serviceItemCodes).toBeDefined()
  })

  test('a USCC that is already registered: 409 with errors.uscc and nothing changes', async () => {
    const first = body()
    expect((await api.post('/api/v1/departments', first, { token: adminToken })).status).toBe(201)
    const before = await counts()
    const response = await api.post('/api/v1/departments', body({ uscc: first.uscc }), { token: adminToken })
    expect(response.status).toBe(409)
    expect(response.body.errors.uscc).toBeDefined()
    expect(await counts()).toEqual(before)
  })

  test('an e-mail that is already registered (in any letter case): 409 with errors["user.email"] and nothing changes', async () => {
    const first = body()
    expect((await api.post('/api/v1/departments', first, { token: adminToken })).status).toBe(201)
    const before = await counts()
    const response = await api.post('/api/v1/departments', body({}, { email: first.user.email.toUpperCase() }), {
      token: adminToken,
    })
    expect(response.status).toBe(409)
    expect(response.body.errors['user.email']).toBeDefined()
    expect(await counts()).toEqual(before)
  })
})

describe('GET /api/v1/departments', () => {
  test('is public and lists the seeded department of every field with { id, name, regionCode, serviceItemCodes }', async () => {
    const response = await api.get('/api/v1/departments?pageSize=100')
    expect(response.status).toBe(200)
    const seeded = await prisma.organization.findMany({
      where: { uscc: { in: DEPARTMENTS.map((_, i) => departmentUscc(i)) } },
    })
    expect(seeded).toHaveLength(DEPARTMENTS.length)
    const eco = response.body.items.find((d: { name: string }) => d.name === '四川省生态环境厅')
    expect(eco).toEqual({
      id: expect.any(String),
      name: '四川省生态环境厅',
      regionCode: '510000',
      fieldCode: 'ECOLOGY',
      serviceItemCodes: ['ZJ-ECO-001'],
    })
  })

  test('pageSize above 100 is refused with 400', async () => {
    expect((await api.get('/api/v1/departments?pageSize=101')).status).toBe(400)
  })
})
