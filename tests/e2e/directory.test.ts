// The public directory end to end: an intermediary registers and enters through the API, and a
// visitor finds it on /intermediaries by a Chinese keyword and opens its profile.
import crypto from 'node:crypto'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { randomUscc } from '#tests/factories/index.ts'
import { baseUrl, launchBrowser, newPage, screenshot } from '#tests/e2e/browser.ts'

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

async function postJson(path: string, body: unknown, token?: string, method = 'POST') {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  })
  return { status: response.status, body: (await response.json()) as Record<string, any> }
}

test('an intermediary registered and entered through the API is found on /intermediaries by 环评 and its profile opens', async () => {
  const mark = crypto.randomBytes(3).toString('hex')
  const name = `四川清源${mark}环境科技有限公司`
  const email = `directory-${mark}@example.com`
  const password = 'e2e-password-123'
  const registered = await postJson('/api/v1/auth/register', {
    organization: { type: 'INTERMEDIARY', uscc: randomUscc(), name, regionCode: '510107', contactPhone: '028-85101101' },
    user: { email, password, name: '黄丽' },
  })
  expect(registered.status).toBe(201)
  const id = registered.body.organizationId as string

  const issued = await postJson('/api/v1/auth/token', { email, password })
  expect(issued.status).toBe(200)
  const entered = await postJson(
    '/api/v1/intermediaries/me',
    {
      serviceItemCodes: ['ZJ-ECO-001'],
      commitmentAccepted: true,
      commitments: [{ serviceItemCode: 'ZJ-ECO-001', promisedDays: 30, feeStandard: '报告表 3 万元起，报告书另议' }],
    },
    issued.body.token as string,
    'PUT',
  )
  expect(entered.status).toBe(200)

  const page = await newPage(browser)
  await page.goto('/intermediaries?province=510000')
  await page.fill('#directory-q', '环评')
  await page.selectOption('#directory-region', '510100')
  await page.getByRole('button', { name: '搜索' }).click()
  await page.waitForURL('**/intermediaries?*regionCode=510100*')
  const item = page.getByTestId(`directory-item-${id}`)
  await expect.poll(() => item.innerText(), { timeout: 5_000 }).toContain(name)
  expect(await item.innerText()).toContain('建设项目环境影响评价文件编制')
  expect(await item.innerText()).toContain('30 个工作日')
  await screenshot(page, 'directory-search')

  await item.getByRole('link', { name }).click()
  await page.waitForURL(`**/intermediaries/${id}`)
  await expect.poll(() => page.getByTestId('profile-name').innerText()).toBe(name)
  expect(await page.locator('main').innerText()).toContain('最后更新')
  await screenshot(page, 'directory-profile')
})
