// Races around one announcement: many triggers of the deadline transitions at once, one firm's bid
// sent many times at once, many firms bidding at once, and bids in flight while the clock passes the
// deadline; and the test clock, which requests reading it while it moves must not set back. Every
// transition is one transaction that holds the announcement row, so each happens exactly once and a
// bid is either accepted and opened, or refused and absent.
import { describe, expect, test } from 'vitest'
import { prisma } from '#app/db.server.ts'
import { verifyAuditLog } from '#tests/helpers/transparency.ts'
import { announcementMachine } from '#app/domain/announcements/machine.server.ts'
import { advanceRow, runDue } from '#app/domain/engine/engine.server.ts'
import { moveTestClock, now } from '#app/domain/clock/clock.server.ts'
import {
  createListedIntermediary,
  createOwnerWithProject,
  publishedAnnouncement,
  type Member,
} from '#tests/factories/bidding.ts'
import { api } from '#tests/helpers/app.ts'

async function announcementActions(id: string): Promise<string[]> {
  const rows = await prisma.auditEntry.findMany({
    where: { entityType: 'Announcement', entityId: id },
    orderBy: { id: 'asc' },
    select: { action: true },
  })
  return rows.map((r) => r.action)
}

const count = (list: string[], wanted: string) => list.filter((x) => x === wanted).length

async function firms(n: number): Promise<Member[]> {
  const list: Member[] = []
  for (let i = 0; i < n; i++) list.push(await createListedIntermediary())
  return list
}

/** 50 explicit triggers, 50 ticker runs and a few test-clock moves, all at once. */
async function hundredTriggers(id: string) {
  const triggers: Array<Promise<number>> = []
  for (let i = 0; i < 50; i++) {
    triggers.push(advanceRow(announcementMachine, id))
    triggers.push(runDue().then((pass) => pass.applied))
  }
  const clockMoves = [0, 1, 2].map(() => api.post('/api/v1/test/clock', { advanceBy: 'PT1M' }))
  const started = performance.now()
  const [steps, moves] = await Promise.all([Promise.allSettled(triggers), Promise.all(clockMoves)])
  const ms = Math.round(performance.now() - started)
  const failures = steps.filter((s) => s.status === 'rejected').map((s) => String((s as PromiseRejectedResult).reason))
  expect(failures, failures.slice(0, 3).join('\n')).toEqual([])
  for (const move of moves) expect(move.status, move.text).toBe(200)
  const applied = steps.reduce((sum, s) => sum + (s.status === 'fulfilled' ? s.value : 0), 0)
  return { applied, ms }
}

describe('100 concurrent triggers on one due announcement', () => {
  test('open, evaluate and award each happen exactly once, and the audit chain stays whole', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const { id } = await publishedAnnouncement(owner, projectId)
    const bidders = await firms(3)
    const prices = ['131000.00', '118500.00', '142000.00']
    for (const [i, firm] of bidders.entries()) {
      expect(
        (await api.post(`/api/v1/announcements/${id}/bids`, { price: prices[i] }, { token: firm.token })).status,
      ).toBe(201)
    }
    // Past the deadline without running anything: the triggers below are the first to see it due.
    await moveTestClock({ advanceBy: 'P4DT1H' })
    expect((await prisma.announcement.findUniqueOrThrow({ where: { id } })).status).toBe('PUBLISHED')

    const opening = await hundredTriggers(id)
    console.info(`opening + evaluation under 100 triggers and 3 clock moves: ${opening.ms} ms`)
    const afterOpening = await prisma.announcement.findUniqueOrThrow({ where: { id } })
    expect(afterOpening.status).toBe('PUBLICITY')
    let actions = await announcementActions(id)
    expect({
      close: count(actions, 'close'),
      open: count(actions, 'open'),
      evaluate: count(actions, 'evaluate'),
      award: count(actions, 'award'),
    }).toEqual({ close: 1, open: 1, evaluate: 1, award: 0 })
    // The clock moves applied nothing here or some of the three steps; the triggers applied the rest.
    expect(opening.applied).toBeLessThanOrEqual(3)
    const bids = await prisma.bid.findMany({
      where: { announcementId: id },
      select: { intermediaryId: true, openedPrice: true, valid: true },
    })
    expect(bids.map((b) => [b.intermediaryId, b.openedPrice?.toFixed(2), b.valid]).sort()).toEqual(
      bidders.map((f, i) => [f.organization.id, prices[i], true]).sort(),
    )
    const ownerNotices = await prisma.notification.count({
      where: { organizationId: owner.organization.id, kind: { in: ['deadline-reached', 'announcement-result'] } },
    })
    expect(ownerNotices).toBe(2)

    await moveTestClock({ advanceBy: 'P3DT1H' })
    expect((await prisma.announcement.findUniqueOrThrow({ where: { id } })).status).toBe('PUBLICITY')
    const award = await hundredTriggers(id)
    console.info(`award under 100 triggers and 3 clock moves: ${award.ms} ms`)
    const awarded = await prisma.announcement.findUniqueOrThrow({ where: { id } })
    expect(awarded.status).toBe('AWARDED')
    const winner = await prisma.bid.findUniqueOrThrow({ where: { id: awarded.winnerBidId! } })
    expect(winner.intermediaryId).toBe(bidders[1]!.organization.id)
    actions = await announcementActions(id)
    expect({
      close: count(actions, 'close'),
      open: count(actions, 'open'),
      evaluate: count(actions, 'evaluate'),
      award: count(actions, 'award'),
    }).toEqual({ close: 1, open: 1, evaluate: 1, award: 1 })
    expect(
      await prisma.notification.count({
        where: { organizationId: bidders[1]!.organization.id, kind: 'announcement-awarded' },
      }),
    ).toBe(1)
    expect(
      await prisma.notification.count({
        where: { organizationId: owner.organization.id, kind: 'announcement-awarded' },
      }),
    ).toBe(1)
    expect(await verifyAuditLog()).toMatchObject({ ok: true })
  })
})

