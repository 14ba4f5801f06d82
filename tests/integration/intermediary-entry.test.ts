// Zero-threshold entry through the API: PUT /api/v1/intermediaries/me lists an intermediary at
// once; commitments and profile edits; every refusal changes nothing.
import { beforeAll, describe, expect, test } from 'vitest'
import { prisma } from '#app/db.server.ts'
import { COMMITMENT_LETTER_VERSION } from '#app/domain/intermediaries/commitment-letter.ts'
import { api } from '#tests/helpers/app.ts'
import { createMember } from '#tests/factories/index.ts'

async function counts(organizationId: string) {
  const [offered, commitments, profiles, audits, outbox] = await Promise.all([
    prisma.offeredService.count({ where: { organizationId } }),
    prisma.serviceCommitment.count({ where: { organizationId } }),
    prisma.intermediaryProfile.count({ where: { organizationId } }),
    prisma.auditEntry.count(),
    prisma.searchOutbox.count(),
  ])
  return { offered, commitments, profiles, audits, outbox }
}

const entryBody = (overrides: Record<string, unknown> = {}) => ({
  serviceItemCodes: ['ZJ-ECO-001', 'ZJ-WATER-001'],
  commitmentAccepted: true,
  commitments: [{ serviceItemCode: 'ZJ-ECO-001', promisedDays: 20, feeStandard: '报告书 8 万元起，报告表 2 万元起' }],
  ...overrides,
})

let intermediary: Awaited<ReturnType<typeof createMember>>

beforeAll(async () => {
  intermediary = await createMember({ type: 'INTERMEDIARY' })
})

