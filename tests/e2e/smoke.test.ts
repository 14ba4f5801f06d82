import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { baseUrl, launchBrowser, newPage, screenshot } from '#tests/e2e/browser.ts'

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

test('the home page is served in Simplified Chinese with the platform name', async () => {
  const page = await newPage(browser)
  const response = await page.goto(baseUrl + '/')
  expect(response?.status()).toBe(200)
  expect(await page.getAttribute('html', 'lang')).toBe('zh-CN')
  await expect.poll(() => page.locator('header').innerText()).toContain('中介服务网上超市')
  await screenshot(page, 'home')
})
