// Accounts through the API: register → token → /me, and every refusal of POST /api/v1/auth/register
// (each one checks that no organization, user or membership was created).
import { describe, expect, test } from 'vitest'
import { prisma } from '#app/db.server.ts'
import { verifyPassword } from '#app/domain/accounts/password.server.ts'
import { registerOrganization } from '#app/domain/accounts/registration.server.ts'
import { USCC_MESSAGES } from '#app/domain/accounts/uscc.ts'
import { verifyAuditLog } from '#tests/helpers/transparency.ts'
import { DomainError } from '#app/domain/errors.ts'
import { createMember, randomUscc } from '#tests/factories/index.ts'
import { accountCounts, registrationBody, STRONG_PASSWORD } from '#tests/helpers/accounts.ts'
import { api, call } from '#tests/helpers/app.ts'

/** Runs a request that must be refused and proves that it created nothing. */
async function refused(run: () => Promise<{ status: number; body: any; headers: Headers }>) {
  const before = await accountCounts()
  const response = await run()
  expect(await accountCounts()).toEqual(before)
  expect(response.headers.get('Content-Type')).toMatch(/application\/problem\+json/)
  return response
}

describe('register → token → me', () => {
  test('an intermediary registers, gets a token and reads itself through /me', async () => {
    const body = registrationBody()
    const registered = await api.post('/api/v1/auth/register', body)
    expect(registered.status).toBe(201)
    expect(registered.body).toEqual({ userId: expect.any(String), organizationId: expect.any(String) })

    const issued = await api.post('/api/v1/auth/token', { email: body.user.email, password: STRONG_PASSWORD })
    expect(issued.status).toBe(200)
    expect(issued.body.token).toMatch(/^zjcs_/)
    expect(Date.parse(issued.body.expiresAt)).toBeGreaterThan(Date.now())

    const me = await api.get('/api/v1/me', { token: issued.body.token })
    expect(me.status).toBe(200)
    expect(me.body).toMatchObject({
      user: { id: registered.body.userId, email: body.user.email, name: body.user.name },
      organization: {
        id: registered.body.organizationId,
        type: 'INTERMEDIARY',
        uscc: body.organization.uscc,
        name: body.organization.name,
        regionCode: '510107',
        status: 'ACTIVE',
      },
      roles: ['intermediary.admin'],
    })
    expect(me.body.permissions).toContain('create:bid:own')
    expect(me.body.permissions).not.toContain('create:project:own')
  })

  test('an owner registers as owner.admin with its details stored, the USCC upper-cased and the e-mail lower-cased', async () => {
    const uscc = randomUscc()
    const body = registrationBody({
      organization: { type: 'OWNER', uscc: uscc.toLowerCase(), name: '四川天府新城建设开发有限公司' },
      user: { email: 'Owner.Admin@Example.COM' },
    })
    const registered = await api.post('/api/v1/auth/register', body)
    expect(registered.status).toBe(201)
    const organization = await prisma.organization.findUniqueOrThrow({ where: { id: registered.body.organizationId } })
    expect(organization).toMatchObject({
      type: 'OWNER',
      uscc,
      legalRepresentative: '张明远',
      contactName: '黄丽',
      contactPhone: '028-85101101',
      status: 'ACTIVE',
    })
    const membership = await prisma.membership.findFirstOrThrow({ where: { organizationId: organization.id } })
    expect(membership.roleName).toBe('owner.admin')
    const user = await prisma.user.findUniqueOrThrow({ where: { id: registered.body.userId } })
    expect(user.email).toBe('owner.admin@example.com')
    expect(user.passwordHash).toMatch(/^\$argon2id\$/)
    expect(await verifyPassword(user.passwordHash, STRONG_PASSWORD)).toBe(true)
  })

  test('registration is audited without the password hash, and the audit chain still verifies', async () => {
    const body = registrationBody()
    const registered = await api.post('/api/v1/auth/register', body)
    expect(registered.status).toBe(201)
    const entries = await prisma.auditEntry.findMany({
      where: { entityId: { in: [registered.body.userId, registered.body.organizationId] } },
    })
    expect(entries.map((e) => `${e.entityType}:${e.action}`).sort()).toEqual(['Organization:register', 'User:register'])
    for (const entry of entries) {
      expect(entry.after).not.toContain('argon2')
      expect(entry.after).not.toContain(STRONG_PASSWORD)
      expect(entry.after).not.toContain('passwordHash')
    }
    expect((await verifyAuditLog()).ok).toBe(true)
  })

  test('with several memberships and no organizationId the token acts for the oldest membership', async () => {
    const first = await createMember({ type: 'OWNER', email: 'two-orgs@example.com' })
    const second = await createMember({ type: 'INTERMEDIARY' })
    await prisma.membership.create({ data: { userId: first.user.id, organizationId: second.organization.id, roleName: 'intermediary.member' } })

    const issued = await api.post('/api/v1/auth/token', { email: 'two-orgs@example.com', password: 'correct-horse-battery' })
    expect(issued.status).toBe(200)
    const me = await api.get('/api/v1/me', { token: issued.body.token })
    expect(me.body.organization.id).toBe(first.organization.id)

    const chosen = await api.post('/api/v1/auth/token', {
      email: 'two-orgs@example.com',
      password: 'correct-horse-battery',
      organizationId: second.organization.id,
    })
    expect(chosen.status).toBe(200)
    const meThere = await api.get('/api/v1/me', { token: chosen.body.token })
    expect(meThere.body.organization.id).toBe(second.organization.id)
    expect(meThere.body.roles).toEqual(['intermediary.member'])
  })
})

