// Complaints (投诉): a signed-in owner or intermediary complains about an organization (optionally
// one announcement); the complaint goes to the competent department of the service item whose
// region covers the matter, the most local first; the department has 10 working days, is reminded
// before and the admin is told when the deadline is missed (test clock); an upheld complaint makes
// a credit record through the rule table; the outcome is public without the complainant.
import { beforeAll, describe, expect, test } from 'vitest'
import { prisma } from '#app/db.server.ts'
import { COMPLAINTS_PER_DAY } from '#app/domain/complaints/complaint-machine.server.ts'
import {
  createDepartmentMember,
  createListedIntermediary,
  createOwnerWithProject,
  publishedAnnouncement,
  type Member,
} from '#tests/factories/bidding.ts'
import { creditCounts, freshToken, moveClockTo } from '#tests/factories/credit.ts'
import { createMember, createNewDepartment } from '#tests/factories/index.ts'
import { api } from '#tests/helpers/app.ts'

let cityEcology: Member // 成都市生态环境局: the most local competent department of ZJ-ECO-001 for 武侯区
let provinceEcology: Member
let admin: Member

beforeAll(async () => {
  cityEcology = await createNewDepartment({ fieldCode: 'ECOLOGY', regionCode: '510100' })
  provinceEcology = await createDepartmentMember('ECOLOGY')
  admin = await createMember({ type: 'PLATFORM' })
})

const reason = '中介机构在服务过程中要求额外支付加急费 2 万元，合同中并无此项约定。'

describe('filing and routing', () => {
  test('about an announcement: routed to the most local competent department, with a 10-working-day deadline', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const { id: announcementId } = await publishedAnnouncement(owner, projectId)
    const firm = await createListedIntermediary()
    const filed = await api.post('/api/v1/complaints', { subjectOrganizationId: owner.organization.id, announcementId, reason }, { token: firm.token })
    expect(filed.status, filed.text).toBe(201)
    expect(filed.body).toMatchObject({ status: 'SUBMITTED', departmentId: cityEcology.organization.id })
    const complaint = await prisma.complaint.findUniqueOrThrow({ where: { id: filed.body.id } })
    const { loadWorkingCalendar } = await import('#app/domain/clock/calendar.server.ts')
    expect((await loadWorkingCalendar()).workingDaysBetween(complaint.createdAt, complaint.dueAt)).toBe(10)
    expect(await prisma.notification.count({ where: { organizationId: cityEcology.organization.id, kind: 'complaint-received' } })).toBeGreaterThan(0)
    expect(await prisma.notification.count({ where: { organizationId: owner.organization.id, kind: 'complaint-about' } })).toBe(1)
  })

  test('about a firm: by its offered service items and its region; an owner may complain', async () => {
    const firm = await createListedIntermediary({ serviceItemCodes: ['ZJ-WATER-001'] })
    const owner = await createMember({ type: 'OWNER' })
    const filed = await api.post('/api/v1/complaints', { subjectOrganizationId: firm.organization.id, reason }, { token: owner.token })
    expect(filed.status).toBe(201)
    const water = await prisma.department.findFirstOrThrow({ where: { fieldCode: 'WATER' }, select: { organizationId: true } })
    expect(filed.body.departmentId).toBe(water.organizationId)
  })

  test('who sees it: the complainant, the subject and its department (200); others 404, the public 401', async () => {
    const firm = await createListedIntermediary()
    const owner = await createMember({ type: 'OWNER' })
    const filed = await api.post('/api/v1/complaints', { subjectOrganizationId: firm.organization.id, reason }, { token: owner.token })
    const get = (token?: string) => api.get(`/api/v1/complaints/${filed.body.id}`, { token })
    const other = await createListedIntermediary()
    const seen = {
      complainant: (await get(owner.token)).status,
      subject: (await get(firm.token)).status,
      department: (await get(cityEcology.token)).status,
      otherDepartment: (await get(provinceEcology.token)).status,
      other: (await get(other.token)).status,
      public: (await get()).status,
    }
    expect(seen).toEqual({ complainant: 200, subject: 200, department: 200, otherDepartment: 404, other: 404, public: 401 })
    const view = (await get(cityEcology.token)).body
    expect(view).toMatchObject({ id: filed.body.id, status: 'SUBMITTED', departmentId: cityEcology.organization.id, outcome: null, reply: null, allowedActions: ['decide'] })
    expect((await get(owner.token)).body.allowedActions).toEqual([])
  })

  test.each([
    ['about nothing', {}],
    ['about an unknown organization', { subjectOrganizationId: 'nope' }],
    ['about an unknown announcement', { announcementId: 'nope' }],
    ['about a contract (not yet accepted)', { subjectOrganizationId: 'x', contractId: 'HT-1' }],
    ['without a reason', { subjectOrganizationId: 'x', reason: ' ' }],
  ])('refused: %s → 400, nothing changed', async (_name, body) => {
    const firm = await createListedIntermediary()
    const owner = await createMember({ type: 'OWNER' })
    const payload = { reason, ...body } as Record<string, unknown>
    if (payload.subjectOrganizationId === 'x') payload.subjectOrganizationId = firm.organization.id
    const before = await creditCounts()
    const response = await api.post('/api/v1/complaints', payload, { token: owner.token })
    expect(response.status, response.text).toBe(400)
    expect(await creditCounts()).toEqual(before)
  })

  test('refused: about itself (400), by a department (403), without a token (401)', async () => {
    const firm = await createListedIntermediary()
    const before = await creditCounts()
    expect((await api.post('/api/v1/complaints', { subjectOrganizationId: firm.organization.id, reason }, { token: firm.token })).status).toBe(400)
    expect((await api.post('/api/v1/complaints', { subjectOrganizationId: firm.organization.id, reason }, { token: cityEcology.token })).status).toBe(403)
    expect((await api.post('/api/v1/complaints', { subjectOrganizationId: firm.organization.id, reason })).status).toBe(401)
    expect(await creditCounts()).toEqual(before)
  })

  test(`rate-limited: the ${COMPLAINTS_PER_DAY + 1}th in 24 hours is 429, also when sent in parallel`, async () => {
    const firm = await createListedIntermediary()
    const owner = await createMember({ type: 'OWNER' })
    const send = () => api.post('/api/v1/complaints', { subjectOrganizationId: firm.organization.id, reason }, { token: owner.token })
    const statuses = (await Promise.all(Array.from({ length: COMPLAINTS_PER_DAY + 2 }, send))).map((r) => r.status).sort()
    expect(statuses).toEqual([...Array(COMPLAINTS_PER_DAY).fill(201), 429, 429])
    expect(await prisma.complaint.count({ where: { complainantUserId: owner.user.id } })).toBe(COMPLAINTS_PER_DAY)
  })
})

