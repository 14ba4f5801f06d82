// Sealed-price keys (issue 10, item 3). At start the web server and the worker check the canary
// that the database keeps (AppSetting bidPriceKey.canary, sealed with the current key on the first
// start) and refuse to start, exit 1, when their key ring cannot open it: a second host that
// generated a key of its own must not seal or open prices. `npm run bid-keys:rotate` seals the bids
// not opened yet again under a new key and moves the canary. The real scripts are run.
import { execFile } from 'node:child_process'
import crypto from 'node:crypto'
import path from 'node:path'
import { http, passthrough } from 'msw'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { prisma } from '#app/db.server.ts'
import { BidPriceKeyMismatch, CANARY_SETTING, checkBidPriceKeyCanary } from '#app/domain/bidding/price-keys.server.ts'
import { startWebSession } from '#app/domain/accounts/session.server.ts'
import { moveTestClock } from '#app/domain/clock/clock.server.ts'
import '#app/domain/deadlines/deadlines.server.ts'
import { runDue } from '#app/domain/engine/engine.server.ts'
import {
  keyIdOf,
  openPrice,
  SealedPriceKeyUnavailable,
  sealedKeyId,
  sealPrice,
} from '#app/domain/bidding/sealed-price.server.ts'
import { resetEnvCache } from '#app/env.server.ts'
import {
  advanceClock,
  createListedIntermediary,
  createOwnerWithProject,
  inDays,
  placeBids,
  publishedAnnouncement,
} from '#tests/factories/bidding.ts'
import { createMember } from '#tests/factories/index.ts'
import { openForm, postForm } from '#tests/helpers/accounts.ts'
import { api } from '#tests/helpers/app.ts'
import { spawnServer, type ServerProcess } from '#tests/helpers/server-process.ts'
import { mockServer } from '#tests/mocks/server.ts'

const started: ServerProcess[] = []
// The health checks go to the started server on loopback, not to a third party.
beforeEach(() => mockServer.use(http.get(/^http:\/\/127\.0\.0\.1:\d+\/healthz$/, () => passthrough())))
afterEach(async () => {
  for (const server of started.splice(0)) await server.stop()
})

const databaseKey = process.env.BID_PRICE_KEY!
const otherKey = crypto.randomBytes(32).toString('hex')

async function start(keys: { BID_PRICE_KEY?: string; BID_PRICE_KEYS?: string }, script?: string) {
  const server = await spawnServer(
    {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: process.env.DATABASE_URL,
      NODE_ENV: 'test',
      ENABLE_TEST_CLOCK: '1',
      SESSION_SECRET: process.env.SESSION_SECRET,
      ADMIN_EMAIL: 'admin@keys.zjcs.local',
      ADMIN_PASSWORD: 'keys-admin-password',
      LOG_LEVEL: 'warn',
      ...keys,
    },
    script,
  )
  started.push(server)
  return server
}

/** Runs `check` in this process with another key ring (the built app keeps its own). */
async function withKeys<T>(keys: string, check: () => Promise<T>): Promise<T> {
  const saved = { ...process.env }
  try {
    delete process.env.BID_PRICE_KEY
    process.env.BID_PRICE_KEYS = keys
    resetEnvCache()
    return await check()
  } finally {
    process.env = saved
    resetEnvCache()
  }
}

const refusal = (check: Promise<unknown>) =>
  check.then(
    () => {
      throw new Error('expected a refusal')
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(BidPriceKeyMismatch)
      return (error as Error).message
    },
  )

