// The account web pages through the built app's handler: CSRF on every form, the register form
// with the same rules as the API, sign-in and sign-out, the account page and its tokens.
import { describe, expect, test } from 'vitest'
import { prisma } from '#app/db.server.ts'
import { createMember, DEFAULT_PASSWORD, randomUscc } from '#tests/factories/index.ts'
import { accountCounts, cookiesOf, openForm, postForm, STRONG_PASSWORD } from '#tests/helpers/accounts.ts'
import { call } from '#tests/helpers/app.ts'

function registerFields(overrides: Record<string, string> = {}) {
  const email = `web-${Math.random().toString(36).slice(2, 10)}@example.com`
  return {
    'organization.type': 'INTERMEDIARY',
    'organization.uscc': randomUscc(),
    'organization.name': '成都天府水保科技有限公司',
    'organization.regionCode': '510108',
    'organization.legalRepresentative': '杨文斌',
    'organization.address': '四川省成都市成华区建设路 55 号',
    'organization.contactPhone': '028-84102102',
    'user.name': '吴涛',
    'user.email': email,
    'user.password': STRONG_PASSWORD,
    'user.confirmPassword': STRONG_PASSWORD,
    ...overrides,
  }
}

async function signedInCookie(email: string, password = DEFAULT_PASSWORD) {
  const { cookie, csrf } = await openForm('/login')
  const response = await postForm('/login', { csrf, email, password }, cookie)
  expect(response.status).toBe(302)
  return cookiesOf(response, cookie)
}

describe('/register', () => {
  test('the page lists the counties of 四川省 grouped by city and carries a CSRF field', async () => {
    const { page } = await openForm('/register')
    expect(page.text).toContain('<html lang="zh-CN"')
    expect(page.text).toContain('统一社会信用代码')
    expect(page.text).toMatch(/<optgroup label="成都市">/)
    expect(page.text).toContain('value="510107"')
    expect(page.headers.get('Set-Cookie')).toContain('zjcs_csrf=')
  })

  test('?province= switches the region list to another province', async () => {
    const page = await call('GET', '/register?province=500000')
    expect(page.status).toBe(200)
    expect(page.text).toContain('value="500101"') // 重庆市万州区
    expect(page.text).not.toContain('value="510107"')
  })

  test('a valid form with its CSRF token registers, signs in (302 + session cookie) and /account shows the organization', async () => {
    const { cookie, csrf } = await openForm('/register')
    const fields = registerFields()
    const before = await accountCounts()
    const response = await postForm('/register', { csrf, ...fields }, cookie)
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe('/account')
    expect(response.headers.get('Set-Cookie')).toContain('zjcs_session=')
    const after = await accountCounts()
    expect(after.organizations - before.organizations).toBe(1)
    expect(after.memberships - before.memberships).toBe(1)
    expect(after.sessions - before.sessions).toBe(1)

    const account = await call('GET', '/account', { cookie: cookiesOf(response, cookie) })
    expect(account.status).toBe(200)
    expect(account.text).toContain('成都天府水保科技有限公司')
    expect(account.text).toContain(fields['organization.uscc'])
    expect(account.text).toContain('中介机构管理员')
  })

  test('without the CSRF token the form is refused with 403 and creates nothing', async () => {
    const { cookie } = await openForm('/register')
    const before = await accountCounts()
    const response = await postForm('/register', registerFields(), cookie)
    expect(response.status).toBe(403)
    expect(await accountCounts()).toEqual(before)
  })

  test('a CSRF token that does not match the cookie is refused with 403', async () => {
    const { cookie } = await openForm('/register')
    const before = await accountCounts()
    const response = await postForm('/register', { csrf: 'x'.repeat(32), ...registerFields() }, cookie)
    expect(response.status).toBe(403)
    expect(await accountCounts()).toEqual(before)
  })

  // Remix 2.17 itself aborts a document POST whose Origin is not the Host (with a bare 500) before
  // any action runs; validateCsrf checks the Origin again for requests that get past it.
  test('a post from another site (Origin) is refused, even with a valid token, and creates nothing', async () => {
    const { cookie, csrf } = await openForm('/register')
    const before = await accountCounts()
    const response = await postForm('/register', { csrf, ...registerFields() }, cookie, { Origin: 'https://evil.example', Host: 'localhost' })
    expect(response.status).toBeGreaterThanOrEqual(400)
    expect(response.headers.get('Set-Cookie') ?? '').not.toContain('zjcs_session=')
    expect(await accountCounts()).toEqual(before)
  })

  test('a same-site Origin is accepted', async () => {
    const { cookie, csrf } = await openForm('/register')
    const response = await postForm('/register', { csrf, ...registerFields() }, cookie, { Origin: 'http://localhost', Host: 'localhost' })
    expect(response.status).toBe(302)
  })

  test('an invalid USCC is a 400 page with the Chinese message next to the field, and creates nothing', async () => {
    const { cookie, csrf } = await openForm('/register')
    const before = await accountCounts()
    const response = await postForm('/register', { csrf, ...registerFields({ 'organization.uscc': '91110108551385082R' }) }, cookie)
    expect(response.status).toBe(400)
    expect(response.text).toContain('统一社会信用代码校验位不正确，请核对后重新输入')
    expect(response.text).toContain('data-testid="error-organization.uscc"')
    expect(response.text).toContain('id="register-organization.uscc-error"')
    expect(response.text).toContain('成都天府水保科技有限公司') // typed values are kept
    expect(response.text).not.toContain(STRONG_PASSWORD) // passwords are not echoed back
    expect(await accountCounts()).toEqual(before)
  })

  test('a short password and a mismatched confirmation are 400 with both messages', async () => {
    const { cookie, csrf } = await openForm('/register')
    const before = await accountCounts()
    const response = await postForm(
      '/register',
      { csrf, ...registerFields({ 'user.password': 'short', 'user.confirmPassword': 'different' }) },
      cookie,
    )
    expect(response.status).toBe(400)
    expect(response.text).toContain('密码至少 10 个字符')
    expect(response.text).toContain('两次输入的密码不一致')
    expect(await accountCounts()).toEqual(before)
  })

  test('an e-mail already registered is a 409 page naming the field, and creates nothing', async () => {
    const { user } = await createMember()
    const { cookie, csrf } = await openForm('/register')
    const before = await accountCounts()
    const response = await postForm('/register', { csrf, ...registerFields({ 'user.email': user.email }) }, cookie)
    expect(response.status).toBe(409)
    expect(response.text).toContain('该电子邮箱已注册')
    expect(response.text).toContain('data-testid="error-user.email"')
    expect(await accountCounts()).toEqual(before)
  })
})

