// Every timestamp a record stores comes from the application clock, not the system clock: with the
// test clock moved 40 days ahead, rows created and changed through the app carry the moved time
// (top-level and nested writes, updates, notifications, the audit log), and a bid is never
// recorded before the publication it answers.
import { beforeAll, describe, expect, test } from 'vitest'
import { prisma } from '#app/db.server.ts'
import { createMember } from '#tests/factories/index.ts'
import {
  advanceClock,
  clockNow,
  createListedIntermediary,
  createOwnerWithProject,
  publishedAnnouncement,
} from '#tests/factories/bidding.ts'
import { api } from '#tests/helpers/app.ts'

const AHEAD_DAYS = 40
const DAY = 86_400_000

/** The app clock's window around `work`: every time it stores must fall inside. */
async function during<T>(work: () => Promise<T>): Promise<{ result: T; from: Date; to: Date }> {
  const from = await clockNow()
  const result = await work()
  return { result, from, to: await clockNow() }
}

function expectAppTime(value: Date | null | undefined, window: { from: Date; to: Date }) {
  expect(value, 'a stored time').toBeInstanceOf(Date)
  // Far from the system clock, and within the application clock's window.
  expect(value!.getTime() - Date.now()).toBeGreaterThan((AHEAD_DAYS - 1) * DAY)
  expect(value!.getTime()).toBeGreaterThanOrEqual(window.from.getTime())
  expect(value!.getTime()).toBeLessThanOrEqual(window.to.getTime())
}

beforeAll(async () => {
  await advanceClock(`P${AHEAD_DAYS}D`)
})

describe('record times follow the application clock', () => {
  test('a project created through the API, with its nested approval-item links', async () => {
    const window = await during(() => createOwnerWithProject({ approvalItemCodes: ['SP-ECO-001', 'SP-NR-004'] }))
    const project = await prisma.project.findUniqueOrThrow({
      where: { id: window.result.projectId },
      include: { approvalItems: true },
    })
    expectAppTime(project.createdAt, window)
    expectAppTime(project.updatedAt, window)
    expect(project.approvalItems).toHaveLength(2)
    for (const link of project.approvalItems) expectAppTime(link.createdAt, window)
  })

  test('a bid is recorded after the publication it answers; a revision moves updatedAt only', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const { id } = await publishedAnnouncement(owner, projectId)
    const firm = await createListedIntermediary()
    const placed = await during(() => api.post(`/api/v1/announcements/${id}/bids`, { price: '120000.00' }, { token: firm.token }))
    expect(placed.result.status, placed.result.text).toBe(201)
    const announcement = await prisma.announcement.findUniqueOrThrow({ where: { id } })
    const bid = await prisma.bid.findUniqueOrThrow({ where: { id: placed.result.body.bidId }, include: { versions: true } })
    expectAppTime(announcement.publishedAt, { from: new Date(0), to: placed.from })
    expect(bid.createdAt.getTime()).toBeGreaterThanOrEqual(announcement.publishedAt!.getTime())
    expectAppTime(bid.createdAt, placed)
    expectAppTime(bid.versions[0]?.createdAt, placed)

    await advanceClock('PT2H')
    const revised = await during(() => api.put(`/api/v1/announcements/${id}/bids/mine`, { price: '110000.00' }, { token: firm.token }))
    expect(revised.result.status, revised.result.text).toBe(200)
    const after = await prisma.bid.findUniqueOrThrow({ where: { id: bid.id } })
    expect(after.createdAt).toEqual(bid.createdAt)
    expectAppTime(after.updatedAt, revised)
  })

  test('a notification and the audit entry of a suspension', async () => {
    const admin = await createMember({ type: 'PLATFORM' })
    const firm = await createListedIntermediary()
    const suspended = await during(() =>
      api.post(`/api/v1/intermediaries/${firm.organization.id}/suspend`, { reason: '提供虚假材料，暂停入驻' }, { token: admin.token }),
    )
    expect(suspended.result.status, suspended.result.text).toBe(200)
    const notification = await prisma.notification.findFirstOrThrow({ where: { organizationId: firm.organization.id } })
    expectAppTime(notification.createdAt, suspended)
    const organization = await prisma.organization.findUniqueOrThrow({ where: { id: firm.organization.id } })
    expectAppTime(organization.updatedAt, suspended)
    const entry = await prisma.auditEntry.findFirstOrThrow({
      where: { entityType: 'Organization', entityId: firm.organization.id, action: 'suspend' },
    })
    expectAppTime(entry.at, suspended)
  })

  test('a time the caller gives is kept', async () => {
    const given = new Date('2026-01-05T01:02:03.000Z')
    const row = await prisma.searchOutbox.create({ data: { entityType: 'Organization', entityId: 'x', createdAt: given } })
    expect(row.createdAt).toEqual(given)
  })
})
