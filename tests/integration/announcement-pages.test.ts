// The public announcement pages (list, detail, result, /draw) rendered by the built app without
// JavaScript, for the public, the owner and bidders: sealed until the deadline, drafts private,
// the result with its full draw proof only after evaluation.
import { describe, expect, test } from 'vitest'
import { prisma } from '#app/db.server.ts'
import { startWebSession } from '#app/domain/accounts/session.server.ts'
import type { StoredResult } from '#app/domain/award/ranking.server.ts'
import { commitSeed } from '#app/domain/draw/draw.ts'
import { formatBeijingTime } from '#app/domain/clock/china-time.ts'
import {
  advanceClock,
  announcementBody,
  createListedIntermediary,
  createOwnerWithProject,
  inDays,
  placeBids,
  publishedAnnouncement,
  type Member,
} from '#tests/factories/bidding.ts'
import { api, call } from '#tests/helpers/app.ts'

async function cookieOf(member: Member) {
  return (await startWebSession(member.user.id, member.organization.id)).split(';')[0]!
}

/** The page's text without React's text-joining comments, the tags and the hydration script. */
function textOf(html: string) {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<!-- -->/g, '')
    .replace(/<[^>]+>/g, '')
}

async function page(pathname: string, member?: Member) {
  const response = await call('GET', pathname, { cookie: member ? await cookieOf(member) : undefined })
  // React 18 streaming once leaked NUL bytes at 2 KB boundaries next to Chinese text (entry.server.tsx).
  expect(response.text.includes('\u0000'), `NUL byte in ${pathname}`).toBe(false)
  return { ...response, visible: textOf(response.text) }
}

describe('/announcements list', () => {
  test('lists published announcements (never drafts) and filters by status, service item, method, region and keyword', async () => {
    const chengdu = await createOwnerWithProject({ regionCode: '510107' })
    const eco = await publishedAnnouncement(chengdu.owner, chengdu.projectId, {
      title: '锦江电子材料项目环评报告书编制',
    })
    const lottery = await publishedAnnouncement(chengdu.owner, chengdu.projectId, {
      title: '锦江电子材料项目环评报告表编制（抽取）',
      method: 'LOTTERY',
      priceCeiling: undefined,
      fixedPrice: '30000.00',
    })
    const mianyang = await createOwnerWithProject({ regionCode: '510703', approvalItemCodes: ['SP-NR-001'] })
    const nr = await publishedAnnouncement(mianyang.owner, mianyang.projectId, {
      title: '涪城物流园地质灾害危险性评估',
      approvalItemCode: 'SP-NR-001',
      serviceItemCode: 'ZJ-NR-001',
    })
    const draft = await api.post(
      '/api/v1/announcements',
      announcementBody(chengdu.projectId, { title: '锦江电子材料项目草稿公告', deadline: await inDays(5) }),
      { token: chengdu.owner.token },
    )
    expect(draft.status).toBe(201)
    const cancelled = await publishedAnnouncement(chengdu.owner, chengdu.projectId, {
      title: '锦江电子材料项目已终止公告',
    })
    expect(
      (
        await api.post(
          `/api/v1/announcements/${cancelled.id}/cancel`,
          { reason: '项目暂缓建设' },
          { token: chengdu.owner.token },
        )
      ).status,
    ).toBe(200)

    const all = await page('/announcements')
    expect(all.status).toBe(200)
    expect(all.text).toContain('<html lang="zh-CN"')
    expect(all.visible).toContain('采购公告')
    for (const a of [eco, lottery, nr, cancelled]) expect(all.text).toContain(`data-testid="announcement-item-${a.id}"`)
    expect(all.text).not.toContain(draft.body.id)
    expect(all.visible).not.toContain('草稿公告')
    expect(all.visible).toContain('¥150,000.00')
    expect(all.visible).toContain('固定价格¥30,000.00')
    expect(all.visible).toContain('随机抽取')
    expect(all.visible).toContain('四川省 绵阳市 涪城区')
    // The navigation of every page links here.
    expect(all.text).toContain('href="/announcements"')

    const ids = (html: string) => [...html.matchAll(/data-testid="announcement-item-([^"]+)"/g)].map((m) => m[1]).sort()
    // An unselected select sends an empty value: ignored, not a 400.
    const blanks = await page('/announcements?q=&status=&serviceItem=&method=&province=&regionCode=')
    expect(blanks.status).toBe(200)
    expect(ids(blanks.text)).toEqual(ids(all.text))

    expect(ids((await page('/announcements?status=CANCELLED')).text)).toEqual([cancelled.id])
    expect(ids((await page('/announcements?serviceItem=ZJ-NR-001')).text)).toEqual([nr.id])
    expect(ids((await page('/announcements?method=LOTTERY')).text)).toEqual([lottery.id])
    expect(ids((await page('/announcements?regionCode=510700')).text)).toEqual([nr.id])
    expect(ids((await page('/announcements?province=510000&regionCode=510100')).text)).toEqual(
      [cancelled.id, eco.id, lottery.id].sort(),
    )
    expect(ids((await page(`/announcements?q=${encodeURIComponent('地质灾害')}`)).text)).toEqual([nr.id])
    const none = await page(`/announcements?q=${encodeURIComponent('不存在的关键词')}`)
    expect(none.visible).toContain('没有找到符合条件的采购公告')

    // Drafts are not reachable through the status filter by anyone but their owner under "mine".
    expect(ids((await page('/announcements?status=DRAFT')).text)).toEqual([])
    expect(ids((await page('/announcements?status=DRAFT', mianyang.owner)).text)).toEqual([])
    expect(ids((await page('/announcements?mine=1&status=DRAFT', chengdu.owner)).text)).toEqual([draft.body.id])

    expect((await page('/announcements?status=OPEN')).status).toBe(400)
    expect((await page('/announcements?regionCode=51')).status).toBe(400)
  })
})

