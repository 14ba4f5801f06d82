// Dormant entries (僵尸中介): no sign-in, bid or profile update for a year → the firm is asked by
// notification to confirm; no confirmation within 30 days → 休眠 in the directory; signing in again
// (or confirming) wakes it. Nothing is deleted. Bids and profile updates count as activity.
import { describe, expect, test } from 'vitest'
import { prisma } from '#app/db.server.ts'
import { ASK_AFTER_DAYS, CONFIRM_DAYS } from '#app/domain/intermediaries/activity-machine.server.ts'
import { createListedIntermediary, createOwnerWithProject, publishedAnnouncement, type Member } from '#tests/factories/bidding.ts'
import { moveClockTo } from '#tests/factories/credit.ts'
import { DEFAULT_PASSWORD } from '#tests/factories/index.ts'
import { api } from '#tests/helpers/app.ts'

const DAY = 86_400_000
const activity = (firm: Member) => prisma.entryActivity.findUniqueOrThrow({ where: { id: firm.organization.id } })
const directoryEntry = async (firm: Member) =>
  (await api.get(`/api/v1/intermediaries/${firm.organization.id}`)).body as { dormant: boolean; name: string }

async function signIn(firm: Member) {
  const response = await api.post('/api/v1/auth/token', { email: firm.user.email, password: DEFAULT_PASSWORD })
  expect(response.status, response.text).toBe(200)
  return { ...firm, token: response.body.token as string }
}

describe('dormant entries', () => {
  test('a year of silence → asked; 30 days more → 休眠 in the directory; a sign-in wakes it', async () => {
    const firm = await createListedIntermediary()
    const start = await activity(firm)
    expect(start.status).toBe('ACTIVE')
    await moveClockTo(new Date(start.lastActiveAt.getTime() + ASK_AFTER_DAYS * DAY - 60_000))
    expect((await activity(firm)).status).toBe('ACTIVE')
    await moveClockTo(new Date(start.lastActiveAt.getTime() + ASK_AFTER_DAYS * DAY + 1000))
    const asked = await activity(firm)
    expect(asked.status).toBe('ASKED')
    expect(await prisma.notification.count({ where: { organizationId: firm.organization.id, kind: 'activity-confirm' } })).toBe(1)
    expect((await directoryEntry(firm)).dormant).toBe(false)

    await moveClockTo(new Date(asked.askedAt!.getTime() + CONFIRM_DAYS * DAY + 1000))
    expect((await activity(firm)).status).toBe('DORMANT')
    expect((await directoryEntry(firm)).dormant).toBe(true)
    const page = await api.get(`/api/v1/intermediaries?q=${encodeURIComponent(firm.organization.name)}`)
    expect(page.body.items.find((i: { id: string }) => i.id === firm.organization.id)).toMatchObject({ dormant: true })
    expect(await prisma.organization.count({ where: { id: firm.organization.id } })).toBe(1)

    await signIn(firm)
    const woken = await activity(firm)
    expect(woken).toMatchObject({ status: 'ACTIVE', askedAt: null, dormantAt: null })
    expect((await directoryEntry(firm)).dormant).toBe(false)
    const audit = await prisma.auditEntry.findMany({ where: { entityType: 'EntryActivity', entityId: firm.organization.id }, orderBy: { id: 'asc' } })
    expect(audit.map((a) => a.action)).toEqual(['ask', 'sleep', 'wake'])
    expect(JSON.parse(audit[2]!.after!)).toMatchObject({ status: 'ACTIVE', via: 'sign-in' })
    // The next ask is a year after the sign-in.
    expect(woken.nextCheckAt!.getTime()).toBe(woken.lastActiveAt.getTime() + ASK_AFTER_DAYS * DAY)
  })

  test('a bid or a profile update through a token keeps the entry active: the year counts from it', async () => {
    const firm = await createListedIntermediary()
    const start = await activity(firm)
    const { owner, projectId } = await createOwnerWithProject()
    const { id } = await publishedAnnouncement(owner, projectId, { deadline: new Date(start.lastActiveAt.getTime() + 10 * DAY).toISOString() })
    await moveClockTo(new Date(start.lastActiveAt.getTime() + 3 * DAY))
    expect((await api.post(`/api/v1/announcements/${id}/bids`, { price: '90000.00' }, { token: firm.token })).status).toBe(201)
    const afterBid = await activity(firm)
    expect(afterBid.lastActiveAt.getTime()).toBeGreaterThanOrEqual(start.lastActiveAt.getTime() + 3 * DAY)
    expect(afterBid.nextCheckAt!.getTime()).toBe(afterBid.lastActiveAt.getTime() + ASK_AFTER_DAYS * DAY)
    await moveClockTo(new Date(start.lastActiveAt.getTime() + 6 * DAY))
    const profile = await api.put('/api/v1/intermediaries/me/profile', { regionCode: '510107', introduction: '专业从事环境影响评价。' }, { token: firm.token })
    expect(profile.status, profile.text).toBe(200)
    const afterProfile = await activity(firm)
    expect(afterProfile.lastActiveAt.getTime()).toBeGreaterThanOrEqual(start.lastActiveAt.getTime() + 6 * DAY)
    // A second touch within the day writes nothing.
    const updatedAt = afterProfile.updatedAt
    await api.put('/api/v1/intermediaries/me/profile', { regionCode: '510107', introduction: '专业从事环境影响评价与验收。' }, { token: firm.token })
    expect((await activity(firm)).updatedAt).toEqual(updatedAt)
    // Asked a year after the profile update, not after the listing.
    await moveClockTo(new Date(start.lastActiveAt.getTime() + (ASK_AFTER_DAYS + 1) * DAY))
    expect((await activity(firm)).status).toBe('ACTIVE')
    await moveClockTo(new Date(afterProfile.lastActiveAt.getTime() + ASK_AFTER_DAYS * DAY + 1000))
    expect((await activity(firm)).status).toBe('ASKED')
    const view = await api.get('/api/v1/intermediaries/me/activity', { token: (await signIn(firm)).token })
    expect(view.body).toMatchObject({ status: 'ACTIVE', allowedActions: [] })
  })
})