describe('the bid price key canary at start', () => {
  test('a host without the database key refuses to start (web and worker, exit 1, naming the key id, never a key); with it the server is healthy', async () => {
    // The canary, as the first start with this key seals it (e2e starts on a fresh database too).
    expect(await checkBidPriceKeyCanary()).toMatchObject({ kid: keyIdOf(databaseKey) })

    // A host that generated a key of its own.
    const stranger = await start({ BID_PRICE_KEY: otherKey })
    expect(await stranger.startOutcome(), stranger.output()).toEqual({ code: 1, signal: null })
    const message = stranger.output()
    console.info(message)
    expect(message).toContain(`"${keyIdOf(databaseKey)}"`)
    expect(message).toContain('BID_PRICE_KEYS must include')
    expect(message).not.toContain(databaseKey)
    expect(message).not.toContain(otherKey)

    const worker = await start({ BID_PRICE_KEY: otherKey }, 'scripts/worker.ts')
    expect(await worker.startOutcome(), worker.output()).toEqual({ code: 1, signal: null })
    expect(worker.output()).toContain(`"${keyIdOf(databaseKey)}"`)

    // A ring whose current key is new and which still holds the database key starts.
    const rotating = await start({ BID_PRICE_KEYS: `k2027:${otherKey},${databaseKey}` })
    expect(await rotating.startOutcome(), rotating.output()).toBe('healthy')
  })

  test('the database key id given with another key is refused too; before the first canary, the newest sealed price must open', async () => {
    const databaseKid = keyIdOf(databaseKey)
    await checkBidPriceKeyCanary()
    const impostor = await refusal(withKeys(`${databaseKid}:${otherKey}`, () => checkBidPriceKeyCanary()))
    expect(impostor).toContain(
      `the key given for "${databaseKid}" is not the one this database's prices were sealed with`,
    )

    // A database from before the canary, with a sealed bid: a host with another key creates no canary.
    const { owner, projectId } = await createOwnerWithProject()
    const { id } = await publishedAnnouncement(owner, projectId)
    await placeBids(id, [{ firm: await createListedIntermediary(), price: '99000.00' }])
    await prisma.appSetting.delete({ where: { key: CANARY_SETTING } })
    const stranger = await refusal(withKeys(`k2027:${otherKey}`, () => checkBidPriceKeyCanary()))
    expect(stranger).toContain(
      `the newest sealed bid price of this database is sealed with the bid price key "${databaseKid}"`,
    )
    expect(await prisma.appSetting.count({ where: { key: CANARY_SETTING } })).toBe(0)
    expect(await checkBidPriceKeyCanary()).toMatchObject({ kid: databaseKid, created: true })
    expect(
      (await api.post(`/api/v1/announcements/${id}/cancel`, { reason: '测试结束' }, { token: owner.token })).status,
    ).toBe(200)
  })
})

/** `npm run bid-keys:rotate` with this key ring. */
function rotate(keys: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'test',
    PATH: process.env.PATH,
    DATABASE_URL: process.env.DATABASE_URL,
    SESSION_SECRET: process.env.SESSION_SECRET,
    BID_PRICE_KEYS: keys,
  }
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/bid-keys-rotate.ts'],
      { cwd: path.resolve(import.meta.dirname, '../..'), env, timeout: 30_000, encoding: 'utf8' },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? -1) : 0, stdout, stderr }),
    )
  })
}

