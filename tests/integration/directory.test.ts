// The public directory of intermediaries: GET /api/v1/intermediaries (every filter, each sort,
// pagination, refusals), GET /api/v1/intermediaries/{id}, and the search outbox that keeps the index
// in step with the database (the task, its retries, the rebuild, time boundaries).
import crypto from 'node:crypto'
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest'
import { prisma } from '#app/db.server.ts'
import { moveTestClock, now } from '#app/domain/clock/clock.server.ts'
import {
  enqueueTimeBoundaries,
  processSearchOutbox,
  rebuildSearchIndexIfEmpty,
  searchIndex,
} from '#app/domain/intermediaries/search-index.server.ts'
import { enqueueSearchSync } from '#app/domain/intermediaries/search-sync.server.ts'
import { createMember } from '#tests/factories/index.ts'
import { registrationBody } from '#tests/helpers/accounts.ts'
import { api, call } from '#tests/helpers/app.ts'

const DAY = 86_400_000

/** A token no other firm's name contains, so that `q=<tag>` finds exactly one test's firms. */
function tag(): string {
  const syllables = '甬澜琮瑭珑瑜璟琨瑾璋琰珩'
  return Array.from({ length: 3 }, () => syllables[crypto.randomInt(syllables.length)]).join('') + crypto.randomBytes(2).toString('hex')
}

async function register(name: string, regionCode = '510107', email?: string): Promise<string> {
  const body = registrationBody({ organization: { name, regionCode }, user: email ? { email } : {} })
  const response = await api.post('/api/v1/auth/register', body)
  expect(response.status).toBe(201)
  return response.body.organizationId as string
}

/** A change made the way the product makes it: the row and its outbox entry in one transaction. */
async function change(organizationId: string, work: (tx: Parameters<Parameters<typeof prisma.$transaction>[0]>[0]) => Promise<unknown>) {
  await prisma.$transaction(async (tx) => {
    await work(tx)
    await enqueueSearchSync(tx, organizationId)
  })
}

async function offer(organizationId: string, serviceItemCode: string, commitment?: { promisedDays: number; feeStandard: string }) {
  await change(organizationId, async (tx) => {
    await tx.offeredService.create({ data: { organizationId, serviceItemCode } })
    if (commitment) await tx.serviceCommitment.create({ data: { organizationId, serviceItemCode, ...commitment } })
  })
}

async function addQualification(
  organizationId: string,
  options: { status?: 'SELF_DECLARED' | 'VERIFIED' | 'REJECTED'; validTo?: Date } = {},
) {
  const validTo = options.validTo ?? new Date(now().getTime() + 365 * DAY)
  let id = ''
  await change(organizationId, async (tx) => {
    const row = await tx.qualification.create({
      data: {
        organizationId,
        typeCode: 'SURVEYING',
        levelCode: '乙级',
        certificateNo: `乙测资字${crypto.randomInt(1e8)}`,
        issuer: '四川省自然资源厅',
        validFrom: new Date(validTo.getTime() - 5 * 365 * DAY),
        validTo,
        status: options.status ?? 'SELF_DECLARED',
      },
    })
    id = row.id
  })
  return id
}

async function blacklist(organizationId: string, startsAt = new Date(now().getTime() - DAY), endsAt = new Date(now().getTime() + 365 * DAY)) {
  await change(organizationId, (tx) =>
    tx.blacklistEntry.create({
      data: { organizationId, reason: '提供虚假材料骗取中选资格', evidence: '川环罚〔2026〕12 号', startsAt, endsAt },
    }),
  )
}

async function suspend(organizationId: string, reason: string) {
  await change(organizationId, (tx) =>
    tx.organization.update({ where: { id: organizationId }, data: { status: 'SUSPENDED', statusReason: reason, statusChangedAt: now() } }),
  )
}

async function search(query: string) {
  const response = await api.get(`/api/v1/intermediaries?${query}`)
  expect(response.status, response.text).toBe(200)
  return response.body as { items: Array<{ id: string } & Record<string, any>>; page: number; pageSize: number; total: number }
}

