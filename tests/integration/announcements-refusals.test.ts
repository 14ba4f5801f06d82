// Every refusal of announcements and bids has its own test, and each checks that nothing changed:
// no row written, no status moved, no notification sent, no audit entry.
import { beforeAll, describe, expect, test } from 'vitest'
import { prisma } from '#app/db.server.ts'
import { createMember } from '#tests/factories/index.ts'
import {
  advanceClock,
  announcementBody,
  announcementRow,
  blacklistOrganization,
  createListedIntermediary,
  createOwnerWithProject,
  inDays,
  placeBids,
  publishedAnnouncement,
  type Member,
} from '#tests/factories/bidding.ts'
import { api } from '#tests/helpers/app.ts'

/** Everything a refused request could have written. */
async function snapshot() {
  const [projects, announcements, bids, bidVersions, amendments, notifications, audits, objections] = await Promise.all([
    prisma.project.count(),
    prisma.announcement.count(),
    prisma.bid.count(),
    prisma.bidVersion.count(),
    prisma.announcementAmendment.count(),
    prisma.notification.count(),
    prisma.auditEntry.count(),
    prisma.objection.count(),
  ])
  const statuses = await prisma.announcement.findMany({ select: { id: true, status: true, deadline: true, seedCommitment: true, updatedAt: true }, orderBy: { id: 'asc' } })
  const bidRows = await prisma.bid.findMany({ select: { id: true, status: true, currentVersion: true, needsReconfirmation: true }, orderBy: { id: 'asc' } })
  return { projects, announcements, bids, bidVersions, amendments, notifications, audits, objections, statuses, bidRows }
}

/** Runs a refused request and checks its status and that the database did not change. */
async function refused(request: () => Promise<{ status: number; text: string; body: any }>, status: number) {
  const before = await snapshot()
  const response = await request()
  expect(response.status, response.text).toBe(status)
  expect(response.body.status).toBe(status) // problem+json
  expect(await snapshot()).toEqual(before)
  return response
}

const bid = (id: string, firm: Member, body: Record<string, unknown>) => api.post(`/api/v1/announcements/${id}/bids`, body, { token: firm.token })

// Shared published announcements with a distant deadline (the clock moves in some tests below).
let eco: { owner: Member; projectId: string; id: string }
let geohazard: { owner: Member; id: string } // ZJ-NR-001: 地质灾害危险性评估资质, 乙级 or better
let surveying: { owner: Member; id: string } // ZJ-NR-004: 测绘资质, 丙级 or better

beforeAll(async () => {
  const ecoProject = await createOwnerWithProject()
  eco = { ...ecoProject, id: (await publishedAnnouncement(ecoProject.owner, ecoProject.projectId, { deadline: await inDays(60) })).id }
  const nr1 = await createOwnerWithProject({ approvalItemCodes: ['SP-NR-001'] })
  geohazard = {
    owner: nr1.owner,
    id: (await publishedAnnouncement(nr1.owner, nr1.projectId, { approvalItemCode: 'SP-NR-001', serviceItemCode: 'ZJ-NR-001', title: '地质灾害危险性评估', deadline: await inDays(60) })).id,
  }
  const nr4 = await createOwnerWithProject({ approvalItemCodes: ['SP-NR-004'] })
  surveying = {
    owner: nr4.owner,
    id: (await publishedAnnouncement(nr4.owner, nr4.projectId, { approvalItemCode: 'SP-NR-004', serviceItemCode: 'ZJ-NR-004', title: '宗地勘测定界', deadline: await inDays(60) })).id,
  }
})