describe('/login, /logout and /account', () => {
  test('signing in redirects to a same-site redirectTo, and an off-site one falls back to /account', async () => {
    const { user } = await createMember()
    const { cookie, csrf } = await openForm('/login?redirectTo=%2Faccount%3Ftab%3Dtokens')
    const inSite = await postForm('/login', { csrf, email: user.email, password: DEFAULT_PASSWORD, redirectTo: '/account?tab=tokens' }, cookie)
    expect(inSite.status).toBe(302)
    expect(inSite.headers.get('Location')).toBe('/account?tab=tokens')

    const offSite = await postForm('/login', { csrf, email: user.email, password: DEFAULT_PASSWORD, redirectTo: '//evil.example/x' }, cookie)
    expect(offSite.status).toBe(302)
    expect(offSite.headers.get('Location')).toBe('/account')
  })

  test('a wrong password is a 401 page with a Chinese message and no session', async () => {
    const { user } = await createMember()
    const { cookie, csrf } = await openForm('/login')
    const before = await prisma.session.count()
    const response = await postForm('/login', { csrf, email: user.email, password: 'wrong-password' }, cookie, { 'X-Forwarded-For': '203.0.113.9' })
    expect(response.status).toBe(401)
    expect(response.text).toContain('电子邮箱或密码不正确')
    expect(await prisma.session.count()).toBe(before)
  })

  test('login without the CSRF token is refused with 403', async () => {
    const { user } = await createMember()
    const { cookie } = await openForm('/login')
    const response = await postForm('/login', { email: user.email, password: DEFAULT_PASSWORD }, cookie)
    expect(response.status).toBe(403)
  })

  test('/account without a session redirects to /login with redirectTo', async () => {
    const response = await call('GET', '/account')
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe('/login?redirectTo=%2Faccount')
  })

  test('the account page creates a token (shown once, and it works) and revokes it', async () => {
    const { user } = await createMember()
    const session = await signedInCookie(user.email)
    const { csrf } = await openForm('/account', session)

    const created = await postForm('/account', { csrf, intent: 'create-token', name: '本单位项目管理系统' }, session)
    expect(created.status).toBe(200)
    const token = /data-testid="new-token-value"[^>]*>([^<]+)</.exec(created.text)?.[1]
    expect(token).toMatch(/^zjcs_/)
    expect((await call('GET', '/api/v1/me', { token })).status).toBe(200)

    const row = await prisma.apiToken.findFirstOrThrow({ where: { userId: user.id, name: '本单位项目管理系统' } })
    const page = await call('GET', '/account', { cookie: session })
    expect(page.text).toContain('本单位项目管理系统')
    expect(page.text).not.toContain(token!) // the value is never shown again

    const revoked = await postForm('/account', { csrf, intent: 'revoke-token', tokenId: row.id }, session)
    expect(revoked.status).toBe(200)
    expect((await call('GET', '/api/v1/me', { token })).status).toBe(401)
  })

  test("revoking another user's token from the account page is refused and changes nothing", async () => {
    const { user } = await createMember()
    const other = await createMember()
    const otherToken = await prisma.apiToken.findFirstOrThrow({ where: { userId: other.user.id } })
    const session = await signedInCookie(user.email)
    const { csrf } = await openForm('/account', session)
    const response = await postForm('/account', { csrf, intent: 'revoke-token', tokenId: otherToken.id }, session)
    expect(response.status).toBe(404)
    expect((await prisma.apiToken.findUniqueOrThrow({ where: { id: otherToken.id } })).revokedAt).toBeNull()
  })

  test('logout is POST only with CSRF; it ends the session and clears the cookie', async () => {
    const { user } = await createMember()
    const session = await signedInCookie(user.email)
    const sessionsBefore = await prisma.session.count({ where: { userId: user.id } })
    expect(sessionsBefore).toBe(1)

    const viaGet = await call('GET', '/logout', { cookie: session })
    expect(viaGet.status).toBe(302)
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(1)

    const { csrf } = await openForm('/account', session)
    const withoutCsrf = await postForm('/logout', {}, session)
    expect(withoutCsrf.status).toBe(403)
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(1)

    const out = await postForm('/logout', { csrf }, session)
    expect(out.status).toBe(302)
    expect(out.headers.get('Location')).toBe('/')
    expect(out.headers.get('Set-Cookie')).toMatch(/zjcs_session=;/)
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0)
    const account = await call('GET', '/account', { cookie: session })
    expect(account.status).toBe(302)
  })
})
