// The directory on Meilisearch (MEILI_HOST set, the msw model answering) when the server has a bad
// day: it answers from the database and says so, the outbox never waits inside a transaction, a
// task that outlives the wait is retried, a reindex never shows an empty directory, and an index
// deleted behind the app's back is recreated with its settings and rebuilt.
import crypto from 'node:crypto'
import { http } from 'msw'
import { beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { prisma } from '#app/db.server.ts'
import {
  processSearchOutbox,
  rebuildSearchIndex,
  searchIndex,
  settleSearchRebuild,
} from '#app/domain/intermediaries/search-index.server.ts'
import { enqueueSearchSync } from '#app/domain/intermediaries/search-sync.server.ts'
import { createIntermediarySearch } from '#search/index.ts'
import { MEILISEARCH_INDEX_UID } from '#search/meilisearch.ts'
import { createOrganization } from '#tests/factories/index.ts'
import { api, call } from '#tests/helpers/app.ts'
import { MEILI_TEST_HOST, meilisearchFaults, meilisearchMockState } from '#tests/mocks/meilisearch.ts'
import { mockServer } from '#tests/mocks/server.ts'

process.env.MEILI_HOST = MEILI_TEST_HOST
// The process's adapter, with timings short enough for tests (the app gets this same instance).
createIntermediarySearch(
  { MEILI_HOST: MEILI_TEST_HOST },
  { meilisearch: { requestTimeout: 200, retries: 1, retryDelay: 5, maxRetryDelay: 20, taskTimeout: 300, taskPollInterval: 5 } },
)

const faults = meilisearchFaults(MEILI_TEST_HOST)
const mock = () => meilisearchMockState(MEILI_TEST_HOST)

/** Rare characters and hex, so that `q=<mark>` finds one test's firms only. */
const mark = () => `琮瑭${crypto.randomBytes(3).toString('hex')}`

/** An intermediary, written with its outbox row as the product does. */
async function firm(name: string): Promise<string> {
  const organization = await createOrganization({ name })
  await prisma.$transaction((tx) => enqueueSearchSync(tx, organization.id))
  return organization.id
}

async function directory(query: string) {
  const response = await api.get(`/api/v1/intermediaries?${query}`)
  expect(response.status, response.text).toBe(200)
  return response.body as { items: Array<{ id: string; name: string }>; total: number; searchUnavailable?: { complete: boolean } }
}

/** Transactions open on this test's database right now (as seen from another connection). */
async function openTransactions(): Promise<number> {
  const [row] = await prisma.$queryRaw<Array<{ n: bigint }>>`
    SELECT COUNT(*) AS n FROM information_schema.INNODB_TRX t
    JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id
    WHERE p.DB = DATABASE()`
  return Number(row!.n)
}

beforeAll(async () => {
  await searchIndex().init()
})

beforeEach(() => {
  mock().faults.length = 0
  mock().nextTasks.length = 0
})

describe('the directory when Meilisearch cannot answer', () => {
  test('searches answered 503 too_many_search_requests: the directory answers from the database and the page says so', async () => {
    const name = `四川${mark()}环评咨询有限公司`
    const id = await firm(name)
    expect(await directory(`q=${encodeURIComponent(name)}`)).toMatchObject({ items: [{ id }], total: 1 })
    expect((await directory(`q=${encodeURIComponent(name)}`)).searchUnavailable).toBeUndefined()

    faults.overloadSearches(1_000)
    expect(await directory(`q=${encodeURIComponent(name)}&sort=newest`)).toMatchObject({ items: [{ id, name }], total: 1, searchUnavailable: { complete: true } })
    const page = await call('GET', `/intermediaries?q=${encodeURIComponent(name)}`)
    expect(page.status).toBe(200)
    expect(page.text).toContain('搜索服务暂时不可用')
    expect(page.text).toContain(name)
  })

  test('the fallback finds what the index finds, abbreviations included', async () => {
    const tag = mark()
    const id = await firm(`成都${tag}环境影响评价咨询有限公司`)
    const query = `q=${encodeURIComponent(`${tag} 环评`)}`
    expect((await directory(query)).items.map((item) => item.id)).toEqual([id])
    faults.hang(1_000, (request) => request.path.endsWith('/search'))
    expect(await directory(query)).toMatchObject({ items: [{ id }], searchUnavailable: { complete: true } })
  })
})

describe('the outbox on Meilisearch', () => {
  test('waits for Meilisearch tasks outside any database transaction', async () => {
    await processSearchOutbox()
    faults.slowTasks({ polls: 3, type: 'documentAdditionOrUpdate' })
    const seen: number[] = []
    mockServer.use(
      http.get(`${MEILI_TEST_HOST}/tasks/:taskUid`, async () => {
        seen.push(await openTransactions())
      }),
    )
    await firm(`德阳${mark()}节能技术服务有限公司`)
    expect(await processSearchOutbox()).toBe(1)
    expect(seen.length).toBeGreaterThan(3)
    expect(seen.every((open) => open === 0)).toBe(true)
  })

  test('a task that outlives the wait leaves the rows pending; the next run applies them', async () => {
    await processSearchOutbox()
    const name = `绵阳${mark()}安全评价有限公司`
    const id = await firm(name)
    faults.slowTasks({ polls: 100_000, type: 'documentAdditionOrUpdate' })
    expect(await processSearchOutbox()).toBe(1)
    const row = await prisma.searchOutbox.findFirstOrThrow({ where: { entityId: id } })
    expect(row).toMatchObject({ processedAt: null, attempts: 1 })

    for (const task of mock().tasks) task.slowPolls = 0
    expect(await processSearchOutbox()).toBe(1)
    expect(await prisma.searchOutbox.findFirstOrThrow({ where: { entityId: id } })).toMatchObject({ attempts: 2, processedAt: expect.any(Date) })
    expect((await directory(`q=${encodeURIComponent(name)}`)).items.map((item) => item.id)).toEqual([id])
  })
})

describe('rebuilding the index', () => {
  test('search:reindex fills a new index and swaps it in: the directory is never empty, and changes made meanwhile stay', async () => {
    const before = await firm(`乐山${mark()}水利勘测设计有限公司`)
    await processSearchOutbox()
    const total = await searchIndex().count()
    const renamed = `乐山${mark()}水利水电设计有限公司`
    const seenDuring: number[] = []
    mockServer.use(
      http.post(`${MEILI_TEST_HOST}/indexes/:uid/documents`, async ({ params }) => {
        if (params.uid === MEILISEARCH_INDEX_UID || seenDuring.length > 0) return
        seenDuring.push((await searchIndex().search({ page: 1, pageSize: 1 })).total)
        // A change committed while the new index fills; the outbox applies it to the old one.
        await prisma.$transaction(async (tx) => {
          await tx.organization.update({ where: { id: before }, data: { name: renamed } })
          await enqueueSearchSync(tx, before)
        })
        await processSearchOutbox()
      }),
    )
    expect(await rebuildSearchIndex()).toBe(total)
    expect(seenDuring).toEqual([total])
    expect((await directory(`q=${encodeURIComponent(renamed)}`)).items.map((item) => item.id)).toEqual([before])
    const paths = mock().requests.map((request) => `${request.method} ${request.path.replace(/\?.*/, '')}`)
    expect(paths).toContain('POST /swap-indexes')
    expect(paths).not.toContain(`DELETE /indexes/${MEILISEARCH_INDEX_UID}/documents`)
    expect([...mock().indexes.keys()]).toEqual([MEILISEARCH_INDEX_UID])
  })

  test('an index deleted while the app runs: the database answers meanwhile, the index is recreated with its settings and rebuilt', async () => {
    const name = `宜宾${mark()}地质灾害防治有限公司`
    const id = await firm(name)
    await processSearchOutbox()
    faults.deleteIndex(MEILISEARCH_INDEX_UID)

    const during = await directory(`q=${encodeURIComponent(name)}&blacklisted=false&sort=newest`)
    expect(during).toMatchObject({ items: [{ id }], searchUnavailable: { complete: true } })
    expect(mock().indexes.get(MEILISEARCH_INDEX_UID)!.settings.filterableAttributes).toContain('blacklisted')

    await processSearchOutbox()
    await settleSearchRebuild()
    const after = await directory(`q=${encodeURIComponent(name)}&blacklisted=false&sort=newest`)
    expect(after).toMatchObject({ items: [{ id }], total: 1 })
    expect(after.searchUnavailable).toBeUndefined()
    expect(await searchIndex().count()).toBe(await prisma.organization.count({ where: { type: 'INTERMEDIARY' } }))
  })
})