const ids = (body: { items: Array<{ id: string }> }) => body.items.map((item) => item.id)

beforeAll(async () => {
  await searchIndex().clear()
})

afterEach(() => {
  vi.restoreAllMocks()
})

describe('listing at registration (零门槛)', () => {
  test('a new intermediary registered through the API appears in the directory by part of its name and on its profile, with no approval step', async () => {
    const mark = tag()
    const name = `四川${mark}环评咨询有限公司`
    const id = await register(name)

    const found = await search(`q=${encodeURIComponent(mark)}`)
    expect(found.total).toBe(1)
    expect(found.items[0]).toMatchObject({
      id,
      name,
      regionCode: '510107',
      serviceItemCodes: [],
      creditScore: 100,
      creditLevel: 'A',
      ratingAverage: null,
      blacklisted: false,
      suspended: false,
      hasVerifiedQualification: false,
      commitments: [],
    })
    expect(found.items[0]!.regionName).toBe('四川省 成都市 武侯区')

    const profile = await api.get(`/api/v1/intermediaries/${id}`)
    expect(profile.status).toBe(200)
    expect(profile.body).toMatchObject({
      id,
      name,
      regionCode: '510107',
      serviceItemCodes: [],
      qualifications: [],
      practitioners: [],
      commitments: [],
      performance: { contractsWon: 0, contractsCompleted: 0, contractsOverdue: 0 },
      creditScore: 100,
      creditLevel: 'A',
      ratingAverage: null,
      blacklisted: false,
      activeBlacklistEntry: null,
      suspended: false,
      statusReason: null,
    })
    expect(Date.parse(profile.body.listedAt)).toBeGreaterThan(0)
    expect(Date.parse(profile.body.updatedAt)).toBeGreaterThan(0)
  })

  test('an owner is not in the directory, and its id is 404 like an unknown one', async () => {
    const owner = await createMember({ type: 'OWNER' })
    const response = await api.get(`/api/v1/intermediaries/${owner.organization.id}`)
    expect(response.status).toBe(404)
    expect(response.headers.get('Content-Type')).toMatch(/application\/problem\+json/)
    expect((await api.get('/api/v1/intermediaries/no-such-id')).status).toBe(404)
    const listed = await search(`q=${encodeURIComponent(owner.organization.name)}`)
    expect(ids(listed)).not.toContain(owner.organization.id)
  })

  test('the profile shows no e-mail address of the firm’s users', async () => {
    const email = `secret-${crypto.randomBytes(4).toString('hex')}@example.com`
    const id = await register(`成都${tag()}测绘有限公司`, '510104', email)
    const profile = await api.get(`/api/v1/intermediaries/${id}`)
    expect(profile.status).toBe(200)
    expect(profile.text).not.toContain(email)
    expect(profile.text).not.toContain('@')
    expect(profile.text).not.toMatch(/password|token/i)
  })
})

