// Every selection method end to end through the API and the test clock, and what may happen to an
// announcement and its bids on the way: failure for too few bids and re-announcement, amendment and
// re-confirmation, cancellation, withdrawal, revision, a winner declining, a winner blacklisted at
// award time. Draws are recomputed here from the published inputs with node:crypto, following the
// algorithm text of app/domain/draw/draw.ts (not calling it).
import crypto from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { prisma } from '#app/db.server.ts'
import { createMember } from '#tests/factories/index.ts'
import {
  advanceClock,
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

// --- an independent recomputation of the verifiable draw ---------------------------------------------

type PublishedDraw = {
  seed: string
  seedCommitment: string
  inputs: { seed: string; nonces: string[]; announcementId: string; usccs: string[] }
  input: string
  order: string[]
  pick: string
  coefficient?: number
}

const sha256 = (text: string) => crypto.createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex')
const codeUnitSort = (values: readonly string[]) => [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))

function recompute(draw: PublishedDraw) {
  const { seed, nonces, announcementId, usccs } = draw.inputs
  const input = sha256(
    `${seed}\n${codeUnitSort(nonces).join('\n')}\n${announcementId}\n${codeUnitSort(usccs).join('\n')}`,
  )
  const rank = (purpose: string, candidates: readonly string[]) =>
    candidates
      .map((c) => ({
        c,
        k: crypto.createHmac('sha256', Buffer.from(input, 'utf8')).update(`${purpose}:${c}`).digest('hex'),
      }))
      .sort((x, y) => (x.k < y.k ? -1 : x.k > y.k ? 1 : 0))
      .map((x) => x.c)
  return { input, order: rank('winner', usccs), coefficient: Number(rank('coefficient', ['95', '96', '97', '98'])[0]) }
}

// --- helpers -------------------------------------------------------------------------------------------

const firms = (n: number, options?: Parameters<typeof createListedIntermediary>[0]) =>
  Promise.all(Array.from({ length: n }, () => createListedIntermediary(options)))
const result = async (id: string) => {
  const response = await api.get(`/api/v1/announcements/${id}/result`)
  expect(response.status, response.text).toBe(200)
  return response.body
}
const ranked = (body: { ranking: Array<{ intermediaryId: string }> }) => body.ranking.map((r) => r.intermediaryId)
const orgIds = (members: Member[]) => members.map((m) => m.organization.id)
const usccOf = (m: Member) => m.organization.uscc
const noticesOf = (announcementId: string, kind: string) =>
  prisma.notification.findMany({ where: { kind, link: `/announcements/${announcementId}` } })

describe('LOTTERY', () => {
  test('everyone registers at the fixed price; the winner is the draw pick among the valid bidders, recomputable', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const { id, seedCommitment } = await publishedAnnouncement(owner, projectId, {
      method: 'LOTTERY',
      fixedPrice: '30000.00',
      priceCeiling: undefined,
    })
    const bidders = await firms(4)
    await placeBids(
      id,
      bidders.map((firm, i) => ({ firm, nonce: `lottery-nonce-${i}` })),
    )
    // the fourth is suspended before the deadline: its registration is invalid and it is not drawn
    await prisma.organization.update({ where: { id: bidders[3]!.organization.id }, data: { status: 'SUSPENDED' } })

    await advanceClock('P4DT1H')
    const body = await result(id)
    expect(body.status).toBe('PUBLICITY')
    const draw = body.draw as PublishedDraw
    expect(sha256(draw.seed)).toBe(seedCommitment)
    expect(draw.inputs.announcementId).toBe(id)
    expect(draw.inputs.usccs).toEqual(codeUnitSort(bidders.slice(0, 3).map(usccOf)))
    expect(draw.inputs.nonces).toEqual(['lottery-nonce-0', 'lottery-nonce-1', 'lottery-nonce-2'])
    const mine = recompute(draw)
    expect(draw.input).toBe(mine.input)
    expect(draw.order).toEqual(mine.order)
    expect(draw.pick).toBe(mine.order[0])
    expect(body.winner).toMatchObject({ uscc: mine.order[0], price: '30000.00' })
    expect(body.ranking.map((r: { uscc: string }) => r.uscc)).toEqual(mine.order)
    expect(body.invalid).toEqual([
      expect.objectContaining({ intermediaryId: bidders[3]!.organization.id, reason: expect.stringContaining('暂停') }),
    ])
  })
})