describe('PUT /api/v1/intermediaries/me', () => {
  test('an intermediary picks its services, accepts the letter and is listed at once (200)', async () => {
    const member = await createMember({ type: 'INTERMEDIARY' })
    const organizationId = member.organization.id
    const response = await api.put('/api/v1/intermediaries/me', entryBody(), { token: member.token })
    expect(response.status).toBe(200)
    expect(response.body).toMatchObject({
      id: organizationId,
      serviceItemCodes: ['ZJ-ECO-001', 'ZJ-WATER-001'],
      commitments: [expect.objectContaining({ serviceItemCode: 'ZJ-ECO-001', promisedDays: 20 })],
      commitmentAcceptance: { version: COMMITMENT_LETTER_VERSION, acceptedByUserId: member.user.id },
    })
    expect(response.body).not.toHaveProperty('email')

    const offered = await prisma.offeredService.findMany({ where: { organizationId }, orderBy: { serviceItemCode: 'asc' } })
    expect(offered.map((o) => o.serviceItemCode)).toEqual(['ZJ-ECO-001', 'ZJ-WATER-001'])
    const profile = await prisma.intermediaryProfile.findUniqueOrThrow({ where: { organizationId } })
    expect(profile.listedAt).not.toBeNull()
    expect(profile.commitmentVersion).toBe(COMMITMENT_LETTER_VERSION)
    expect(profile.commitmentAcceptedByUserId).toBe(member.user.id)
    expect(profile.commitmentAcceptedAt).not.toBeNull()
    const entry = await prisma.auditEntry.findFirst({
      where: { entityType: 'IntermediaryProfile', entityId: organizationId, action: 'enter' },
    })
    expect(entry?.actorUserId).toBe(member.user.id)
    expect(JSON.parse(entry!.after!)).toMatchObject({ serviceItemCodes: ['ZJ-ECO-001', 'ZJ-WATER-001'] })
    expect(await prisma.searchOutbox.count({ where: { entityId: organizationId } })).toBeGreaterThan(0)

    // the public profile shows it, with no approval step
    const publicProfile = await api.get(`/api/v1/intermediaries/${organizationId}`)
    expect(publicProfile.status).toBe(200)
    expect(publicProfile.body.serviceItemCodes).toEqual(['ZJ-ECO-001', 'ZJ-WATER-001'])
  })

  test('a second PUT replaces the services, keeps listedAt and drops commitments of items no longer offered', async () => {
    const member = await createMember({ type: 'INTERMEDIARY' })
    const organizationId = member.organization.id
    await api.put('/api/v1/intermediaries/me', entryBody(), { token: member.token })
    const listedAt = (await prisma.intermediaryProfile.findUniqueOrThrow({ where: { organizationId } })).listedAt
    const response = await api.put(
      '/api/v1/intermediaries/me',
      { serviceItemCodes: ['ZJ-WATER-001', 'ZJ-NR-001'], commitmentAccepted: true },
      { token: member.token },
    )
    expect(response.status).toBe(200)
    expect(response.body.serviceItemCodes).toEqual(['ZJ-NR-001', 'ZJ-WATER-001'])
    expect(await prisma.serviceCommitment.count({ where: { organizationId } })).toBe(0)
    const profile = await prisma.intermediaryProfile.findUniqueOrThrow({ where: { organizationId } })
    expect(profile.listedAt).toEqual(listedAt)
    const update = await prisma.auditEntry.findFirst({
      where: { entityType: 'IntermediaryProfile', entityId: organizationId, action: 'update-entry' },
    })
    expect(JSON.parse(update!.before!).serviceItemCodes).toEqual(['ZJ-ECO-001', 'ZJ-WATER-001'])
  })

  test('an unknown service item code: 400 with errors.serviceItemCodes and nothing changes', async () => {
    const before = await counts(intermediary.organization.id)
    const response = await api.put(
      '/api/v1/intermediaries/me',
      entryBody({ serviceItemCodes: ['ZJ-ECO-001', 'ZJ-NOPE-404'], commitments: [] }),
      { token: intermediary.token },
    )
    expect(response.status).toBe(400)
    expect(response.body.errors.serviceItemCodes[0]).toContain('ZJ-NOPE-404')
    expect(await counts(intermediary.organization.id)).toEqual(before)
  })

  test('without accepting the commitment letter: 400 with errors.commitmentAccepted and nothing changes', async () => {
    const before = await counts(intermediary.organization.id)
    const response = await api.put('/api/v1/intermediaries/me', entryBody({ commitmentAccepted: false }), {
      token: intermediary.token,
    })
    expect(response.status).toBe(400)
    expect(response.body.errors.commitmentAccepted).toEqual(['须阅读并接受信用承诺书'])
    expect(await counts(intermediary.organization.id)).toEqual(before)
  })

  test('a commitment for a service not offered: 400 and nothing changes', async () => {
    const before = await counts(intermediary.organization.id)
    const response = await api.put(
      '/api/v1/intermediaries/me',
      entryBody({ commitments: [{ serviceItemCode: 'ZJ-NR-001', promisedDays: 10, feeStandard: '1 万元' }] }),
      { token: intermediary.token },
    )
    expect(response.status).toBe(400)
    expect(response.body.errors['commitments.0.serviceItemCode']).toBeDefined()
    expect(await counts(intermediary.organization.id)).toEqual(before)
  })

  test('promisedDays outside 1..365 and an empty serviceItemCodes list: 400 and nothing changes', async () => {
    const before = await counts(intermediary.organization.id)
    const tooLong = await api.put(
      '/api/v1/intermediaries/me',
      entryBody({ commitments: [{ serviceItemCode: 'ZJ-ECO-001', promisedDays: 400, feeStandard: '面议' }] }),
      { token: intermediary.token },
    )
    expect(tooLong.status).toBe(400)
    expect(tooLong.body.errors['commitments.0.promisedDays']).toBeDefined()
    const empty = await api.put('/api/v1/intermediaries/me', entryBody({ serviceItemCodes: [], commitments: [] }), {
      token: intermediary.token,
    })
    expect(empty.status).toBe(400)
    expect(empty.body.errors.serviceItemCodes).toBeDefined()
    expect(await counts(intermediary.organization.id)).toEqual(before)
  })

  test('a project owner may not enter as an intermediary: 403 and nothing changes', async () => {
    const owner = await createMember({ type: 'OWNER' })
    const before = await counts(owner.organization.id)
    const response = await api.put('/api/v1/intermediaries/me', entryBody(), { token: owner.token })
    expect(response.status).toBe(403)
    expect(await counts(owner.organization.id)).toEqual(before)
  })

  test('without a token: 401', async () => {
    const response = await api.put('/api/v1/intermediaries/me', entryBody())
    expect(response.status).toBe(401)
  })
})

