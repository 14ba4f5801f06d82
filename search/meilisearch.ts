// The Meilisearch adapter (used when MEILI_HOST is set), on the official `meilisearch` client.
//
// Same answers as the embedded index: the documents carry the `expansions` and `usccSuffixes` the
// app derives (document.ts), the settings leave Meilisearch's tokenizer at its defaults with typo
// tolerance and synonyms off, and queries follow words.ts: one-word chunks bare (the last one as a
// prefix), several-word chunks as "phrases", matchingStrategy "all", and the loose retry when that
// finds nothing.
//
// Surviving a real server:
// - every request has a timeout; reads (search, stats, index and task look-ups) are retried with
//   backoff on 502/503/504 (honouring Retry-After up to a cap), timeouts, network errors and answers
//   that are not JSON (a proxy's error page); what still fails is a SearchUnavailableError;
// - tasks are awaited by polling with our own deadline; a task that outlives it is a
//   MeilisearchTaskPendingError (the caller retries later; nothing waits inside a transaction);
// - an index found missing, or stripped of its settings (re-created by a document addition), gets
//   its settings back at once and the listeners of onReset() are told (the app rebuilds it); until
//   a rebuild completes, searches raise SearchIndexResetError so the directory answers from the
//   database instead of from an incomplete index;
// - a key that may only search (403 on settings) leaves the adapter read-only instead of failing;
// - rebuild() fills a fresh index and swaps it in with POST /swap-indexes: the live index is never
//   empty.
import {
  Meilisearch,
  MeilisearchApiError,
  MeilisearchRequestError,
  type EnqueuedTask,
  type EnqueuedTaskPromise,
  type Settings,
  type Task,
} from 'meilisearch'
import { SEARCHABLE_FIELDS, searchableValues } from './document.ts'
import { meilisearchQueryString, planQuery } from './words.ts'
import {
  normalizePaging,
  SearchIndexResetError,
  SearchUnavailableError,
  type IntermediaryDocument,
  type IntermediarySearch,
  type RebuildWriter,
  type SearchQuery,
  type SearchResult,
} from './port.ts'

export const MEILISEARCH_INDEX_UID = 'intermediaries'
const BATCH_SIZE = 1000

export const SEARCHABLE_ATTRIBUTES: string[] = [...SEARCHABLE_FIELDS]
export const FILTERABLE_ATTRIBUTES = [
  'serviceItemCodes',
  'fieldCodes',
  'regionPath',
  'creditLevel',
  'hasVerifiedQualification',
  'blacklisted',
  'suspended',
]
export const SORTABLE_ATTRIBUTES = ['creditScore', 'ratingAverage', 'createdAt']
const HAN_ATTRIBUTES = ['name', 'shortName', 'serviceItemNames', 'expansions', 'introduction']

export function meilisearchSettings(): Settings {
  return {
    searchableAttributes: SEARCHABLE_ATTRIBUTES,
    filterableAttributes: FILTERABLE_ATTRIBUTES,
    sortableAttributes: SORTABLE_ATTRIBUTES,
    // `sort` first so that an explicit sort (credit, rating, newest) is strict; without a sort
    // parameter the rule is a no-op and the relevance rules decide, then newest first.
    rankingRules: ['sort', 'words', 'typo', 'proximity', 'attribute', 'exactness', 'createdAt:desc'],
    // The matching rule (words.ts) is Meilisearch's default tokenizer with nothing added: no
    // synonyms (expansions are stored on the documents), no typos (the embedded index has none),
    // and whatever an operator may have set for the other knobs is reset.
    synonyms: {},
    typoTolerance: { enabled: false },
    dictionary: [],
    separatorTokens: [],
    nonSeparatorTokens: [],
    stopWords: [],
    // Short Han strings are otherwise sometimes detected as Japanese and segmented as such.
    localizedAttributes: [{ attributePatterns: HAN_ATTRIBUTES, locales: ['cmn'] }],
    pagination: { maxTotalHits: 10_000 },
  }
}

/**
 * A string literal in Meilisearch's filter syntax. The server's parser unescapes only `\"`, so
 * quotes are escaped and nothing else; a backslash could not always be expressed and is refused
 * (the values are codes, which never contain one).
 */
export function filterString(value: string): string {
  if (value.includes('\\')) throw new RangeError(`a filter value cannot contain a backslash: ${JSON.stringify(value)}`)
  return `"${value.replace(/"/g, '\\"')}"`
}

