import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { randomUscc } from '#tests/factories/index.ts'
import { launchBrowser, newPage, screenshot } from '#tests/e2e/browser.ts'

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

const password = 'e2e-password-123'

async function fillRegistration(page: Page, values: { uscc: string; name: string; email: string }) {
  await page.goto('/register')
  await page.getByTestId('organization-type-INTERMEDIARY').check()
  await page.fill('[name="organization.uscc"]', values.uscc)
  await page.fill('[name="organization.name"]', values.name)
  await page.selectOption('[name="organization.regionCode"]', '510107')
  await page.fill('[name="organization.legalRepresentative"]', '张三')
  await page.fill('[name="user.name"]', '李四')
  await page.fill('[name="user.email"]', values.email)
  await page.fill('[name="user.password"]', password)
  await page.fill('[name="user.confirmPassword"]', password)
  await page.getByTestId('register-submit').click()
}

describe('accounts in the browser', () => {
  const firm = { uscc: randomUscc(), name: '成都蜀安环评咨询有限公司', email: `e2e-${Date.now()}@example.com` }

  test('an intermediary registers with a valid USCC and lands on its account page, signed in', async () => {
    const page = await newPage(browser)
    await fillRegistration(page, firm)
    await page.waitForURL('**/account')
    await expect.poll(() => page.getByTestId('account-organization-name').innerText()).toContain(firm.name)
    await expect.poll(() => page.getByTestId('signed-in-as').innerText()).toContain(firm.name)
    await screenshot(page, 'account-after-register')
  })

  test('an invalid USCC shows the Chinese form error and registers nothing', async () => {
    const page = await newPage(browser)
    const bad = firm.uscc.slice(0, 17) + (firm.uscc[17] === '0' ? '1' : '0')
    await fillRegistration(page, { uscc: bad, name: '错误代码测试有限公司', email: `bad-${Date.now()}@example.com` })
    const error = page.getByTestId('error-organization.uscc')
    await expect.poll(() => error.innerText()).toContain('校验位不正确')
    expect(new URL(page.url()).pathname).toBe('/register')
    await screenshot(page, 'register-invalid-uscc')
  })

  test('a registered user signs out and signs in again with e-mail and password', async () => {
    const page = await newPage(browser)
    await page.goto('/login')
    await page.fill('#login-email', firm.email)
    await page.fill('#login-password', password)
    await page.getByTestId('login-submit').click()
    await expect.poll(() => page.getByTestId('signed-in-as').innerText()).toContain(firm.name)
    await page.getByRole('button', { name: '退出' }).click()
    await expect.poll(() => page.getByRole('link', { name: '登录' }).count()).toBe(1)
  })
})
