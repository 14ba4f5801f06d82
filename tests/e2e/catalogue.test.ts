import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { launchBrowser, newPage, screenshot } from '#tests/e2e/browser.ts'

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

test('an owner walks the catalogue from an approval item to the services it needs and back', async () => {
  const page = await newPage(browser)
  await page.goto('/')
  await page.fill('#home-q', '环境影响')
  await page.getByRole('button', { name: '查找所需中介服务' }).click()
  await page.waitForURL('**/catalogue/approval-items?q=*')
  await screenshot(page, 'approval-search')
  await page.getByRole('link', { name: '建设项目环境影响评价审批' }).first().click()
  await page.waitForURL('**/catalogue/approval-items/SP-ECO-001')
  const services = page.getByTestId('required-services')
  await expect.poll(() => services.innerText()).toContain('建设项目环境影响评价文件编制')
  await screenshot(page, 'approval-item')
  await services.getByRole('link', { name: /建设项目环境影响评价文件编制/ }).first().click()
  await page.waitForURL('**/catalogue/service-items/ZJ-ECO-001')
  await expect.poll(() => page.locator('main').innerText()).toContain('建设项目环境影响评价审批')
  await screenshot(page, 'service-item')
})