/** The filter expressions (ANDed as an array) for a query. */
export function buildFilter(query: SearchQuery): string[] {
  const filter: string[] = []
  if (query.serviceItemCodes?.length) {
    filter.push(`serviceItemCodes IN [${query.serviceItemCodes.map(filterString).join(', ')}]`)
  }
  if (query.fieldCode) filter.push(`fieldCodes = ${filterString(query.fieldCode)}`)
  if (query.regionCode) filter.push(`regionPath = ${filterString(query.regionCode)}`)
  if (query.creditLevels?.length) filter.push(`creditLevel IN [${query.creditLevels.map(filterString).join(', ')}]`)
  if (query.verifiedOnly) filter.push('hasVerifiedQualification = true')
  if (query.excludeBlacklisted) filter.push('blacklisted = false')
  if (query.excludeSuspended) filter.push('suspended = false')
  return filter
}

export function buildSort(sort: SearchQuery['sort']): string[] | undefined {
  switch (sort ?? 'relevance') {
    case 'credit':
      return ['creditScore:desc', 'createdAt:desc']
    case 'rating':
      return ['ratingAverage:desc', 'createdAt:desc']
    case 'newest':
      return ['createdAt:desc']
    default:
      return undefined
  }
}

type MeiliDocument = IntermediaryDocument & { usccSuffixes: string[]; expansions: string[] }

function toMeiliDocument(doc: IntermediaryDocument): MeiliDocument {
  const values = searchableValues(doc)
  return {
    id: doc.id,
    name: doc.name,
    shortName: doc.shortName ?? null,
    uscc: doc.uscc,
    usccSuffixes: values.usccSuffixes,
    regionCode: doc.regionCode,
    regionPath: doc.regionPath,
    serviceItemCodes: doc.serviceItemCodes,
    serviceItemNames: doc.serviceItemNames,
    expansions: values.expansions,
    fieldCodes: doc.fieldCodes,
    introduction: doc.introduction ?? null,
    creditScore: doc.creditScore,
    creditLevel: doc.creditLevel,
    ratingAverage: doc.ratingAverage,
    hasVerifiedQualification: doc.hasVerifiedQualification,
    blacklisted: doc.blacklisted,
    suspended: doc.suspended,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  }
}

export class MeilisearchTaskFailedError extends Error {
  constructor(readonly task: Task) {
    super(`Meilisearch task ${task.uid} (${task.type}) ${task.status}: ${task.error?.message ?? 'no error reported'}`)
    this.name = 'MeilisearchTaskFailedError'
  }
}

/** A task still enqueued or processing when the wait ended; it may yet succeed. */
export class MeilisearchTaskPendingError extends Error {
  constructor(
    readonly taskUid: number,
    readonly waitedMs: number,
  ) {
    super(`Meilisearch task ${taskUid} did not finish within ${waitedMs} ms; it may still complete`)
    this.name = 'MeilisearchTaskPendingError'
  }
}