/** A price sealed as the code before the key ring did: format v1, no key id, the price unpadded. */
function sealV1(fen: number, bidId: string, version: number, hexKey: string): string {
  const iv = crypto.randomBytes(12)
  const cipher = crypto.createCipheriv('aes-256-gcm', Buffer.from(hexKey, 'hex'), iv)
  cipher.setAAD(Buffer.from(`bid:${bidId}:v${version}`, 'utf8'))
  const ciphertext = Buffer.concat([cipher.update(String(fen), 'utf8'), cipher.final()])
  return ['v1', iv, cipher.getAuthTag(), ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.')
}

const versionsOf = (announcementId: string) =>
  prisma.bidVersion.findMany({
    where: { bid: { announcementId }, priceCiphertext: { not: null } },
    orderBy: [{ bidId: 'asc' }, { version: 'asc' }],
    select: { bidId: true, version: true, priceCiphertext: true },
  })

describe('npm run bid-keys:rotate', () => {
  test('seals the versions of bids not opened yet again under the new key, moves the canary and prints counts; a rerun does nothing; then the new key alone opens them', async () => {
    await checkBidPriceKeyCanary()
    const { owner, projectId } = await createOwnerWithProject()
    const open = await publishedAnnouncement(owner, projectId, { deadline: await inDays(10) })
    const closing = await publishedAnnouncement(owner, projectId, { deadline: await inDays(4) })
    const firms = await Promise.all([1, 2, 3].map(() => createListedIntermediary()))
    await placeBids(closing.id, [
      { firm: firms[0]!, price: '99000.00' },
      { firm: firms[1]!, price: '98000.00' },
    ])
    await advanceClock('P4DT1H') // `closing` is opened; `open` still takes bids
    const [revised, legacy, withdrawn] = await placeBids(open.id, [
      { firm: firms[0]!, price: '120000.00' },
      { firm: firms[1]!, price: '110500.50' },
      { firm: firms[2]!, price: '130000.00' },
    ])
    expect(
      (await api.put(`/api/v1/announcements/${open.id}/bids/mine`, { price: '118000.00' }, { token: firms[0]!.token }))
        .status,
    ).toBe(200)
    expect((await api.delete(`/api/v1/announcements/${open.id}/bids/mine`, { token: firms[2]!.token })).status).toBe(
      204,
    )
    // one version as the code before the key ring sealed it
    await prisma.bidVersion.update({
      where: { bidId_version: { bidId: legacy!, version: 1 } },
      data: { priceCiphertext: sealV1(11_050_050, legacy!, 1, databaseKey) },
    })
    const openedBefore = await versionsOf(closing.id)
    const databaseKid = keyIdOf(databaseKey)
    const kidsBefore = (await versionsOf(open.id)).map((v) => sealedKeyId(v.priceCiphertext!) ?? 'v1')
    expect(kidsBefore.sort()).toEqual([databaseKid, databaseKid, databaseKid, 'v1'].sort())

    const ring = `k2027:${otherKey},${databaseKey}`
    const first = await rotate(ring)
    console.info(first.stdout)
    expect(first.code, first.stdout + first.stderr).toBe(0)
    expect(first.stdout).toContain(`key ring: k2027 (current), ${databaseKid}`)
    expect(first.stdout).toContain(
      `re-sealed 4 sealed versions of 3 bids in 1 announcements not opened yet (sealed before with ${databaseKid}: 3, v1 (no key id): 1)`,
    )
    expect(first.stdout).toContain(`canary moved from "${databaseKid}" to "k2027"`)
    expect(first.stdout + first.stderr).not.toMatch(/118000|11800000|110500|11050050|120000|130000/)
    expect(first.stdout + first.stderr).not.toContain(databaseKey)
    expect(first.stdout + first.stderr).not.toContain(otherKey)

    const resealed = await versionsOf(open.id)
    expect(resealed.map((v) => sealedKeyId(v.priceCiphertext!))).toEqual(resealed.map(() => 'k2027'))
    expect(await versionsOf(closing.id)).toEqual(openedBefore) // opened: left as it was
    const canary = JSON.parse(
      (await prisma.appSetting.findUniqueOrThrow({ where: { key: CANARY_SETTING } })).value,
    ) as { kid: string }
    expect(canary.kid).toBe('k2027')
    const entries = await prisma.auditEntry.findMany({
      where: { action: { in: ['reseal', 'rotate'] } },
      orderBy: { id: 'asc' },
    })
    expect(entries.map((e) => [e.entityType, e.action, e.actorUserId])).toEqual([
      ['Bid', 'reseal', null],
      ['Bid', 'reseal', null],
      ['Bid', 'reseal', null],
      ['BidPriceKey', 'rotate', null],
    ])
    expect(entries.find((e) => e.entityId === revised)!.after).toBe(
      JSON.stringify({ from: [databaseKid], to: 'k2027', versions: [1, 2] }),
    )

    const again = await rotate(ring)
    expect(again.code, again.stdout + again.stderr).toBe(0)
    expect(again.stdout).toContain('re-sealed 0 sealed versions of 0 bids in 0 announcements not opened yet')
    expect(again.stdout).toContain('canary already on "k2027"')
    expect(await versionsOf(open.id)).toEqual(resealed)

    // This host now without the old key: the bids not opened yet open; the opened one's do not.
    await withKeys(`k2027:${otherKey}`, async () => {
      const prices = new Map([
        [`${revised}:1`, 12_000_000],
        [`${revised}:2`, 11_800_000],
        [`${legacy}:1`, 11_050_050],
        [`${withdrawn}:1`, 13_000_000],
      ])
      expect(resealed.map((v) => openPrice(v.priceCiphertext!, v.bidId, v.version))).toEqual(
        resealed.map((v) => prices.get(`${v.bidId}:${v.version}`)),
      )
      expect(() =>
        openPrice(openedBefore[0]!.priceCiphertext!, openedBefore[0]!.bidId, openedBefore[0]!.version),
      ).toThrow(SealedPriceKeyUnavailable)
      expect((await checkBidPriceKeyCanary()).kid).toBe('k2027')
    })
  })

  test('a version sealed with a key missing from the ring is left as it is and reported (start warning, exit 1); the canary stays', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const { id } = await publishedAnnouncement(owner, projectId)
    const [bidId] = await placeBids(id, [{ firm: await createListedIntermediary(), price: '99000.00' }])
    const sealed = (await versionsOf(id))[0]!.priceCiphertext!
    const lost = sealed.replace(/^v2\.[\w-]+\./, 'v2.k-lost.')
    await prisma.bidVersion.update({
      where: { bidId_version: { bidId: bidId!, version: 1 } },
      data: { priceCiphertext: lost },
    })
    const ring = `k2027:${otherKey}`
    expect(await withKeys(ring, () => checkBidPriceKeyCanary())).toMatchObject({
      kid: 'k2027',
      missing: { 'k-lost': 1 },
    })

    const run = await rotate(ring)
    expect(run.code, run.stdout + run.stderr).toBe(1)
    expect(run.stderr).toContain(
      '1 sealed bid versions of announcements not opened yet need the bid price key "k-lost"',
    )
    expect(run.stdout).toContain('could not re-seal k-lost: 1 versions')
    expect(run.stdout).toContain('the canary stays on "k2027"')
    expect((await versionsOf(id))[0]!.priceCiphertext).toBe(lost)
    expect(
      (await api.post(`/api/v1/announcements/${id}/cancel`, { reason: '测试结束' }, { token: owner.token })).status,
    ).toBe(200)
  })
})

