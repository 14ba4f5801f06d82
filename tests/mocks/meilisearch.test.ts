// The Meilisearch model answers the way the real engine does where the adapter depends on it
// (checked against the server's source, crates/milli and crates/filter-parser of Meilisearch 1.x).
import { Meilisearch, MeilisearchApiError } from 'meilisearch'
import { beforeEach, describe, expect, it } from 'vitest'
import { mockServer } from '#tests/mocks/server.ts'
import { MEILI_TEST_HOST, meilisearchFaults, meilisearchHandlers, meilisearchMockState, resetMeilisearchMock } from '#tests/mocks/meilisearch.ts'

const client = new Meilisearch({ host: MEILI_TEST_HOST })
const FIRMS = [
  { id: 'huaxin', name: '成都华信环境科技有限公司', intro: '' },
  { id: 'shuan', name: '四川蜀安环评咨询有限公司', intro: '扎根成都武侯' },
  { id: 'shuhua', name: '四川蜀华安全技术有限公司', intro: '' },
  { id: 'spaced', name: '安 泰', intro: '' },
  { id: 'backslash', name: 'a\\b', intro: '' },
]

async function index(settings: Record<string, unknown> = {}) {
  await client.createIndex('firms', { primaryKey: 'id' }).waitTask()
  await client.index('firms').updateSettings({ searchableAttributes: ['name', 'intro'], filterableAttributes: ['name'], ...settings }).waitTask()
  await client.index('firms').addDocuments(FIRMS).waitTask()
  return client.index('firms')
}

const ids = async (q: string, options: Record<string, unknown> = {}) =>
  (await client.index('firms').search(q, { attributesToRetrieve: ['id'], ...options })).hits.map((hit) => hit.id).sort()

function apiError(error: unknown) {
  expect(error).toBeInstanceOf(MeilisearchApiError)
  const api = error as MeilisearchApiError
  return { status: api.response.status, code: api.cause?.code, message: api.cause?.message, retryAfter: api.response.headers.get('retry-after') }
}

beforeEach(() => resetMeilisearchMock(MEILI_TEST_HOST))

describe('the model of Meilisearch matching', () => {
  it('matchingStrategy defaults to last: documents matching only the leading words come back too', async () => {
    await index()
    expect(await ids('华信 水保')).toEqual(['huaxin'])
    expect(await ids('华信 水保', { matchingStrategy: 'all' })).toEqual([])
    expect(await ids('成都 环境')).toEqual(['huaxin', 'shuan'])
    expect(await ids('成都 环境', { matchingStrategy: 'all' })).toEqual(['huaxin'])
  })

  it('matches jieba words, with only the last word as a prefix', async () => {
    await index()
    expect(await ids('信环境', { matchingStrategy: 'all' })).toEqual([])
    expect(await ids('泰安', { matchingStrategy: 'all' })).toEqual([])
    expect(await ids('环', { matchingStrategy: 'all' })).toEqual(['huaxin', 'shuan'])
    expect(await ids('环 有限', { matchingStrategy: 'all' })).toEqual([])
    expect(await ids('有限 环', { matchingStrategy: 'all' })).toEqual(['huaxin', 'shuan'])
  })

  it('words cut by jieba match wherever they are unless quoted as a phrase', async () => {
    await index()
    // 蜀安 is 蜀 / 安: unquoted, 蜀 anywhere and a word starting with 安 (蜀华安全 qualifies).
    expect(await ids('蜀安', { matchingStrategy: 'all' })).toEqual(['shuan', 'shuhua'])
    expect(await ids('"蜀安"', { matchingStrategy: 'all' })).toEqual(['shuan'])
  })

  it('a word matches two adjacent words it splits into (split words)', async () => {
    await index()
    expect(await ids('安泰', { matchingStrategy: 'all' })).toEqual(['spaced'])
  })

  it('looks synonyms up only for one word and two or three adjacent words, keys tokenized', async () => {
    await index({ synonyms: { 稳评: ['华信'], 社会稳定风险评估: ['华信'], 成都环境: ['蜀华'] } })
    expect(await ids('稳评', { matchingStrategy: 'all' })).toEqual(['huaxin'])
    // 社会 / 稳定 / 风险 / 评估: four words, so the key is never looked up.
    expect(await ids('社会稳定风险评估', { matchingStrategy: 'all' })).toEqual([])
    // 成都环境 is stored as 成都 / 环境 and found through the two-word ngram.
    expect(await ids('成都 环境', { matchingStrategy: 'all' })).toEqual(['huaxin', 'shuhua'])
  })

  it('unescapes only \\" in quoted filter values; a backslash before the closing quote leaves it open', async () => {
    await index()
    expect(await ids('', { filter: 'name = "a\\b"' })).toEqual(['backslash'])
    expect(await ids('', { filter: 'name = "a\\\\b"' })).toEqual([])
    const open = await client.index('firms').search('', { filter: 'name = "a\\"' }).catch((error: unknown) => error)
    expect(apiError(open)).toMatchObject({ status: 400, code: 'invalid_search_filter' })
  })
})

