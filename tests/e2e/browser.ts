// Debian's Chromium driven by playwright-core (never a downloaded browser).
import fs from 'node:fs'
import path from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { inject } from 'vitest'
import { CHROMIUM_PATH } from '#scripts/browser.ts'

export const baseUrl = inject('baseUrl')

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    // playwright gives every launch a new, empty --user-data-dir of its own
  })
}

export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  return context.newPage()
}

/** Saves a screenshot under test-results/ (git-ignored) for a person to look at. */
export async function screenshot(page: Page, name: string) {
  fs.mkdirSync('test-results', { recursive: true })
  await page.screenshot({ path: path.join('test-results', `${name}.png`), fullPage: true })
}
