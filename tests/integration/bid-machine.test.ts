// The bid's and the announcement's machines as a caller meets them: allowedActions says exactly
// what the server would accept; parallel edits of one firm's own bid queue (200/204 or 409, never
// 500, the version history gapless); the floor price of 竞价选取 (最低限价) refuses underbids and
// sends several bids at the floor to the draw; a bidder sees its own prices and nobody else's; the
// result names the draw's purpose, so a stranger recomputes the order without reading the source.
import crypto from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { prisma } from '#app/db.server.ts'
import {
  advanceClock,
  announcementBody,
  createListedIntermediary,
  createOwnerWithProject,
  inDays,
  placeBids,
  publishedAnnouncement,
} from '#tests/factories/bidding.ts'
import { api } from '#tests/helpers/app.ts'

const path = (id: string) => `/api/v1/announcements/${id}`

describe('allowedActions', () => {
  test('each role is offered exactly what the server then accepts, and an action not offered is refused', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const draft = await api.post('/api/v1/announcements', { ...(await body(projectId)) }, { token: owner.token })
    expect(draft.status, draft.text).toBe(201)
    const id = draft.body.id as string
    const [firm, other] = await Promise.all([createListedIntermediary(), createListedIntermediary()])
    const actions = async (token?: string) => (await api.get(path(id), token ? { token } : {})).body.allowedActions
    expect(await actions(owner.token)).toEqual(expect.arrayContaining(['attach', 'detach', 'publish', 'cancel']))
    expect((await api.post(`${path(id)}/publish`, {}, { token: owner.token })).status).toBe(200)

    expect(await actions()).toEqual([])
    expect((await actions(owner.token)).sort()).toEqual(['amend', 'cancel'])
    expect(await actions(firm.token)).toEqual(['bid'])
    // Not offered → refused: the owner cannot bid, a firm cannot amend (nothing changes).
    expect((await api.post(`${path(id)}/bids`, { price: '90000.00' }, { token: owner.token })).status).toBe(403)
    expect(
      (await api.post(`${path(id)}/amendments`, { reason: '调整', title: '新的公告标题' }, { token: firm.token }))
        .status,
    ).toBe(403)
    expect(await prisma.bid.count({ where: { announcementId: id } })).toBe(0)

    expect((await api.post(`${path(id)}/bids`, { price: '90000.00' }, { token: firm.token })).status).toBe(201)
    expect((await actions(firm.token)).sort()).toEqual(['reviseBid', 'withdrawBid'])
    expect((await api.get(`${path(id)}/bids/mine`, { token: firm.token })).body.allowedActions.sort()).toEqual([
      'reviseBid',
      'withdrawBid',
    ])
    expect(await actions(other.token)).toEqual(['bid'])
    expect((await api.post(`${path(id)}/bids`, { price: '90000.00' }, { token: firm.token })).status).toBe(409)

    expect((await api.delete(`${path(id)}/bids/mine`, { token: firm.token })).status).toBe(204)
    expect(await actions(firm.token)).toEqual(['bid'])

    // After the deadline nobody may bid, revise or withdraw, and nobody is offered it.
    await advanceClock('P4DT1H')
    for (const token of [owner.token, firm.token, other.token]) {
      expect(await actions(token)).not.toEqual(expect.arrayContaining(['bid']))
    }
    expect(await actions(firm.token)).toEqual([])
    expect((await api.put(`${path(id)}/bids/mine`, { price: '1.00' }, { token: firm.token })).status).toBe(409)
  })
})

const body = async (projectId: string, overrides: Record<string, unknown> = {}) =>
  announcementBody(projectId, { deadline: await inDays(4), ...overrides })

describe('parallel edits of one firm’s own bid', () => {
  test('50 revisions and withdrawals at once: each 200, 204 or 409, never 500; the versions stay gapless', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const { id } = await publishedAnnouncement(owner, projectId)
    const [firm] = await Promise.all([createListedIntermediary()])
    await placeBids(id, [{ firm: firm!, price: '100000.00' }])
    const requests = Array.from({ length: 50 }, (_, i) =>
      i % 10 === 7
        ? api.delete(`${path(id)}/bids/mine`, { token: firm!.token })
        : api.put(`${path(id)}/bids/mine`, { price: `${100000 - i}.00` }, { token: firm!.token }),
    )
    const answers = await Promise.all(requests)
    const statuses = answers.map((a) => a.status)
    expect(
      statuses.filter((s) => ![200, 204, 409].includes(s)),
      answers
        .filter((a) => a.status >= 500)
        .map((a) => a.text)
        .join('\n'),
    ).toEqual([])
    const versions = await prisma.bidVersion.findMany({
      where: { bid: { announcementId: id } },
      orderBy: { version: 'asc' },
    })
    expect(versions.map((v) => v.version)).toEqual(versions.map((_, i) => i + 1))
    // Every accepted edit is a version; every refusal changed nothing.
    const accepted = statuses.filter((s) => s === 200 || s === 204).length
    expect(versions.length).toBe(1 + accepted)
    const bid = await prisma.bid.findFirstOrThrow({ where: { announcementId: id } })
    expect(bid.currentVersion).toBe(versions.length)
    expect(bid.status).toBe(versions.at(-1)!.action === 'WITHDRAW' ? 'WITHDRAWN' : 'ACTIVE')
    // The bidder's own history shows every version, with the price of each priced one.
    const mine = (await api.get(`${path(id)}/bids/mine`, { token: firm!.token })).body
    expect(mine.versions.map((v: { version: number }) => v.version)).toEqual(versions.map((v) => v.version))
  })

  test('50 first submissions of one firm at once: one 201, the rest 409, one bid', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const { id } = await publishedAnnouncement(owner, projectId)
    const firm = await createListedIntermediary()
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => api.post(`${path(id)}/bids`, { price: '99000.00' }, { token: firm.token })),
    )
    expect(answers.map((a) => a.status).sort()).toEqual([201, ...Array(49).fill(409)])
    expect(await prisma.bidVersion.count({ where: { bid: { announcementId: id } } })).toBe(1)
  })
})

