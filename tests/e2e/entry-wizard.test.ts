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

test('a new intermediary walks the entry wizard and is found in the directory by a Chinese keyword at once', async () => {
  const name = `绵阳蜀道水保科技有限公司${Date.now() % 100000}`
  const email = `wizard-${Date.now()}@example.com`
  const password = 'wizard-password-1'
  const registered = await fetch(`${baseUrl}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      organization: { type: 'INTERMEDIARY', uscc: randomUscc(), name, regionCode: '510703' },
      user: { email, password, name: '王五' },
    }),
  })
  expect(registered.status).toBe(201)

  const page = await newPage(browser)
  await page.goto('/login')
  await page.fill('#login-email', email)
  await page.fill('#login-password', password)
  await page.getByTestId('login-submit').click()
  await page.waitForURL((url) => url.pathname !== '/login')

  await page.goto('/account/entry')
  await page.getByTestId('entry-service-ZJ-WATER-001').check()
  await page.getByTestId('entry-next').click()
  await expect.poll(() => page.getByTestId('commitment-letter').innerText()).toContain('承诺')
  await page.getByTestId('entry-accept-commitment').check()
  await page.getByTestId('entry-submit').click()
  await expect.poll(() => page.getByTestId('entry-listed').isVisible()).toBe(true)
  await screenshot(page, 'entry-listed')

  // 水保 is the common abbreviation of 水土保持 (the firm offers 水土保持方案编制)
  await page.goto('/intermediaries')
  await page.fill('[name="q"]', '水保')
  await page.getByTestId('directory-filters').getByRole('button', { name: /搜索/ }).click()
  await expect.poll(() => page.getByTestId('directory-results').innerText(), { timeout: 5000 }).toContain(name)
  await screenshot(page, 'directory-found-by-keyword')
})
