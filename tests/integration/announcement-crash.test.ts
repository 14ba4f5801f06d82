// A worker killed mid-transition (kill -9) leaves nothing half-done; after restart every due
// transition completes once. The worker runs in a process of its own (tests/helpers/worker-process.ts);
// the fault seam ZJCS_FAULT_PAUSE_IN=open stops its opening step inside the transaction, after the
// bid rows were written, and the test kills it there.
import mysql from 'mysql2/promise'
import { afterEach, describe, expect, test } from 'vitest'
import { prisma } from '#app/db.server.ts'
import { verifyAuditLog } from '#tests/helpers/transparency.ts'
import { moveTestClock } from '#app/domain/clock/clock.server.ts'
import { runDueTransitions } from '#app/domain/deadlines/deadlines.server.ts'
import { EnvError, parseEnv } from '#app/env.server.ts'
import { createListedIntermediary, createOwnerWithProject, publishedAnnouncement } from '#tests/factories/bidding.ts'
import { api } from '#tests/helpers/app.ts'
import { spawnWorker, type WorkerProcess } from '#tests/helpers/worker-process.ts'

const started: WorkerProcess[] = []
afterEach(async () => {
  for (const worker of started.splice(0)) {
    if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL')
    await worker.exited
  }
})

function start(extraEnv: Record<string, string> = {}) {
  const worker = spawnWorker(extraEnv)
  started.push(worker)
  return worker
}

/** What another session sees without waiting for commits (READ UNCOMMITTED): the worker's writes in flight. */
async function uncommittedBids(announcementId: string) {
  const connection = await mysql.createConnection(process.env.DATABASE_URL!)
  try {
    await connection.query('SET SESSION TRANSACTION ISOLATION LEVEL READ UNCOMMITTED')
    const [rows] = await connection.query('SELECT openedPrice, valid FROM Bid WHERE announcementId = ?', [
      announcementId,
    ])
    return rows as Array<{ openedPrice: string | null; valid: number | null }>
  } finally {
    await connection.end()
  }
}

async function until<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (done(value)) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

async function actions(id: string) {
  const rows = await prisma.auditEntry.findMany({
    where: { entityType: 'Announcement', entityId: id },
    orderBy: { id: 'asc' },
    select: { action: true },
  })
  return rows.map((r) => r.action)
}

describe('a worker killed mid-transition', () => {
  test('kill -9 inside the opening leaves nothing half-done; after restart every due transition completes once', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const { id } = await publishedAnnouncement(owner, projectId)
    const prices = ['126000.00', '119999.99', '133000.00']
    const firms = []
    for (const price of prices) {
      const firm = await createListedIntermediary()
      expect((await api.post(`/api/v1/announcements/${id}/bids`, { price }, { token: firm.token })).status).toBe(201)
      firms.push(firm)
    }
    // The deadline passes without anything applied in this process: the worker is the first to see it due.
    await moveTestClock({ advanceBy: 'P4DT1H' })
    const auditBefore = await prisma.auditEntry.count()

    const faulty = start({ ZJCS_FAULT_PAUSE_IN: 'open' })
    await faulty.waitFor('[fault] paused in open', 30_000)
    // Mid-transition: the bid rows are written but not committed.
    const inFlight = await uncommittedBids(id)
    expect(inFlight.map((b) => (b.openedPrice === null ? null : Number(b.openedPrice).toFixed(2))).sort()).toEqual(
      [...prices].sort(),
    )
    const crashAt = performance.now()
    process.kill(faulty.pid, 'SIGKILL')
    expect(await faulty.exited).toEqual({ code: null, signal: 'SIGKILL' })
    // The server rolls the dead connection's transaction back.
    await until(
      () => uncommittedBids(id),
      (rows) => rows.every((b) => b.openedPrice === null && b.valid === null),
      10_000,
      'the rollback',
    )
    console.info(`rollback visible ${Math.round(performance.now() - crashAt)} ms after the kill`)

    // Bidding was closed (its own committed step); the opening left nothing behind.
    const announcement = await prisma.announcement.findUniqueOrThrow({ where: { id } })
    expect(announcement).toMatchObject({
      status: 'EVALUATING',
      openedAt: null,
      evaluatedAt: null,
      winnerBidId: null,
      result: null,
    })
    const bids = await prisma.bid.findMany({ where: { announcementId: id } })
    expect(bids.map((b) => [b.openedPrice, b.valid, b.invalidReason])).toEqual(bids.map(() => [null, null, null]))
    expect(await actions(id)).toEqual(['create', 'publish', 'close'])
    expect(await prisma.auditEntry.count()).toBe(auditBefore + 1)
    expect(await prisma.notification.count({ where: { link: `/announcements/${id}` } })).toBe(0)
    expect(await verifyAuditLog()).toMatchObject({ ok: true })

    // Restart: two workers at once, and this process too; each due step happens once.
    const restartedAt = performance.now()
    const workers = [start(), start()]
    await Promise.all([...workers.map((w) => w.waitFor('[worker-process] ready')), runDueTransitions()])
    const final = await until(
      () => prisma.announcement.findUniqueOrThrow({ where: { id } }),
      (a) => a.status === 'PUBLICITY',
      30_000,
      'the restarted workers',
    )
    console.info(`opening and evaluation completed ${Math.round(performance.now() - restartedAt)} ms after the restart`)
    for (const worker of workers) {
      worker.child.kill('SIGTERM')
      expect(await worker.exited).toEqual({ code: 0, signal: null })
    }
    expect(await actions(id)).toEqual(['create', 'publish', 'close', 'open', 'evaluate'])
    const winner = await prisma.bid.findUniqueOrThrow({ where: { id: final.winnerBidId! } })
    expect(winner.intermediaryId).toBe(firms[1]!.organization.id)
    const opened = await prisma.bid.findMany({ where: { announcementId: id }, orderBy: { openedPrice: 'asc' } })
    expect(opened.map((b) => [b.openedPrice?.toFixed(2), b.valid])).toEqual([...prices].sort().map((p) => [p, true]))
    expect(
      await prisma.notification.count({ where: { organizationId: owner.organization.id, kind: 'deadline-reached' } }),
    ).toBe(1)
    expect(await verifyAuditLog()).toMatchObject({ ok: true })
  })

  test('the fault seam is refused when NODE_ENV=production', () => {
    const base = { SESSION_SECRET: 'x'.repeat(32), BID_PRICE_KEY: '7a'.repeat(32) }
    expect(parseEnv({ ...base, NODE_ENV: 'test', ZJCS_FAULT_PAUSE_IN: 'open' }).ZJCS_FAULT_PAUSE_IN).toBe('open')
    expect(() => parseEnv({ ...base, NODE_ENV: 'production', ZJCS_FAULT_PAUSE_IN: 'open' })).toThrow(EnvError)
    expect(() => parseEnv({ ...base, NODE_ENV: 'test', ZJCS_FAULT_PAUSE_IN: 'evaluate' })).toThrow(EnvError)
  })
})
