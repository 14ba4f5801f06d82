// A real Meilisearch's bad days, replayed through the msw model: each test fails without the
// handling it names (see the adapter's header in meilisearch.ts).
import { Meilisearch } from 'meilisearch'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { CONTRACT_DOCUMENTS } from './contract.ts'
import {
  MEILISEARCH_INDEX_UID,
  MeilisearchIntermediarySearch,
  MeilisearchTaskFailedError,
  MeilisearchTaskPendingError,
  type MeilisearchAdapterOptions,
} from './meilisearch.ts'
import { SearchIndexResetError, SearchUnavailableError, type SearchQuery } from './port.ts'
import { mockServer } from '#tests/mocks/server.ts'
import { MEILI_TEST_HOST, meilisearchFaults, meilisearchHandlers, meilisearchMockState, resetMeilisearchMock } from '#tests/mocks/meilisearch.ts'

const faults = meilisearchFaults(MEILI_TEST_HOST)
const state = () => meilisearchMockState(MEILI_TEST_HOST)
const searches = () => state().requests.filter((request) => request.path === `/indexes/${MEILISEARCH_INDEX_UID}/search`)
const QUERY: SearchQuery = { q: '环评', excludeBlacklisted: true, sort: 'newest', page: 1, pageSize: 10 }

/** Fast timings so that a test of timeouts and backoff takes milliseconds. */
function adapter(options: Partial<MeilisearchAdapterOptions> = {}) {
  return new MeilisearchIntermediarySearch({
    host: MEILI_TEST_HOST,
    requestTimeout: 100,
    retries: 2,
    retryDelay: 5,
    maxRetryDelay: 20,
    taskTimeout: 300,
    taskPollInterval: 5,
    ...options,
  })
}

async function loaded(options: Partial<MeilisearchAdapterOptions> = {}) {
  const search = adapter(options)
  await search.init()
  await search.upsert(CONTRACT_DOCUMENTS)
  return search
}

beforeEach(() => resetMeilisearchMock(MEILI_TEST_HOST))

describe('reads survive a struggling server', () => {
  it('retries a search answered 503 too_many_search_requests, waiting no longer than the cap whatever Retry-After says', async () => {
    const search = await loaded()
    faults.overloadSearches(2)
    const started = performance.now()
    expect((await search.search(QUERY)).ids).toEqual(['huaxin', 'shuan'])
    expect(performance.now() - started).toBeLessThan(1_000)
    expect(searches()).toHaveLength(3)
  })

  it('gives up after the retries with a SearchUnavailableError (the directory then uses the database)', async () => {
    const search = await loaded()
    faults.overloadSearches(10)
    await expect(search.search(QUERY)).rejects.toThrow(SearchUnavailableError)
    expect(searches()).toHaveLength(3)
  })

  it('times out a request that hangs, and retries it', async () => {
    const search = await loaded()
    faults.hang(1, (request) => request.path.endsWith('/search'))
    const started = performance.now()
    expect((await search.search(QUERY)).ids).toEqual(['huaxin', 'shuan'])
    expect(performance.now() - started).toBeGreaterThanOrEqual(90)
    expect(searches()).toHaveLength(2)
  })

  it('a server that never answers costs the request timeout per attempt, then SearchUnavailableError', async () => {
    const search = await loaded()
    faults.hang(10, (request) => request.path.endsWith('/search'))
    const started = performance.now()
    const error = await search.search(QUERY).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SearchUnavailableError)
    expect((error as Error).message).toMatch(/timed out/)
    expect(performance.now() - started).toBeLessThan(2_000)
  })

  it('a proxy’s HTML error page is a transient failure, not a SyntaxError', async () => {
    const search = await loaded()
    faults.proxyError(1, (request) => request.path.endsWith('/search'))
    expect((await search.search(QUERY)).ids).toEqual(['huaxin', 'shuan'])
    faults.proxyError(10)
    const error = await search.search(QUERY).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SearchUnavailableError)
    expect((error as Error).message).toMatch(/not JSON/)
  })

  it('counts through a search-only key', async () => {
    mockServer.use(...meilisearchHandlers(MEILI_TEST_HOST, { apiKey: 'master', keys: [{ key: 'reader', actions: ['search'], indexes: ['*'] }] }))
    await (await loaded({ apiKey: 'master' })).count()
    expect(await adapter({ apiKey: 'reader' }).count()).toBe(5)
  })
})