describe('filters, sorts and pagination', () => {
  const mark = tag()
  const firm = { eco: '', water: '', nr: '', suspended: '' }

  beforeAll(async () => {
    firm.eco = await register(`四川${mark}生态环境咨询有限公司`, '510107') // 成都市 武侯区
    firm.water = await register(`绵阳${mark}水土保持技术有限公司`, '510703') // 绵阳市 涪城区
    firm.nr = await register(`北京${mark}地质勘查有限公司`, '110101') // 北京市 东城区
    firm.suspended = await register(`成都${mark}环保科技有限公司`, '510104') // 成都市 锦江区
    // Listed one day apart, eco oldest … suspended newest.
    const order = [firm.eco, firm.water, firm.nr, firm.suspended]
    for (const [position, id] of order.entries()) {
      await change(id, (tx) =>
        tx.organization.update({ where: { id }, data: { createdAt: new Date(now().getTime() - (4 - position) * DAY) } }),
      )
    }
    await offer(firm.eco, 'ZJ-ECO-001', { promisedDays: 30, feeStandard: '按项目规模协商，不高于市场均价' })
    await offer(firm.water, 'ZJ-WATER-001')
    await offer(firm.nr, 'ZJ-NR-001')
    await offer(firm.suspended, 'ZJ-ECO-001')
    await addQualification(firm.eco, { status: 'VERIFIED' })
    await addQualification(firm.water, { status: 'VERIFIED', validTo: new Date(now().getTime() - 2 * DAY) })
    await addQualification(firm.nr, { status: 'SELF_DECLARED' })
    await blacklist(firm.nr)
    await suspend(firm.suspended, '涉嫌出借资质，暂停入驻待查')
  })

  const q = () => `q=${encodeURIComponent(mark)}`

  test('without filters every firm is listed, blacklisted and suspended ones marked', async () => {
    const body = await search(`${q()}&sort=newest`)
    expect(body.total).toBe(4)
    expect(ids(body)).toEqual([firm.suspended, firm.nr, firm.water, firm.eco])
    const byId = new Map(body.items.map((item) => [item.id, item]))
    expect(byId.get(firm.nr)).toMatchObject({ blacklisted: true, suspended: false })
    expect(byId.get(firm.suspended)).toMatchObject({ blacklisted: false, suspended: true })
    expect(byId.get(firm.eco)).toMatchObject({
      serviceItemCodes: ['ZJ-ECO-001'],
      hasVerifiedQualification: true,
      commitments: [{ serviceItemCode: 'ZJ-ECO-001', promisedDays: 30, feeStandard: '按项目规模协商，不高于市场均价' }],
    })
  })

  test('serviceItem keeps the firms offering that service item', async () => {
    expect(new Set(ids(await search(`${q()}&serviceItem=ZJ-ECO-001`)))).toEqual(new Set([firm.eco, firm.suspended]))
    expect(new Set(ids(await search(`${q()}&serviceItem=ZJ-WATER-001,ZJ-NR-001`)))).toEqual(new Set([firm.water, firm.nr]))
  })

  test('field keeps the firms offering a service item of that field', async () => {
    expect(ids(await search(`${q()}&field=WATER`))).toEqual([firm.water])
    expect(new Set(ids(await search(`${q()}&field=ECOLOGY`)))).toEqual(new Set([firm.eco, firm.suspended]))
  })

  test('regionCode includes sub-regions: a city matches its counties’ firms, a province its cities’', async () => {
    expect(new Set(ids(await search(`${q()}&regionCode=510100`)))).toEqual(new Set([firm.eco, firm.suspended]))
    expect(new Set(ids(await search(`${q()}&regionCode=510000`)))).toEqual(new Set([firm.eco, firm.water, firm.suspended]))
    expect(ids(await search(`${q()}&regionCode=510107`))).toEqual([firm.eco])
    expect(ids(await search(`${q()}&regionCode=110000`))).toEqual([firm.nr])
  })

  test('creditLevel keeps the firms of the given levels (every firm starts at 100, level A)', async () => {
    expect((await search(`${q()}&creditLevel=A`)).total).toBe(4)
    expect((await search(`${q()}&creditLevel=A,B`)).total).toBe(4)
    expect((await search(`${q()}&creditLevel=B,C`)).total).toBe(0)
  })

  test('verified=true keeps only firms with a verified, unexpired qualification', async () => {
    expect(ids(await search(`${q()}&verified=true`))).toEqual([firm.eco])
  })

  test('blacklisted=false leaves blacklisted firms out; suspended=false leaves suspended ones out', async () => {
    expect(new Set(ids(await search(`${q()}&blacklisted=false`)))).toEqual(new Set([firm.eco, firm.water, firm.suspended]))
    expect(new Set(ids(await search(`${q()}&suspended=false`)))).toEqual(new Set([firm.eco, firm.water, firm.nr]))
  })

  test('filters combine', async () => {
    expect(ids(await search(`${q()}&regionCode=510100&serviceItem=ZJ-ECO-001&suspended=false&verified=true`))).toEqual([firm.eco])
  })

  test('each sort answers in its order; equal credit and rating fall back to newest first', async () => {
    const newest = [firm.suspended, firm.nr, firm.water, firm.eco]
    expect(ids(await search(`${q()}&sort=newest`))).toEqual(newest)
    expect(ids(await search(`${q()}&sort=credit`))).toEqual(newest)
    expect(ids(await search(`${q()}&sort=rating`))).toEqual(newest)
    const relevance = await search(`${q()}&sort=relevance`)
    expect(new Set(ids(relevance))).toEqual(new Set(newest))
    // Name words rank: the firm named 水土保持 comes first for 水土保持.
    expect(ids(await search(`q=${encodeURIComponent(`${mark} 水土保持`)}`))[0]).toBe(firm.water)
  })

  test('pages are disjoint, in order, and carry page, pageSize and total', async () => {
    const first = await search(`${q()}&sort=newest&page=1&pageSize=3`)
    const second = await search(`${q()}&sort=newest&page=2&pageSize=3`)
    expect(first).toMatchObject({ page: 1, pageSize: 3, total: 4 })
    expect(second).toMatchObject({ page: 2, pageSize: 3, total: 4 })
    expect([...ids(first), ...ids(second)]).toEqual([firm.suspended, firm.nr, firm.water, firm.eco])
  })

  test('a Chinese service keyword finds the firm offering it (环评 → 环境影响评价)', async () => {
    const found = ids(await search(`q=${encodeURIComponent('环评')}&regionCode=510107&pageSize=100`))
    expect(found).toContain(firm.eco)
  })

  test.each([
    ['pageSize=101', 'pageSize'],
    ['pageSize=0', 'pageSize'],
    ['page=0', 'page'],
    ['sort=cheapest', 'sort'],
    ['creditLevel=E', 'creditLevel'],
    ['verified=yes', 'verified'],
    ['regionCode=51', 'regionCode'],
    ['colour=red', 'colour'],
  ])('%s is refused with 400 and the field named', async (query, field) => {
    const response = await api.get(`/api/v1/intermediaries?${query}`)
    expect(response.status).toBe(400)
    expect(response.headers.get('Content-Type')).toMatch(/application\/problem\+json/)
    expect(Object.keys(response.body.errors)).toContain(field)
  })
})