describe('LOWEST_PRICE', () => {
  test('a tie on the lowest price is decided by the draw, recomputable from the published inputs', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const { id, seedCommitment } = await publishedAnnouncement(owner, projectId)
    const [a, b, c] = await firms(3)
    await placeBids(id, [
      { firm: a!, price: '90000.00' },
      { firm: b!, price: '95000.00' },
      { firm: c!, price: '90000.00', nonce: 'c-own-nonce' },
    ])
    await advanceClock('P4DT1H')
    const body = await result(id)
    const draw = body.draw as PublishedDraw
    expect(sha256(draw.seed)).toBe(seedCommitment)
    expect(draw.inputs.nonces).toContain('c-own-nonce')
    expect(draw.inputs.usccs).toEqual(codeUnitSort([a, b, c].map((m) => usccOf(m!))))
    const { order } = recompute(draw)
    const tieOrder = order.filter((u) => u === usccOf(a!) || u === usccOf(c!))
    expect(body.ranking.map((r: { uscc: string }) => r.uscc)).toEqual([...tieOrder, usccOf(b!)])
    expect(body.winner).toMatchObject({ uscc: tieOrder[0], price: '90000.00' })
    expect(body.ranking.map((r: { price: string }) => r.price)).toEqual(['90000.00', '90000.00', '95000.00'])
  })
})

describe('AVERAGE_PRICE', () => {
  test('drops the extremes, base = average × drawn coefficient, the closest price not above the base wins', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const { id } = await publishedAnnouncement(owner, projectId, { method: 'AVERAGE_PRICE' })
    const prices = ['90000.00', '95500.00', '96500.00', '97500.00', '110500.00', '120000.00']
    const bidders = await firms(prices.length)
    await placeBids(
      id,
      bidders.map((firm, i) => ({ firm, price: prices[i] })),
    )
    await advanceClock('P4DT1H')
    const body = await result(id)
    // retained 95500, 96500, 97500, 110500: average 100000; base = coefficient × 1000
    const { coefficient } = recompute(body.draw)
    expect(body.draw.coefficient).toBe(coefficient)
    expect(body.averagePrice).toMatchObject({ average: '100000.00', coefficient, base: `${coefficient * 1000}.00` })
    expect(body.averagePrice.retainedBidIds).toHaveLength(4)
    const winnerPrice = { 95: '90000.00', 96: '95500.00', 97: '96500.00', 98: '97500.00' }[coefficient]
    expect(body.winner.price).toBe(winnerPrice)
    expect(body.winner.intermediaryId).toBe(bidders[prices.indexOf(winnerPrice!)]!.organization.id)
  })
})

describe('SCORE', () => {
  test('weights published; technical scores of the named evaluator count; the highest total wins', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const evaluator = await createMember({ organizationId: owner.organization.id })
    const { id } = await publishedAnnouncement(owner, projectId, {
      method: 'SCORE',
      weights: { price: 40, credit: 20, rating: 20, technical: 20 },
      evaluatorUserIds: [evaluator.user.id],
    })
    const published = await api.get(`/api/v1/announcements/${id}`)
    expect(published.body.weights).toEqual({ price: 40, credit: 20, rating: 20, technical: 20 })
    const [a, b, c] = await firms(3)
    await placeBids(id, [
      { firm: a!, price: '100000.00' },
      { firm: b!, price: '90000.00' },
      { firm: c!, price: '120000.00' },
    ])
    await advanceClock('P4DT1H')
    // waiting for the evaluator: no result yet
    expect((await announcementRow(id)).status).toBe('EVALUATING')
    expect((await api.get(`/api/v1/announcements/${id}/result`)).status).toBe(409)
    const bids = await api.get(`/api/v1/announcements/${id}/bids`, { token: owner.token })
    const bidOf = (m: Member) =>
      bids.body.items.find((x: { intermediaryId: string }) => x.intermediaryId === m.organization.id).bidId
    const scores = [
      { bidId: bidOf(a!), score: 100 },
      { bidId: bidOf(b!), score: 40 },
      { bidId: bidOf(c!), score: 95 },
    ]
    // the owner's other user is not a named evaluator
    const refused = await api.post(`/api/v1/announcements/${id}/technical-scores`, { scores }, { token: owner.token })
    expect(refused.status).toBe(403)
    expect(await prisma.technicalScore.count({ where: { bidId: { in: scores.map((s) => s.bidId) } } })).toBe(0)
    const scored = await api.post(
      `/api/v1/announcements/${id}/technical-scores`,
      { scores },
      { token: evaluator.token },
    )
    expect(scored.status, scored.text).toBe(200)
    expect(scored.body).toEqual({ submitted: 3, pending: 0 })

    await advanceClock('PT1M')
    const body = await result(id)
    // credit 100 each, no ratings (3 of 5 → 60): a 36+20+12+20 = 88; c 30+20+12+19 = 81; b 40+20+12+8 = 80
    expect(ranked(body)).toEqual(orgIds([a!, c!, b!]))
    expect(body.ranking.map((r: { score: { total: number } }) => r.score.total)).toEqual([88, 81, 80])
    expect(body.ranking[0].score).toEqual({ total: 88, price: 90, credit: 100, rating: 60, technical: 100 })
    expect(body.winner.intermediaryId).toBe(a!.organization.id)
  })
})

