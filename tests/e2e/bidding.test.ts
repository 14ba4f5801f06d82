// The bidding journey in a real browser against the real server: an owner publishes, three
// intermediaries bid in separate browser contexts (one through the web form), each sees only that it
// has bid, the test clock passes the deadline, and the public result page shows the winner and the
// draw proof, which the browser recomputes with Web Crypto.
import type { Browser, Page } from 'playwright-core'
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

const password = 'bidding-e2e-password-1'
const suffix = `${Date.now() % 1_000_000}`

async function apiCall<T = any>(
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T }
}

type Account = { email: string; name: string; token: string; organizationId: string }

async function register(type: 'OWNER' | 'INTERMEDIARY', name: string): Promise<Account> {
  const email = `bidding-${type.toLowerCase()}-${suffix}-${Math.random().toString(36).slice(2, 8)}@example.com`
  const registered = await apiCall('POST', '/api/v1/auth/register', {
    organization: { type, uscc: randomUscc(), name, regionCode: '510107', legalRepresentative: '王明' },
    user: { email, password, name: '张丽' },
  })
  expect(registered.status, JSON.stringify(registered.body)).toBe(201)
  const token = await apiCall<{ token: string }>('POST', '/api/v1/auth/token', { email, password })
  expect(token.status).toBe(200)
  const me = await apiCall<{ organization: { id: string } }>('GET', '/api/v1/me', undefined, token.body.token)
  expect(me.status).toBe(200)
  return { email, name, token: token.body.token, organizationId: me.body.organization.id }
}

/** A new browser context (its own cookies) signed in through the login form. */
async function signedIn(account: Account, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await newPage(browser)
  if (viewport) await page.setViewportSize(viewport)
  await page.goto('/login')
  await page.fill('#login-email', account.email)
  await page.fill('#login-password', password)
  await page.getByTestId('login-submit').click()
  await expect.poll(() => page.getByTestId('signed-in-as').innerText()).toContain(account.name)
  return page
}