describe('the model of Meilisearch operations', () => {
  it('swaps indexes: documents, settings and all', async () => {
    await index()
    await client.createIndex('next', { primaryKey: 'id' }).waitTask()
    await client.index('next').addDocuments([{ id: 'only' }]).waitTask()
    const task = await client.swapIndexes([{ indexes: ['firms', 'next'], rename: false }]).waitTask()
    expect(task).toMatchObject({ status: 'succeeded', type: 'indexSwap' })
    expect((await client.index('firms').getStats()).numberOfDocuments).toBe(1)
    expect((await client.index('next').getStats()).numberOfDocuments).toBe(FIRMS.length)
    const missing = await client.swapIndexes([{ indexes: ['firms', 'gone'], rename: false }]).waitTask()
    expect(missing).toMatchObject({ status: 'failed', error: { code: 'index_not_found' } })
  })

  it('re-creates a deleted index with default settings when documents are added to it', async () => {
    await index()
    meilisearchFaults().deleteIndex('firms')
    await client.index('firms').addDocuments([{ id: 'x', name: '蜀安' }]).waitTask()
    const error = await client.index('firms').search('', { filter: 'name = "x"' }).catch((e: unknown) => e)
    expect(apiError(error)).toMatchObject({ status: 400, code: 'invalid_search_filter', message: expect.stringContaining('is not filterable') })
  })

  it('a search-only key searches and gets 403 invalid_api_key elsewhere', async () => {
    mockServer.use(...meilisearchHandlers(MEILI_TEST_HOST, { apiKey: 'master', keys: [{ key: 'search-only', actions: ['search'], indexes: ['*'] }] }))
    const master = new Meilisearch({ host: MEILI_TEST_HOST, apiKey: 'master' })
    await master.createIndex('firms', { primaryKey: 'id' }).waitTask()
    const reader = new Meilisearch({ host: MEILI_TEST_HOST, apiKey: 'search-only' })
    expect((await reader.index('firms').search('')).hits).toEqual([])
    const refused = await reader.index('firms').updateSettings({ filterableAttributes: ['name'] }).catch((e: unknown) => e)
    expect(apiError(refused)).toMatchObject({ status: 403, code: 'invalid_api_key' })
    expect(apiError(await reader.index('firms').getStats().catch((e: unknown) => e))).toMatchObject({ status: 403 })
  })

  it('answers 503 too_many_search_requests with Retry-After: 10 when overloaded', async () => {
    await index()
    meilisearchFaults().overloadSearches(1)
    const error = await client.index('firms').search('').catch((e: unknown) => e)
    expect(apiError(error)).toMatchObject({ status: 503, code: 'too_many_search_requests', retryAfter: '10' })
    expect(await ids('')).toHaveLength(FIRMS.length)
  })

  it('a proxy in front answers an HTML page the client cannot parse', async () => {
    await index()
    meilisearchFaults().proxyError(1)
    await expect(client.index('firms').search('')).rejects.toThrow(SyntaxError)
  })

  it('a task can fail, or stay processing for a while', async () => {
    await index()
    meilisearchFaults().failTasks({ code: 'internal', message: 'disk full' })
    expect(await client.index('firms').addDocuments([{ id: 'y' }]).waitTask()).toMatchObject({ status: 'failed', error: { code: 'internal' } })
    meilisearchFaults().slowTasks({ polls: 2 })
    const enqueued = await client.index('firms').addDocuments([{ id: 'z' }])
    expect((await client.tasks.getTask(enqueued.taskUid)).status).toBe('processing')
    expect((await client.tasks.getTask(enqueued.taskUid)).status).toBe('processing')
    expect((await client.tasks.getTask(enqueued.taskUid)).status).toBe('succeeded')
    expect(meilisearchMockState().tasks.at(-1)!.status).toBe('succeeded')
  })
})