describe('/announcements/{id} detail', () => {
  test('the public sees every published field, the seed commitment and a sign-in link, but no bid count', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const { id, seedCommitment } = await publishedAnnouncement(owner, projectId, {
      paymentTerms: '报告通过审批后一次性支付',
      contactName: '李工',
      contactPhone: '028-86001234',
    })
    const firm = await createListedIntermediary()
    await placeBids(id, [{ firm, price: '120000.00' }])

    const detail = await page(`/announcements/${id}`)
    expect(detail.status).toBe(200)
    expect(detail.text).toContain('<html lang="zh-CN"')
    expect(detail.visible).toContain('电子材料项目环境影响报告书编制')
    expect(detail.visible).toContain('成都天府新区年产 5 万吨电子材料项目')
    expect(detail.visible).toContain(owner.organization.name)
    expect(detail.text).toContain('href="/catalogue/service-items/ZJ-ECO-001"')
    expect(detail.text).toContain('href="/catalogue/approval-items/SP-ECO-001"')
    expect(detail.visible).toContain('无资质要求（零门槛）')
    expect(detail.visible).toContain('竞价选取')
    expect(detail.visible).toContain('不高于最高限价的最低有效报价中选')
    expect(detail.visible).toContain('¥150,000.00')
    expect(detail.visible).toContain('40 个工作日')
    expect(detail.visible).toContain('报告通过审批后一次性支付')
    expect(detail.visible).toContain('李工 · 028-86001234')
    expect(detail.visible).toContain('报名数截止后公开')
    expect(detail.visible).toContain(seedCommitment)
    expect(detail.text).toContain('href="/draw"')
    expect(detail.text).toContain(`href="/login?redirectTo=${encodeURIComponent(`/announcements/${id}/bid`)}"`)
    expect(detail.text).not.toContain('data-testid="my-bid"')
    expect(detail.text).not.toContain(`/announcements/${id}/manage`)
    expect(detail.text).not.toContain(`/announcements/${id}/result`)
    // The deadline in Beijing time: the stored instant, not the server's zone.
    const row = await prisma.announcement.findUniqueOrThrow({ where: { id } })
    expect(detail.visible).toContain(formatBeijingTime(row.deadline))
    // Nothing about the bid that exists: no firm, no price, no count.
    expect(detail.text).not.toContain(firm.organization.name)
    expect(detail.text).not.toContain('120000')
  })

  test('a bidder sees that it has bid and its own sealed price; another firm sees neither', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const { id } = await publishedAnnouncement(owner, projectId)
    const [bidder, other] = await Promise.all([createListedIntermediary(), createListedIntermediary()])
    await placeBids(id, [{ firm: bidder, price: '98000.50', nonce: 'my-own-nonce-1' }])

    const mine = await page(`/announcements/${id}`, bidder)
    expect(mine.status).toBe(200)
    expect(mine.text).toContain('data-testid="my-bid"')
    expect(mine.visible).toContain('已报名（第 1 版）')
    expect(mine.visible).toContain('已加密封存')
    expect(mine.visible).toContain('my-own-nonce-1')
    expect(mine.text).toMatch(/data-testid="my-bid-price">[^<]*98,000\.50[^<]*仅贵机构可见/)
    expect(mine.text).toContain(`href="/announcements/${id}/bid"`)
    expect(mine.visible).toContain('修改或撤回报名')
    expect(mine.visible).toContain('报名数截止后公开')

    const theirs = await page(`/announcements/${id}`, other)
    expect(theirs.visible).toContain('本机构尚未报名')
    expect(theirs.visible).toContain('我要报名')
    expect(theirs.text).not.toContain('my-own-nonce-1')
    expect(theirs.text).not.toContain('98000.50')
    expect(theirs.text).not.toContain('98,000.50')

    // After an amendment the bidder is told to confirm again; the amendment is listed with its changes.
    const amended = await api.post(
      `/api/v1/announcements/${id}/amendments`,
      { reason: '调整最高限价', priceCeiling: '140000.00' },
      { token: owner.token },
    )
    expect(amended.status, amended.text).toBe(201)
    const after = await page(`/announcements/${id}`, bidder)
    expect(after.visible).toContain('第 1 号变更')
    expect(after.visible).toContain('变更理由：调整最高限价')
    expect(after.visible).toContain('最高限价：¥150,000.00 → ¥140,000.00')
    expect(after.visible).toContain('须在截止前重新确认报名')
    expect(after.visible).toContain('重新确认报名')
    expect(after.text).toMatch(/data-testid="my-bid-price">[^<]*98,000\.50/) // its own price, for itself
  })

  test('the owner gets the manage link and no bid link; a qualification requirement is the only condition shown', async () => {
    const { owner, projectId } = await createOwnerWithProject({ approvalItemCodes: ['SP-NR-001'] })
    const { id } = await publishedAnnouncement(owner, projectId, {
      approvalItemCode: 'SP-NR-001',
      serviceItemCode: 'ZJ-NR-001',
      title: '物流园地质灾害危险性评估',
    })
    const view = await page(`/announcements/${id}`, owner)
    expect(view.status).toBe(200)
    expect(view.text).toContain(`href="/announcements/${id}/manage"`)
    expect(view.text).not.toContain(`href="/announcements/${id}/bid"`)
    expect(view.text).not.toContain('data-testid="my-bid"')
    expect(view.visible).toContain('本项目唯一资格条件：地质灾害危险性评估资质（乙级及以上）')
    expect(view.visible).not.toContain('无资质要求')
  })

  test('an unknown id and someone else’s draft are 404; the owner sees its own draft', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const stranger = await createOwnerWithProject()
    const draft = await api.post('/api/v1/announcements', announcementBody(projectId, { deadline: await inDays(5) }), {
      token: owner.token,
    })
    expect(draft.status).toBe(201)
    const firm = await createListedIntermediary()

    const unknown = await page('/announcements/cm_no_such_announcement')
    expect(unknown.status).toBe(404)
    expect(unknown.visible).toContain('页面不存在')
    for (const viewer of [undefined, stranger.owner, firm]) {
      const foreign = await page(`/announcements/${draft.body.id}`, viewer)
      expect(foreign.status).toBe(404)
      expect(foreign.text).not.toContain('电子材料项目环境影响报告书编制')
    }
    expect((await page(`/announcements/${draft.body.id}/result`, stranger.owner)).status).toBe(404)
    const own = await page(`/announcements/${draft.body.id}`, owner)
    expect(own.status).toBe(200)
    expect(own.visible).toContain('尚未发布（草稿仅本单位可见）')
    expect(own.text).toContain(`href="/announcements/${draft.body.id}/manage"`)
  })

  test('a cancelled announcement shows its public reason and offers no bidding', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const { id } = await publishedAnnouncement(owner, projectId)
    expect(
      (
        await api.post(
          `/api/v1/announcements/${id}/cancel`,
          { reason: '项目选址调整，终止采购' },
          { token: owner.token },
        )
      ).status,
    ).toBe(200)
    const firm = await createListedIntermediary()
    const view = await page(`/announcements/${id}`, firm)
    expect(view.text).toContain('data-testid="status-reason"')
    expect(view.visible).toContain('终止理由：项目选址调整，终止采购')
    expect(view.text).not.toContain(`href="/announcements/${id}/bid"`)
  })
})