test(
  'owner publishes, three firms bid sealed, the deadline passes, the result and its draw verify in the browser',
  { timeout: 120_000 },
  async () => {
    // --- Setup through the API: the owner, its project and a draft; three listed firms.
    const owner = await register('OWNER', `成都天府电子材料有限公司${suffix}`)
    const project = await apiCall<{ id: string }>(
      'POST',
      '/api/v1/projects',
      {
        name: `天府新区电子材料扩建项目${suffix}`,
        regionCode: '510107',
        funding: 'SELF',
        approvalItemCodes: ['SP-ECO-001'],
      },
      owner.token,
    )
    expect(project.status).toBe(201)
    const clock = await apiCall<{ now: string }>('GET', '/api/v1/test/clock')
    const deadline = new Date(new Date(clock.body.now).getTime() + 4 * 86_400_000).toISOString()
    const title = `电子材料扩建项目环境影响报告书编制${suffix}`
    const draft = await apiCall<{ id: string }>(
      'POST',
      '/api/v1/announcements',
      {
        projectId: project.body.id,
        approvalItemCode: 'SP-ECO-001',
        serviceItemCode: 'ZJ-ECO-001',
        title,
        scope: '编制环境影响报告书，配合完成技术评估、专家评审和审批。',
        method: 'LOWEST_PRICE',
        priceCeiling: '150000.00',
        deadline,
        serviceDays: 40,
        paymentTerms: '报告书取得批复后 15 日内一次性支付',
        contactName: '李工',
        contactPhone: '028-86001234',
      },
      owner.token,
    )
    expect(draft.status, JSON.stringify(draft.body)).toBe(201)
    const id = draft.body.id

    const firms = await Promise.all(
      ['蜀安环评咨询有限公司', '锦城环境科技有限公司', '天府生态工程咨询有限公司'].map(async (name) => {
        const firm = await register('INTERMEDIARY', `${name}${suffix}`)
        const entry = await apiCall(
          'PUT',
          '/api/v1/intermediaries/me',
          { serviceItemCodes: ['ZJ-ECO-001'], commitmentAccepted: true },
          firm.token,
        )
        expect(entry.status).toBe(200)
        return firm
      }),
    )
    const prices = ['120000.00', '98000.50', '110000.00']
    /** ¥120,000.00 as the pages show a price */
    const displayed = (price: string) => `¥${price.replace(/\B(?=(\d{3})+(?!\d))/, ',')}`

    // --- The owner publishes from its browser: detail page → manage → 发布.
    const ownerPage = await signedIn(owner)
    await ownerPage.goto(`/announcements/${id}`)
    await expect.poll(() => ownerPage.getByTestId('announcement-title').innerText()).toContain(title)
    await ownerPage.getByTestId('action-manage').click()
    await ownerPage.waitForURL(`**/announcements/${id}/manage`)
    await ownerPage.getByTestId('publish').click()
    await ownerPage.waitForURL(/done=published/)
    await ownerPage.goto(`/announcements/${id}`)
    await expect.poll(() => ownerPage.getByTestId('announcement-status').first().innerText()).toBe('报名中')
    const commitment = (await ownerPage.getByTestId('announcement-seed-commitment').innerText()).match(
      /[0-9a-f]{64}/,
    )?.[0]
    expect(commitment).toMatch(/^[0-9a-f]{64}$/)
    expect(await ownerPage.getByTestId('announcement-bid-count').innerText()).toBe('截止后公开')

    // --- Three firms, each in its own browser context. The first bids through the web form.
    const firmPages: Page[] = []
    for (const [i, firm] of firms.entries()) {
      const page = await signedIn(firm)
      firmPages.push(page)
      await page.goto(`/announcements/${id}`)
      if (i === 0) {
        await page.getByTestId('action-bid').click()
        await page.waitForURL(`**/announcements/${id}/bid`)
        await page.fill('[name="price"]', prices[i]!)
        await page.getByTestId('bid-submit').click()
        await page.waitForURL(/done=submitted/)
        await page.goto(`/announcements/${id}`)
      } else {
        const bid = await apiCall('POST', `/api/v1/announcements/${id}/bids`, { price: prices[i] }, firm.token)
        expect(bid.status, JSON.stringify(bid.body)).toBe(201)
        await page.reload()
      }
      await expect.poll(() => page.getByTestId('my-bid-status').innerText()).toContain('已报名')
      expect(await page.getByTestId('my-bid-price').innerText()).toContain('已加密封存')
      expect(await page.getByTestId('announcement-bid-count').innerText()).toBe('截止后公开')
      // Its own price for itself alone; no other price anywhere in the page, not even in the
      // hydration data; nor any other firm.
      expect(await page.getByTestId('my-bid-price').innerText()).toContain(displayed(prices[i]!))
      const html = await page.content()
      for (const price of prices.filter((_, j) => j !== i)) {
        expect(html).not.toContain(price)
        expect(html).not.toContain(price.replace(/\B(?=(\d{3})+(?!\d))/, ','))
      }
      for (const other of firms.filter((f) => f !== firm)) expect(html).not.toContain(other.name)
    }
    await screenshot(firmPages[0]!, 'bidding-detail-bidder')
    const phoneDetail = await signedIn(firms[1]!, { width: 390, height: 844 })
    await phoneDetail.goto(`/announcements/${id}`)
    await expect.poll(() => phoneDetail.getByTestId('my-bid-status').innerText()).toContain('已报名')
    await screenshot(phoneDetail, 'bidding-detail-bidder-phone')
    expect(await phoneDetail.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)

    // Before the deadline the result page has nothing to show.
    const publicPage = await newPage(browser)
    const early = await publicPage.goto(`/announcements/${id}/result`)
    expect(early?.status()).toBe(409)
    await expect.poll(() => publicPage.getByTestId('result-not-ready').innerText()).toContain('暂无结果')

    // --- The deadline passes on the server's test clock: opened, evaluated, publicised.
    const moved = await apiCall('POST', '/api/v1/test/clock', { advanceBy: 'P4DT1H' })
    expect(moved.status).toBe(200)

    const result = await publicPage.goto(`/announcements/${id}/result`)
    expect(result?.status()).toBe(200)
    const winner = publicPage.getByTestId('result-winner')
    await expect.poll(() => winner.innerText()).toContain(firms[1]!.name)
    expect(await winner.innerText()).toContain('¥98,000.50')
    const ranking = await publicPage.getByTestId('result-ranking').innerText()
    const order = [1, 2, 0].map((i) => ranking.indexOf(firms[i]!.name))
    expect(order.every((p) => p >= 0) && order[0]! < order[1]! && order[1]! < order[2]!).toBe(true)
    expect(await publicPage.getByTestId('draw-seed-commitment').innerText()).toBe(commitment)
    expect(await publicPage.getByTestId('draw-seed').innerText()).toMatch(/^[0-9a-f]{64}$/)
    expect(await publicPage.getByTestId('draw-announcement-id').innerText()).toBe(id)
    expect((await publicPage.getByTestId('draw-order').innerText()).split('\n')).toHaveLength(3)
    // The browser recomputes commitment, input and order with Web Crypto.
    await expect.poll(() => publicPage.getByTestId('draw-check').innerText(), { timeout: 10_000 }).toContain('通过')
    expect(await publicPage.getByTestId('draw-check').getAttribute('data-state')).toBe('done')
    await screenshot(publicPage, 'bidding-result')

    // The transparency log page lists the announcement's entries, the opened bids' sealed ones too,
    // and the browser checks each leaf and inclusion proof against the signed checkpoint.
    await expect
      .poll(
        async () => {
          await publicPage.goto(`/announcements/${id}/log`)
          return publicPage.getByTestId('log-entry').count()
        },
        { timeout: 15_000 },
      )
      .toBeGreaterThanOrEqual(8)
    expect(await publicPage.getByTestId('log-entry').filter({ hasText: '报名（密封）' }).count()).toBe(3)
    await publicPage.waitForLoadState('networkidle')
    await publicPage.getByTestId('log-verify').click()
    await expect
      .poll(() => publicPage.getByTestId('log-verdict').innerText(), { timeout: 15_000 })
      .toContain('验证通过')
    await screenshot(publicPage, 'announcement-log')

    // Without JavaScript the page is complete and points to the command line and /draw instead.
    const noScript = await (
      await browser.newContext({ baseURL: baseUrl, locale: 'zh-CN', javaScriptEnabled: false })
    ).newPage()
    await noScript.goto(`/announcements/${id}/result`)
    expect(await noScript.getByTestId('draw-check').innerText()).toContain(`npm run draw:verify ${id}`)
    expect(await noScript.getByTestId('result-winner').innerText()).toContain(firms[1]!.name)

    const phone = await newPage(browser)
    await phone.setViewportSize({ width: 390, height: 844 })
    await phone.goto(`/announcements/${id}/result`)
    await expect.poll(() => phone.getByTestId('draw-check').innerText(), { timeout: 10_000 }).toContain('通过')
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    // The ranking fits the phone without sideways scrolling.
    expect(
      await phone
        .getByTestId('result-ranking')
        .evaluate((table) => table.scrollWidth <= table.parentElement!.clientWidth),
    ).toBe(true)
    await screenshot(phone, 'bidding-result-phone')
    await phone.goto('/draw')
    await expect.poll(() => phone.getByTestId('draw-example').innerText()).toContain('抽取顺序')
    expect(
      await phone
        .getByTestId('draw-example-keys')
        .evaluate((table) => table.scrollWidth <= table.parentElement!.clientWidth),
    ).toBe(true)
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await screenshot(phone, 'draw-explained-phone')

    // The public list finds it by keyword, with its status after the evaluation.
    await publicPage.goto('/announcements')
    await publicPage.fill('[name="q"]', title)
    await publicPage.getByTestId('announcement-filters').getByRole('button', { name: '搜索' }).click()
    await expect.poll(() => publicPage.getByTestId('announcement-results').innerText()).toContain(title)
    expect(await publicPage.getByTestId(`announcement-item-${id}`).innerText()).toContain('结果公示中')
    await screenshot(publicPage, 'announcements-list')

    // After the opening each bidder sees its own price, and everyone the count.
    await firmPages[1]!.goto(`/announcements/${id}`)
    await expect.poll(() => firmPages[1]!.getByTestId('my-bid-price').innerText()).toContain('¥98,000.50')
    expect(await firmPages[1]!.getByTestId('announcement-bid-count').innerText()).toBe('3 家')
  },
)
