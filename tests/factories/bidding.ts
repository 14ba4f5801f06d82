// Factories for the bidding tests: listed intermediaries offering a service item (with a current
// qualification when asked), owners with a project, announcements drafted and published through the
// API, and the test clock. Setup only — the behaviour under test is driven through the API.
import { prisma } from '#app/db.server.ts'
import { COMMITMENT_LETTER_VERSION } from '#app/domain/intermediaries/commitment-letter.ts'
import { createMember } from '#tests/factories/index.ts'
import { api } from '#tests/helpers/app.ts'

export type Member = Awaited<ReturnType<typeof createMember>>

/** An intermediary listed (commitment accepted) and offering the service items. */
export async function createListedIntermediary(
  options: { serviceItemCodes?: string[]; qualification?: { typeCode: string; levelCode: string; validTo?: string; status?: 'SELF_DECLARED' | 'VERIFIED' | 'REJECTED' } } = {},
): Promise<Member> {
  const member = await createMember({ type: 'INTERMEDIARY' })
  const organizationId = member.organization.id
  const at = new Date()
  await prisma.intermediaryProfile.create({
    data: { organizationId, commitmentVersion: COMMITMENT_LETTER_VERSION, commitmentAcceptedAt: at, commitmentAcceptedByUserId: member.user.id, listedAt: at },
  })
  await prisma.offeredService.createMany({ data: (options.serviceItemCodes ?? ['ZJ-ECO-001']).map((serviceItemCode) => ({ organizationId, serviceItemCode })) })
  if (options.qualification) {
    await prisma.qualification.create({
      data: {
        organizationId,
        typeCode: options.qualification.typeCode,
        levelCode: options.qualification.levelCode,
        certificateNo: `Q-${organizationId.slice(-6)}`,
        issuer: '四川省自然资源厅',
        validFrom: new Date('2020-01-01'),
        validTo: new Date(options.qualification.validTo ?? '2099-12-31'),
        status: options.qualification.status ?? 'VERIFIED',
      },
    })
  }
  return member
}

export async function createOwnerWithProject(options: { funding?: 'PUBLIC' | 'SELF'; approvalItemCodes?: string[]; regionCode?: string } = {}) {
  const owner = await createMember({ type: 'OWNER' })
  const response = await api.post(
    '/api/v1/projects',
    { name: '成都天府新区年产 5 万吨电子材料项目', regionCode: options.regionCode ?? '510107', funding: options.funding ?? 'SELF', approvalItemCodes: options.approvalItemCodes ?? ['SP-ECO-001'] },
    { token: owner.token },
  )
  if (response.status !== 201) throw new Error(`project: ${response.status} ${response.text}`)
  return { owner, projectId: response.body.id as string }
}

export async function clockNow(): Promise<Date> {
  return new Date((await api.get('/api/v1/test/clock')).body.now)
}

export async function advanceClock(advanceBy: string) {
  const response = await api.post('/api/v1/test/clock', { advanceBy })
  if (response.status !== 200) throw new Error(`clock: ${response.status} ${response.text}`)
}

export const inDays = async (days: number) => new Date((await clockNow()).getTime() + days * 86_400_000).toISOString()

export function announcementBody(projectId: string, overrides: Record<string, unknown> = {}) {
  return {
    projectId,
    approvalItemCode: 'SP-ECO-001',
    serviceItemCode: 'ZJ-ECO-001',
    title: '电子材料项目环境影响报告书编制',
    scope: '编制环境影响报告书，配合完成技术评估和审批。',
    method: 'LOWEST_PRICE',
    priceCeiling: '150000.00',
    serviceDays: 40,
    ...overrides,
  }
}

/** Drafts and publishes; answers the announcement id and its seed commitment. */
export async function publishedAnnouncement(owner: Member, projectId: string, overrides: Record<string, unknown> = {}) {
  const created = await api.post('/api/v1/announcements', announcementBody(projectId, { deadline: await inDays(4), ...overrides }), { token: owner.token })
  if (created.status !== 201) throw new Error(`announcement: ${created.status} ${created.text}`)
  const published = await api.post(`/api/v1/announcements/${created.body.id}/publish`, {}, { token: owner.token })
  if (published.status !== 200) throw new Error(`publish: ${published.status} ${published.text}`)
  return { id: created.body.id as string, seedCommitment: published.body.seedCommitment as string }
}

// --- helpers of the selection, objection and refusal tests ---------------------------------------

/** A new user (with a token) of the seeded competent department of a field (one per field, region 510000). */
export async function createDepartmentMember(fieldCode: string): Promise<Member> {
  const department = await prisma.department.findFirstOrThrow({ where: { fieldCode }, orderBy: { organizationId: 'asc' }, select: { organizationId: true } })
  return createMember({ organizationId: department.organizationId })
}

/** A blacklist entry in force from a minute before the application clock's now, for a year. */
export async function blacklistOrganization(organizationId: string) {
  const at = await clockNow()
  return prisma.blacklistEntry.create({
    data: {
      organizationId,
      reason: '出具虚假报告，列入黑名单',
      evidence: '行政处罚决定书（测试）',
      startsAt: new Date(at.getTime() - 60_000),
      endsAt: new Date(at.getTime() + 365 * 86_400_000),
    },
  })
}

/** Each firm bids (201 expected) with its price; answers the bid ids in the same order. */
export async function placeBids(announcementId: string, bids: Array<{ firm: Member; price?: string; nonce?: string }>): Promise<string[]> {
  const ids: string[] = []
  for (const { firm, price, nonce } of bids) {
    const response = await api.post(`/api/v1/announcements/${announcementId}/bids`, { ...(price === undefined ? {} : { price }), ...(nonce === undefined ? {} : { nonce }) }, { token: firm.token })
    if (response.status !== 201) throw new Error(`bid: ${response.status} ${response.text}`)
    ids.push(response.body.bidId as string)
  }
  return ids
}

/** The announcement row as stored (status, reasons, winner), for checks that a refusal changed nothing. */
export const announcementRow = (id: string) => prisma.announcement.findUniqueOrThrow({ where: { id } })