describe('DIRECT', () => {
  const direct = async (firm: Member) => {
    const { owner, projectId } = await createOwnerWithProject({ funding: 'SELF' })
    const { id } = await publishedAnnouncement(owner, projectId, {
      method: 'DIRECT',
      directIntermediaryId: firm.organization.id,
      fixedPrice: '50000.00',
      priceCeiling: undefined,
    })
    return { owner, id }
  }

  test('the named firm accepts → publicity → awarded when publicity ends', async () => {
    const firm = await createListedIntermediary()
    const { id } = await direct(firm)
    expect(await noticesOf(id, 'direct-selection-request')).toEqual([
      expect.objectContaining({ organizationId: firm.organization.id }),
    ])
    const other = await createListedIntermediary()
    expect(
      (await api.post(`/api/v1/announcements/${id}/direct-response`, { accept: true }, { token: other.token })).status,
    ).toBe(403)
    expect((await api.post(`/api/v1/announcements/${id}/bids`, { price: '1.00' }, { token: other.token })).status).toBe(
      409,
    )

    const accepted = await api.post(
      `/api/v1/announcements/${id}/direct-response`,
      { accept: true },
      { token: firm.token },
    )
    expect(accepted.status, accepted.text).toBe(200)
    const body = await result(id)
    expect(body).toMatchObject({
      status: 'PUBLICITY',
      draw: null,
      winner: { intermediaryId: firm.organization.id, price: '50000.00' },
    })
    expect(
      (await api.post(`/api/v1/announcements/${id}/direct-response`, { accept: false }, { token: firm.token })).status,
    ).toBe(409)

    await advanceClock('P3DT1H')
    expect((await result(id)).status).toBe('AWARDED')
  })

  test('the named firm declines → FAILED with a public reason', async () => {
    const firm = await createListedIntermediary()
    const { id } = await direct(firm)
    const declined = await api.post(
      `/api/v1/announcements/${id}/direct-response`,
      { accept: false, reason: '人员已满负荷' },
      { token: firm.token },
    )
    expect(declined.status, declined.text).toBe(200)
    const view = await api.get(`/api/v1/announcements/${id}`)
    expect(view.body).toMatchObject({ status: 'FAILED', directResponse: 'DECLINED' })
    expect(view.body.statusReason).toContain('拒绝')
    expect(await prisma.bid.count({ where: { announcementId: id } })).toBe(0)
  })

  test('no answer by the deadline → FAILED (expired); a late answer is refused', async () => {
    const firm = await createListedIntermediary()
    const { id } = await direct(firm)
    await advanceClock('P4DT1H')
    const view = await api.get(`/api/v1/announcements/${id}`)
    expect(view.body).toMatchObject({ status: 'FAILED', directResponse: 'EXPIRED' })
    expect(view.body.statusReason).toContain('未在截止时间前确认')
    expect(
      (await api.post(`/api/v1/announcements/${id}/direct-response`, { accept: true }, { token: firm.token })).status,
    ).toBe(409)
    expect((await announcementRow(id)).status).toBe('FAILED')
  })
})