describe('/draw', () => {
  test('explains the algorithm with a worked example whose commitment matches its seed', async () => {
    const doc = await page('/draw')
    expect(doc.status).toBe(200)
    expect(doc.visible).toContain('如何验证抽取结果')
    expect(doc.visible).toContain('HMAC-SHA256')
    const [, seed, commitment] = /种子：([0-9a-f]{64})承诺值：([0-9a-f]{64})/.exec(doc.visible) ?? []
    expect(commitSeed(seed!)).toBe(commitment)
    expect(doc.visible).toContain('openssl dgst -sha256 -hmac')
  })
})

// Last: moving the clock opens every announcement of this file's database.
describe('/announcements/{id}/result', () => {
  test('is "暂无结果" (409) before the evaluation, then shows the ranking, the winner and the full draw proof', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const { id, seedCommitment } = await publishedAnnouncement(owner, projectId)
    const firms = await Promise.all([0, 1, 2].map(() => createListedIntermediary()))
    await placeBids(id, [
      { firm: firms[0]!, price: '120000.00', nonce: 'nonce-alpha' },
      { firm: firms[1]!, price: '98000.50' },
      { firm: firms[2]!, price: '110000.00', nonce: 'nonce-gamma' },
    ])

    const early = await page(`/announcements/${id}/result`)
    expect(early.status).toBe(409)
    expect(early.visible).toContain('暂无结果')
    expect(early.text).toContain(`href="/announcements/${id}"`)
    expect(early.text).not.toContain('98000.50')

    await advanceClock('P4DT1H')
    const row = await prisma.announcement.findUniqueOrThrow({ where: { id } })
    expect(row.status).toBe('PUBLICITY')
    const stored = JSON.parse(row.result!) as StoredResult
    const draw = stored.draw!

    const result = await page(`/announcements/${id}/result`)
    expect(result.status).toBe(200)
    expect(result.visible).toContain('中选结果')
    expect(result.text).toContain('data-testid="result-winner"')
    const winnerBlock = /data-testid="result-winner"[\s\S]*?<\/div>/.exec(result.text)![0]
    expect(textOf(winnerBlock)).toContain(firms[1]!.organization.name)
    expect(textOf(winnerBlock)).toContain('¥98,000.50')
    // Ranking by price with links to the firms' public pages.
    const ranking = textOf(/data-testid="result-ranking"[\s\S]*?<\/table>/.exec(result.text)![0])
    const positions = [1, 2, 0].map((i) => ranking.indexOf(firms[i]!.organization.name))
    expect(positions.every((p) => p >= 0)).toBe(true)
    expect(positions).toEqual([...positions].sort((a, b) => a - b))
    for (const firm of firms) expect(result.text).toContain(`href="/intermediaries/${firm.organization.id}"`)
    // The full draw proof, as stored at evaluation.
    expect(row.seed).toBe(draw.seed)
    expect(commitSeed(row.seed!)).toBe(seedCommitment)
    for (const value of [draw.seed, seedCommitment, draw.input, id, ...draw.inputs.nonces, ...draw.inputs.usccs])
      expect(result.visible).toContain(value)
    expect(draw.inputs.nonces).toContain('nonce-alpha')
    const order = textOf(/data-testid="draw-order"[\s\S]*?<\/ol>/.exec(result.text)![0])
    const orderPositions = draw.order.map((uscc) => order.indexOf(uscc))
    expect(orderPositions.every((p) => p >= 0)).toBe(true)
    expect(orderPositions).toEqual([...orderPositions].sort((a, b) => a - b))
    expect(result.visible).toContain(`${draw.pick}`)
    expect(result.text).toContain('data-testid="draw-check"')
    expect(result.visible).toContain(`npm run draw:verify ${id}`)
    expect(result.text).toContain('href="/draw"')
    expect(result.visible).toContain('没有无效报名')
    expect(result.visible).toContain('公示期至')

    // After the opening the detail page shows the count, links the result, and the bidder its price.
    const detail = await page(`/announcements/${id}`, firms[1])
    expect(detail.visible).toContain('报名数3 家')
    expect(detail.text).toContain(`href="/announcements/${id}/result"`)
    expect(detail.visible).toContain('¥98,000.50')
    expect(detail.visible).toContain('有效报名')
    expect(detail.text).toContain(`href="/announcements/${id}/objections"`)
  })

  test('a failed announcement (too few valid bids) shows the public reason and no winner', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const { id } = await publishedAnnouncement(owner, projectId)
    await placeBids(id, [{ firm: await createListedIntermediary(), price: '100000.00' }])
    await advanceClock('P4DT1H')
    expect((await prisma.announcement.findUniqueOrThrow({ where: { id } })).status).toBe('FAILED')
    const result = await page(`/announcements/${id}/result`)
    expect(result.status).toBe(200)
    expect(result.text).toContain('data-testid="result-failed"')
    expect(result.visible).toContain('少于 3 家，流标')
    expect(result.text).not.toContain('data-testid="result-winner"')
    const detail = await page(`/announcements/${id}`)
    expect(detail.visible).toContain('本公告流标')
  })
})
