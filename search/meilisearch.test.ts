import { Meilisearch, MeilisearchApiError } from 'meilisearch'
import { beforeEach, describe, expect, it } from 'vitest'
import { CONTRACT_DOCUMENTS, runSearchContract } from './contract.ts'
import {
  FILTERABLE_ATTRIBUTES,
  MEILISEARCH_INDEX_UID,
  MeilisearchIntermediarySearch,
  SEARCHABLE_ATTRIBUTES,
  SORTABLE_ATTRIBUTES,
  buildFilter,
  filterString,
} from './meilisearch.ts'
import { mockServer } from '#tests/mocks/server.ts'
import { MEILI_TEST_HOST, meilisearchHandlers, meilisearchMockState, resetMeilisearchMock } from '#tests/mocks/meilisearch.ts'

const KEY = 'test-master-key-0123456789'

beforeEach(() => resetMeilisearchMock(MEILI_TEST_HOST))

// As in production: a key is configured, and every request must carry it.
runSearchContract('meilisearch (msw model of the HTTP API, with an API key)', () => {
  mockServer.use(...meilisearchHandlers(MEILI_TEST_HOST, { apiKey: KEY }))
  return new MeilisearchIntermediarySearch({ host: MEILI_TEST_HOST, apiKey: KEY })
})

function adapter(apiKey?: string) {
  return new MeilisearchIntermediarySearch({ host: MEILI_TEST_HOST, apiKey })
}

function apiError(error: unknown) {
  expect(error).toBeInstanceOf(MeilisearchApiError)
  const apiError = error as MeilisearchApiError
  return { status: apiError.response?.status, ...(apiError.cause as { code: string; type: string; message: string; link: string }) }
}

describe('MeilisearchIntermediarySearch requests', () => {
  it('creates the index with primary key id and applies the settings', async () => {
    await adapter().init()
    const state = meilisearchMockState(MEILI_TEST_HOST)
    const index = state.indexes.get(MEILISEARCH_INDEX_UID)!
    expect(index.primaryKey).toBe('id')
    expect(index.settings.searchableAttributes).toEqual(SEARCHABLE_ATTRIBUTES)
    expect(index.settings.filterableAttributes).toEqual(FILTERABLE_ATTRIBUTES)
    expect(index.settings.sortableAttributes).toEqual(SORTABLE_ATTRIBUTES)
    expect(index.settings.synonyms).toEqual({})
    expect(index.settings.typoTolerance).toMatchObject({ enabled: false })
    expect(index.settings.dictionary).toEqual([])
    expect(state.tasks.every((task) => task.status === 'succeeded')).toBe(true)
    // A second init finds the index and only re-applies the settings.
    await adapter().init()
    expect(state.tasks.filter((task) => task.type === 'indexCreation')).toHaveLength(1)
  })

  it('sends matchingStrategy all, phrases for several-word chunks, the filter as quoted expressions and the sort with newest as tiebreaker', async () => {
    const search = adapter()
    await search.init()
    await search.upsert(CONTRACT_DOCUMENTS)
    await search.search({ q: '蜀安，Ｍａ６', serviceItemCodes: ['SI-WATER', 'a"b'], regionCode: '510100', creditLevels: ['A'], verifiedOnly: true, excludeBlacklisted: true, excludeSuspended: true, sort: 'credit', page: 2, pageSize: 5 })
    const request = meilisearchMockState(MEILI_TEST_HOST).requests.filter((r) => r.path.endsWith('/search')).at(-1)!
    expect(request.path).toBe(`/indexes/${MEILISEARCH_INDEX_UID}/search`)
    expect(request.body).toEqual({
      q: '"蜀安" ma6',
      page: 2,
      hitsPerPage: 5,
      attributesToRetrieve: ['id'],
      matchingStrategy: 'all',
      filter: [
        'serviceItemCodes IN ["SI-WATER", "a\\"b"]',
        'regionPath = "510100"',
        'creditLevel IN ["A"]',
        'hasVerifiedQualification = true',
        'blacklisted = false',
        'suspended = false',
      ],
      sort: ['creditScore:desc', 'createdAt:desc'],
      locales: ['cmn'],
    })
  })

  it('quotes filter values the way the server unescapes them (only \\")', () => {
    expect(filterString('a"b')).toBe('"a\\"b"')
    expect(() => filterString('a\\b')).toThrow(RangeError)
    expect(buildFilter({ page: 1, pageSize: 1 })).toEqual([])
  })

  it('stores the expansions and USCC suffixes on each document', async () => {
    const search = adapter()
    await search.init()
    await search.upsert([CONTRACT_DOCUMENTS[0]!])
    const stored = meilisearchMockState(MEILI_TEST_HOST).indexes.get(MEILISEARCH_INDEX_UID)!.documents.get('shuan')!
    expect(stored.expansions).toEqual(['水保', '环境影响报告', '环境影响登记', '环境影响评价'])
    expect(stored.usccSuffixes).toContain('ma6cj8x83l')
    expect(stored.usccSuffixes).not.toContain('83l')
  })

  it('asks once more, loosely, when a phrase finds nothing', async () => {
    const search = adapter()
    await search.init()
    await search.upsert(CONTRACT_DOCUMENTS)
    expect((await search.search({ q: '成都环评公司', page: 1, pageSize: 5 })).ids.sort()).toEqual(['huaxin', 'shuan'])
    const queries = meilisearchMockState(MEILI_TEST_HOST).requests.filter((r) => r.path.endsWith('/search')).map((r) => (r.body as { q: string }).q)
    expect(queries).toEqual(['"成都环评公司"', '成都 环评 公司'])
  })

  it('waits for tasks: documents are searchable as soon as upsert resolves', async () => {
    const search = adapter()
    await search.init()
    await search.upsert(CONTRACT_DOCUMENTS)
    expect((await search.search({ q: '蜀安', page: 1, pageSize: 5 })).ids).toEqual(['shuan'])
    expect(meilisearchMockState(MEILI_TEST_HOST).tasks.every((task) => task.status === 'succeeded')).toBe(true)
  })

  it('fails when Meilisearch reports a failed task', async () => {
    const search = adapter()
    await search.init()
    await expect(search.upsert([{ ...CONTRACT_DOCUMENTS[0]!, id: 'not valid!' }])).rejects.toThrow(/invalid_document_id|Document identifier/)
  })

  it('upserts in batches of 1000', async () => {
    const search = adapter()
    await search.init()
    const base = CONTRACT_DOCUMENTS[0]!
    await search.upsert(Array.from({ length: 2500 }, (_, i) => ({ ...base, id: `d${i}` })))
    expect(await search.count()).toBe(2500)
    const additions = meilisearchMockState(MEILI_TEST_HOST).requests.filter((r) => r.method === 'POST' && r.path.startsWith(`/indexes/${MEILISEARCH_INDEX_UID}/documents?`))
    expect(additions.map((r) => (r.body as unknown[]).length)).toEqual([1000, 1000, 500])
    expect(additions[0]!.path).toContain('primaryKey=id')
  })
})

