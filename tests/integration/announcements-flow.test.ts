// The main journey: an owner publishes, three firms bid sealed, the deadline passes, the lowest price
// wins, publicity ends and the award is final.
import { describe, expect, test } from 'vitest'
import { prisma } from '#app/db.server.ts'
import { commitSeed } from '#app/domain/draw/draw.ts'
import { advanceClock, createListedIntermediary, createOwnerWithProject, publishedAnnouncement } from '#tests/factories/bidding.ts'
import { api } from '#tests/helpers/app.ts'

describe('LOWEST_PRICE journey', () => {
  test('sealed until the deadline, then ranked, publicised and awarded', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const { id, seedCommitment } = await publishedAnnouncement(owner, projectId)
    expect(seedCommitment).toMatch(/^[0-9a-f]{64}$/)
    const firms = await Promise.all([0, 1, 2].map(() => createListedIntermediary()))
    const prices = ['120000.00', '98000.50', '110000.00']
    for (const [i, firm] of firms.entries()) {
      const bid = await api.post(`/api/v1/announcements/${id}/bids`, { price: prices[i] }, { token: firm.token })
      expect(bid.status, bid.text).toBe(201)
    }
    const before = await api.get(`/api/v1/announcements/${id}`, { token: owner.token })
    expect(before.body.bidCount).toBeNull()
    expect((await api.get(`/api/v1/announcements/${id}/bids`, { token: owner.token })).status).toBe(409)
    expect((await api.get(`/api/v1/announcements/${id}/result`)).status).toBe(409)

    await advanceClock('P4DT1H')
    const result = await api.get(`/api/v1/announcements/${id}/result`)
    expect(result.status, result.text).toBe(200)
    expect(result.body.status).toBe('PUBLICITY')
    expect(result.body.winner).toMatchObject({ intermediaryId: firms[1]!.organization.id, price: '98000.50' })
    expect(result.body.ranking.map((r: { price: string }) => r.price)).toEqual(['98000.50', '110000.00', '120000.00'])
    expect(commitSeed(result.body.draw.seed)).toBe(seedCommitment)
    expect(result.body.contractId).toBeNull()
    const after = await api.get(`/api/v1/announcements/${id}`)
    expect(after.body.bidCount).toBe(3)

    await advanceClock('P3DT1H')
    const final = await api.get(`/api/v1/announcements/${id}/result`)
    expect(final.body.status).toBe('AWARDED')
  })
})

describe('publication fan-out', () => {
  test('firms offering the service item and subscribers are told once; others are not', async () => {
    const offering = await createListedIntermediary({ serviceItemCodes: ['ZJ-ECO-001'] })
    const subscriber = await createListedIntermediary({ serviceItemCodes: ['ZJ-WATER-001'] })
    const unrelated = await createListedIntermediary({ serviceItemCodes: ['ZJ-WATER-001'] })
    const subscribed = await api.put('/api/v1/me/subscriptions', { serviceItemCodes: ['ZJ-ECO-001'] }, { token: subscriber.token })
    expect(subscribed.status, subscribed.text).toBe(200)
    const { owner, projectId } = await createOwnerWithProject()
    const { id } = await publishedAnnouncement(owner, projectId)

    const told = async (organizationId: string) =>
      prisma.notification.count({ where: { organizationId, kind: 'announcement-published', link: `/announcements/${id}` } })
    expect(await told(offering.organization.id)).toBe(1)
    expect(await told(subscriber.organization.id)).toBe(1)
    expect(await told(unrelated.organization.id)).toBe(0)
    const row = await prisma.announcement.findUniqueOrThrow({ where: { id } })
    expect(row.subscribersNotifiedAt).not.toBeNull()

    const inbox = await api.get('/api/v1/notifications?unread=1', { token: subscriber.token })
    expect(inbox.body.items.map((n: { link: string }) => n.link)).toContain(`/announcements/${id}`)
  })
})
