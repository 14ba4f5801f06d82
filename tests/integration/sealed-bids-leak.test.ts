// Bids are sealed (DESIGN §4): before the deadline nobody — not the owner, not other bidders, not
// departments, not admins — can learn who bid, how many bid or any price, and prices are stored
// encrypted. Three firms bid (one revises, a fourth bids and withdraws); every role then calls every
// announcement, bid and project API and opens every announcement and project page, and no answer may
// show another bidder's name, USCC or id, any price but the viewer's own (a bidder sees its own
// prices, every version of them, and nobody else's), or a bid count. The
// rows, the audit log, the notifications and the logs are searched for prices too. After the deadline
// the same checks must find the count and the prices, so that they are shown to be able to fail.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { prisma } from '#app/db.server.ts'
import { startWebSession } from '#app/domain/accounts/session.server.ts'
import { createMember } from '#tests/factories/index.ts'
import {
  advanceClock,
  createListedIntermediary,
  createOwnerWithProject,
  publishedAnnouncement,
  type Member,
} from '#tests/factories/bidding.ts'
import { api, call } from '#tests/helpers/app.ts'

// The app's logger is created when the build is first called (below): let it log everything.
process.env.LOG_LEVEL = 'trace'

type Firm = {
  member: Member
  name: string
  uscc: string
  organizationId: string
  price: string
  bidId?: string
  ownPrices?: string[]
}
type Viewer = { label: string; token?: string; cookie?: string; own?: Firm }
type Answer = { viewer: string; path: string; status: number; text: string }

const PRICES = ['123456.78', '134567.89', '141414.14']
const REVISED_AWAY = '128888.88' // firm 0's first price, replaced by its revision
const WITHDRAWN_PRICE = '117777.77' // the price of the firm that withdrew

/** Every way a price could be written: "123456.78", "123,456.78" (¥ display), fen "12345678". */
function priceForms(price: string): string[] {
  const [whole, fraction] = price.split('.')
  return [price, `${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction}`, `${whole}${fraction}`]
}

const allPrices = () => [...PRICES, REVISED_AWAY, WITHDRAWN_PRICE]
const ROUTES = path.resolve(import.meta.dirname, '../../app/routes')

/** The announcement and project pages that exist now, from app/routes (flat routes), with the ids filled in. */
function pagePaths(ids: { announcementId: string; projectId: string }): string[] {
  const pages: string[] = []
  for (const file of fs.readdirSync(ROUTES)) {
    const name = file.replace(/\.tsx$/, '')
    if (name === file || !/^(announcements|projects)[._]|^account_\.notifications$/.test(name)) continue
    const segments = name
      .split('.')
      .filter((s) => s !== '_index')
      .map((s) => s.replace(/_$/, ''))
    const filled = segments.map((s) =>
      s === '$id' ? (segments[0] === 'projects' ? ids.projectId : ids.announcementId) : s,
    )
    if (filled.some((s) => s.startsWith('$'))) continue // a page of something else (an objection): not this announcement's
    pages.push(`/${filled.join('/')}`)
  }
  return pages.sort()
}

function apiPaths(ids: { announcementId: string; projectId: string }, title: string) {
  const a = `/api/v1/announcements/${ids.announcementId}`
  return [
    '/api/v1/announcements',
    `/api/v1/announcements?q=${encodeURIComponent(title)}&status=PUBLISHED&serviceItem=ZJ-ECO-001&regionCode=510107`,
    '/api/v1/announcements?method=LOWEST_PRICE&pageSize=100',
    '/api/v1/announcements?mine=1',
    a,
    `${a}/bids`,
    `${a}/bids/mine`,
    `${a}/result`,
    `${a}/objections`,
    '/api/v1/projects',
    `/api/v1/projects/${ids.projectId}`,
    `/api/v1/projects/${ids.projectId}/approval-items/SP-ECO-001/services`,
    '/api/v1/notifications',
    '/api/v1/audit/verify',
    '/api/v1/openapi.json',
  ]
}