describe('concurrent bids', () => {
  test('one firm sending the same bid 10 times at once gets one 201 and nine 409, and one bid is stored', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const { id } = await publishedAnnouncement(owner, projectId)
    const [firm] = await firms(1)
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        api.post(`/api/v1/announcements/${id}/bids`, { price: '99000.00' }, { token: firm!.token }),
      ),
    )
    const statuses = answers.map((a) => a.status).sort()
    expect(statuses, answers.map((a) => a.text).join('\n')).toEqual([201, 409, 409, 409, 409, 409, 409, 409, 409, 409])
    for (const refused of answers.filter((a) => a.status === 409))
      expect(refused.headers.get('Content-Type')).toMatch(/problem\+json/)
    const bids = await prisma.bid.findMany({ where: { announcementId: id }, include: { versions: true } })
    expect(bids).toHaveLength(1)
    expect(bids[0]!.id).toBe(answers.find((a) => a.status === 201)!.body.bidId)
    expect(bids[0]!.versions).toHaveLength(1)
    expect(bids[0]!.currentVersion).toBe(1)
    expect(await prisma.auditEntry.count({ where: { entityType: 'Bid', entityId: bids[0]!.id } })).toBe(1)
    expect(await verifyAuditLog()).toMatchObject({ ok: true })
  })

  test('30 firms bidding at once on one announcement all get 201, and all 30 are opened at the deadline', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const { id } = await publishedAnnouncement(owner, projectId)
    const bidders = await firms(30)
    const price = (i: number) => `${100000 + i * 137}.${String(i).padStart(2, '0')}`
    const started = performance.now()
    const answers = await Promise.all(
      bidders.map((firm, i) =>
        api.post(`/api/v1/announcements/${id}/bids`, { price: price(i) }, { token: firm.token }),
      ),
    )
    console.info(`30 concurrent bids: ${Math.round(performance.now() - started)} ms`)
    expect(
      answers.map((a) => a.status),
      answers
        .filter((a) => a.status !== 201)
        .map((a) => a.text)
        .join('\n'),
    ).toEqual(Array(30).fill(201))
    expect(new Set(answers.map((a) => a.body.bidId)).size).toBe(30)
    expect(await prisma.bid.count({ where: { announcementId: id, status: 'ACTIVE' } })).toBe(30)
    expect(await prisma.bidVersion.count({ where: { bid: { announcementId: id } } })).toBe(30)

    expect((await api.post('/api/v1/test/clock', { advanceBy: 'P4DT1H' })).status).toBe(200)
    const view = await api.get(`/api/v1/announcements/${id}`)
    expect(view.body.bidCount).toBe(30)
    const opened = await api.get(`/api/v1/announcements/${id}/bids`, { token: owner.token })
    expect(opened.status, opened.text).toBe(200)
    expect(
      opened.body.items.map((b: { intermediaryId: string; price: string }) => `${b.intermediaryId}=${b.price}`).sort(),
    ).toEqual(bidders.map((f, i) => `${f.organization.id}=${price(i)}`).sort())
    expect(await verifyAuditLog()).toMatchObject({ ok: true })
  })
})

