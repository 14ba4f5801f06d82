// The blacklist: a department lists a firm it supervises (reason, evidence, start, end), or the
// platform lists it for a year when its credit level falls to D. A blacklisted firm cannot bid
// (422) and an award in flight passes to the next ranked. After the minimum period the firm applies
// for credit repair; the deciding department rejects (with a reason) or approves, which lifts the
// entry early without restoring the score. Every refusal changes nothing.
import { beforeEach, describe, expect, test } from 'vitest'
import { prisma } from '#app/db.server.ts'
import {
  advanceClock,
  announcementRow,
  clockNow,
  createDepartmentMember,
  createListedIntermediary,
  createOwnerWithProject,
  placeBids,
  publishedAnnouncement,
  type Member,
} from '#tests/factories/bidding.ts'
import { creditCounts, freshToken, moveClockTo, pastWindow, recordFor, standingOf } from '#tests/factories/credit.ts'
import { createMember, createNewDepartment } from '#tests/factories/index.ts'
import { api } from '#tests/helpers/app.ts'

let ecology: Member
let water: Member

beforeEach(async () => {
  ecology = await createDepartmentMember('ECOLOGY')
  water = await createDepartmentMember('WATER')
})

const inDays = async (days: number) => new Date((await clockNow()).getTime() + days * 86_400_000).toISOString()

async function listFirm(department: Member, firm: Member, overrides: Record<string, unknown> = {}) {
  return api.post(
    '/api/v1/blacklist',
    {
      intermediaryId: firm.organization.id,
      reason: '出具虚假环境影响报告书',
      evidence: '川环罚〔2026〕31 号行政处罚决定书',
      startsAt: await inDays(0),
      endsAt: await inDays(365),
      ...overrides,
    },
    { token: department.token },
  )
}

async function bidOn(firm: Member) {
  const { owner, projectId } = await createOwnerWithProject()
  const { id } = await publishedAnnouncement(owner, projectId)
  return api.post(`/api/v1/announcements/${id}/bids`, { price: '90000.00' }, { token: firm.token })
}

describe('a department lists a firm', () => {
  test('201; public list and profile show it; the firm cannot bid (422)', async () => {
    const firm = await createListedIntermediary()
    const listed = await listFirm(ecology, firm)
    expect(listed.status, listed.text).toBe(201)
    expect(listed.body.status).toBe('ACTIVE')
    const list = await api.get('/api/v1/blacklist?pageSize=100')
    expect(list.body.items.find((e: { id: string }) => e.id === listed.body.id)).toMatchObject({
      intermediaryId: firm.organization.id,
      reason: '出具虚假环境影响报告书',
      status: 'ACTIVE',
      source: 'DEPARTMENT',
    })
    const profile = await api.get(`/api/v1/intermediaries/${firm.organization.id}`)
    expect(profile.body).toMatchObject({ blacklisted: true, activeBlacklistEntry: { reason: '出具虚假环境影响报告书' } })
    const bid = await bidOn(firm)
    expect(bid.status).toBe(422)
    expect(bid.body.detail).toContain('黑名单')
  })

  test('an entry starting later is scheduled, starts and ends on the ticker; the firm bids again afterwards', async () => {
    const firm = await createListedIntermediary()
    const listed = await listFirm(ecology, firm, { startsAt: await inDays(2), endsAt: await inDays(4) })
    expect(listed.body.status).toBe('SCHEDULED')
    expect((await api.get(`/api/v1/intermediaries/${firm.organization.id}`)).body.blacklisted).toBe(false)
    await advanceClock('P2DT1M')
    expect((await prisma.blacklistEntry.findUniqueOrThrow({ where: { id: listed.body.id } })).status).toBe('ACTIVE')
    expect((await api.get(`/api/v1/intermediaries/${firm.organization.id}`)).body.blacklisted).toBe(true)
    await advanceClock('P2D')
    expect((await prisma.blacklistEntry.findUniqueOrThrow({ where: { id: listed.body.id } })).status).toBe('ENDED')
    expect((await bidOn(firm)).status).toBe(201)
  })

  test.each([
    ['an end before its start', { endsAt: '2026-01-01', startsAt: '2026-02-01' }, 400],
    ['an end in the past', { startsAt: '2020-01-01', endsAt: '2020-06-01' }, 400],
    ['no reason', { reason: '' }, 400],
    ['no evidence', { evidence: ' ' }, 400],
    ['a malformed date', { startsAt: '明天' }, 400],
  ])('refused: %s → 400, nothing changed', async (_name, overrides, status) => {
    const firm = await createListedIntermediary()
    const before = await creditCounts()
    const response = await listFirm(ecology, firm, overrides)
    expect(response.status, response.text).toBe(status)
    expect(await creditCounts()).toEqual(before)
  })

  test('refused: outside its fields (403), outside its region (403), a firm or an owner (403), an unknown firm (404)', async () => {
    const firm = await createListedIntermediary()
    const otherRegion = await createNewDepartment({ fieldCode: 'ECOLOGY', regionCode: '511000' })
    const owner = await createMember({ type: 'OWNER' })
    const before = await creditCounts()
    expect((await listFirm(water, firm)).status).toBe(403)
    expect((await listFirm(otherRegion, firm)).status).toBe(403)
    expect((await listFirm(firm, firm)).status).toBe(403)
    expect((await listFirm(owner, firm)).status).toBe(403)
    expect((await listFirm(ecology, { ...firm, organization: { ...firm.organization, id: 'nope' } })).status).toBe(404)
    expect(await creditCounts()).toEqual(before)
  })
})