/** What one answer reveals that it must not: prices, other bidders, a bid count. */
function leaksIn(answer: Answer, viewer: Viewer, firms: Firm[], profileOf?: Firm): string[] {
  const found: string[] = []
  for (const price of allPrices()) {
    if (viewer.own?.ownPrices?.includes(price)) continue // a bidder's own prices are its own to see
    for (const form of priceForms(price)) if (answer.text.includes(form)) found.push(`price ${form}`)
  }
  for (const firm of firms) {
    if (firm === viewer.own || firm === profileOf) continue
    for (const [what, value] of [
      ['name', firm.name],
      ['uscc', firm.uscc],
      ['id', firm.organizationId],
      ['bid', firm.bidId],
    ] as const) {
      if (value && answer.text.includes(value)) found.push(`${what} of ${firm.name}`)
    }
  }
  // (the OpenAPI document names the field in its schemas; it holds no data)
  if (answer.path !== '/api/v1/openapi.json' && /"bidCount":\s*(?!null)/.test(answer.text)) found.push('bidCount')
  if (/data-testid="announcement-bid-count"[^>]*>\s*\d/.test(answer.text)) found.push('bid count on the page')
  return found
}

// Everything the app's logger (pino → sonic-boom → fs.write on fd 1/2) and the process print.
const logged: string[] = []
const originals = {
  write: fs.write,
  writeSync: fs.writeSync,
  stdout: process.stdout.write,
  stderr: process.stderr.write,
}
function captureOutput() {
  const keep = (fd: unknown, data: unknown) => {
    if ((fd === 1 || fd === 2) && (typeof data === 'string' || Buffer.isBuffer(data))) logged.push(data.toString())
  }
  const write = originals.write as (...args: unknown[]) => void
  const writeSync = originals.writeSync as (...args: unknown[]) => number
  const stdout = originals.stdout as (...args: unknown[]) => boolean
  const stderr = originals.stderr as (...args: unknown[]) => boolean
  Object.assign(fs, {
    write: (fd: number, data: unknown, ...rest: unknown[]) => {
      keep(fd, data)
      write(fd, data, ...rest)
    },
    writeSync: (fd: number, data: unknown, ...rest: unknown[]) => {
      keep(fd, data)
      return writeSync(fd, data, ...rest)
    },
  })
  process.stdout.write = ((data: unknown, ...rest: unknown[]) => {
    keep(1, data)
    return stdout.call(process.stdout, data, ...rest)
  }) as typeof process.stdout.write
  process.stderr.write = ((data: unknown, ...rest: unknown[]) => {
    keep(2, data)
    return stderr.call(process.stderr, data, ...rest)
  }) as typeof process.stderr.write
}
afterAll(() => {
  Object.assign(fs, { write: originals.write, writeSync: originals.writeSync })
  process.stdout.write = originals.stdout
  process.stderr.write = originals.stderr
})

const cookieOf = async (member: Member) =>
  (await startWebSession(member.user.id, member.organization.id)).split(';')[0]!