describe('the public profile', () => {
  test('qualifications show as self-declared (verified false) until verified, and an expired one as expired', async () => {
    const id = await register(`四川${tag()}测绘地理信息有限公司`)
    const declared = await addQualification(id)
    const expired = await addQualification(id, { status: 'VERIFIED', validTo: new Date(now().getTime() - 3 * DAY) })

    let profile = (await api.get(`/api/v1/intermediaries/${id}`)).body
    const byId = () => new Map<string, any>(profile.qualifications.map((q: any) => [q.id, q]))
    expect(byId().get(declared)).toMatchObject({
      typeCode: 'SURVEYING',
      typeName: '测绘资质',
      level: '乙级',
      issuer: '四川省自然资源厅',
      status: 'SELF_DECLARED',
      verified: false,
      expired: false,
    })
    expect(byId().get(declared).validTo).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(byId().get(expired)).toMatchObject({ status: 'VERIFIED', verified: true, expired: true })
    expect((await search(`q=${encodeURIComponent(profile.name)}`)).items[0]).toMatchObject({ id, hasVerifiedQualification: false })

    await change(id, (tx) => tx.qualification.update({ where: { id: declared }, data: { status: 'VERIFIED', reviewedAt: now() } }))
    profile = (await api.get(`/api/v1/intermediaries/${id}`)).body
    expect(byId().get(declared)).toMatchObject({ status: 'VERIFIED', verified: true, expired: false })
    expect((await search(`q=${encodeURIComponent(profile.name)}`)).items[0]).toMatchObject({ id, hasVerifiedQualification: true })
  })

  test('services, commitments, practitioners, an active blacklist entry and a suspension with its reason are shown', async () => {
    const id = await register(`四川${tag()}环境工程有限公司`)
    await offer(id, 'ZJ-ECO-001', { promisedDays: 25, feeStandard: '报告书 8 万元起' })
    await change(id, (tx) =>
      tx.practitioner.create({ data: { organizationId: id, name: '李工', certificateNo: 'HP00012345', title: '高级工程师', specialty: '环境影响评价' } }),
    )
    await blacklist(id)
    await suspend(id, '未按承诺时限提交成果')
    const profile = (await api.get(`/api/v1/intermediaries/${id}`)).body
    expect(profile).toMatchObject({
      serviceItemCodes: ['ZJ-ECO-001'],
      commitments: [{ serviceItemCode: 'ZJ-ECO-001', promisedDays: 25, feeStandard: '报告书 8 万元起' }],
      practitioners: [{ name: '李工', certificateNo: 'HP00012345', title: '高级工程师', specialty: '环境影响评价' }],
      blacklisted: true,
      activeBlacklistEntry: { reason: '提供虚假材料骗取中选资格' },
      suspended: true,
      statusReason: '未按承诺时限提交成果',
    })
    expect(Date.parse(profile.activeBlacklistEntry.endsAt)).toBeGreaterThan(now().getTime())
  })

  test('a lifted or ended blacklist entry is not active', async () => {
    const id = await register(`四川${tag()}评估有限公司`)
    await blacklist(id, new Date(now().getTime() - 400 * DAY), new Date(now().getTime() - DAY))
    await change(id, (tx) =>
      tx.blacklistEntry.create({
        data: {
          organizationId: id,
          reason: '已修复',
          evidence: '—',
          startsAt: new Date(now().getTime() - DAY),
          endsAt: new Date(now().getTime() + DAY),
          liftedAt: now(),
        },
      }),
    )
    const profile = (await api.get(`/api/v1/intermediaries/${id}`)).body
    expect(profile).toMatchObject({ blacklisted: false, activeBlacklistEntry: null })
  })
})