describe('automatically at level D', () => {
  test('a firm falling to D is listed for a year and refused at bid time (422)', async () => {
    const firm = await createListedIntermediary()
    const a = await recordFor(ecology, firm.organization.id, 'BID_RIGGING')
    const b = await recordFor(ecology, firm.organization.id, 'FALSE_MATERIALS')
    await pastWindow(a)
    await pastWindow(b)
    expect(await standingOf(firm.organization.id)).toMatchObject({ score: 30, level: 'D' })
    const entries = await prisma.blacklistEntry.findMany({ where: { organizationId: firm.organization.id } })
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({ source: 'AUTOMATIC', status: 'ACTIVE', issuedByOrganizationId: null })
    expect(entries[0]!.endsAt.getTime() - entries[0]!.startsAt.getTime()).toBe(365 * 86_400_000)
    const bid = await bidOn(await freshToken(firm))
    expect(bid.status).toBe(422)
    expect(bid.body.detail).toContain('黑名单')
    // Another record while already at D lists nothing more.
    const c = await recordFor(await freshToken(ecology), firm.organization.id, 'SERVICE_OVERDUE')
    await pastWindow(c)
    expect(await prisma.blacklistEntry.count({ where: { organizationId: firm.organization.id } })).toBe(1)
  })

  test('an award in flight passes to the next ranked when the winner falls to D during publicity', async () => {
    const admin = await createMember({ type: 'PLATFORM' })
    const rules = (await api.get('/api/v1/platform-rules')).body.rules
    await api.put('/api/v1/platform-rules', { publicityDays: 10, creditObjectionWorkdays: 1 }, { token: admin.token })
    try {
      const { owner, projectId } = await createOwnerWithProject()
      const { id } = await publishedAnnouncement(owner, projectId)
      const [w, x, y] = [await createListedIntermediary(), await createListedIntermediary(), await createListedIntermediary()]
      await placeBids(id, [
        { firm: w, price: '80000.00' },
        { firm: x, price: '90000.00' },
        { firm: y, price: '99000.00' },
      ])
      await advanceClock('P4DT1H')
      const publicity = await announcementRow(id)
      expect(publicity.status).toBe('PUBLICITY')
      const winner = (await api.get(`/api/v1/announcements/${id}/result`)).body.winner
      expect(winner.intermediaryId).toBe(w.organization.id)
      const department = await freshToken(ecology)
      const records = [await recordFor(department, w.organization.id, 'BID_RIGGING'), await recordFor(department, w.organization.id, 'FALSE_MATERIALS')]
      for (const r of records) await pastWindow(r)
      expect((await standingOf(w.organization.id)).level).toBe('D')
      expect((await announcementRow(id)).status).toBe('PUBLICITY')
      await moveClockTo(new Date(publicity.publicityEndsAt!.getTime() + 1000))
      const result = (await api.get(`/api/v1/announcements/${id}/result`)).body
      expect(result.winner.intermediaryId).toBe(x.organization.id)
      expect(result.excluded).toEqual([expect.objectContaining({ intermediaryId: w.organization.id, reason: expect.stringContaining('黑名单') })])
    } finally {
      await api.put('/api/v1/platform-rules', { publicityDays: rules.publicityDays, creditObjectionWorkdays: rules.creditObjectionWorkdays }, { token: (await freshToken(admin)).token })
    }
  })
})

