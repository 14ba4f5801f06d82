// Bearer tokens: missing, unknown, revoked and expired tokens are 401; a user manages only their
// own tokens. The expiry test moves this file's clock, so it runs last.
import { describe, expect, test } from 'vitest'
import { prisma } from '#app/db.server.ts'
import { createMember } from '#tests/factories/index.ts'
import { accountCounts } from '#tests/helpers/accounts.ts'
import { api, call } from '#tests/helpers/app.ts'

describe('GET /api/v1/me authentication', () => {
  test('without a token it is a 401 problem', async () => {
    const response = await api.get('/api/v1/me')
    expect(response.status).toBe(401)
    expect(response.headers.get('Content-Type')).toMatch(/application\/problem\+json/)
  })

  test('an unknown token is a 401', async () => {
    expect((await api.get('/api/v1/me', { token: 'zjcs_not-a-real-token' })).status).toBe(401)
  })

  test('a malformed Authorization header is a 401', async () => {
    expect((await call('GET', '/api/v1/me', { headers: { Authorization: 'Basic abc' } })).status).toBe(401)
  })
})

describe('token management', () => {
  test('a token revoked with DELETE /api/v1/auth/tokens/{id} no longer authenticates (401)', async () => {
    const { token, user } = await createMember()
    const created = await api.post('/api/v1/auth/tokens', { name: '项目管理系统' }, { token })
    expect(created.status).toBe(201)
    expect(created.body.token).toMatch(/^zjcs_/)
    expect((await api.get('/api/v1/me', { token: created.body.token })).status).toBe(200)

    const revoked = await api.delete(`/api/v1/auth/tokens/${created.body.id}`, { token })
    expect(revoked.status).toBe(204)
    expect((await api.get('/api/v1/me', { token: created.body.token })).status).toBe(401)
    expect((await api.get('/api/v1/me', { token })).status).toBe(200)

    const row = await prisma.apiToken.findUniqueOrThrow({ where: { id: created.body.id } })
    expect(row.userId).toBe(user.id)
    expect(row.revokedAt).not.toBeNull()
    const audit = await prisma.auditEntry.findFirst({ where: { entityType: 'ApiToken', entityId: row.id, action: 'revoke' } })
    expect(audit).not.toBeNull()
  })

  test('a token can revoke itself with POST /api/v1/auth/tokens/{id}/revoke, then it is a 401', async () => {
    const { token } = await createMember()
    const list = await api.get('/api/v1/auth/tokens', { token })
    expect(list.status).toBe(200)
    expect(list.body.items).toHaveLength(1)
    const id = list.body.items[0].id
    const revoked = await api.post(`/api/v1/auth/tokens/${id}/revoke`, undefined, { token })
    expect(revoked.status).toBe(200)
    expect(revoked.body).toEqual({ id, revoked: true })
    expect((await api.get('/api/v1/me', { token })).status).toBe(401)
  })

  test("another user's token cannot be revoked (404) and stays valid", async () => {
    const alice = await createMember()
    const bob = await createMember()
    const bobTokenId = (await api.get('/api/v1/auth/tokens', { token: bob.token })).body.items[0].id
    const response = await api.delete(`/api/v1/auth/tokens/${bobTokenId}`, { token: alice.token })
    expect(response.status).toBe(404)
    const row = await prisma.apiToken.findUniqueOrThrow({ where: { id: bobTokenId } })
    expect(row.revokedAt).toBeNull()
    expect((await api.get('/api/v1/me', { token: bob.token })).status).toBe(200)
  })

  test('the token list shows only the caller’s own tokens and never a token value or hash', async () => {
    const alice = await createMember()
    await createMember()
    const list = await api.get('/api/v1/auth/tokens', { token: alice.token })
    expect(list.body.items).toHaveLength(1)
    expect(list.text).not.toContain('tokenHash')
    expect(list.text).not.toContain(alice.token)
  })

  test('creating a token needs a bearer token (401) and a name (400), and creates nothing when refused', async () => {
    const { token } = await createMember()
    const before = await accountCounts()
    expect((await api.post('/api/v1/auth/tokens', { name: 'x' })).status).toBe(401)
    const noName = await api.post('/api/v1/auth/tokens', { name: '   ' }, { token })
    expect(noName.status).toBe(400)
    expect(noName.body.errors.name).toBeDefined()
    expect(await accountCounts()).toEqual(before)
  })
})

describe('last use (moves the clock by two hours)', () => {
  test('lastUsedAt is set by the first request and then kept to the hour', async () => {
    const { token } = await createMember()
    const created = await api.post('/api/v1/auth/tokens', { name: '对接系统' }, { token })
    const lastUsed = async () =>
      (await api.get('/api/v1/auth/tokens', { token })).body.items.find((t: { id: string }) => t.id === created.body.id)
        .lastUsedAt as string | null
    expect(await lastUsed()).toBeNull()
    expect((await api.get('/api/v1/me', { token: created.body.token })).status).toBe(200)
    const first = await lastUsed()
    expect(first).not.toBeNull()
    expect((await api.get('/api/v1/me', { token: created.body.token })).status).toBe(200)
    expect(await lastUsed()).toBe(first)
    expect((await api.post('/api/v1/test/clock', { advanceBy: 'PT2H' })).status).toBe(200)
    expect((await api.get('/api/v1/me', { token: created.body.token })).status).toBe(200)
    const later = await lastUsed()
    expect(new Date(later!).getTime() - new Date(first!).getTime()).toBeGreaterThanOrEqual(2 * 3600_000)
  })
})

describe('expiry (moves the clock; keep last)', () => {
  test('a token is refused with 401 once the clock passes its expiry (30 days)', async () => {
    const { token } = await createMember()
    const issued = await api.post('/api/v1/auth/token', {
      email: (await prisma.user.findFirstOrThrow({ orderBy: { createdAt: 'desc' } })).email,
      password: 'correct-horse-battery',
    })
    expect(issued.status).toBe(200)
    expect((await api.get('/api/v1/me', { token: issued.body.token })).status).toBe(200)
    expect((await api.post('/api/v1/test/clock', { advanceBy: 'P31D' })).status).toBe(200)
    const expired = await api.get('/api/v1/me', { token: issued.body.token })
    expect(expired.status).toBe(401)
    expect(expired.body.detail).toBe('令牌已过期')
    expect((await api.get('/api/v1/me', { token })).status).toBe(401)
  })
})