describe('the public pages', () => {
  test('/intermediaries lists a firm found by keyword, with its badges, and links to its profile', async () => {
    const mark = tag()
    const id = await register(`四川${mark}安全评价有限公司`)
    await suspend(id, '资料核查中')
    const page = await call('GET', `/intermediaries?q=${encodeURIComponent(mark)}`)
    expect(page.status).toBe(200)
    expect(page.text).toContain('data-testid="directory-results"')
    expect(page.text).toContain(`data-testid="directory-item-${id}"`)
    expect(page.text).toContain('已暂停')
    const profile = await call('GET', `/intermediaries/${id}`)
    expect(profile.status).toBe(200)
    expect(profile.text).toContain('data-testid="profile-name"')
    expect(profile.text).toContain('资料核查中')
    expect(profile.text).toContain('最后更新')
  })

  test('the page filters by a city and shows an empty result politely', async () => {
    const page = await call('GET', `/intermediaries?q=${encodeURIComponent(tag())}&province=510000&regionCode=510100&verified=true`)
    expect(page.status).toBe(200)
    expect(page.text).toContain('没有找到符合条件的中介机构')
  })

  test('an unknown profile is a 404 page, a bad query a 400 page', async () => {
    expect((await call('GET', '/intermediaries/no-such-id')).status).toBe(404)
    expect((await call('GET', '/intermediaries?pageSize=500')).status).toBe(400)
  })
})