describe('bids', () => {
  test('a second bid from the same firm: 409, the first one stays as it was', async () => {
    const firm = await createListedIntermediary()
    await placeBids(eco.id, [{ firm, price: '120000.00' }])
    await refused(() => bid(eco.id, firm, { price: '110000.00' }), 409)
    const rows = await prisma.bid.findMany({ where: { announcementId: eco.id, intermediaryId: firm.organization.id }, include: { versions: true } })
    expect(rows).toHaveLength(1)
    expect(rows[0]!.versions).toHaveLength(1)
  })

  test('a price above the ceiling: 422 naming the ceiling', async () => {
    const firm = await createListedIntermediary()
    const response = await refused(() => bid(eco.id, firm, { price: '150000.01' }), 422)
    expect(response.body.detail).toContain('最高限价')
    // the ceiling itself is accepted
    expect((await bid(eco.id, firm, { price: '150000.00' })).status).toBe(201)
  })

  test.each([
    ['zero', '0.00'],
    ['zero as a number', 0],
    ['negative', '-100.00'],
    ['negative as a number', -5],
    ['more than two decimals', '100.001'],
    ['more than two decimals as a number', 99.999],
    ['not a number', '十万元'],
    ['an exponent', '1e5'],
    ['thousands separators', '100,000.00'],
  ])('a malformed price (%s): 400', async (_name, price) => {
    const firm = await createListedIntermediary()
    const response = await refused(() => bid(eco.id, firm, { price }), 400)
    expect(response.body.errors.price).toBeDefined()
  })

  test('no price for LOWEST_PRICE: 400', async () => {
    const firm = await createListedIntermediary()
    const response = await refused(() => bid(eco.id, firm, {}), 400)
    expect(response.body.errors.price).toBeDefined()
  })

  test('an unknown field in a bid: 400', async () => {
    const firm = await createListedIntermediary()
    await refused(() => bid(eco.id, firm, { price: '100000.00', discount: '5%' }), 400)
  })

  test('a bid after the deadline: 409', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const { id } = await publishedAnnouncement(owner, projectId)
    const firm = await createListedIntermediary()
    await advanceClock('P4DT1H')
    const response = await refused(() => bid(id, firm, { price: '100000.00' }), 409)
    expect(response.body.detail).toContain('截止')
    expect(await prisma.bid.count({ where: { announcementId: id } })).toBe(0)
  })

  test('a bid on a draft: 404, as if it did not exist', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const draft = await api.post('/api/v1/announcements', announcementBody(projectId, { deadline: await inDays(5) }), { token: owner.token })
    const firm = await createListedIntermediary()
    await refused(() => bid(draft.body.id, firm, { price: '100000.00' }), 404)
    expect((await api.get(`/api/v1/announcements/${draft.body.id}`, { token: firm.token })).status).toBe(404)
  })

  test('an owner cannot bid: 403', async () => {
    const other = await createMember({ type: 'OWNER' })
    await refused(() => bid(eco.id, other, { price: '100000.00' }), 403)
  })
})

describe('ineligible firms: 422 with the reason in Chinese', () => {
  type Case = [name: string, target: () => string, firm: () => Promise<Member>, reason: string]
  const cases: Case[] = [
    [
      'an entry suspended',
      () => eco.id,
      async () => {
        const firm = await createListedIntermediary()
        await prisma.organization.update({ where: { id: firm.organization.id }, data: { status: 'SUSPENDED', statusReason: '涉嫌出具虚假报告' } })
        return firm
      },
      '暂停',
    ],
    ['not offering the service item', () => eco.id, () => createListedIntermediary({ serviceItemCodes: ['ZJ-WATER-001'] }), '未在入驻信息中提供「'],
    [
      'blacklisted',
      () => eco.id,
      async () => {
        const firm = await createListedIntermediary()
        await blacklistOrganization(firm.organization.id)
        return firm
      },
      '黑名单',
    ],
    [
      'not listed (no credit commitment signed)',
      () => eco.id,
      async () => {
        const firm = await createMember({ type: 'INTERMEDIARY' })
        await prisma.offeredService.create({ data: { organizationId: firm.organization.id, serviceItemCode: 'ZJ-ECO-001' } })
        return firm
      },
      '尚未完成入驻',
    ],
    ['no qualification for ZJ-NR-001', () => geohazard.id, () => createListedIntermediary({ serviceItemCodes: ['ZJ-NR-001'] }), '地质灾害危险性评估资质（乙级及以上）'],
    [
      'a qualification of another type for ZJ-NR-001',
      () => geohazard.id,
      () => createListedIntermediary({ serviceItemCodes: ['ZJ-NR-001'], qualification: { typeCode: 'SURVEYING', levelCode: '甲级' } }),
      '地质灾害危险性评估资质',
    ],
    [
      'an expired qualification for ZJ-NR-001',
      () => geohazard.id,
      () => createListedIntermediary({ serviceItemCodes: ['ZJ-NR-001'], qualification: { typeCode: 'GEOHAZARD_ASSESSMENT', levelCode: '甲级', validTo: '2021-12-31' } }),
      '有效期内',
    ],
    [
      'a rejected qualification for ZJ-NR-001',
      () => geohazard.id,
      () => createListedIntermediary({ serviceItemCodes: ['ZJ-NR-001'], qualification: { typeCode: 'GEOHAZARD_ASSESSMENT', levelCode: '甲级', status: 'REJECTED' } }),
      '地质灾害危险性评估资质',
    ],
    // GEOHAZARD_ASSESSMENT has only 甲级 and 乙级 (the minimum), so "too low" is shown on ZJ-NR-004 (测绘资质, 丙级 or better)
    [
      'a level below the minimum (测绘 丁级 for ZJ-NR-004)',
      () => surveying.id,
      () => createListedIntermediary({ serviceItemCodes: ['ZJ-NR-004'], qualification: { typeCode: 'SURVEYING', levelCode: '丁级' } }),
      '测绘资质（丙级及以上）',
    ],
  ]

  test.each(cases)('%s', async (_name, target, makeFirm, reason) => {
    const firm = await makeFirm()
    const response = await refused(() => bid(target(), firm, { price: '100000.00' }), 422)
    expect(response.body.detail).toMatch(/^不符合报名条件：/)
    expect(response.body.detail).toContain(reason)
  })

  test('control: a current qualification at the minimum level or above is enough', async () => {
    const atMinimum = await createListedIntermediary({ serviceItemCodes: ['ZJ-NR-001'], qualification: { typeCode: 'GEOHAZARD_ASSESSMENT', levelCode: '乙级' } })
    const selfDeclared = await createListedIntermediary({ serviceItemCodes: ['ZJ-NR-001'], qualification: { typeCode: 'GEOHAZARD_ASSESSMENT', levelCode: '甲级', status: 'SELF_DECLARED' } })
    const surveyor = await createListedIntermediary({ serviceItemCodes: ['ZJ-NR-004'], qualification: { typeCode: 'SURVEYING', levelCode: '丙级' } })
    expect((await bid(geohazard.id, atMinimum, { price: '100000.00' })).status).toBe(201)
    expect((await bid(geohazard.id, selfDeclared, { price: '100000.00' })).status).toBe(201)
    expect((await bid(surveying.id, surveyor, { price: '100000.00' })).status).toBe(201)
  })
})

