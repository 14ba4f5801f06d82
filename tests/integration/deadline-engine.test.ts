// The deadline engine (app/domain/engine): due rows of every machine are claimed in due-time order
// across kinds; a row whose step throws is rolled back alone and does not hold back any other row
// (the old ticker rethrew from its claim loop, so one poison row froze every later award); it is
// retried with backoff, stuck after MAX_ATTEMPTS, shown to the admin with its error and retried by
// the admin once mended.
import { describe, expect, test } from 'vitest'
import { prisma } from '#app/db.server.ts'
import { startWebSession } from '#app/domain/accounts/session.server.ts'
import { moveTestClock } from '#app/domain/clock/clock.server.ts'
import '#app/domain/deadlines/deadlines.server.ts'
import { BACKOFF_MS, MAX_ATTEMPTS, runDue } from '#app/domain/engine/engine.server.ts'
import { createMember } from '#tests/factories/index.ts'
import {
  advanceClock,
  createListedIntermediary,
  createOwnerWithProject,
  inDays,
  placeBids,
  publishedAnnouncement,
} from '#tests/factories/bidding.ts'
import { openForm, postForm } from '#tests/helpers/accounts.ts'
import { api } from '#tests/helpers/app.ts'

const cookieOf = async (userId: string, organizationId: string) =>
  (await startWebSession(userId, organizationId)).split(';')[0]!

/** The audit entry ids of one action on these rows (the order in which the engine applied it). */
async function firstAuditIds(entityType: string, ids: string[], action: string): Promise<bigint[]> {
  const rows = await prisma.auditEntry.findMany({
    where: { entityType, entityId: { in: ids }, action },
    select: { id: true },
  })
  return rows.map((r) => r.id)
}