describe('an opening that meets a key this host lacks', () => {
  test('bids are not invalidated: the announcement stays EVALUATING, the row is stuck with the key id and the admin is told; once the key is added, the retry opens every price', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const admin = await createMember({ type: 'PLATFORM' })
    const { id } = await publishedAnnouncement(owner, projectId)
    const firms = await Promise.all([1, 2, 3].map(() => createListedIntermediary()))
    const bidIds = await placeBids(id, [
      { firm: firms[0]!, price: '126000.00' },
      { firm: firms[1]!, price: '119999.99' },
      { firm: firms[2]!, price: '133000.00' },
    ])
    // The second firm's bid went to a host whose current key ("k-away") this host was never given.
    const away = await withKeys(`k-away:${otherKey},${databaseKey}`, async () => sealPrice(12_300_000, bidIds[1]!, 1))
    await prisma.bidVersion.update({
      where: { bidId_version: { bidId: bidIds[1]!, version: 1 } },
      data: { priceCiphertext: away },
    })

    await moveTestClock({ advanceBy: 'P4DT1H' })
    expect((await runDue()).failed).toBe(1)
    expect(await prisma.announcement.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: 'EVALUATING',
      openedAt: null,
    })
    const bids = await prisma.bid.findMany({ where: { announcementId: id } })
    expect(bids.map((b) => [b.openedPrice, b.valid, b.invalidReason])).toEqual(bids.map(() => [null, null, null]))
    const failure = await prisma.scheduleFailure.findUniqueOrThrow({
      where: { entityType_entityId: { entityType: 'Announcement', entityId: id } },
    })
    expect(failure.stuckAt).not.toBeNull()
    expect(failure.lastError).toContain('k-away')
    // Every platform organization is told once.
    const told = await prisma.notification.findMany({ where: { kind: 'deadline-stuck', title: { contains: id } } })
    const platforms = await prisma.organization.count({ where: { type: 'PLATFORM' } })
    expect(told).toHaveLength(platforms)
    expect(new Set(told.map((n) => n.organizationId)).size).toBe(platforms)
    expect(told.map((n) => n.organizationId)).toContain(admin.organization.id)
    for (const notice of told) expect(notice.body).toContain('k-away')

    // The key is added to this host's ring and the admin retries from the page: every price opens.
    const cookie = (await startWebSession(admin.user.id, admin.organization.id)).split(';')[0]!
    const form = await openForm('/admin/deadlines', cookie)
    expect(form.page.text).toContain(id)
    expect(
      (await postForm('/admin/deadlines', { csrf: form.csrf, entityType: 'Announcement', entityId: id }, form.cookie))
        .status,
    ).toBe(302)
    await withKeys(`${keyIdOf(databaseKey)}:${databaseKey},k-away:${otherKey}`, () => runDue())
    const opened = await prisma.announcement.findUniqueOrThrow({ where: { id } })
    expect(opened.openedAt).not.toBeNull()
    const prices = await prisma.bid.findMany({ where: { announcementId: id }, orderBy: { openedPrice: 'asc' } })
    expect(prices.map((b) => [b.openedPrice?.toFixed(2), b.valid])).toEqual([
      ['123000.00', true],
      ['126000.00', true],
      ['133000.00', true],
    ])
  })
})