export type MeilisearchAdapterOptions = {
  host: string
  apiKey?: string
  indexUid?: string
  /** How long to wait for one task (ms). */
  taskTimeout?: number
  /** Delay between two looks at a pending task (ms). */
  taskPollInterval?: number
  /** Timeout of one HTTP request (ms). */
  requestTimeout?: number
  /** Extra attempts for a read that failed transiently. */
  retries?: number
  /** First backoff delay (ms); doubled at each attempt, with jitter. */
  retryDelay?: number
  /** No single wait between attempts is longer (ms), whatever Retry-After asks. */
  maxRetryDelay?: number
  /** Where warnings go (the key's permissions, recoveries). */
  warn?: (message: string, details?: Record<string, unknown>) => void
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The API error behind a client error, if the server answered with one. */
function apiErrorOf(error: unknown): MeilisearchApiError | null {
  if (error instanceof MeilisearchApiError) return error
  if (error instanceof MeilisearchRequestError && error.cause instanceof MeilisearchApiError) return error.cause
  return null
}

function errorCode(error: unknown): string | undefined {
  return apiErrorOf(error)?.cause?.code
}

function isForbidden(error: unknown): boolean {
  const api = apiErrorOf(error)
  return api?.response.status === 403
}

/**
 * A Retry-After header in ms: seconds, or an HTTP date measured against the response's own Date
 * header (the server's clock, not ours); null when absent or unreadable.
 */
function retryAfterMs(error: unknown): number | null {
  const headers = apiErrorOf(error)?.response.headers
  const header = headers?.get('retry-after')
  if (!header) return null
  const seconds = Number(header)
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
  const until = Date.parse(header)
  const sent = Date.parse(headers?.get('date') ?? '')
  return Number.isNaN(until) || Number.isNaN(sent) ? null : Math.max(0, until - sent)
}

/**
 * Whether an error is worth retrying: a gateway or overload status, a timeout or network failure,
 * or an answer that is not JSON (the client's JSON.parse throws a SyntaxError on a proxy's page).
 */
function isTransient(error: unknown): boolean {
  const api = apiErrorOf(error)
  if (api) return [502, 503, 504].includes(api.response.status) || api.cause?.code === 'too_many_search_requests'
  return error instanceof MeilisearchRequestError || error instanceof SyntaxError
}

function describe(error: unknown): string {
  if (error instanceof SyntaxError) return `the answer was not JSON (a proxy's error page?): ${error.message}`
  const api = apiErrorOf(error)
  if (api) return `${api.response.status} ${api.cause?.code ?? ''} ${api.message}`.trim()
  if (error instanceof MeilisearchRequestError) return `${error.message}: ${String((error.cause as Error | undefined)?.message ?? error.cause)}`
  return error instanceof Error ? error.message : String(error)
}

/** The index lost its settings: a filter or sort on an attribute we declare is refused. */
function isMissingSettings(error: unknown): boolean {
  const api = apiErrorOf(error)
  const code = api?.cause?.code
  return (code === 'invalid_search_filter' || code === 'invalid_search_sort') && /is not (filterable|sortable)/.test(api!.message)
}

export class MeilisearchIntermediarySearch implements IntermediarySearch {
  readonly kind = 'meilisearch' as const
  private readonly client: Meilisearch
  private readonly uid: string
  private readonly options: Required<Omit<MeilisearchAdapterOptions, 'apiKey' | 'indexUid' | 'warn'>> & Pick<MeilisearchAdapterOptions, 'warn'>
  private readonly resetListeners: Array<() => void> = []
  private canWrite = true
  /** Set when the index was found reset; cleared by a completed rebuild. */
  private stale = false

  constructor(options: MeilisearchAdapterOptions) {
    this.options = {
      host: options.host,
      taskTimeout: options.taskTimeout ?? 30_000,
      taskPollInterval: options.taskPollInterval ?? 50,
      requestTimeout: options.requestTimeout ?? 5_000,
      retries: options.retries ?? 2,
      retryDelay: options.retryDelay ?? 100,
      maxRetryDelay: options.maxRetryDelay ?? 1_000,
      warn: options.warn,
    }
    this.client = new Meilisearch({ host: options.host, apiKey: options.apiKey || undefined, timeout: this.options.requestTimeout })
    this.uid = options.indexUid ?? MEILISEARCH_INDEX_UID
  }

  get writable(): boolean {
    return this.canWrite
  }

  onReset(listener: () => void): void {
    this.resetListeners.push(listener)
  }

  private index(uid = this.uid) {
    return this.client.index<MeiliDocument>(uid)
  }

  /** A read, retried on transient failures; SearchUnavailableError when they persist. */
  private async read<T>(what: string, run: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await run()
      } catch (error) {
        if (!isTransient(error)) throw error
        if (attempt >= this.options.retries) {
          throw new SearchUnavailableError(`Meilisearch ${what} failed after ${attempt + 1} attempts: ${describe(error)}`, { cause: error })
        }
        const backoff = this.options.retryDelay * 2 ** attempt * (1 + Math.random() / 2)
        await sleep(Math.min(retryAfterMs(error) ?? backoff, this.options.maxRetryDelay))
      }
    }
  }

  /** A write (not retried here: the outbox retries); transient failures become SearchUnavailableError. */
  private async write(what: string, run: () => EnqueuedTaskPromise): Promise<Task> {
    let enqueued: EnqueuedTask
    try {
      enqueued = await run()
    } catch (error) {
      if (isTransient(error)) throw new SearchUnavailableError(`Meilisearch ${what} failed: ${describe(error)}`, { cause: error })
      throw error
    }
    return this.waitFor(enqueued.taskUid)
  }

  /** Polls a task until it ends or the deadline passes (real timers: this is HTTP-client time). */
  private async waitFor(taskUid: number): Promise<Task> {
    const started = performance.now()
    for (;;) {
      const task = await this.read('task look-up', () => this.client.tasks.getTask(taskUid))
      if (task.status === 'succeeded') return task
      if (task.status === 'failed' || task.status === 'canceled') throw new MeilisearchTaskFailedError(task)
      const waited = performance.now() - started
      if (waited >= this.options.taskTimeout) throw new MeilisearchTaskPendingError(taskUid, Math.round(waited))
      await sleep(Math.min(this.options.taskPollInterval, this.options.taskTimeout - waited))
    }
  }

  /** Creates the index when missing (a concurrent creation is fine). Returns whether it did. */
  private async ensureIndex(uid: string): Promise<boolean> {
    try {
      await this.read('index look-up', () => this.client.getRawIndex(uid))
      return false
    } catch (error) {
      if (errorCode(error) !== 'index_not_found') throw error
    }
    try {
      await this.write('index creation', () => this.client.createIndex(uid, { primaryKey: 'id' }))
    } catch (error) {
      if (!(error instanceof MeilisearchTaskFailedError) || error.task.error?.code !== 'index_already_exists') throw error
    }
    return true
  }

  private async configure(uid: string): Promise<void> {
    await this.ensureIndex(uid)
    await this.write('settings update', () => this.index(uid).updateSettings(meilisearchSettings()))
  }

  async init(): Promise<void> {
    try {
      await this.configure(this.uid)
      this.canWrite = true
    } catch (error) {
      if (!isForbidden(error)) throw error
      // A key that may search but not manage the index: run read-only, and say so.
      this.canWrite = false
      this.options.warn?.('MEILI_KEY may not manage the index (403): settings not applied, searching only; index writes will fail', {
        index: this.uid,
      })
      await this.search({ page: 1, pageSize: 1, excludeBlacklisted: true, sort: 'newest' })
    }
  }

  /** The index is gone or has lost its settings: give them back and have it rebuilt. */
  private async recover(reason: string): Promise<void> {
    this.options.warn?.(`Meilisearch index ${this.uid} ${reason}: settings re-applied, rebuild requested`)
    await this.configure(this.uid)
    if (this.resetListeners.length > 0) this.stale = true
    for (const listener of this.resetListeners) listener()
  }

  /** Before a write: an index deleted behind our back would be re-created with default settings. */
  private async ensureLive(): Promise<void> {
    if (await this.ensureIndex(this.uid)) await this.recover('was missing')
  }

  async upsert(docs: IntermediaryDocument[]): Promise<void> {
    if (docs.length === 0) return
    await this.ensureLive()
    await this.addTo(this.uid, docs)
  }

  private async addTo(uid: string, docs: IntermediaryDocument[]): Promise<void> {
    const enqueued: EnqueuedTask[] = []
    for (let start = 0; start < docs.length; start += BATCH_SIZE) {
      const batch = docs.slice(start, start + BATCH_SIZE).map(toMeiliDocument)
      try {
        enqueued.push(await this.index(uid).addDocuments(batch, { primaryKey: 'id' }))
      } catch (error) {
        if (isTransient(error)) throw new SearchUnavailableError(`Meilisearch document addition failed: ${describe(error)}`, { cause: error })
        throw error
      }
    }
    for (const task of enqueued) await this.waitFor(task.taskUid)
  }

  async remove(ids: string[]): Promise<void> {
    if (ids.length === 0) return
    await this.ensureLive()
    await this.write('document deletion', () => this.index().deleteDocuments(ids))
  }

  async clear(): Promise<void> {
    await this.write('document deletion', () => this.index().deleteAllDocuments())
  }

  async count(): Promise<number> {
    try {
      const stats = await this.read('stats', () => this.index().getStats())
      return stats.numberOfDocuments
    } catch (error) {
      if (!isForbidden(error)) throw error
      // A search-only key: count through a search (exact up to maxTotalHits).
      const response = await this.read('search', () => this.index().search('', { page: 1, hitsPerPage: 0 }))
      return response.totalHits
    }
  }

  async rebuild(fill: (write: RebuildWriter) => Promise<void>): Promise<void> {
    const next = `${this.uid}_rebuild_${crypto.randomUUID().slice(0, 13)}`
    try {
      await this.configure(next)
      await fill((docs) => this.addTo(next, docs))
      await this.ensureIndex(this.uid)
      await this.write('index swap', () => this.client.swapIndexes([{ indexes: [this.uid, next], rename: false }]))
      this.stale = false
    } finally {
      // After a swap this holds the old documents; after a failure, the partial new ones.
      await this.write('index deletion', () => this.client.deleteIndex(next)).catch((error: unknown) => {
        this.options.warn?.(`could not delete Meilisearch index ${next}: ${describe(error)}`)
      })
    }
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    if (this.stale) throw new SearchIndexResetError(`Meilisearch index ${this.uid} is being rebuilt`)
    const { page, pageSize } = normalizePaging(query)
    const filter = buildFilter(query)
    const sort = buildSort(query.sort)
    const plan = planQuery(query.q)
    const ask = async (q: string) => {
      try {
        return await this.read('search', () =>
          this.index().search(q, {
            page,
            hitsPerPage: pageSize,
            attributesToRetrieve: ['id'],
            matchingStrategy: 'all',
            ...(filter.length ? { filter } : {}),
            ...(sort ? { sort } : {}),
            locales: ['cmn'],
          }),
        )
      } catch (error) {
        const code = errorCode(error)
        if (code === 'index_not_found' || isMissingSettings(error)) {
          await this.recover(code === 'index_not_found' ? 'was missing' : 'had lost its settings')
          throw new SearchIndexResetError(`Meilisearch index ${this.uid} was reset: ${describe(error)}`, { cause: error })
        }
        throw error
      }
    }
    let response = await ask(meilisearchQueryString(plan.chunks))
    if (response.totalHits === 0 && plan.loose) response = await ask(meilisearchQueryString(plan.loose))
    return { ids: response.hits.map((hit) => String(hit.id)), total: response.totalHits }
  }
}