describe('the floor price (最低限价) of 竞价选取', () => {
  test('a bid under the floor is refused (422, in Chinese) and stores nothing; one at the floor is accepted', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const { id } = await publishedAnnouncement(owner, projectId, { priceFloor: '80000.00' })
    expect((await api.get(path(id))).body.priceFloor).toBe('80000.00')
    const firm = await createListedIntermediary()
    const refused = await api.post(`${path(id)}/bids`, { price: '79999.99' }, { token: firm.token })
    expect(refused.status).toBe(422)
    expect(refused.body.detail).toMatch(/低于最低限价 80000\.00 元/)
    expect(await prisma.bid.count({ where: { announcementId: id } })).toBe(0)
    expect((await api.post(`${path(id)}/bids`, { price: '80000.00' }, { token: firm.token })).status).toBe(201)
    const revised = await api.put(`${path(id)}/bids/mine`, { price: '70000.00' }, { token: firm.token })
    expect(revised.status).toBe(422)
    expect(await prisma.bidVersion.count({ where: { bid: { announcementId: id } } })).toBe(1)
  })

  test('several valid bids at the floor are decided by the verifiable draw among them', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const { id } = await publishedAnnouncement(owner, projectId, { priceFloor: '80000.00' })
    const firms = await Promise.all(Array.from({ length: 4 }, () => createListedIntermediary()))
    await placeBids(id, [
      { firm: firms[0]!, price: '80000.00' },
      { firm: firms[1]!, price: '80000.00' },
      { firm: firms[2]!, price: '80000.00' },
      { firm: firms[3]!, price: '95000.00' },
    ])
    await advanceClock('P4DT1H')
    const result = (await api.get(`${path(id)}/result`)).body
    const atFloor = result.ranking.slice(0, 3)
    expect(atFloor.map((r: { price: string }) => r.price)).toEqual(['80000.00', '80000.00', '80000.00'])
    expect(result.ranking[3].price).toBe('95000.00')
    // The three at the floor are in the draw's order, recomputed here from the published inputs.
    const { input, purpose } = result.draw
    const key = (uscc: string) => crypto.createHmac('sha256', input).update(`${purpose}:${uscc}`).digest('hex')
    const usccs = atFloor.map((r: { uscc: string }) => r.uscc)
    expect(usccs).toEqual([...usccs].sort((a: string, b: string) => (key(a) < key(b) ? -1 : 1)))
    expect(result.winner.intermediaryId).toBe(atFloor[0].intermediaryId)
  })

  test('a floor outside 竞价选取, without a ceiling or not under it: 400 on the field, nothing created', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const before = await prisma.announcement.count()
    for (const [overrides, field] of [
      [{ method: 'AVERAGE_PRICE', priceFloor: '1000.00' }, 'priceFloor'],
      [{ priceCeiling: undefined, priceFloor: '1000.00' }, 'priceCeiling'],
      [{ priceFloor: '150000.00' }, 'priceFloor'],
    ] as const) {
      const answer = await api.post('/api/v1/announcements', await body(projectId, overrides), { token: owner.token })
      expect(answer.status, answer.text).toBe(400)
      expect(Object.keys(answer.body.errors)).toContain(field)
    }
    expect(await prisma.announcement.count()).toBe(before)
  })
})

describe('the draw names its purpose', () => {
  test('a stranger recomputes `order` from input, purpose and the candidates alone', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const { id } = await publishedAnnouncement(owner, projectId)
    const firms = await Promise.all(Array.from({ length: 3 }, () => createListedIntermediary()))
    await placeBids(
      id,
      firms.map((firm, i) => ({ firm, price: `${100000 + i}.00` })),
    )
    await advanceClock('P4DT1H')
    const { draw } = (await api.get(`${path(id)}/result`)).body
    expect(draw.purpose).toBe('winner')
    const key = (uscc: string) =>
      crypto.createHmac('sha256', draw.input).update(`${draw.purpose}:${uscc}`).digest('hex')
    expect(draw.order).toEqual([...draw.inputs.usccs].sort((a: string, b: string) => (key(a) < key(b) ? -1 : 1)))
  })
})