describe('commitments and profile', () => {
  test('PUT /me/commitments replaces the commitments of offered items; a non-offered item is refused', async () => {
    const member = await createMember({ type: 'INTERMEDIARY' })
    await api.put('/api/v1/intermediaries/me', entryBody(), { token: member.token })
    const ok = await api.put(
      '/api/v1/intermediaries/me/commitments',
      { commitments: [{ serviceItemCode: 'ZJ-WATER-001', promisedDays: 15, feeStandard: '按工程投资额 0.1% 计取', feeBasisNote: '市场调节价' }] },
      { token: member.token },
    )
    expect(ok.status).toBe(200)
    expect(ok.body.commitments).toEqual([
      { serviceItemCode: 'ZJ-WATER-001', promisedDays: 15, feeStandard: '按工程投资额 0.1% 计取', feeBasisNote: '市场调节价' },
    ])
    const before = await counts(member.organization.id)
    const refused = await api.put(
      '/api/v1/intermediaries/me/commitments',
      { commitments: [{ serviceItemCode: 'ZJ-EQ-001', promisedDays: 15, feeStandard: '面议' }] },
      { token: member.token },
    )
    expect(refused.status).toBe(400)
    expect(await counts(member.organization.id)).toEqual(before)
  })

  test('PUT /me/profile edits the profile, audited with before and after', async () => {
    const member = await createMember({ type: 'INTERMEDIARY' })
    const response = await api.put(
      '/api/v1/intermediaries/me/profile',
      {
        shortName: '蜀安环评',
        introduction: '专业从事建设项目环境影响评价、排污许可咨询。',
        address: '成都市武侯区人民南路四段 27 号',
        contactName: '黄丽',
        contactPhone: '028-85101101',
        regionCode: '510104',
        website: 'https://www.shuan-eia.cn',
        contactEmail: 'Service@Shuan-EIA.cn',
      },
      { token: member.token },
    )
    expect(response.status).toBe(200)
    expect(response.body).toMatchObject({ shortName: '蜀安环评', regionCode: '510104', contactEmail: 'service@shuan-eia.cn' })
    const organization = await prisma.organization.findUniqueOrThrow({ where: { id: member.organization.id } })
    expect(organization.regionCode).toBe('510104')
    const entry = await prisma.auditEntry.findFirst({ where: { entityId: member.organization.id, action: 'update-profile' } })
    expect(JSON.parse(entry!.before!).regionCode).toBe('510107')
    expect(JSON.parse(entry!.after!).regionCode).toBe('510104')
  })

  test('an unknown region or a malformed website: 400 and nothing changes', async () => {
    const member = await createMember({ type: 'INTERMEDIARY' })
    const audits = await prisma.auditEntry.count()
    const region = await api.put('/api/v1/intermediaries/me/profile', { regionCode: '999999' }, { token: member.token })
    expect(region.status).toBe(400)
    expect(region.body.errors.regionCode).toBeDefined()
    const website = await api.put('/api/v1/intermediaries/me/profile', { regionCode: '510104', website: 'shuan' }, { token: member.token })
    expect(website.status).toBe(400)
    expect(website.body.errors.website).toBeDefined()
    expect(await prisma.auditEntry.count()).toBe(audits)
  })
})

describe('practitioners', () => {
  test('add, edit and deactivate a practitioner; another intermediary cannot edit it (404)', async () => {
    const member = await createMember({ type: 'INTERMEDIARY' })
    const created = await api.post(
      '/api/v1/intermediaries/me/practitioners',
      { name: '王志刚', certificateNo: 'HP00012345', title: '环境影响评价工程师', specialty: '化工石化' },
      { token: member.token },
    )
    expect(created.status).toBe(201)
    const id = created.body.id
    const edited = await api.put(`/api/v1/intermediaries/me/practitioners/${id}`, { title: '高级工程师' }, { token: member.token })
    expect(edited.status).toBe(200)
    expect(edited.body).toMatchObject({ title: '高级工程师', name: '王志刚', active: true })
    const deactivated = await api.put(`/api/v1/intermediaries/me/practitioners/${id}`, { active: false }, { token: member.token })
    expect(deactivated.body.active).toBe(false)
    expect(await prisma.practitioner.count({ where: { id } })).toBe(1)
    expect(await prisma.auditEntry.count({ where: { entityType: 'Practitioner', entityId: id } })).toBe(3)

    const other = await createMember({ type: 'INTERMEDIARY' })
    const refused = await api.put(`/api/v1/intermediaries/me/practitioners/${id}`, { name: '李四' }, { token: other.token })
    expect(refused.status).toBe(404)
    expect((await prisma.practitioner.findUniqueOrThrow({ where: { id } })).name).toBe('王志刚')
  })

  test('a practitioner without a certificate number: 400', async () => {
    const response = await api.post('/api/v1/intermediaries/me/practitioners', { name: '王志刚', title: '工程师' }, { token: intermediary.token })
    expect(response.status).toBe(400)
    expect(response.body.errors.certificateNo).toBeDefined()
  })
})
