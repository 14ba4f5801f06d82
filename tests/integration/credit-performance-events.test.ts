// Performance events become credit records through the rule table (the triggers are data): one
// record per event and rule however often the consumer runs; counting rules fire on every N-th
// event (3 abandoned awards within a year, 2 returns of one announcement's deliverable); owners get
// their own rule (payment overdue). A real declined award (the announcement workflow) is consumed too.
import { describe, expect, test } from 'vitest'
import { prisma } from '#app/db.server.ts'
import { processPerformanceEvents } from '#app/domain/credit/performance-events.server.ts'
import {
  advanceClock,
  announcementRow,
  clockNow,
  createListedIntermediary,
  createOwnerWithProject,
  placeBids,
  publishedAnnouncement,
} from '#tests/factories/bidding.ts'
import { createMember } from '#tests/factories/index.ts'
import { api } from '#tests/helpers/app.ts'

const DAY = 86_400_000

async function event(organizationId: string, kind: string, occurredAt: Date, announcementId: string | null = null) {
  return prisma.performanceEvent.create({ data: { organizationId, kind, occurredAt, announcementId, detail: `测试事实 ${kind}` } })
}

const rulesOf = async (organizationId: string) =>
  (await prisma.creditRecord.findMany({ where: { organizationId }, orderBy: [{ occurredAt: 'asc' }, { ruleCode: 'asc' }] })).map((r) => r.ruleCode)

describe('the consumer', () => {
  test('maps each kind to its rules; idempotent; events without a rule are marked processed', async () => {
    const firm = await createListedIntermediary()
    const at = await clockNow()
    const overdue = await event(firm.organization.id, 'SERVICE_OVERDUE', at)
    const unknown = await event(firm.organization.id, 'SOMETHING_ELSE', at)
    await processPerformanceEvents(at)
    await processPerformanceEvents(at)
    expect(await rulesOf(firm.organization.id)).toEqual(['SERVICE_OVERDUE'])
    const record = await prisma.creditRecord.findFirstOrThrow({ where: { organizationId: firm.organization.id } })
    expect(record).toMatchObject({ performanceEventId: overdue.id, source: 'SYSTEM', status: 'PENDING', points: -5, evidence: '测试事实 SERVICE_OVERDUE' })
    const marks = await prisma.performanceEvent.findMany({ where: { id: { in: [overdue.id, unknown.id] } } })
    expect(marks.every((m) => m.creditProcessedAt !== null)).toBe(true)
    // A replay of an event already turned into a record (the marker lost) raises nothing twice.
    await prisma.performanceEvent.update({ where: { id: overdue.id }, data: { creditProcessedAt: null } })
    await processPerformanceEvents(at)
    expect(await rulesOf(firm.organization.id)).toEqual(['SERVICE_OVERDUE'])
  })

  test('abandoned 3 times within a year: the third also makes the −20 record; outside the window it does not', async () => {
    const firm = await createListedIntermediary()
    const at = await clockNow()
    // Within any 365 days up to each of these there are at most two.
    await event(firm.organization.id, 'AWARD_DECLINED', new Date(at.getTime() - 500 * DAY))
    await event(firm.organization.id, 'WINNER_ABANDONED', new Date(at.getTime() - 300 * DAY))
    await event(firm.organization.id, 'AWARD_DECLINED', new Date(at.getTime() - 100 * DAY))
    await processPerformanceEvents(at)
    expect((await rulesOf(firm.organization.id)).filter((r) => r === 'ABANDONED_REPEATEDLY')).toEqual([])
    await event(firm.organization.id, 'WINNER_ABANDONED', at)
    await processPerformanceEvents(at)
    const rules = await rulesOf(firm.organization.id)
    expect(rules.filter((r) => r === 'WINNER_ABANDONED')).toHaveLength(4)
    expect(rules.filter((r) => r === 'ABANDONED_REPEATEDLY')).toHaveLength(1)
    const repeated = await prisma.creditRecord.findFirstOrThrow({ where: { organizationId: firm.organization.id, ruleCode: 'ABANDONED_REPEATEDLY' } })
    expect(repeated.evidence).toContain('累计第 3 次')
  })

  test('a deliverable returned twice on one announcement: −3 on the second return; returns on two announcements: none', async () => {
    const firm = await createListedIntermediary()
    const { owner, projectId } = await createOwnerWithProject()
    const one = await publishedAnnouncement(owner, projectId)
    const two = await publishedAnnouncement(owner, projectId)
    const at = await clockNow()
    await event(firm.organization.id, 'DELIVERABLE_RETURNED', at, one.id)
    await event(firm.organization.id, 'DELIVERABLE_RETURNED', new Date(at.getTime() + 1), two.id)
    await processPerformanceEvents(at)
    expect(await rulesOf(firm.organization.id)).toEqual([])
    await event(firm.organization.id, 'DELIVERABLE_RETURNED', new Date(at.getTime() + 2), one.id)
    await processPerformanceEvents(at)
    const records = await prisma.creditRecord.findMany({ where: { organizationId: firm.organization.id } })
    expect(records).toEqual([expect.objectContaining({ ruleCode: 'DELIVERABLE_RETURNED_TWICE', points: -3, announcementId: one.id, serviceItemCode: 'ZJ-ECO-001' })])
  })

  test('an owner’s payment overdue makes an owner record; an intermediary’s rule is not applied to an owner', async () => {
    const owner = await createMember({ type: 'OWNER' })
    const at = await clockNow()
    await event(owner.organization.id, 'OWNER_PAYMENT_OVERDUE', at)
    await event(owner.organization.id, 'COMPLETED_ON_TIME', at)
    await processPerformanceEvents(at)
    expect(await rulesOf(owner.organization.id)).toEqual(['OWNER_PAYMENT_OVERDUE'])
  })

  test('the winner declining during publicity (the workflow’s AWARD_DECLINED) is recorded −10', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const { id } = await publishedAnnouncement(owner, projectId)
    const [a, b, c] = [await createListedIntermediary(), await createListedIntermediary(), await createListedIntermediary()]
    await placeBids(id, [
      { firm: a, price: '80000.00' },
      { firm: b, price: '90000.00' },
      { firm: c, price: '95000.00' },
    ])
    await advanceClock('P4DT1H')
    expect((await announcementRow(id)).status).toBe('PUBLICITY')
    const declined = await api.post(`/api/v1/announcements/${id}/decline`, { reason: '人员安排冲突' }, { token: a.token })
    expect(declined.status, declined.text).toBe(200)
    await processPerformanceEvents(await clockNow())
    const record = await prisma.creditRecord.findFirstOrThrow({ where: { organizationId: a.organization.id } })
    expect(record).toMatchObject({ ruleCode: 'WINNER_ABANDONED', points: -10, announcementId: id, status: 'PENDING' })
  })
})
