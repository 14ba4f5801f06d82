// Credit supervision in a real browser against the real server: a department created by the admin
// signs in through the login form, records a violation of a firm it supervises and puts the firm on
// the blacklist from its credit workspace; the public blacklist shows it, and the firm, signed in in
// its own browser, is refused at bid time (the bid page says why; the API answers 422).
import crypto from 'node:crypto'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { randomUscc } from '#tests/factories/index.ts'
import { baseUrl, launchBrowser, newPage, screenshot } from '#tests/e2e/browser.ts'

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

const password = 'credit-e2e-password-1'
const mark = crypto.randomBytes(3).toString('hex')

async function apiCall<T = any>(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T }
}

async function tokenOf(email: string, secret = password): Promise<string> {
  const issued = await apiCall<{ token: string }>('POST', '/api/v1/auth/token', { email, password: secret })
  expect(issued.status, JSON.stringify(issued.body)).toBe(200)
  return issued.body.token
}

async function register(type: 'OWNER' | 'INTERMEDIARY', name: string) {
  const email = `credit-${type.toLowerCase()}-${mark}@example.com`
  const registered = await apiCall<{ organizationId: string }>('POST', '/api/v1/auth/register', {
    organization: { type, uscc: randomUscc(), name, regionCode: '510107', legalRepresentative: '王明' },
    user: { email, password, name: '张丽' },
  })
  expect(registered.status, JSON.stringify(registered.body)).toBe(201)
  return { email, name, organizationId: registered.body.organizationId, token: await tokenOf(email) }
}

async function signedIn(email: string, who: string): Promise<Page> {
  const page = await newPage(browser)
  await page.goto('/login')
  await page.fill('#login-email', email)
  await page.fill('#login-password', password)
  await page.getByTestId('login-submit').click()
  await expect.poll(() => page.getByTestId('signed-in-as').innerText()).toContain(who)
  return page
}

test('a department records a violation, blacklists a firm, and the firm is refused at bid time', { timeout: 120_000 }, async () => {
  // --- Setup through the API: the admin creates the city's 生态环境局; a firm enters; an owner publishes.
  const adminToken = await tokenOf(inject('adminEmail'), inject('adminPassword'))
  const departmentEmail = `credit-dept-${mark}@example.com`
  const department = await apiCall<{ organizationId: string }>(
    'POST',
    '/api/v1/departments',
    {
      name: `成都市生态环境局${mark}`,
      uscc: randomUscc('1'),
      regionCode: '510100',
      fieldCode: 'ECOLOGY',
      serviceItemCodes: ['ZJ-ECO-001'],
      user: { email: departmentEmail, password, name: '陈科长' },
    },
    adminToken,
  )
  expect(department.status, JSON.stringify(department.body)).toBe(201)
  const firm = await register('INTERMEDIARY', `成都清源环评咨询有限公司${mark}`)
  expect((await apiCall('PUT', '/api/v1/intermediaries/me', { serviceItemCodes: ['ZJ-ECO-001'], commitmentAccepted: true }, firm.token)).status).toBe(200)
  const owner = await register('OWNER', `成都锦程实业有限公司${mark}`)
  const project = await apiCall<{ id: string }>(
    'POST',
    '/api/v1/projects',
    { name: `锦程物流园项目${mark}`, regionCode: '510107', funding: 'SELF', approvalItemCodes: ['SP-ECO-001'] },
    owner.token,
  )
  expect(project.status).toBe(201)
  const clock = await apiCall<{ now: string }>('GET', '/api/v1/test/clock')
  const draft = await apiCall<{ id: string }>(
    'POST',
    '/api/v1/announcements',
    {
      projectId: project.body.id,
      approvalItemCode: 'SP-ECO-001',
      serviceItemCode: 'ZJ-ECO-001',
      title: `锦程物流园环境影响报告表编制${mark}`,
      scope: '编制环境影响报告表并配合审批。',
      method: 'LOWEST_PRICE',
      priceCeiling: '80000.00',
      deadline: new Date(new Date(clock.body.now).getTime() + 5 * 86_400_000).toISOString(),
      serviceDays: 30,
    },
    owner.token,
  )
  expect(draft.status, JSON.stringify(draft.body)).toBe(201)
  const announcementId = draft.body.id
  expect((await apiCall('POST', `/api/v1/announcements/${announcementId}/publish`, {}, owner.token)).status).toBe(200)

  // --- The department signs in and records a violation in its credit workspace.
  const page = await signedIn(departmentEmail, '陈科长')
  await page.goto('/supervision/credit')
  const recordForm = page.getByTestId('record-form')
  await recordForm.locator('select[name="intermediaryId"]').selectOption(firm.organizationId)
  await recordForm.locator('select[name="ruleCode"]').selectOption('FALSE_MATERIALS')
  await recordForm.locator('textarea[name="evidence"]').fill(`成环罚〔2026〕${mark} 号：出具的环境影响报告表引用虚假监测数据`)
  await page.getByTestId('record-submit').click()
  await page.waitForURL(/done=recorded/)
  await expect.poll(() => page.getByTestId('done').innerText()).toContain('信用记录已登记')
  expect(await page.content()).toContain('引用虚假监测数据')

  // --- …and puts the firm on the blacklist for a year.
  const blacklistForm = page.getByTestId('blacklist-form')
  await blacklistForm.locator('select[name="intermediaryId"]').selectOption(firm.organizationId)
  await blacklistForm.locator('input[name="reason"]').fill('出具虚假环境影响报告表')
  await blacklistForm.locator('textarea[name="evidence"]').fill(`成环罚〔2026〕${mark} 号行政处罚决定书`)
  const endsAt = new Date(new Date(clock.body.now).getTime() + 366 * 86_400_000).toISOString().slice(0, 10)
  await blacklistForm.locator('input[name="endsAt"]').fill(endsAt)
  await page.getByTestId('blacklist-submit').click()
  await page.waitForURL(/done=blacklisted/)
  await expect.poll(() => page.getByTestId('done').innerText()).toContain('已列入黑名单')
  await screenshot(page, 'credit-workspace')

  // --- The public blacklist shows the firm.
  const visitor = await newPage(browser)
  await visitor.goto('/blacklist')
  await expect.poll(() => visitor.getByTestId(`blacklist-${firm.organizationId}`).innerText()).toContain('出具虚假环境影响报告表')
  await screenshot(visitor, 'credit-blacklist')

  // --- The firm, in its own browser, is refused at bid time.
  const firmPage = await signedIn(firm.email, '张丽')
  await firmPage.goto(`/announcements/${announcementId}/bid`)
  await expect.poll(() => firmPage.getByTestId('not-eligible').innerText()).toContain('黑名单')
  expect(await firmPage.getByTestId('bid-form').count()).toBe(0)
  await screenshot(firmPage, 'credit-bid-refused')
  const bid = await apiCall<{ detail: string }>('POST', `/api/v1/announcements/${announcementId}/bids`, { price: '70000.00' }, firm.token)
  expect(bid.status).toBe(422)
  expect(bid.body.detail).toContain('黑名单')

  // --- The firm's credit page shows the pending record and the entry.
  await firmPage.goto('/account/credit')
  await expect.poll(() => firmPage.getByTestId('own-blacklist').innerText()).toContain('出具虚假环境影响报告表')
  expect(await firmPage.getByTestId('own-credit-records').innerText()).toContain('异议期内')
  await screenshot(firmPage, 'credit-firm-page')
})
