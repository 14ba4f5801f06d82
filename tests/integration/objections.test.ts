// Objections (质疑) during the publicity period: a bidder files one; the owner answers; a bidder not
// satisfied escalates to the competent department of the service item, which decides; an owner who
// does not answer in time is escalated automatically. While an objection is open the award waits.
import { beforeEach, describe, expect, test } from 'vitest'
import { prisma } from '#app/db.server.ts'
import { createMember } from '#tests/factories/index.ts'
import {
  advanceClock,
  announcementRow,
  createDepartmentMember,
  createListedIntermediary,
  createOwnerWithProject,
  placeBids,
  publishedAnnouncement,
  type Member,
} from '#tests/factories/bidding.ts'
import { api } from '#tests/helpers/app.ts'

let ecology: Member // supervises ZJ-ECO-001, the service item of these announcements
let naturalResources: Member // a department of another field

// Fresh tokens for every test: API tokens expire after 30 days of the (advancing) application clock.
beforeEach(async () => {
  ecology = await createDepartmentMember('ECOLOGY')
  naturalResources = await createDepartmentMember('NATURAL_RESOURCES')
})

/** A LOWEST_PRICE announcement in publicity: a (90000) wins before b (95000) and c (100000). */
async function publicised() {
  const { owner, projectId } = await createOwnerWithProject()
  const { id } = await publishedAnnouncement(owner, projectId)
  const [a, b, c] = await Promise.all([
    createListedIntermediary(),
    createListedIntermediary(),
    createListedIntermediary(),
  ])
  await placeBids(id, [
    { firm: a!, price: '90000.00' },
    { firm: b!, price: '95000.00' },
    { firm: c!, price: '100000.00' },
  ])
  await advanceClock('P4DT1H')
  const row = await announcementRow(id)
  expect(row.status).toBe('PUBLICITY')
  return { owner, id, a: a!, b: b!, c: c! }
}

const fileObjection = (id: string, firm: Member, reason = '中选机构的报价明显低于成本，请核查其报价的合理性。') =>
  api.post(`/api/v1/announcements/${id}/objections`, { reason }, { token: firm.token })

async function winnerOf(id: string) {
  const response = await api.get(`/api/v1/announcements/${id}/result`)
  expect(response.status, response.text).toBe(200)
  return response.body as {
    status: string
    round: number
    winner: { intermediaryId: string }
    excluded: Array<{ intermediaryId: string; reason: string }>
  }
}

const objectionRow = (id: string) => prisma.objection.findUniqueOrThrow({ where: { id } })

describe('filing', () => {
  test('a bidder files during publicity (201); the award waits for it even after publicity ends', async () => {
    const { id, a, b } = await publicised()
    const filed = await fileObjection(id, b)
    expect(filed.status, filed.text).toBe(201)
    expect(filed.body.status).toBe('OPEN')
    expect(await objectionRow(filed.body.id)).toMatchObject({
      announcementId: id,
      intermediaryId: b.organization.id,
      status: 'OPEN',
      evaluationRound: 1,
    })
    const ownerNotices = await prisma.notification.findMany({
      where: { kind: 'objection-filed', link: `/announcements/${id}` },
    })
    expect(ownerNotices).toHaveLength(1)
    // a second objection of the same firm while the first is open
    expect((await fileObjection(id, b)).status).toBe(409)
    // the public list shows it without saying who filed it
    const list = await api.get(`/api/v1/announcements/${id}/objections`)
    expect(list.body.items).toEqual([expect.objectContaining({ id: filed.body.id, status: 'OPEN', mine: false })])
    expect(JSON.stringify(list.body)).not.toContain(b.organization.id)

    await advanceClock('P3DT1H')
    const row = await announcementRow(id)
    expect(row.status).toBe('PUBLICITY')
    expect(row.awardedAt).toBeNull()

    // once the (escalated) objection is rejected by the department, the award proceeds
    expect((await objectionRow(filed.body.id)).status).toBe('ESCALATED')
    const decided = await api.post(
      `/api/v1/announcements/${id}/objections/${filed.body.id}/decide`,
      { decision: '经核查，报价合理。', upheld: false },
      { token: ecology.token },
    )
    expect(decided.status, decided.text).toBe(200)
    await advanceClock('PT1M')
    expect(await winnerOf(id)).toMatchObject({ status: 'AWARDED', winner: { intermediaryId: a.organization.id } })
  })

  test('outside publicity (during bidding, after the award): 409, nothing filed', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const { id } = await publishedAnnouncement(owner, projectId)
    const firm = await createListedIntermediary()
    await placeBids(id, [{ firm, price: '100000.00' }])
    expect((await fileObjection(id, firm)).status).toBe(409)

    const awarded = await publicised()
    await advanceClock('P3DT1H')
    expect((await announcementRow(awarded.id)).status).toBe('AWARDED')
    expect((await fileObjection(awarded.id, awarded.b)).status).toBe(409)
    expect(await prisma.objection.count({ where: { announcementId: { in: [id, awarded.id] } } })).toBe(0)
  })

  test('from a firm that did not bid, or from the owner: 403, nothing filed', async () => {
    const { owner, id } = await publicised()
    const outsider = await createListedIntermediary()
    expect((await fileObjection(id, outsider)).status).toBe(403)
    expect((await fileObjection(id, owner)).status).toBe(403)
    expect(await prisma.objection.count({ where: { announcementId: id } })).toBe(0)
  })
})