describe('too few bids, re-announcement', () => {
  test('fewer than the minimum fails publicly; the re-announcement proceeds with two bids', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const { id } = await publishedAnnouncement(owner, projectId)
    const [a, b] = await firms(2)
    await placeBids(id, [
      { firm: a!, price: '100000.00' },
      { firm: b!, price: '99000.00' },
    ])
    await advanceClock('P4DT1H')
    const failed = await api.get(`/api/v1/announcements/${id}`)
    expect(failed.body).toMatchObject({ status: 'FAILED', bidCount: 2 })
    expect(failed.body.statusReason).toContain('少于 3 家')
    expect((await result(id)).status).toBe('FAILED')

    const again = await api.post(
      `/api/v1/announcements/${id}/reannounce`,
      { deadline: await inDays(4) },
      { token: owner.token },
    )
    expect(again.status, again.text).toBe(201)
    expect(again.body.status).toBe('DRAFT')
    const newId = again.body.id as string
    expect((await announcementRow(newId)).previousId).toBe(id)
    expect(
      (await api.post(`/api/v1/announcements/${id}/reannounce`, { deadline: await inDays(4) }, { token: owner.token }))
        .status,
    ).toBe(409)
    expect((await api.post(`/api/v1/announcements/${newId}/publish`, {}, { token: owner.token })).status).toBe(200)
    await placeBids(newId, [
      { firm: a!, price: '98000.00' },
      { firm: b!, price: '97000.00' },
    ])
    await advanceClock('P4DT1H')
    const body = await result(newId)
    expect(body.status).toBe('PUBLICITY')
    expect(body.winner).toMatchObject({ intermediaryId: b!.organization.id, price: '97000.00' })
  })
})

describe('amendment while bidding', () => {
  test('notifies the bidders, asks them to re-confirm; an unconfirmed bid is invalid at opening', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const { id } = await publishedAnnouncement(owner, projectId)
    const bidders = await firms(4)
    await placeBids(
      id,
      bidders.map((firm, i) => ({ firm, price: `${100000 + i * 1000}.00` })),
    )
    const amended = await api.post(
      `/api/v1/announcements/${id}/amendments`,
      { reason: '补充服务范围', scope: '编制环境影响报告书并完成公众参与。', deadline: await inDays(5) },
      { token: owner.token },
    )
    expect(amended.status, amended.text).toBe(201)
    expect(amended.body.number).toBe(1)

    const notices = await noticesOf(id, 'announcement-amended')
    expect(notices.map((n) => n.organizationId).sort()).toEqual(orgIds(bidders).sort())
    const bids = await prisma.bid.findMany({ where: { announcementId: id } })
    expect(bids.every((b) => b.needsReconfirmation)).toBe(true)
    const view = await api.get(`/api/v1/announcements/${id}`)
    expect(view.body.amendments).toEqual([
      expect.objectContaining({
        number: 1,
        reason: '补充服务范围',
        changes: expect.objectContaining({ scope: expect.any(Object), deadline: expect.any(Object) }),
      }),
    ])

    // three re-confirm (one with a new price); the fourth (the cheapest) does not
    for (const [i, firm] of bidders.slice(1).entries()) {
      const confirmed = await api.put(
        `/api/v1/announcements/${id}/bids/mine`,
        { price: i === 0 ? '95000.00' : `${101000 + i * 1000}.00` },
        { token: firm.token },
      )
      expect(confirmed.status, confirmed.text).toBe(200)
    }
    const confirmations = await prisma.bidVersion.findMany({
      where: { bid: { announcementId: id }, action: 'CONFIRM' },
    })
    expect(confirmations).toHaveLength(3)

    // the old deadline no longer opens the bids
    await advanceClock('P4DT1H')
    expect((await announcementRow(id)).status).toBe('PUBLISHED')
    await advanceClock('P1D')
    const opened = await api.get(`/api/v1/announcements/${id}/bids`, { token: owner.token })
    expect(opened.status).toBe(200)
    const byFirm = new Map(opened.body.items.map((b: { intermediaryId: string }) => [b.intermediaryId, b]))
    expect(byFirm.get(bidders[0]!.organization.id)).toMatchObject({
      valid: false,
      invalidReason: expect.stringContaining('重新确认'),
    })
    for (const firm of bidders.slice(1)) expect(byFirm.get(firm.organization.id)).toMatchObject({ valid: true })
    const body = await result(id)
    expect(body.status).toBe('PUBLICITY')
    expect(body.winner).toMatchObject({ intermediaryId: bidders[1]!.organization.id, price: '95000.00' })
    expect(ranked(body)).not.toContain(bidders[0]!.organization.id)
  })
})