describe('a poison row among due rows of every kind', () => {
  test(
    'the 40 others complete in one pass; the poison backs off, is stuck, shown to the admin and retried',
    { timeout: 120_000 },
    async () => {
      const { owner, projectId } = await createOwnerWithProject()
      const admin = await createMember({ type: 'PLATFORM' })
      // An announcement in publicity, with twenty bidders to object to its result.
      const publicised = await publishedAnnouncement(owner, projectId)
      const bidders = await Promise.all(Array.from({ length: 20 }, () => createListedIntermediary()))
      await placeBids(
        publicised.id,
        bidders.map((firm, i) => ({ firm, price: `${90000 + i * 100}.00` })),
      )
      await advanceClock('P4DT1H')
      const minutes = async (m: number) => inDays(3 + m / 1440)
      // The poison, due first: one bid whose sealed versions are gone, so its opening throws.
      const poison = await publishedAnnouncement(owner, projectId, { deadline: await minutes(1) })
      const poisonFirm = await createListedIntermediary()
      const [poisonBid] = await placeBids(poison.id, [{ firm: poisonFirm, price: '99000.00' }])
      const versions = await prisma.bidVersion.findMany({ where: { bidId: poisonBid! } })
      await prisma.bidVersion.deleteMany({ where: { bidId: poisonBid! } })
      // Ten announcements due next, then twenty unanswered objections, then ten more announcements.
      const soon: string[] = []
      for (let i = 0; i < 10; i++)
        soon.push((await publishedAnnouncement(owner, projectId, { deadline: await minutes(2) })).id)
      await moveTestClock({ advanceBy: 'PT10M' })
      const objections: string[] = []
      for (const firm of bidders) {
        const filed = await api.post(
          `/api/v1/announcements/${publicised.id}/objections`,
          { reason: '中选价格明显低于成本，请核实' },
          { token: firm.token },
        )
        expect(filed.status, filed.text).toBe(201)
        objections.push(filed.body.id)
      }
      const late: string[] = []
      for (let i = 0; i < 10; i++)
        late.push((await publishedAnnouncement(owner, projectId, { deadline: await minutes(5) })).id)

      // Past every deadline without running anything; then exactly one pass of the ticker.
      await moveTestClock({ advanceBy: 'P4D' })
      const pass = await runDue()
      expect(pass.failed).toBe(1)

      const states = async (ids: string[], table: 'announcement' | 'objection') =>
        (table === 'announcement'
          ? await prisma.announcement.findMany({ where: { id: { in: ids } }, select: { status: true } })
          : await prisma.objection.findMany({ where: { id: { in: ids } }, select: { status: true } })
        ).map((r) => r.status)
      // Every other row completed in that one pass: no bids → 流标; unanswered objections escalated.
      expect(await states([...soon, ...late], 'announcement')).toEqual(Array(20).fill('FAILED'))
      expect(await states(objections, 'objection')).toEqual(Array(20).fill('ESCALATED'))
      // Claimed by due time across kinds: the announcements due first, then the objections, then the rest.
      const [soonFirst, lateFirst] = await Promise.all([
        firstAuditIds('Announcement', soon, 'close'),
        firstAuditIds('Announcement', late, 'close'),
      ])
      const escalations = (
        await prisma.auditEntry.findMany({
          where: { entityType: 'Objection', action: 'escalateUnanswered' },
          select: { id: true },
        })
      ).map((e) => e.id)
      const max = (xs: bigint[]) => xs.reduce((a, b) => (a > b ? a : b))
      const min = (xs: bigint[]) => xs.reduce((a, b) => (a < b ? a : b))
      expect([soonFirst.length, escalations.length, lateFirst.length]).toEqual([10, 20, 10])
      expect(max(soonFirst)).toBeLessThan(min(escalations))
      expect(max(escalations)).toBeLessThan(min(lateFirst))

      // The poison: rolled back whole (bidding closed, not opened), retried after the first backoff.
      const poisonRow = await prisma.announcement.findUniqueOrThrow({ where: { id: poison.id } })
      expect(poisonRow).toMatchObject({ status: 'EVALUATING', openedAt: null })
      const failure = await prisma.scheduleFailure.findUniqueOrThrow({
        where: { entityType_entityId: { entityType: 'Announcement', entityId: poison.id } },
      })
      expect(failure.attempts).toBe(1)
      expect(failure.lastError).toMatch(/TypeError/)
      expect(poisonRow.nextCheckAt!.getTime() - failure.lastFailedAt.getTime()).toBe(BACKOFF_MS[0])
      expect(failure.stuckAt).toBeNull()

      // Each retry waits longer; after MAX_ATTEMPTS it is stuck and no longer claimed.
      for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
        // not due before its backoff (a backoff of seconds may pass in real time while the test runs)
        if (BACKOFF_MS[attempt - 2]! >= 30_000) expect((await runDue()).failed).toBe(0)
        await moveTestClock({ advanceBy: `PT${BACKOFF_MS[attempt - 2]! / 1000}S` })
        expect((await runDue()).failed).toBe(1)
        const again = await prisma.scheduleFailure.findUniqueOrThrow({
          where: { entityType_entityId: { entityType: 'Announcement', entityId: poison.id } },
        })
        expect(again.attempts).toBe(attempt)
      }
      const stuck = await prisma.scheduleFailure.findUniqueOrThrow({
        where: { entityType_entityId: { entityType: 'Announcement', entityId: poison.id } },
      })
      expect(stuck.stuckAt).not.toBeNull()
      expect((await prisma.announcement.findUniqueOrThrow({ where: { id: poison.id } })).nextCheckAt).toBeNull()
      await moveTestClock({ advanceBy: 'PT1H' })
      expect(await runDue()).toEqual({ applied: 0, failed: 0 })

      // The admin is told and sees it with its error; mends the data and retries it from the page.
      const told = await prisma.notification.findMany({
        where: { kind: 'deadline-stuck', organizationId: admin.organization.id },
      })
      expect(told).toHaveLength(1)
      expect(told[0]!.body).toMatch(/TypeError/)
      const form = await openForm('/admin/deadlines', await cookieOf(admin.user.id, admin.organization.id))
      expect(form.page.text).toContain(poison.id)
      expect(form.page.text).toContain('已暂停')
      // A department may not see or retry it.
      const department = await createMember({ type: 'DEPARTMENT' })
      expect(
        (await api.get('/admin/deadlines', { cookie: await cookieOf(department.user.id, department.organization.id) }))
          .status,
      ).toBe(403)

      await prisma.bidVersion.createMany({ data: versions })
      const retried = await postForm(
        '/admin/deadlines',
        { csrf: form.csrf, entityType: 'Announcement', entityId: poison.id },
        form.cookie,
      )
      expect(retried.status).toBe(302)
      expect(await prisma.scheduleFailure.count({ where: { entityId: poison.id } })).toBe(0)
      await runDue()
      const mended = await prisma.announcement.findUniqueOrThrow({ where: { id: poison.id } })
      // Opened with its one valid bid, then 流标 (fewer than three): nothing was lost on the way.
      expect(mended.status).toBe('FAILED')
      expect(mended.openedAt).not.toBeNull()
      expect((await prisma.bid.findUniqueOrThrow({ where: { id: poisonBid! } })).openedPrice?.toFixed(2)).toBe(
        '99000.00',
      )
      expect(await prisma.auditEntry.count({ where: { entityId: poison.id, action: 'retry-deadline' } })).toBe(1)
    },
  )

  test('the poison that froze the old ticker (an award whose winner bid is gone) fails alone', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const poison = await publishedAnnouncement(owner, projectId)
    const firms = await Promise.all(Array.from({ length: 3 }, () => createListedIntermediary()))
    await placeBids(
      poison.id,
      firms.map((firm, i) => ({ firm, price: `${90000 + i}.00` })),
    )
    await advanceClock('P4DT1H')
    await prisma.announcement.update({ where: { id: poison.id }, data: { winnerBidId: 'missing-bid' } })
    const others: string[] = []
    for (let i = 0; i < 20; i++) others.push((await publishedAnnouncement(owner, projectId)).id)
    await moveTestClock({ advanceBy: 'P4D' })
    // On the old ticker every pass threw here and the twenty stayed PUBLISHED.
    expect((await runDue()).failed).toBe(1)
    const statuses = await prisma.announcement.findMany({ where: { id: { in: others } }, select: { status: true } })
    expect(statuses.map((r) => r.status)).toEqual(Array(20).fill('FAILED'))
    expect((await prisma.announcement.findUniqueOrThrow({ where: { id: poison.id } })).status).toBe('PUBLICITY')
  })
})