describe('tasks', () => {
  it('a failed task is an error naming the task and the server’s reason', async () => {
    const search = await loaded()
    faults.failTasks({ code: 'internal', message: 'No space left on device (os error 28)', type: 'documentAdditionOrUpdate' })
    const error = await search.upsert([CONTRACT_DOCUMENTS[0]!]).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MeilisearchTaskFailedError)
    expect((error as Error).message).toMatch(/No space left/)
  })

  it('a task that outlives the wait is reported as pending (it may still succeed), without blocking longer', async () => {
    const search = await loaded()
    faults.slowTasks({ polls: 1_000, type: 'documentAdditionOrUpdate' })
    const started = performance.now()
    const error = await search.upsert([{ ...CONTRACT_DOCUMENTS[0]!, name: '四川蜀安生态咨询有限公司' }]).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MeilisearchTaskPendingError)
    expect(performance.now() - started).toBeLessThan(1_500)
    expect(state().tasks.at(-1)!.status).toBe('processing')
  })
})

describe('an index lost while the app runs', () => {
  it('found missing at a search: settings back at once, a rebuild asked for, and the database answers until it is done', async () => {
    const search = await loaded()
    const reset = vi.fn()
    search.onReset(reset)
    faults.deleteIndex(MEILISEARCH_INDEX_UID)
    await expect(search.search(QUERY)).rejects.toThrow(SearchIndexResetError)
    expect(reset).toHaveBeenCalledOnce()
    expect(state().indexes.get(MEILISEARCH_INDEX_UID)!.settings.filterableAttributes).toContain('blacklisted')
    await expect(search.search(QUERY)).rejects.toThrow(SearchIndexResetError)
    await search.rebuild((write) => write(CONTRACT_DOCUMENTS))
    expect((await search.search(QUERY)).ids).toEqual(['huaxin', 'shuan'])
  })

  it('found missing before a write: settings applied first, so that the write does not re-create it bare', async () => {
    const search = await loaded()
    const reset = vi.fn()
    search.onReset(reset)
    faults.deleteIndex(MEILISEARCH_INDEX_UID)
    await search.upsert([CONTRACT_DOCUMENTS[0]!])
    expect(reset).toHaveBeenCalledOnce()
    await search.rebuild((write) => write(CONTRACT_DOCUMENTS))
    expect((await search.search(QUERY)).ids).toEqual(['huaxin', 'shuan'])
  })

  it('re-created bare by another process’s write: the refused filter is recognized and the settings come back', async () => {
    const search = await loaded()
    search.onReset(() => {})
    faults.deleteIndex(MEILISEARCH_INDEX_UID)
    await new Meilisearch({ host: MEILI_TEST_HOST }).index(MEILISEARCH_INDEX_UID).addDocuments([{ id: 'x' }]).waitTask()
    expect(state().indexes.get(MEILISEARCH_INDEX_UID)!.settings.filterableAttributes).toEqual([])
    await expect(search.search(QUERY)).rejects.toThrow(SearchIndexResetError)
    expect(state().indexes.get(MEILISEARCH_INDEX_UID)!.settings.filterableAttributes).toContain('blacklisted')
  })
})

describe('keys and rebuilds', () => {
  it('a search-only key: init does not fail, the adapter is read-only and searches', async () => {
    mockServer.use(...meilisearchHandlers(MEILI_TEST_HOST, { apiKey: 'master', keys: [{ key: 'reader', actions: ['search'], indexes: ['*'] }] }))
    await loaded({ apiKey: 'master' })
    const warn = vi.fn()
    const reader = adapter({ apiKey: 'reader', warn })
    await reader.init()
    expect(reader.writable).toBe(false)
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/403/), expect.anything())
    expect((await reader.search(QUERY)).ids).toEqual(['huaxin', 'shuan'])
  })

  it('rebuild fills a new index and swaps it in: the live index is never emptied', async () => {
    const search = await loaded()
    const seen: number[] = []
    await search.rebuild(async (write) => {
      for (const doc of CONTRACT_DOCUMENTS) {
        await write([doc])
        seen.push((await search.search({ page: 1, pageSize: 10 })).total)
      }
    })
    expect(seen).toEqual([5, 5, 5, 5, 5])
    const paths = state().requests.map((request) => `${request.method} ${request.path.replace(/\?.*/, '')}`)
    expect(paths).toContain('POST /swap-indexes')
    expect(paths).not.toContain(`DELETE /indexes/${MEILISEARCH_INDEX_UID}/documents`)
    expect([...state().indexes.keys()]).toEqual([MEILISEARCH_INDEX_UID])
  })

  it('a rebuild that fails leaves the live index as it was and drops the partial one', async () => {
    const search = await loaded()
    await expect(
      search.rebuild(async (write) => {
        await write([CONTRACT_DOCUMENTS[0]!])
        throw new Error('database went away')
      }),
    ).rejects.toThrow('database went away')
    expect((await search.search({ page: 1, pageSize: 10 })).total).toBe(5)
    expect([...state().indexes.keys()]).toEqual([MEILISEARCH_INDEX_UID])
  })
})