describe('cancellation', () => {
  test('the owner cancels with a public reason; bidders are told; nothing opens later', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const { id } = await publishedAnnouncement(owner, projectId)
    const bidders = await firms(2)
    await placeBids(
      id,
      bidders.map((firm) => ({ firm, price: '100000.00' })),
    )
    const cancelled = await api.post(
      `/api/v1/announcements/${id}/cancel`,
      { reason: '项目规划调整，暂缓实施' },
      { token: owner.token },
    )
    expect(cancelled.status, cancelled.text).toBe(200)
    expect(cancelled.body.status).toBe('CANCELLED')
    const view = await api.get(`/api/v1/announcements/${id}`)
    expect(view.body).toMatchObject({ status: 'CANCELLED', statusReason: '项目规划调整，暂缓实施' })
    const notices = await noticesOf(id, 'announcement-cancelled')
    expect(notices.map((n) => n.organizationId).sort()).toEqual(orgIds(bidders).sort())
    expect(notices.every((n) => n.body.includes('项目规划调整，暂缓实施'))).toBe(true)
    const late = await createListedIntermediary()
    expect((await api.post(`/api/v1/announcements/${id}/bids`, { price: '1.00' }, { token: late.token })).status).toBe(
      409,
    )
    await advanceClock('P4DT1H')
    const row = await announcementRow(id)
    expect(row).toMatchObject({ status: 'CANCELLED', openedAt: null })
    expect(await prisma.bid.count({ where: { announcementId: id, openedPrice: { not: null } } })).toBe(0)
  })
})

describe('withdrawal and revision', () => {
  test('a withdrawn bid (204) does not count', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const { id } = await publishedAnnouncement(owner, projectId)
    const [a, b, c, d] = await firms(4)
    await placeBids(id, [
      { firm: a!, price: '100000.00' },
      { firm: b!, price: '101000.00' },
      { firm: c!, price: '102000.00' },
      { firm: d!, price: '80000.00' },
    ])
    const withdrawn = await api.delete(`/api/v1/announcements/${id}/bids/mine`, { token: d!.token })
    expect(withdrawn.status).toBe(204)
    const row = await prisma.bid.findFirstOrThrow({
      where: { announcementId: id, intermediaryId: d!.organization.id },
      include: { versions: { orderBy: { version: 'asc' } } },
    })
    expect(row.status).toBe('WITHDRAWN')
    expect(row.versions.map((v) => v.action)).toEqual(['SUBMIT', 'WITHDRAW'])
    // a second withdrawal: the bid is withdrawn already (a state, 409); nothing changes
    expect((await api.delete(`/api/v1/announcements/${id}/bids/mine`, { token: d!.token })).status).toBe(409)
    expect(await prisma.bidVersion.count({ where: { bidId: row.id } })).toBe(2)

    await advanceClock('P4DT1H')
    const body = await result(id)
    expect(body.bidCount).toBe(3)
    expect(ranked(body)).toEqual(orgIds([a!, b!, c!]))
    const opened = await api.get(`/api/v1/announcements/${id}/bids`, { token: owner.token })
    expect(opened.body.items.map((x: { intermediaryId: string }) => x.intermediaryId)).not.toContain(d!.organization.id)
  })

  test('a revision keeps every version; the last one counts', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const { id } = await publishedAnnouncement(owner, projectId)
    const [a, b, c] = await firms(3)
    await placeBids(id, [
      { firm: a!, price: '130000.00' },
      { firm: b!, price: '90000.00' },
      { firm: c!, price: '100000.00' },
    ])
    for (const price of ['85000.00', '99000.00']) {
      const revised = await api.put(`/api/v1/announcements/${id}/bids/mine`, { price }, { token: a!.token })
      expect(revised.status, revised.text).toBe(200)
    }
    const versions = await prisma.bidVersion.findMany({
      where: { bid: { announcementId: id, intermediaryId: a!.organization.id } },
      orderBy: { version: 'asc' },
    })
    expect(versions.map((v) => [v.version, v.action])).toEqual([
      [1, 'SUBMIT'],
      [2, 'REVISE'],
      [3, 'REVISE'],
    ])
    expect(new Set(versions.map((v) => v.priceCiphertext)).size).toBe(3)
    for (const v of versions) expect(v.priceCiphertext).not.toMatch(/130000|85000|99000|8500000|9900000/)
    // its own bidder alone sees its prices, every version of them; others see nothing (sealed-bids-leak)
    const mine = (await api.get(`/api/v1/announcements/${id}/bids/mine`, { token: a!.token })).body
    expect(mine).toMatchObject({ version: 3, price: '99000.00' })
    expect(mine.versions.map((v: { version: number; price: string }) => [v.version, v.price])).toEqual([
      [1, '130000.00'],
      [2, '85000.00'],
      [3, '99000.00'],
    ])

    await advanceClock('P4DT1H')
    const body = await result(id)
    // 130000 would rank last and 85000 first: only the last version (99000) ranks second
    expect(ranked(body)).toEqual(orgIds([b!, a!, c!]))
    expect(body.ranking[1].price).toBe('99000.00')
  })
})