describe('answers and decisions', () => {
  test('the owner upholds it: the winner is excluded and the next ranked wins', async () => {
    const { owner, id, a, b } = await publicised()
    const filed = await fileObjection(id, b)
    const stranger = await createMember({ type: 'OWNER' })
    const refused = await api.post(
      `/api/v1/announcements/${id}/objections/${filed.body.id}/answer`,
      { answer: '成立', upheld: true },
      { token: stranger.token },
    )
    expect(refused.status).toBe(403)
    expect((await objectionRow(filed.body.id)).status).toBe('OPEN')

    const answered = await api.post(
      `/api/v1/announcements/${id}/objections/${filed.body.id}/answer`,
      { answer: '经复核，中选机构报价低于成本，质疑成立。', upheld: true },
      { token: owner.token },
    )
    expect(answered.status, answered.text).toBe(200)
    expect(answered.body.status).toBe('UPHELD')
    const result = await winnerOf(id)
    expect(result).toMatchObject({ status: 'PUBLICITY', round: 2, winner: { intermediaryId: b.organization.id } })
    expect(result.excluded).toEqual([
      expect.objectContaining({ intermediaryId: a.organization.id, reason: expect.stringContaining('质疑成立') }),
    ])
    const told = await prisma.notification.findMany({
      where: { organizationId: b.organization.id, kind: 'objection-closed' },
    })
    expect(told).toHaveLength(1)
  })

  test('not upheld by the owner → escalated by the bidder → upheld by the department of the service item', async () => {
    const { owner, id, a, b, c } = await publicised()
    const filed = await fileObjection(id, b)
    const objectionId = filed.body.id as string
    const answered = await api.post(
      `/api/v1/announcements/${id}/objections/${objectionId}/answer`,
      { answer: '报价符合规定，质疑不成立。', upheld: false },
      { token: owner.token },
    )
    expect(answered.body.status).toBe('ANSWERED')
    expect((await winnerOf(id)).winner.intermediaryId).toBe(a.organization.id)

    // only the firm that filed it may escalate
    expect(
      (await api.post(`/api/v1/announcements/${id}/objections/${objectionId}/escalate`, {}, { token: c.token })).status,
    ).toBe(403)
    const escalated = await api.post(
      `/api/v1/announcements/${id}/objections/${objectionId}/escalate`,
      {},
      { token: b.token },
    )
    expect(escalated.status, escalated.text).toBe(200)
    expect((await objectionRow(objectionId)).status).toBe('ESCALATED')

    // a department of another field may not decide; nothing changes
    const wrongField = await api.post(
      `/api/v1/announcements/${id}/objections/${objectionId}/decide`,
      { decision: '质疑成立', upheld: true },
      { token: naturalResources.token },
    )
    expect(wrongField.status).toBe(403)
    expect(await objectionRow(objectionId)).toMatchObject({ status: 'ESCALATED', decision: null, decidedAt: null })
    expect((await winnerOf(id)).winner.intermediaryId).toBe(a.organization.id)
    // nor the owner
    expect(
      (
        await api.post(
          `/api/v1/announcements/${id}/objections/${objectionId}/decide`,
          { decision: '质疑成立', upheld: true },
          { token: owner.token },
        )
      ).status,
    ).toBe(403)

    const decided = await api.post(
      `/api/v1/announcements/${id}/objections/${objectionId}/decide`,
      { decision: '经调查，中选机构资质证明存疑，质疑成立。', upheld: true },
      { token: ecology.token },
    )
    expect(decided.status, decided.text).toBe(200)
    expect(decided.body.status).toBe('UPHELD')
    expect(await objectionRow(objectionId)).toMatchObject({ decidedByOrganizationId: ecology.organization.id })
    expect(await winnerOf(id)).toMatchObject({
      status: 'PUBLICITY',
      round: 2,
      winner: { intermediaryId: b.organization.id },
    })
    // a decided objection cannot be decided again
    expect(
      (
        await api.post(
          `/api/v1/announcements/${id}/objections/${objectionId}/decide`,
          { decision: '再次裁决', upheld: false },
          { token: ecology.token },
        )
      ).status,
    ).toBe(409)
  })

  test('rejected by the department: the original winner stays and is awarded after publicity', async () => {
    const { owner, id, a, b } = await publicised()
    const objectionId = (await fileObjection(id, b)).body.id as string
    await api.post(
      `/api/v1/announcements/${id}/objections/${objectionId}/answer`,
      { answer: '质疑不成立。', upheld: false },
      { token: owner.token },
    )
    await api.post(`/api/v1/announcements/${id}/objections/${objectionId}/escalate`, {}, { token: b.token })
    const decided = await api.post(
      `/api/v1/announcements/${id}/objections/${objectionId}/decide`,
      { decision: '质疑缺乏事实依据，不成立。', upheld: false },
      { token: ecology.token },
    )
    expect(decided.body.status).toBe('REJECTED')
    expect(await winnerOf(id)).toMatchObject({
      status: 'PUBLICITY',
      round: 1,
      winner: { intermediaryId: a.organization.id },
    })
    await advanceClock('P3DT1H')
    expect(await winnerOf(id)).toMatchObject({ status: 'AWARDED', winner: { intermediaryId: a.organization.id } })
  })

  test('an answer not escalated in time closes the objection as not upheld, and the award proceeds', async () => {
    const { owner, id, a, b } = await publicised()
    const objectionId = (await fileObjection(id, b)).body.id as string
    await api.post(
      `/api/v1/announcements/${id}/objections/${objectionId}/answer`,
      { answer: '质疑不成立。', upheld: false },
      { token: owner.token },
    )
    await advanceClock('P3DT1H')
    expect((await objectionRow(objectionId)).status).toBe('REJECTED')
    expect(await winnerOf(id)).toMatchObject({ status: 'AWARDED', winner: { intermediaryId: a.organization.id } })
    expect(
      (await api.post(`/api/v1/announcements/${id}/objections/${objectionId}/escalate`, {}, { token: b.token })).status,
    ).toBe(409)
  })

  test('an objection the owner does not answer within the answer period escalates automatically', async () => {
    const { owner, id, b } = await publicised()
    const objectionId = (await fileObjection(id, b)).body.id as string
    await advanceClock('P2DT23H')
    expect((await objectionRow(objectionId)).status).toBe('OPEN')
    await advanceClock('PT2H')
    const row = await objectionRow(objectionId)
    expect(row.status).toBe('ESCALATED')
    expect(row.escalatedAt).not.toBeNull()
    expect(
      await prisma.auditEntry.count({
        where: { entityType: 'Objection', entityId: objectionId, action: 'escalateUnanswered' },
      }),
    ).toBe(1)
    // too late for the owner to answer; the department decides
    expect(
      (
        await api.post(
          `/api/v1/announcements/${id}/objections/${objectionId}/answer`,
          { answer: '迟到的答复', upheld: false },
          { token: owner.token },
        )
      ).status,
    ).toBe(409)
    expect((await announcementRow(id)).status).toBe('PUBLICITY')
  })
})