describe('drafting announcements', () => {
  const create = (owner: Member, body: Record<string, unknown>) => api.post('/api/v1/announcements', body, { token: owner.token })

  test('direct selection with public funds: 422', async () => {
    const { owner, projectId } = await createOwnerWithProject({ funding: 'PUBLIC' })
    const firm = await createListedIntermediary()
    const response = await refused(
      async () => create(owner, announcementBody(projectId, { method: 'DIRECT', directIntermediaryId: firm.organization.id, fixedPrice: '50000.00', priceCeiling: undefined, deadline: await inDays(5) })),
      422,
    )
    expect(response.body.detail).toContain('财政资金')
  })

  test('a deadline less than the minimum period after now: 422', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const almost = new Date(new Date(await inDays(3)).getTime() - 60_000).toISOString()
    const response = await refused(() => create(owner, announcementBody(projectId, { deadline: almost })), 422)
    expect(response.body.detail).toContain('3 日')
    // three days and a few minutes is enough
    const enough = new Date(new Date(await inDays(3)).getTime() + 5 * 60_000).toISOString()
    expect((await create(owner, announcementBody(projectId, { deadline: enough }))).status).toBe(201)
  })

  test('a service item the approval item does not need: 422', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const response = await refused(async () => create(owner, announcementBody(projectId, { serviceItemCode: 'ZJ-NR-001', deadline: await inDays(5) })), 422)
    expect(response.body.detail).toContain('不需要此中介服务事项')
  })

  test('an approval item the project did not apply for: 422', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const response = await refused(
      async () => create(owner, announcementBody(projectId, { approvalItemCode: 'SP-NR-001', serviceItemCode: 'ZJ-NR-001', deadline: await inDays(5) })),
      422,
    )
    expect(response.body.detail).toContain('未申请此审批事项')
  })

  test.each([
    ['eligibility', { eligibility: { regionCodes: ['510100'] } }],
    ['requirements', { requirements: '须为本地注册企业，注册资本不少于 500 万元' }],
    ['minRegisteredCapital', { minRegisteredCapital: '5000000.00' }],
    ['qualificationLevel', { qualificationLevel: '甲级' }],
  ])('an eligibility condition of the owner’s own (%s) is an unknown field: 400', async (_name, extra) => {
    const { owner, projectId } = await createOwnerWithProject()
    await refused(async () => create(owner, { ...announcementBody(projectId, { deadline: await inDays(5) }), ...extra }), 400)
  })

  test('the same evaluator named twice: 400 on the field, nothing created', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const body = announcementBody(projectId, {
      method: 'SCORE',
      weights: { price: 40, credit: 20, rating: 20, technical: 20 },
      evaluatorUserIds: [owner.user.id, owner.user.id],
      deadline: await inDays(5),
    })
    const response = await refused(() => create(owner, body), 400)
    expect(JSON.stringify(response.body.errors)).toContain('评审人员不能重复')
  })

  test('an owner cannot draft on someone else’s project: 404', async () => {
    const { projectId } = await createOwnerWithProject()
    const other = await createMember({ type: 'OWNER' })
    await refused(async () => create(other, announcementBody(projectId, { deadline: await inDays(5) })), 404)
  })

  test('an intermediary cannot create a project (403) nor an announcement (403)', async () => {
    const firm = await createListedIntermediary()
    await refused(() => api.post('/api/v1/projects', { name: '中介自建项目', regionCode: '510107', funding: 'SELF', approvalItemCodes: ['SP-ECO-001'] }, { token: firm.token }), 403)
    await refused(async () => create(firm, announcementBody(eco.projectId, { deadline: await inDays(5) })), 403)
  })
})