describe('handling', () => {
  test('reminded two working days before, escalated to the admin at the deadline; the admin may then decide', async () => {
    const firm = await createListedIntermediary()
    const owner = await createMember({ type: 'OWNER' })
    const filed = await api.post('/api/v1/complaints', { subjectOrganizationId: firm.organization.id, reason }, { token: owner.token })
    const complaint = await prisma.complaint.findUniqueOrThrow({ where: { id: filed.body.id } })
    expect((await api.post(`/api/v1/complaints/${complaint.id}/decide`, { outcome: 'REJECTED', reply: '经查不属实' }, { token: admin.token })).status).toBe(403)
    await moveClockTo(new Date(complaint.remindAt!.getTime() + 1000))
    expect((await prisma.complaint.findUniqueOrThrow({ where: { id: complaint.id } })).remindedAt).not.toBeNull()
    expect(await prisma.notification.count({ where: { organizationId: cityEcology.organization.id, kind: 'complaint-reminder', link: `/complaints/${complaint.id}` } })).toBe(1)
    await moveClockTo(new Date(complaint.dueAt.getTime() - 1000))
    expect((await prisma.complaint.findUniqueOrThrow({ where: { id: complaint.id } })).status).toBe('SUBMITTED')
    await moveClockTo(new Date(complaint.dueAt.getTime() + 1000))
    expect((await prisma.complaint.findUniqueOrThrow({ where: { id: complaint.id } })).status).toBe('ESCALATED')
    expect(await prisma.notification.count({ where: { organizationId: admin.organization.id, kind: 'complaint-overdue', link: `/complaints/${complaint.id}` } })).toBe(1)
    const adminNow = await freshToken(admin)
    const inbox = await api.get('/api/v1/complaints?inbox=1&pageSize=100', { token: adminNow.token })
    expect(inbox.body.items.find((c: { id: string }) => c.id === complaint.id)).toMatchObject({ status: 'ESCALATED', overdue: true, allowedActions: ['decide'] })
    const decided = await api.post(`/api/v1/complaints/${complaint.id}/decide`, { outcome: 'REJECTED', reply: '经核查，收费符合合同约定。' }, { token: adminNow.token })
    expect(decided.status, decided.text).toBe(200)
    expect(decided.body).toMatchObject({ status: 'REJECTED', outcome: 'REJECTED', reply: '经核查，收费符合合同约定。' })
  })

  test('upheld: a credit record of the subject by the rule table; the outcome public, anonymized', async () => {
    const firm = await createListedIntermediary()
    const owner = await createMember({ type: 'OWNER' })
    const filed = await api.post('/api/v1/complaints', { subjectOrganizationId: firm.organization.id, reason }, { token: owner.token })
    const department = await freshToken(cityEcology)
    const other = await freshToken(provinceEcology)
    expect((await api.post(`/api/v1/complaints/${filed.body.id}/decide`, { outcome: 'UPHELD', reply: '属实' }, { token: other.token })).status).toBe(404)
    expect((await api.post(`/api/v1/complaints/${filed.body.id}/decide`, { outcome: 'MAYBE', reply: '属实' }, { token: department.token })).status).toBe(400)
    const decided = await api.post(`/api/v1/complaints/${filed.body.id}/decide`, { outcome: 'UPHELD', reply: '经查属实，责令退还加急费。' }, { token: department.token })
    expect(decided.status, decided.text).toBe(200)
    expect(decided.body).toMatchObject({ status: 'UPHELD', outcome: 'UPHELD', creditRecordId: expect.any(String) })
    const record = await prisma.creditRecord.findUniqueOrThrow({ where: { id: decided.body.creditRecordId } })
    expect(record).toMatchObject({ organizationId: firm.organization.id, ruleCode: 'COMPLAINT_UPHELD', points: -10, status: 'PENDING', source: 'SYSTEM' })
    expect((await api.post(`/api/v1/complaints/${filed.body.id}/decide`, { outcome: 'REJECTED', reply: '再议' }, { token: department.token })).status).toBe(409)
    const outcomes = await api.get('/api/v1/complaints?pageSize=100')
    const published = outcomes.body.items.find((c: { id: string }) => c.id === filed.body.id)
    expect(published).toMatchObject({ outcome: 'UPHELD', subject: { id: firm.organization.id }, reply: '经查属实，责令退还加急费。', onTime: true })
    expect(JSON.stringify(published)).not.toContain(reason)
    expect(JSON.stringify(published)).not.toContain(owner.organization.id)
  })
})