describe('POST /api/v1/auth/register refuses bad input and creates nothing', () => {
  test.each([
    ['too short', '9151010755138508', USCC_MESSAGES.length],
    ['too long', '91510107551385082QQ', USCC_MESSAGES.length],
    ['with the letter O', '9151010755138508OQ', USCC_MESSAGES.characters],
    ['with the letter I', 'I1510107551385082Q', USCC_MESSAGES.characters],
    ['with a wrong check character', '91110108551385082R', USCC_MESSAGES.check],
  ])('a USCC %s is a 400 naming organization.uscc', async (_case, uscc, message) => {
    const response = await refused(() => api.post('/api/v1/auth/register', registrationBody({ organization: { uscc } })))
    expect(response.status).toBe(400)
    expect(response.body.errors['organization.uscc']).toEqual([message])
  })

  test('a password of 9 characters is a 400 naming user.password', async () => {
    const response = await refused(() => api.post('/api/v1/auth/register', registrationBody({ user: { password: '123456789' } })))
    expect(response.status).toBe(400)
    expect(response.body.errors['user.password']).toEqual(['密码至少 10 个字符'])
  })

  test('a malformed e-mail, a missing name and an unknown region are 400 with errors', async () => {
    const email = await refused(() => api.post('/api/v1/auth/register', registrationBody({ user: { email: 'no-at-sign' } })))
    expect(email.status).toBe(400)
    expect(email.body.errors['user.email']).toBeDefined()
    const body = registrationBody()
    delete (body.organization as Partial<typeof body.organization>).name
    const name = await refused(() => api.post('/api/v1/auth/register', body))
    expect(name.status).toBe(400)
    expect(name.body.errors['organization.name']).toBeDefined()
    const region = await refused(() => api.post('/api/v1/auth/register', registrationBody({ organization: { regionCode: '519999' } })))
    expect(region.status).toBe(400)
    expect(region.body.errors['organization.regionCode']).toBeDefined()
  })

  test('a department or the platform cannot register itself (400)', async () => {
    for (const type of ['DEPARTMENT', 'PLATFORM']) {
      const response = await refused(() => api.post('/api/v1/auth/register', registrationBody({ organization: { type } })))
      expect(response.status).toBe(400)
      expect(response.body.errors['organization.type']).toBeDefined()
    }
  })

  test('a duplicate USCC is refused with 409 and creates nothing', async () => {
    const first = registrationBody()
    expect((await api.post('/api/v1/auth/register', first)).status).toBe(201)
    const response = await refused(() =>
      api.post('/api/v1/auth/register', registrationBody({ organization: { uscc: first.organization.uscc.toLowerCase() } })),
    )
    expect(response.status).toBe(409)
    expect(response.body.errors['organization.uscc']).toBeDefined()
    expect(response.body.errors['user.email']).toBeUndefined()
  })

  test('a duplicate e-mail (in any case) is refused with 409 and creates nothing', async () => {
    const first = registrationBody()
    expect((await api.post('/api/v1/auth/register', first)).status).toBe(201)
    const response = await refused(() =>
      api.post('/api/v1/auth/register', registrationBody({ user: { email: first.user.email.toUpperCase() } })),
    )
    expect(response.status).toBe(409)
    expect(response.body.errors['user.email']).toBeDefined()
  })

  test('unknown fields are a 400 whose errors name each field', async () => {
    const body = { ...registrationBody(), referrer: 'x' } as Record<string, unknown>
    ;(body.organization as Record<string, unknown>).registeredCapital = 5_000_000
    const response = await refused(() => api.post('/api/v1/auth/register', body))
    expect(response.status).toBe(400)
    expect(Object.keys(response.body.errors)).toEqual(expect.arrayContaining(['referrer', 'organization.registeredCapital']))
  })

  test('malformed JSON is a 400', async () => {
    const response = await refused(() =>
      call('POST', '/api/v1/auth/register', { body: '{"organization": {', headers: { 'Content-Type': 'application/json' } }),
    )
    expect(response.status).toBe(400)
  })

  test('a text/plain body is a 415', async () => {
    const response = await refused(() =>
      call('POST', '/api/v1/auth/register', { body: JSON.stringify(registrationBody()), headers: { 'Content-Type': 'text/plain' } }),
    )
    expect(response.status).toBe(415)
  })

  test('a body over 1 MiB is a 413', async () => {
    const body = registrationBody({ organization: { address: 'x'.repeat(1024 * 1024 + 10) } })
    const response = await refused(() => api.post('/api/v1/auth/register', body))
    expect(response.status).toBe(413)
  })
})