describe('publishing, cancelling and amending', () => {
  const publish = (id: string, who: Member) => api.post(`/api/v1/announcements/${id}/publish`, {}, { token: who.token })
  const cancel = (id: string, who: Member) => api.post(`/api/v1/announcements/${id}/cancel`, { reason: '不再需要该服务' }, { token: who.token })

  test('a deadline that became too close by publication time: 422, still a draft', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const deadline = new Date(new Date(await inDays(3)).getTime() + 30 * 60_000).toISOString()
    const draft = await api.post('/api/v1/announcements', announcementBody(projectId, { deadline }), { token: owner.token })
    expect(draft.status).toBe(201)
    await advanceClock('PT1H')
    const response = await refused(() => publish(draft.body.id, owner), 422)
    expect(response.body.detail).toContain('3 日')
    expect(await announcementRow(draft.body.id)).toMatchObject({ status: 'DRAFT', seed: null, seedCommitment: null, publishedAt: null })
  })

  test('publishing twice: 409', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const { id, seedCommitment } = await publishedAnnouncement(owner, projectId)
    await refused(() => publish(id, owner), 409)
    expect((await announcementRow(id)).seedCommitment).toBe(seedCommitment)
  })

  test('someone else’s draft: 404 to publish or cancel it', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const draft = await api.post('/api/v1/announcements', announcementBody(projectId, { deadline: await inDays(5) }), { token: owner.token })
    const other = await createMember({ type: 'OWNER' })
    await refused(() => publish(draft.body.id, other), 404)
    await refused(() => cancel(draft.body.id, other), 404)
    expect((await announcementRow(draft.body.id)).status).toBe('DRAFT')
  })

  test('someone else’s published announcement: 403 to publish, cancel or amend it', async () => {
    const other = await createMember({ type: 'OWNER' })
    await refused(() => publish(eco.id, other), 403)
    await refused(() => cancel(eco.id, other), 403)
    await refused(() => api.post(`/api/v1/announcements/${eco.id}/amendments`, { reason: '修改范围', scope: '别人的公告，不应被修改。' }, { token: other.token }), 403)
    // an intermediary is not an owner at all
    const firm = await createListedIntermediary()
    await refused(() => cancel(eco.id, firm), 403)
    expect((await announcementRow(eco.id)).status).toBe('PUBLISHED')
  })

  test('cancelling without a reason: 400', async () => {
    await refused(() => api.post(`/api/v1/announcements/${eco.id}/cancel`, { reason: '' }, { token: eco.owner.token }), 400)
    await refused(() => api.post(`/api/v1/announcements/${eco.id}/cancel`, {}, { token: eco.owner.token }), 400)
  })

  test('an amendment leaving less than the minimum period before the deadline: 422', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const { id } = await publishedAnnouncement(owner, projectId)
    const firm = await createListedIntermediary()
    await placeBids(id, [{ firm, price: '100000.00' }])
    await advanceClock('P1DT1H') // under three days left
    const amend = async (body: Record<string, unknown>) => api.post(`/api/v1/announcements/${id}/amendments`, { reason: '调整服务范围', ...body }, { token: owner.token })
    const response = await refused(() => amend({ scope: '调整后的服务范围和内容。' }), 422)
    expect(response.body.detail).toContain('3 日')
    await refused(async () => amend({ scope: '调整后的服务范围和内容。', deadline: await inDays(2) }), 422)
    expect(await prisma.bid.findFirstOrThrow({ where: { announcementId: id } })).toMatchObject({ needsReconfirmation: false })
  })

  test('the owner reading the bids before the deadline: 409; a bidder: 403', async () => {
    await refused(() => api.get(`/api/v1/announcements/${eco.id}/bids`, { token: eco.owner.token }), 409)
    const firm = await createListedIntermediary()
    await refused(() => api.get(`/api/v1/announcements/${eco.id}/bids`, { token: firm.token }), 403)
    expect((await api.get(`/api/v1/announcements/${eco.id}`, { token: eco.owner.token })).body.bidCount).toBeNull()
  })
})