describe('the search outbox', () => {
  test('a change writes an outbox row in its transaction; the task applies it to the index and marks it processed', async () => {
    await processSearchOutbox()
    const id = await register(`四川${tag()}水保有限公司`)
    const registered = await prisma.searchOutbox.findMany({ where: { entityId: id } })
    expect(registered).toHaveLength(1)
    expect(registered[0]).toMatchObject({ entityType: 'Organization', processedAt: null, attempts: 0 })

    expect(await processSearchOutbox()).toBeGreaterThanOrEqual(1)
    expect(await prisma.searchOutbox.findFirstOrThrow({ where: { entityId: id } })).toMatchObject({ processedAt: expect.any(Date), attempts: 1 })
    expect((await searchIndex().search({ serviceItemCodes: ['ZJ-WATER-002'], page: 1, pageSize: 100 })).ids).not.toContain(id)

    await offer(id, 'ZJ-WATER-002')
    expect(await prisma.searchOutbox.count({ where: { entityId: id, processedAt: null } })).toBe(1)
    await processSearchOutbox()
    expect(await prisma.searchOutbox.count({ where: { entityId: id, processedAt: null } })).toBe(0)
    expect((await searchIndex().search({ serviceItemCodes: ['ZJ-WATER-002'], page: 1, pageSize: 100 })).ids).toContain(id)
  })

  test('when the index fails, the rows stay unprocessed with attempts + 1, and the next run applies them', async () => {
    await processSearchOutbox()
    const id = await register(`四川${tag()}节能评估有限公司`)
    vi.spyOn(searchIndex(), 'upsert').mockRejectedValueOnce(new Error('index unavailable'))
    await processSearchOutbox()
    expect(await prisma.searchOutbox.findFirstOrThrow({ where: { entityId: id } })).toMatchObject({ processedAt: null, attempts: 1 })
    await processSearchOutbox()
    expect(await prisma.searchOutbox.findFirstOrThrow({ where: { entityId: id } })).toMatchObject({ processedAt: expect.any(Date), attempts: 2 })
    expect((await searchIndex().search({ page: 1, pageSize: 100, sort: 'newest' })).ids).toContain(id)
  })

  test('an empty index is rebuilt from every intermediary; a filled one is left alone', async () => {
    await processSearchOutbox()
    await searchIndex().clear()
    const intermediaries = await prisma.organization.count({ where: { type: 'INTERMEDIARY' } })
    expect(intermediaries).toBeGreaterThan(0)
    expect(await rebuildSearchIndexIfEmpty()).toEqual({ rebuilt: true, indexed: intermediaries })
    expect(await searchIndex().count()).toBe(intermediaries)
    expect(await rebuildSearchIndexIfEmpty()).toEqual({ rebuilt: false, indexed: 0 })
  })

  test('the search-sync task is registered with the worker and applies pending rows on its own', async () => {
    await import('#jobs/search-sync.ts')
    const { runAllTasksOnce } = await import('#jobs/worker.ts')
    await processSearchOutbox()
    const id = await register(`四川${tag()}勘测有限公司`)
    expect(await prisma.searchOutbox.count({ where: { entityId: id, processedAt: null } })).toBe(1)
    await runAllTasksOnce()
    expect(await prisma.searchOutbox.count({ where: { entityId: id, processedAt: null } })).toBe(0)
    expect((await searchIndex().search({ page: 1, pageSize: 100, sort: 'newest' })).ids).toContain(id)
  })

  // Moves the test clock: keep it last.
  test('a blacklist entry that starts later reaches the index when its start passes, with no other write', async () => {
    const mark = tag()
    const id = await register(`四川${mark}工程咨询有限公司`)
    const startsAt = new Date(now().getTime() + 3_600_000)
    await blacklist(id, startsAt, new Date(startsAt.getTime() + 365 * DAY))
    await enqueueTimeBoundaries()
    expect(ids(await search(`q=${encodeURIComponent(mark)}&blacklisted=false`))).toEqual([id])

    await moveTestClock({ advanceBy: 'PT2H' })
    expect(await enqueueTimeBoundaries()).toBe(1)
    expect(ids(await search(`q=${encodeURIComponent(mark)}&blacklisted=false`))).toEqual([])
    expect((await search(`q=${encodeURIComponent(mark)}`)).items[0]).toMatchObject({ id, blacklisted: true })
  })
})