describe('credit repair', () => {
  test('after the minimum period; rejected with a reason, then approved: the entry ends early, the score stays', async () => {
    const firm = await createListedIntermediary()
    const record = await recordFor(ecology, firm.organization.id, 'FALSE_MATERIALS')
    await pastWindow(record)
    const department = await freshToken(ecology)
    const listed = await listFirm(department, firm)
    const entryId = listed.body.id as string
    const statement = { statement: '已完成整改，建立报告复核制度。', evidence: '整改报告及内部审核记录' }
    let member = await freshToken(firm)
    const early = await api.post(`/api/v1/blacklist/${entryId}/repair`, statement, { token: member.token })
    expect(early.status).toBe(409)
    expect(early.body.detail).toContain('规定期限')
    expect((await api.get(`/api/v1/blacklist/${entryId}`, { token: member.token })).body.allowedActions).toEqual([])
    expect(await prisma.repairApplication.count()).toBe(0)

    await advanceClock('P90D')
    member = await freshToken(firm)
    expect((await api.get(`/api/v1/blacklist/${entryId}`, { token: member.token })).body.allowedActions).toEqual(['repair'])
    const other = await freshToken(await createListedIntermediary())
    expect((await api.post(`/api/v1/blacklist/${entryId}/repair`, statement, { token: other.token })).status).toBe(403)
    const applied = await api.post(`/api/v1/blacklist/${entryId}/repair`, statement, { token: member.token })
    expect(applied.status, applied.text).toBe(201)
    expect(applied.body).toEqual({ id: expect.any(String), status: 'PENDING' })
    expect((await api.post(`/api/v1/blacklist/${entryId}/repair`, statement, { token: member.token })).status).toBe(409)

    const decider = await freshToken(department)
    const otherDepartment = await freshToken(water)
    const sameField = await createDepartmentMember('ECOLOGY').then(freshToken)
    const decide = (token: string, body: unknown) => api.post(`/api/v1/repair-applications/${applied.body.id}/decide`, body, { token })
    expect((await decide(otherDepartment.token, { approve: true, reason: '同意' })).status).toBe(403)
    // Another user of the deciding department may decide; a department that did not decide the entry may not.
    const cityEcology = await createNewDepartment({ fieldCode: 'ECOLOGY', regionCode: '510100' })
    expect((await decide(cityEcology.token, { approve: true, reason: '同意' })).status).toBe(403)
    expect((await decide(decider.token, { approve: false, reason: '' })).status).toBe(400)
    const rejected = await decide(decider.token, { approve: false, reason: '整改材料不完整，缺少复核记录。' })
    expect(rejected.status, rejected.text).toBe(200)
    expect(rejected.body).toMatchObject({ status: 'REJECTED', decisionReason: '整改材料不完整，缺少复核记录。' })
    expect((await api.get(`/api/v1/intermediaries/${firm.organization.id}`)).body.blacklisted).toBe(true)

    const second = await api.post(`/api/v1/blacklist/${entryId}/repair`, statement, { token: member.token })
    expect(second.status).toBe(201)
    const approved = await api.post(`/api/v1/repair-applications/${second.body.id}/decide`, { approve: true, reason: '整改到位。' }, { token: sameField.token })
    expect(approved.status, approved.text).toBe(200)
    expect(approved.body.status).toBe('APPROVED')
    const entry = await prisma.blacklistEntry.findUniqueOrThrow({ where: { id: entryId } })
    expect(entry).toMatchObject({ status: 'LIFTED', liftedReason: '信用修复申请通过：整改到位。' })
    const profile = (await api.get(`/api/v1/intermediaries/${firm.organization.id}`)).body
    expect(profile).toMatchObject({ blacklisted: false, activeBlacklistEntry: null, creditScore: 70 })
    expect((await api.get('/api/v1/blacklist?pageSize=100')).body.items.some((e: { id: string }) => e.id === entryId)).toBe(false)
    expect((await bidOn(member)).status).toBe(201)
    const audit = await prisma.auditEntry.findMany({ where: { entityType: 'BlacklistEntry', entityId: entryId }, orderBy: { id: 'asc' } })
    expect(audit.map((a) => a.action)).toEqual(['list', 'repair', 'repair', 'lift'])
  })
})