describe('sealed bids', () => {
  let ids: { announcementId: string; projectId: string }
  let title: string
  let owner: Member
  let firms: Firm[] // 0..2 bid (0 revised), 3 bid and withdrew
  let viewers: Viewer[]
  let idempotentBidBody: string

  beforeAll(async () => {
    captureOutput()
    const created = await createOwnerWithProject()
    owner = created.owner
    const published = await publishedAnnouncement(owner, created.projectId)
    ids = { announcementId: published.id, projectId: created.projectId }
    title = (await prisma.announcement.findUniqueOrThrow({ where: { id: ids.announcementId } })).title
    firms = []
    for (const price of [...PRICES, WITHDRAWN_PRICE]) {
      const member = await createListedIntermediary()
      firms.push({
        member,
        name: member.organization.name,
        uscc: member.organization.uscc,
        organizationId: member.organization.id,
        price,
        ownPrices: [price],
      })
    }
    firms[0]!.ownPrices!.push(REVISED_AWAY)
    const bidsPath = `/api/v1/announcements/${ids.announcementId}/bids`
    // Firm 0 bids with an Idempotency-Key (the key's record must not give its price away), then revises.
    idempotentBidBody = JSON.stringify({ price: REVISED_AWAY })
    const first = await call('POST', bidsPath, {
      token: firms[0]!.member.token,
      body: idempotentBidBody,
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'bid-1' },
    })
    expect(first.status, first.text).toBe(201)
    firms[0]!.bidId = first.body.bidId
    const revised = await api.put(`${bidsPath}/mine`, { price: PRICES[0] }, { token: firms[0]!.member.token })
    expect(revised.status, revised.text).toBe(200)
    for (const firm of firms.slice(1)) {
      const bid = await api.post(bidsPath, { price: firm.price }, { token: firm.member.token })
      expect(bid.status, bid.text).toBe(201)
      firm.bidId = bid.body.bidId
    }
    expect((await api.delete(`${bidsPath}/mine`, { token: firms[3]!.member.token })).status).toBe(204)

    const outsider = await createListedIntermediary()
    const ecology = await prisma.department.findFirstOrThrow({
      where: { fieldCode: 'ECOLOGY' },
      select: { organizationId: true },
    })
    const department = await createMember({ organizationId: ecology.organizationId })
    const admin = await createMember({ type: 'PLATFORM' })
    viewers = [
      { label: 'anonymous' },
      { label: 'owner', token: owner.token, cookie: await cookieOf(owner) },
      ...(await Promise.all(
        firms.map(async (firm, i) => ({
          label: i === 3 ? 'withdrawn bidder' : `bidder ${i}`,
          token: firm.member.token,
          cookie: await cookieOf(firm.member),
          own: firm,
        })),
      )),
      { label: 'intermediary that did not bid', token: outsider.token, cookie: await cookieOf(outsider) },
      { label: 'department of the field', token: department.token, cookie: await cookieOf(department) },
      { label: 'platform admin', token: admin.token, cookie: await cookieOf(admin) },
    ]
  })

  /** Every viewer × every API and page; answers with the leaks found. */
  async function survey() {
    const pages = pagePaths(ids)
    const requests: Array<{
      viewer: Viewer
      path: string
      options: { token?: string; cookie?: string }
      subject?: Firm
    }> = []
    for (const viewer of viewers) {
      for (const p of apiPaths(ids, title)) requests.push({ viewer, path: p, options: { token: viewer.token } })
      for (const p of [...pages, `/announcements?q=${encodeURIComponent(title)}`, '/announcements?mine=1', '/projects'])
        requests.push({ viewer, path: p, options: { cookie: viewer.cookie } })
      for (const firm of firms) {
        requests.push({
          viewer,
          path: `/api/v1/intermediaries/${firm.organizationId}`,
          options: { token: viewer.token },
          subject: firm,
        })
        requests.push({
          viewer,
          path: `/intermediaries/${firm.organizationId}`,
          options: { cookie: viewer.cookie },
          subject: firm,
        })
      }
    }
    const answers: Array<{ answer: Answer; leaks: string[] }> = []
    for (let i = 0; i < requests.length; i += 16) {
      const batch = requests.slice(i, i + 16)
      const results = await Promise.all(batch.map((r) => call('GET', r.path, r.options)))
      for (const [j, result] of results.entries()) {
        const { viewer, path: p, subject } = batch[j]!
        expect(result.status, `${viewer.label} GET ${p}: ${result.text.slice(0, 300)}`).toBeLessThan(500)
        const answer = { viewer: viewer.label, path: p, status: result.status, text: result.text }
        answers.push({ answer, leaks: leaksIn(answer, viewer, firms, subject) })
      }
    }
    return { answers, pages, calls: requests.length }
  }

  test(
    'before the deadline no answer to anyone shows who bid, how many bid or any price',
    { timeout: 120_000 },
    async () => {
      const started = performance.now()
      const { answers, pages, calls } = await survey()
      console.info(
        `${calls} GETs by ${viewers.length} viewers over ${pages.length} pages and the APIs: ${Math.round(performance.now() - started)} ms`,
      )
      // The pages this test must cover exist (written by the page authors; listed from app/routes).
      for (const required of [
        '/announcements',
        `/announcements/${ids.announcementId}`,
        `/announcements/${ids.announcementId}/result`,
        `/projects/${ids.projectId}`,
      ]) {
        expect(pages).toContain(required)
      }
      const leaks = answers
        .filter((a) => a.leaks.length > 0)
        .map((a) => `${a.answer.viewer} GET ${a.answer.path} (${a.answer.status}): ${a.leaks.join(', ')}`)
      expect(leaks).toEqual([])
      // The checks looked at real answers: the public page and API show the announcement, and each
      // bidder sees that it has bid (its own bid id), not its price.
      const find = (viewer: string, p: string) =>
        answers.find((a) => a.answer.viewer === viewer && a.answer.path === p)!.answer
      const page = find('anonymous', `/announcements/${ids.announcementId}`)
      expect(page.status).toBe(200)
      expect(page.text).toContain(title)
      expect(page.text).toContain('截止后公开')
      const detail = JSON.parse(find('owner', `/api/v1/announcements/${ids.announcementId}`).text)
      expect(detail).toMatchObject({
        id: ids.announcementId,
        status: 'PUBLISHED',
        bidCount: null,
        myBid: null,
        isOwner: true,
      })
      const mine = find('bidder 0', `/api/v1/announcements/${ids.announcementId}/bids/mine`)
      expect(mine.status).toBe(200)
      // its own bidder sees its current price and every version, decrypted for it alone
      expect(JSON.parse(mine.text)).toMatchObject({
        bidId: firms[0]!.bidId,
        status: 'ACTIVE',
        version: 2,
        price: PRICES[0],
        valid: null,
      })
      expect(JSON.parse(mine.text).versions.map((v: { price: string }) => v.price)).toEqual([REVISED_AWAY, PRICES[0]])
      const withdrawn = JSON.parse(
        find('withdrawn bidder', `/api/v1/announcements/${ids.announcementId}/bids/mine`).text,
      )
      expect(withdrawn).toMatchObject({ status: 'WITHDRAWN', price: null })
      expect(find('owner', `/api/v1/announcements/${ids.announcementId}/bids`).status).toBe(409)
      expect(find('platform admin', `/api/v1/announcements/${ids.announcementId}/bids`).status).toBe(409)
      expect(find('department of the field', `/api/v1/announcements/${ids.announcementId}/bids`).status).toBe(409)
      expect(find('owner', `/projects/${ids.projectId}`).status).toBe(200)
      expect(find('bidder 1', `/api/v1/intermediaries/${firms[1]!.organizationId}`).status).toBe(200)
    },
  )

  test('before the deadline the rows, the audit log, the notifications and the logs hold no price, and bid audit entries no actor', async () => {
    const contains = (text: string | null | undefined) =>
      allPrices()
        .flatMap(priceForms)
        .filter((form) => text?.includes(form))
    const bids = await prisma.bid.findMany({
      where: { announcementId: ids.announcementId },
      include: { versions: true },
    })
    expect(bids).toHaveLength(4)
    for (const bid of bids) {
      expect([bid.openedPrice, bid.valid, bid.invalidReason]).toEqual([null, null, null])
      expect(contains(JSON.stringify(bid))).toEqual([])
      for (const version of bid.versions) {
        if (version.action === 'WITHDRAW') expect(version.priceCiphertext).toBeNull()
        else expect(version.priceCiphertext).toMatch(/^v2\.[\w-]+\.[\w-]+\.[\w-]+\.[\w-]+$/)
      }
    }
    expect(
      bids
        .flatMap((b) => b.versions)
        .map((v) => v.action)
        .sort(),
    ).toEqual(['REVISE', 'SUBMIT', 'SUBMIT', 'SUBMIT', 'SUBMIT', 'WITHDRAW'])

    const entries = await prisma.auditEntry.findMany()
    for (const entry of entries)
      expect(contains(`${entry.before} ${entry.after}`), `audit ${entry.entityType} ${entry.action}`).toEqual([])
    const bidEntries = entries.filter((e) => e.entityType === 'Bid')
    expect(bidEntries.map((e) => e.action).sort()).toEqual(['bid', 'bid', 'bid', 'bid', 'reviseBid', 'withdrawBid'])
    for (const entry of bidEntries) {
      expect([entry.actorUserId, entry.actorOrganizationId]).toEqual([null, null])
      for (const firm of firms) expect(`${entry.before} ${entry.after}`).not.toContain(firm.organizationId)
    }
    const notifications = await prisma.notification.findMany()
    for (const n of notifications) expect(contains(`${n.title} ${n.body}`)).toEqual([])
    expect(notifications.filter((n) => n.organizationId === owner.organization.id)).toEqual([])
    const emails = await prisma.emailOutbox.findMany()
    for (const e of emails) expect(contains(`${e.subject} ${e.body}`)).toEqual([])

    // An Idempotency-Key record keeps a hash of the request: not one anybody can recompute from a guessed price.
    const record = await prisma.idempotencyRecord.findFirstOrThrow({ where: { key: 'bid-1' } })
    const guess = crypto
      .createHash('sha256')
      .update(`POST /api/v1/announcements/${ids.announcementId}/bids\n${idempotentBidBody}`)
      .digest('hex')
    expect(record.requestHash).not.toBe(guess)
    expect(contains(JSON.stringify(record))).toEqual([])

    // The logs: the capture works (a canary through pino), and no line carries a price or a bidder.
    const canary = `canary-${crypto.randomUUID()}`
    const probe = pino({ level: 'info' })
    probe.info({ canary }, 'leak test canary')
    probe.flush()
    await new Promise((resolve) => setTimeout(resolve, 50))
    const text = logged.join('')
    expect(text).toContain(canary)
    expect(contains(text)).toEqual([])
    for (const firm of firms) expect(text).not.toContain(firm.uscc)
  })

  test('after the deadline the same answers show the count and the prices', { timeout: 120_000 }, async () => {
    await advanceClock('P4DT1H')
    const { answers } = await survey()
    const find = (viewer: string, p: string) => answers.find((a) => a.answer.viewer === viewer && a.answer.path === p)!
    const a = `/api/v1/announcements/${ids.announcementId}`
    expect(JSON.parse(find('anonymous', a).answer.text)).toMatchObject({ status: 'PUBLICITY', bidCount: 3 })
    expect(find('anonymous', a).leaks).toContain('bidCount')
    // The result is public: every valid price and every bidder that was still in.
    const result = find('anonymous', `${a}/result`)
    expect(result.answer.status).toBe(200)
    for (const firm of firms.slice(0, 3)) {
      expect(result.leaks).toContain(`price ${firm.price}`)
      expect(result.leaks).toContain(`name of ${firm.name}`)
    }
    const opened = find('owner', `${a}/bids`)
    expect(opened.answer.status).toBe(200)
    expect(
      JSON.parse(opened.answer.text)
        .items.map((b: { price: string }) => b.price)
        .sort(),
    ).toEqual([...PRICES].sort())
    const mine = find('bidder 0', `${a}/bids/mine`)
    expect(JSON.parse(mine.answer.text)).toMatchObject({ price: PRICES[0], valid: true })
    // The pages show them too.
    const page = find('anonymous', `/announcements/${ids.announcementId}`)
    expect(page.leaks).toContain('bid count on the page')
    const resultPage = find('anonymous', `/announcements/${ids.announcementId}/result`)
    expect(resultPage.answer.status).toBe(200)
    for (const firm of firms.slice(0, 3)) expect(resultPage.leaks).toContain(`price ${priceForms(firm.price)[1]}`)
    // Neither the replaced price nor the withdrawn bid's price is ever shown to anyone but its own bidder.
    const others = answers
      .filter((x) => x.answer.viewer !== 'bidder 0' && x.answer.viewer !== 'withdrawn bidder')
      .map((x) => x.answer.text)
      .join('\n')
    for (const form of [...priceForms(REVISED_AWAY), ...priceForms(WITHDRAWN_PRICE)]) expect(others).not.toContain(form)
    const notFirm0 = answers
      .filter((x) => x.answer.viewer !== 'bidder 0')
      .map((x) => x.answer.text)
      .join('\n')
    for (const form of priceForms(REVISED_AWAY)) expect(notFirm0).not.toContain(form)
  })
})
