// Sign-in throttling (shared by the API and the login page): 5 failures for one e-mail within 15
// minutes block it for 15 minutes (429 + Retry-After); the test clock moves past the block.
import { describe, expect, test } from 'vitest'
import { prisma } from '#app/db.server.ts'
import { MAX_FAILURES_PER_ADDRESS, MAX_FAILURES_PER_EMAIL } from '#app/domain/accounts/sign-in.server.ts'
import { createMember, DEFAULT_PASSWORD } from '#tests/factories/index.ts'
import { openForm, postForm } from '#tests/helpers/accounts.ts'
import { api } from '#tests/helpers/app.ts'

const signIn = (email: string, password: string, address: string) =>
  api.post('/api/v1/auth/token', { email, password }, { headers: { 'X-Forwarded-For': `${address}, 10.0.0.1` } })

describe('sign-in throttling', () => {
  test('a success resets the e-mail counter: 4 failures, a success, 4 more failures are all answered', async () => {
    const { user } = await createMember()
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL - 1; i++) expect((await signIn(user.email, 'wrong-password', '198.51.100.1')).status).toBe(401)
    expect((await signIn(user.email, DEFAULT_PASSWORD, '198.51.100.1')).status).toBe(200)
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL - 1; i++) expect((await signIn(user.email, 'wrong-password', '198.51.100.1')).status).toBe(401)
    expect((await signIn(user.email, DEFAULT_PASSWORD, '198.51.100.1')).status).toBe(200)
  })

  test('an address that fails for many e-mails is blocked too (429), other addresses are not', async () => {
    const { user } = await createMember()
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) {
      expect((await signIn(`nobody-${i}@example.com`, 'wrong-password', '198.51.100.77')).status).toBe(401)
    }
    const blocked = await signIn(user.email, DEFAULT_PASSWORD, '198.51.100.77')
    expect(blocked.status).toBe(429)
    expect((await signIn(user.email, DEFAULT_PASSWORD, '198.51.100.78')).status).toBe(200)
  })

  test('the login page shows the throttling message in Chinese with status 429', async () => {
    const { user } = await createMember()
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++) await signIn(user.email, 'wrong-password', '198.51.100.90')
    const { cookie, csrf } = await openForm('/login')
    const response = await postForm('/login', { csrf, email: user.email, password: DEFAULT_PASSWORD }, cookie)
    expect(response.status).toBe(429)
    expect(response.text).toContain('登录失败次数过多')
    expect(response.headers.get('Set-Cookie') ?? '').not.toContain('zjcs_session=')
  })

  // Moves the clock: keep last.
  test('the 6th attempt after 5 failures is a 429 with Retry-After, even with the right password, and allowed again 16 minutes later', async () => {
    const { user } = await createMember()
    const tokensBefore = await prisma.apiToken.count()
    for (let i = 1; i <= MAX_FAILURES_PER_EMAIL; i++) {
      const response = await signIn(user.email, `wrong-password-${i}`, `192.0.2.${i}`)
      expect(response.status).toBe(401)
    }
    const sixth = await signIn(user.email, DEFAULT_PASSWORD, '192.0.2.200')
    expect(sixth.status).toBe(429)
    expect(sixth.headers.get('Content-Type')).toMatch(/application\/problem\+json/)
    const retryAfter = Number(sixth.headers.get('Retry-After'))
    expect(retryAfter).toBeGreaterThan(14 * 60)
    expect(retryAfter).toBeLessThanOrEqual(15 * 60)
    expect(await prisma.apiToken.count()).toBe(tokensBefore)

    expect((await api.post('/api/v1/test/clock', { advanceBy: 'PT16M' })).status).toBe(200)
    const later = await signIn(user.email, DEFAULT_PASSWORD, '192.0.2.200')
    expect(later.status).toBe(200)
    expect(await prisma.signInThrottle.findUnique({ where: { key: `email:${user.email}` } })).toBeNull()
  })
})