describe('Idempotency-Key on register', () => {
  test('the same key and body replay the first 201 and create only one organization', async () => {
    const body = registrationBody()
    const headers = { 'Idempotency-Key': 'register-once-1' }
    const first = await api.post('/api/v1/auth/register', body, { headers })
    expect(first.status).toBe(201)
    const before = await accountCounts()
    const second = await api.post('/api/v1/auth/register', body, { headers })
    expect(second.status).toBe(201)
    expect(second.body).toEqual(first.body)
    expect(second.headers.get('Idempotent-Replayed')).toBe('true')
    expect(await accountCounts()).toEqual(before)
    expect(await prisma.organization.count({ where: { uscc: body.organization.uscc } })).toBe(1)
  })

  test('the same key with another body is a 409 and creates nothing', async () => {
    const headers = { 'Idempotency-Key': 'register-once-2' }
    expect((await api.post('/api/v1/auth/register', registrationBody(), { headers })).status).toBe(201)
    const response = await refused(() => api.post('/api/v1/auth/register', registrationBody(), { headers }))
    expect(response.status).toBe(409)
  })
})

describe('registerOrganization (domain)', () => {
  test('two concurrent registrations of one USCC: one succeeds, the other is a 409 conflict on organization.uscc', async () => {
    const uscc = randomUscc()
    const before = await accountCounts()
    const results = await Promise.allSettled([
      registerOrganization(registrationBody({ organization: { uscc } }) as never),
      registerOrganization(registrationBody({ organization: { uscc } }) as never),
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const failure = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
    expect(failure.reason).toBeInstanceOf(DomainError)
    expect(failure.reason.status).toBe(409)
    expect(failure.reason.fieldErrors['organization.uscc']).toBeDefined()
    const after = await accountCounts()
    expect(after.organizations - before.organizations).toBe(1)
    expect(after.users - before.users).toBe(1)
    expect(after.memberships - before.memberships).toBe(1)
  })

  test('the domain re-checks its input itself (a bad check character is invalid, 400)', async () => {
    const before = await accountCounts()
    await expect(registerOrganization(registrationBody({ organization: { uscc: '91110108551385082R' } }) as never)).rejects.toMatchObject({
      kind: 'invalid',
      fieldErrors: { 'organization.uscc': [USCC_MESSAGES.check] },
    })
    expect(await accountCounts()).toEqual(before)
  })
})

describe('POST /api/v1/auth/token', () => {
  test('an unknown e-mail and a wrong password get the same 401 answer and no token', async () => {
    const { user } = await createMember()
    const headers = { 'X-Forwarded-For': '203.0.113.50' }
    const before = await prisma.apiToken.count()
    const unknown = await api.post('/api/v1/auth/token', { email: 'nobody@example.com', password: 'whatever-123' }, { headers })
    const wrong = await api.post('/api/v1/auth/token', { email: user.email, password: 'wrong-password-1' }, { headers })
    expect(unknown.status).toBe(401)
    expect(wrong.status).toBe(401)
    expect(unknown.body.detail).toBe(wrong.body.detail)
    expect(unknown.body.title).toBe(wrong.body.title)
    expect(await prisma.apiToken.count()).toBe(before)
  })

  test('an organization the user is not a member of is a 403 and issues no token', async () => {
    const { user } = await createMember()
    const other = await createMember()
    const before = await prisma.apiToken.count()
    const response = await api.post('/api/v1/auth/token', {
      email: user.email,
      password: 'correct-horse-battery',
      organizationId: other.organization.id,
    })
    expect(response.status).toBe(403)
    expect(await prisma.apiToken.count()).toBe(before)
  })

  test('a missing password or an unknown field is a 400', async () => {
    expect((await api.post('/api/v1/auth/token', { email: 'a@example.com' })).status).toBe(400)
    const extra = await api.post('/api/v1/auth/token', { email: 'a@example.com', password: 'x', remember: true })
    expect(extra.status).toBe(400)
    expect(extra.body.errors.remember).toBeDefined()
  })

  test('the token answer is never stored for Idempotency-Key replay', async () => {
    const { user } = await createMember()
    const headers = { 'Idempotency-Key': 'token-key-1' }
    const first = await api.post('/api/v1/auth/token', { email: user.email, password: 'correct-horse-battery' }, { headers })
    const second = await api.post('/api/v1/auth/token', { email: user.email, password: 'correct-horse-battery' }, { headers })
    expect(first.status).toBe(200)
    expect(second.status).toBe(200)
    expect(second.body.token).not.toBe(first.body.token)
    expect(await prisma.idempotencyRecord.count({ where: { key: 'token-key-1' } })).toBe(0)
  })
})