describe('after the result', () => {
  const publicised = async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const { id } = await publishedAnnouncement(owner, projectId)
    const [a, b, c] = await firms(3)
    await placeBids(id, [
      { firm: a!, price: '90000.00' },
      { firm: b!, price: '95000.00' },
      { firm: c!, price: '100000.00' },
    ])
    await advanceClock('P4DT1H')
    expect((await result(id)).winner.intermediaryId).toBe(a!.organization.id)
    return { owner, id, a: a!, b: b!, c: c! }
  }

  test('the winner declines: a performance event is recorded and the next ranked wins', async () => {
    const { id, a, b, c } = await publicised()
    const notWinner = await api.post(`/api/v1/announcements/${id}/decline`, { reason: '不想做' }, { token: b.token })
    expect(notWinner.status).toBe(403)
    expect(await prisma.performanceEvent.count({ where: { announcementId: id } })).toBe(0)

    const declined = await api.post(
      `/api/v1/announcements/${id}/decline`,
      { reason: '项目负责人离职，无法承接' },
      { token: a.token },
    )
    expect(declined.status, declined.text).toBe(200)
    const events = await prisma.performanceEvent.findMany({ where: { announcementId: id } })
    expect(events).toEqual([
      expect.objectContaining({
        organizationId: a.organization.id,
        kind: 'AWARD_DECLINED',
        detail: expect.stringContaining('项目负责人离职'),
      }),
    ])
    const body = await result(id)
    expect(body).toMatchObject({
      status: 'PUBLICITY',
      round: 2,
      winner: { intermediaryId: b.organization.id, price: '95000.00' },
    })
    expect(ranked(body)).toEqual(orgIds([b, c]))
    expect(body.excluded).toEqual([expect.objectContaining({ intermediaryId: a.organization.id })])

    await advanceClock('P3DT1H')
    expect(await result(id)).toMatchObject({ status: 'AWARDED', winner: { intermediaryId: b.organization.id } })
  })

  test('a winner blacklisted during publicity is excluded at award time; the next ranked wins', async () => {
    const { id, a, b } = await publicised()
    await blacklistOrganization(a.organization.id)
    await advanceClock('P3DT1H')
    const body = await result(id)
    expect(body.status).toBe('PUBLICITY') // a new publicity period for the new winner
    expect(body.winner.intermediaryId).toBe(b.organization.id)
    expect(body.excluded).toEqual([
      expect.objectContaining({ intermediaryId: a.organization.id, reason: expect.stringContaining('黑名单') }),
    ])
    await advanceClock('P3DT1H')
    expect(await result(id)).toMatchObject({ status: 'AWARDED', winner: { intermediaryId: b.organization.id } })
  })
})