describe('the Meilisearch mock is strict', () => {
  it('401 without the key, 403 with a wrong one', async () => {
    mockServer.use(...meilisearchHandlers(MEILI_TEST_HOST, { apiKey: KEY }))
    const missing = await adapter().init().catch((error: unknown) => error)
    expect(apiError(missing)).toMatchObject({ status: 401, code: 'missing_authorization_header', type: 'auth', link: 'https://docs.meilisearch.com/errors#missing_authorization_header' })
    const wrong = await adapter('wrong-key').init().catch((error: unknown) => error)
    expect(apiError(wrong)).toMatchObject({ status: 403, code: 'invalid_api_key', type: 'auth' })
  })

  it('does not apply a task before it is polled (a missing waitTask shows)', async () => {
    const client = new Meilisearch({ host: MEILI_TEST_HOST })
    await client.createIndex('raw', { primaryKey: 'id' }).waitTask()
    const enqueued = await client.index('raw').addDocuments([{ id: 'x', name: '蜀安' }])
    expect(enqueued.status).toBe('enqueued')
    expect((await client.index('raw').search('蜀安')).hits).toEqual([])
    await client.tasks.waitForTask(enqueued.taskUid)
    expect((await client.index('raw').search('蜀安')).hits).toEqual([{ id: 'x', name: '蜀安' }])
  })

  it('rejects bad filters, non-filterable attributes and non-sortable sorts like the real server', async () => {
    await adapter().init()
    const index = new Meilisearch({ host: MEILI_TEST_HOST }).index(MEILISEARCH_INDEX_UID)
    const attempt = (params: Record<string, unknown>) => index.search('', params).catch((error: unknown) => apiError(error))
    expect(await attempt({ filter: 'name = "x"' })).toMatchObject({ status: 400, code: 'invalid_search_filter', message: expect.stringContaining('Attribute `name` is not filterable') })
    expect(await attempt({ filter: 'regionPath = "5101' })).toMatchObject({ status: 400, code: 'invalid_search_filter' })
    expect(await attempt({ filter: 'regionPath "510100"' })).toMatchObject({ status: 400, code: 'invalid_search_filter' })
    expect(await attempt({ filter: 'creditScore > 3' })).toMatchObject({ status: 400, code: 'invalid_search_filter' })
    expect(await attempt({ filter: 'blacklisted = false AND' })).toMatchObject({ status: 400, code: 'invalid_search_filter' })
    expect(await attempt({ sort: ['name:asc'] })).toMatchObject({ status: 400, code: 'invalid_search_sort', message: expect.stringContaining('is not sortable') })
    expect(await attempt({ sort: ['createdAt'] })).toMatchObject({ status: 400, code: 'invalid_search_sort' })
    expect(await attempt({ hitsPerPage: -1 })).toMatchObject({ status: 400, code: 'invalid_search_hits_per_page' })
    expect(await attempt({ bogus: 1 })).toMatchObject({ status: 400, code: 'bad_request' })
    const ok = await index.search('', { filter: ['(creditLevel = A OR creditLevel = "B") AND NOT suspended = true', ['blacklisted = false', 'blacklisted = true']] })
    expect(ok.hits).toEqual([])
  })

  it('validates settings', async () => {
    const index = new Meilisearch({ host: MEILI_TEST_HOST }).index('strict')
    const attempt = (settings: Record<string, unknown>) => index.updateSettings(settings as never).catch((error: unknown) => apiError(error))
    expect(await attempt({ filterableAttributes: 'regionPath' })).toMatchObject({ status: 400, code: 'invalid_settings_filterable_attributes' })
    expect(await attempt({ searchableAttributes: [1] })).toMatchObject({ status: 400, code: 'invalid_settings_searchable_attributes' })
    expect(await attempt({ sortable: ['x'] })).toMatchObject({ status: 400, code: 'bad_request' })
  })

  it('answers index_not_found for a missing index', async () => {
    const error = await new Meilisearch({ host: MEILI_TEST_HOST }).index('missing').search('').catch((e: unknown) => e)
    expect(apiError(error)).toMatchObject({ status: 404, code: 'index_not_found' })
  })
})