describe('a bid racing the opening', () => {
  test('bids in flight while the clock passes the deadline are either accepted and opened (201) or refused and absent (409)', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const { id } = await publishedAnnouncement(owner, projectId)
    const early = await firms(3)
    const racing = await firms(20)
    const late = await firms(3)
    const priceOf = new Map<string, string>()
    const bid = (firm: Member, i: number) => {
      const price = `${90000 + i * 211}.50`
      priceOf.set(firm.organization.id, price)
      return api.post(`/api/v1/announcements/${id}/bids`, { price }, { token: firm.token })
    }
    for (const [i, firm] of early.entries()) expect((await bid(firm, i)).status).toBe(201)
    const deadline = (await prisma.announcement.findUniqueOrThrow({ where: { id } })).deadline
    // Just before the deadline, then bids staggered around a move past it.
    await moveTestClock({ now: new Date(deadline.getTime() - 60_000).toISOString() })
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
    let firstAnswered: () => void = () => {}
    const firstAnswer = new Promise<void>((resolve) => (firstAnswered = resolve))
    const inFlight = racing.map(async (firm, i) => {
      await sleep(i * 10)
      const answer = await bid(firm, 100 + i)
      firstAnswered()
      return { firm, answer }
    })
    // The clock passes the deadline as soon as the first racing bid has its answer, the others still
    // on their way.
    await firstAnswer
    const moved = await api.post('/api/v1/test/clock', { now: new Date(deadline.getTime() + 1000).toISOString() })
    expect(moved.status, moved.text).toBe(200)
    // The clock applies what became due before answering, even while bids hold the row.
    const statusWhenClockAnswered = (await prisma.announcement.findUniqueOrThrow({ where: { id } })).status
    expect(statusWhenClockAnswered).toBe('PUBLICITY')
    const raced = await Promise.all(inFlight)
    // After the clock has answered, every bid is refused.
    for (const [i, firm] of late.entries()) {
      const refused = await bid(firm, 200 + i)
      expect(refused.status, refused.text).toBe(409)
    }

    for (const { answer } of raced) expect([201, 409], answer.text).toContain(answer.status)
    const accepted = raced.filter((r) => r.answer.status === 201).map((r) => r.firm.organization.id)
    const refused = [
      ...raced.filter((r) => r.answer.status === 409).map((r) => r.firm.organization.id),
      ...late.map((f) => f.organization.id),
    ]
    console.info(`racing bids: ${accepted.length} accepted, ${raced.length - accepted.length} refused`)
    expect(accepted.length).toBeGreaterThan(0)

    const counted = [...early.map((f) => f.organization.id), ...accepted]
    const bids = await prisma.bid.findMany({
      where: { announcementId: id },
      select: { id: true, intermediaryId: true, openedPrice: true, valid: true },
    })
    // Never lost: every accepted bid was opened with its price. Never counted after being refused.
    expect(bids.map((b) => b.intermediaryId).sort()).toEqual([...counted].sort())
    for (const b of bids) expect([b.openedPrice?.toFixed(2), b.valid]).toEqual([priceOf.get(b.intermediaryId), true])
    expect(await prisma.bidVersion.count({ where: { bid: { intermediaryId: { in: refused } } } })).toBe(0)
    const openEntry = await prisma.auditEntry.findFirstOrThrow({
      where: { entityType: 'Announcement', entityId: id, action: 'open' },
    })
    const listed = (JSON.parse(openEntry.after!) as { bids: Array<{ bidId: string }> }).bids.map((b) => b.bidId)
    expect(listed.sort()).toEqual(bids.map((b) => b.id).sort())
    expect((await api.get(`/api/v1/announcements/${id}`)).body.bidCount).toBe(counted.length)
    expect(await announcementActions(id)).toEqual(['create', 'publish', 'close', 'open', 'evaluate'])
    expect(await verifyAuditLog()).toMatchObject({ ok: true })
  })
})

describe('the test clock under concurrent requests', () => {
  test('a move is never undone by requests that read the clock while it moved', async () => {
    // Bids keep the connection pool busy, so that the clock reads of the requests started before the
    // move finish after it: none of them may set the clock back.
    const { owner, projectId } = await createOwnerWithProject()
    const { id } = await publishedAnnouncement(owner, projectId)
    const bidders = await firms(30)
    const target = new Date(now().getTime() + 86_400_000)
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
    const bids = bidders.map(async (firm, i) => {
      await sleep(i)
      return api.post(`/api/v1/announcements/${id}/bids`, { price: '88000.00' }, { token: firm.token })
    })
    await sleep(10)
    const moved = await api.post('/api/v1/test/clock', { now: target.toISOString() })
    expect(moved.status, moved.text).toBe(200)
    let earliest = now().getTime()
    const sampler = setInterval(() => (earliest = Math.min(earliest, now().getTime())), 1)
    const answers = await Promise.all(bids)
    clearInterval(sampler)
    expect(answers.map((a) => a.status)).toEqual(Array(30).fill(201))
    expect(earliest).toBeGreaterThanOrEqual(target.getTime())
    expect(now().getTime()).toBeGreaterThanOrEqual(target.getTime())
    const after = await api.get('/api/v1/test/clock')
    expect(new Date(after.body.now).getTime()).toBeGreaterThanOrEqual(target.getTime())
  })
})
