// msw handlers modelling the Meilisearch HTTP API (v1.x) closely enough that a wrong request fails
// and a real server's bad day can be replayed: an in-memory store per host; asynchronous tasks that
// only take effect once polled (GET /tasks/:uid, as a client's wait does) and can be made to fail or
// to stay processing; settings validation; the query model of meilisearch-engine.ts (real Chinese
// segmentation, `last` as the default matchingStrategy, prefix on the last word, phrases, ngrams,
// split words, tokenized synonyms); the filter grammar of meilisearch-filter.ts (its escaping
// included); page/hitsPerPage pagination capped by maxTotalHits; index swaps; an index deleted
// while clients run (a document addition re-creates it with default settings, as the server does);
// keys with scopes (a search-only key gets 403 invalid_api_key elsewhere); and faults
// (meilisearchFaults): 503 too_many_search_requests with Retry-After: 10, requests that hang until
// the client gives up, and a proxy's HTML error page. Error bodies are the server's
// `{ message, code, type, link }`.
import { delay, http, HttpResponse, type RequestHandler } from 'msw'
import { rankDocuments, type SortRule } from '#tests/mocks/meilisearch-engine.ts'
import { evaluate, FilterSyntaxError, filterAttributes, parseFilter } from '#tests/mocks/meilisearch-filter.ts'

export const MEILI_TEST_HOST = 'http://meili.test:7700'

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
type Doc = Record<string, Json>

type IndexSettings = {
  displayedAttributes: string[]
  searchableAttributes: string[]
  filterableAttributes: string[]
  sortableAttributes: string[]
  rankingRules: string[]
  stopWords: string[]
  synonyms: Record<string, string[]>
  dictionary: string[]
  separatorTokens: string[]
  nonSeparatorTokens: string[]
  distinctAttribute: string | null
  typoTolerance: Record<string, Json>
  pagination: { maxTotalHits: number }
  faceting: { maxValuesPerFacet: number }
  localizedAttributes: { attributePatterns: string[]; locales: string[] }[] | null
}

type IndexState = {
  uid: string
  primaryKey: string | null
  createdAt: string
  updatedAt: string
  documents: Map<string, Doc>
  settings: IndexSettings
}

type TaskStatus = 'enqueued' | 'processing' | 'succeeded' | 'failed'

type ApiErrorBody = { message: string; code: string; type: 'invalid_request' | 'auth' | 'internal' | 'system'; link: string }

type MockTask = {
  uid: number
  indexUid: string | null
  status: TaskStatus
  type: string
  details: Record<string, Json>
  error: ApiErrorBody | null
  enqueuedAt: string
  startedAt: string | null
  finishedAt: string | null
  apply: () => ApiErrorBody | null
  /** Polls left during which the task reports `processing` before it is applied. */
  slowPolls: number
  /** When set, the task fails with this error instead of being applied. */
  failure: ApiErrorBody | null
}

/** What a request looks like to a fault's matcher. */
export type FaultRequest = { method: string; path: string }

type Fault = {
  kind: 'overloaded' | 'hang' | 'proxy-error'
  times: number
  matches: (request: FaultRequest) => boolean
}

export type MeilisearchMockState = {
  indexes: Map<string, IndexState>
  tasks: MockTask[]
  /** Every request seen, for assertions: method, path, parsed JSON body and the key used. */
  requests: { method: string; path: string; body: unknown; key: string | null }[]
  faults: Fault[]
  /** Tasks enqueued from now on: fail (with this error) or stay processing for some polls. */
  nextTasks: { failure: ApiErrorBody | null; slowPolls: number; type: string | null; times: number }[]
}

const states = new Map<string, MeilisearchMockState>()

function defaultSettings(): IndexSettings {
  return {
    displayedAttributes: ['*'],
    searchableAttributes: ['*'],
    filterableAttributes: [],
    sortableAttributes: [],
    rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness'],
    stopWords: [],
    synonyms: {},
    dictionary: [],
    separatorTokens: [],
    nonSeparatorTokens: [],
    distinctAttribute: null,
    typoTolerance: {
      enabled: true,
      minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 },
      disableOnWords: [],
      disableOnAttributes: [],
    },
    pagination: { maxTotalHits: 1000 },
    faceting: { maxValuesPerFacet: 100 },
    localizedAttributes: null,
  }
}

/** The store behind a host's handlers (created on first use). */
export function meilisearchMockState(host: string = MEILI_TEST_HOST): MeilisearchMockState {
  let state = states.get(host)
  if (!state) {
    state = { indexes: new Map(), tasks: [], requests: [], faults: [], nextTasks: [] }
    states.set(host, state)
  }
  return state
}

/** Forgets every index, document and task of the host (all hosts when omitted). */
export function resetMeilisearchMock(host?: string): void {
  for (const [key, state] of states) {
    if (host !== undefined && key !== host) continue
    state.indexes.clear()
    state.tasks.length = 0
    state.requests.length = 0
    state.faults.length = 0
    state.nextTasks.length = 0
  }
}

// ---- errors ----

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.message)
  }
}

function errorBody(code: string, message: string, type: ApiErrorBody['type'] = 'invalid_request'): ApiErrorBody {
  return { message, code, type, link: `https://docs.meilisearch.com/errors#${code}` }
}

function fail(status: number, code: string, message: string, type: ApiErrorBody['type'] = 'invalid_request'): never {
  throw new ApiError(status, errorBody(code, message, type))
}

function indexNotFound(uid: string): ApiErrorBody {
  return errorBody('index_not_found', `Index \`${uid}\` not found.`)
}

// ---- helpers ----

const now = () => new Date().toISOString()

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string')
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase()
}

/** A key of the mock server besides the master key: what it may do, on which indexes. */
export type MockApiKey = { key: string; actions: string[]; indexes: string[] }

/** The permission a route needs (as the OpenAPI document's `security` lists it) and its index, if any. */
type Permission = { action: string; indexUid: string | null }

function allows(patterns: string[], value: string): boolean {
  return patterns.some((pattern) => pattern === '*' || pattern === value || (pattern.endsWith('*') && value.startsWith(pattern.slice(0, -1))))
}

/** Returns the key used (null without authentication), or fails as the server does. */
function checkAuth(options: HandlerOptions, request: Request, permission: Permission | null): string | null {
  if (!options.apiKey && !options.keys?.length) return null
  if (permission === null) return null
  const header = request.headers.get('authorization')
  if (!header) {
    fail(401, 'missing_authorization_header', 'The Authorization header is missing. It must use the bearer authorization method.', 'auth')
  }
  const token = /^Bearer (.+)$/.exec(header)?.[1]
  if (token !== undefined && token === options.apiKey) return token
  const key = options.keys?.find((candidate) => candidate.key === token)
  const family = `${permission.action.split('.')[0]}.*`
  const permitted =
    key !== undefined &&
    (key.actions.includes('*') || key.actions.includes(permission.action) || key.actions.includes(family)) &&
    (permission.indexUid === null || allows(key.indexes, permission.indexUid))
  if (!permitted) fail(403, 'invalid_api_key', 'The provided API key is invalid.', 'auth')
  return key.key
}

async function readJson(request: Request): Promise<unknown> {
  const contentType = request.headers.get('content-type')
  if (!contentType) {
    fail(415, 'missing_content_type', 'A Content-Type header is missing. Accepted values for the Content-Type header are: `application/json`')
  }
  if (!contentType.toLowerCase().startsWith('application/json')) {
    fail(415, 'invalid_content_type', `The Content-Type \`${contentType}\` is invalid. Accepted values for the Content-Type header are: \`application/json\``)
  }
  const text = await request.text()
  if (text.trim() === '') fail(400, 'missing_payload', 'A json payload is missing.')
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    fail(400, 'malformed_payload', `The json payload provided is malformed. \`${(error as Error).message}\`.`)
  }
}

function rejectUnknownFields(body: Record<string, unknown>, allowed: readonly string[], code = 'bad_request'): void {
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) {
      fail(400, code, `Unknown field \`${key}\`: expected one of ${allowed.map((name) => `\`${name}\``).join(', ')}`)
    }
  }
}

function enqueue(state: MeilisearchMockState, indexUid: string | null, type: string, details: Record<string, Json>, apply: MockTask['apply']) {
  const task: MockTask = {
    uid: state.tasks.length,
    indexUid,
    status: 'enqueued',
    type,
    details,
    error: null,
    enqueuedAt: now(),
    startedAt: null,
    finishedAt: null,
    apply,
    slowPolls: 0,
    failure: null,
  }
  const planned = state.nextTasks.find((next) => next.times > 0 && (next.type === null || next.type === type))
  if (planned) {
    planned.times--
    task.failure = planned.failure
    task.slowPolls = planned.slowPolls
  }
  state.tasks.push(task)
  return HttpResponse.json(
    { taskUid: task.uid, indexUid, status: 'enqueued', type, enqueuedAt: task.enqueuedAt },
    { status: 202 },
  )
}

/**
 * Processes tasks in order up to and including `uid` (the real queue is FIFO): a slow task reports
 * `processing` for its remaining polls and holds back the ones after it.
 */
function processUpTo(state: MeilisearchMockState, uid: number): void {
  for (const task of state.tasks) {
    if (task.uid > uid) break
    if (task.status !== 'enqueued' && task.status !== 'processing') continue
    task.startedAt ??= now()
    if (task.slowPolls > 0) {
      task.slowPolls--
      task.status = 'processing'
      return
    }
    const error = task.failure ?? task.apply()
    task.status = error ? 'failed' : 'succeeded'
    task.error = error
    task.finishedAt = now()
  }
}

function taskView(task: MockTask) {
  return {
    uid: task.uid,
    batchUid: task.status === 'enqueued' ? null : task.uid,
    indexUid: task.indexUid,
    status: task.status,
    type: task.type,
    canceledBy: null,
    details: task.details,
    error: task.error,
    duration: task.finishedAt ? 'PT0.001S' : null,
    enqueuedAt: task.enqueuedAt,
    startedAt: task.startedAt,
    finishedAt: task.finishedAt,
  }
}

function ensureIndex(state: MeilisearchMockState, uid: string, primaryKey: string | null = null): IndexState {
  let index = state.indexes.get(uid)
  if (!index) {
    index = { uid, primaryKey, createdAt: now(), updatedAt: now(), documents: new Map(), settings: defaultSettings() }
    state.indexes.set(uid, index)
  }
  return index
}

function indexView(index: IndexState) {
  return { uid: index.uid, primaryKey: index.primaryKey, createdAt: index.createdAt, updatedAt: index.updatedAt }
}

function getIndex(state: MeilisearchMockState, uid: string): IndexState {
  const index = state.indexes.get(uid)
  if (!index) throw new ApiError(404, indexNotFound(uid))
  return index
}

function validIndexUid(uid: unknown): uid is string {
  return typeof uid === 'string' && /^[A-Za-z0-9_-]{1,400}$/.test(uid)
}

// ---- settings ----

const SETTINGS_FIELDS = [
  'displayedAttributes',
  'searchableAttributes',
  'filterableAttributes',
  'sortableAttributes',
  'rankingRules',
  'stopWords',
  'nonSeparatorTokens',
  'separatorTokens',
  'dictionary',
  'synonyms',
  'distinctAttribute',
  'proximityPrecision',
  'typoTolerance',
  'faceting',
  'pagination',
  'embedders',
  'searchCutoffMs',
  'localizedAttributes',
  'facetSearch',
  'prefixSearch',
] as const

const BUILT_IN_RULES = ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness', 'attributeRank', 'wordPosition']

function validateSettings(body: unknown): Partial<IndexSettings> {
  if (!isPlainObject(body)) fail(400, 'bad_request', 'Invalid value type: expected an object')
  rejectUnknownFields(body, SETTINGS_FIELDS)
  const out: Partial<IndexSettings> = {}
  const defaults = defaultSettings()
  const attributeList = (
    key: 'displayedAttributes' | 'searchableAttributes' | 'filterableAttributes' | 'sortableAttributes' | 'stopWords' | 'dictionary' | 'separatorTokens' | 'nonSeparatorTokens',
  ) => {
    if (!(key in body)) return
    const value = body[key]
    if (value === null) {
      out[key] = defaults[key]
      return
    }
    if (!isStringArray(value)) {
      const code = `invalid_settings_${key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`
      fail(400, code, `Invalid value type at \`.${key}\`: expected an array of strings, but found ${JSON.stringify(value)}`)
    }
    out[key] = [...value]
  }
  attributeList('displayedAttributes')
  attributeList('searchableAttributes')
  attributeList('filterableAttributes')
  attributeList('sortableAttributes')
  attributeList('stopWords')
  attributeList('dictionary')
  attributeList('separatorTokens')
  attributeList('nonSeparatorTokens')
  if ('rankingRules' in body) {
    const rules = body.rankingRules
    if (rules === null) out.rankingRules = defaults.rankingRules
    else {
      if (!isStringArray(rules)) fail(400, 'invalid_settings_ranking_rules', 'Invalid value type at `.rankingRules`: expected an array of strings')
      for (const rule of rules) {
        if (!BUILT_IN_RULES.includes(rule) && !/^[A-Za-z0-9_.]+:(asc|desc)$/.test(rule)) {
          fail(400, 'invalid_settings_ranking_rules', `Invalid value at \`.rankingRules[${rules.indexOf(rule)}]\`: \`${rule}\` ranking rule is invalid. Valid ranking rules are words, typo, sort, proximity, attribute, exactness and custom ranking rules.`)
        }
      }
      out.rankingRules = [...rules]
    }
  }
  if ('synonyms' in body) {
    const synonyms = body.synonyms
    if (synonyms === null) out.synonyms = {}
    else {
      if (!isPlainObject(synonyms) || !Object.values(synonyms).every(isStringArray)) {
        fail(400, 'invalid_settings_synonyms', 'Invalid value type at `.synonyms`: expected an object of string arrays')
      }
      out.synonyms = Object.fromEntries(Object.entries(synonyms as Record<string, string[]>).map(([k, v]) => [normalize(k), v.map(normalize)]))
    }
  }
  if ('distinctAttribute' in body) {
    const value = body.distinctAttribute
    if (value !== null && typeof value !== 'string') fail(400, 'invalid_settings_distinct_attribute', 'Invalid value type at `.distinctAttribute`: expected a string')
    out.distinctAttribute = value
  }
  if ('pagination' in body) {
    const value = body.pagination
    if (value === null) out.pagination = defaults.pagination
    else {
      if (!isPlainObject(value)) fail(400, 'invalid_settings_pagination', 'Invalid value type at `.pagination`: expected an object')
      rejectUnknownFields(value, ['maxTotalHits'], 'invalid_settings_pagination')
      const max = value.maxTotalHits
      if (max !== undefined && (typeof max !== 'number' || !Number.isInteger(max) || max < 0)) {
        fail(400, 'invalid_settings_pagination', 'Invalid value type at `.pagination.maxTotalHits`: expected a positive integer')
      }
      out.pagination = { maxTotalHits: (max as number | undefined) ?? defaults.pagination.maxTotalHits }
    }
  }
  if ('typoTolerance' in body) {
    const value = body.typoTolerance
    if (value === null) out.typoTolerance = defaults.typoTolerance
    else {
      if (!isPlainObject(value)) fail(400, 'invalid_settings_typo_tolerance', 'Invalid value type at `.typoTolerance`: expected an object')
      rejectUnknownFields(value, ['enabled', 'minWordSizeForTypos', 'disableOnWords', 'disableOnAttributes', 'disableOnNumbers'], 'invalid_settings_typo_tolerance')
      for (const key of ['disableOnWords', 'disableOnAttributes'] as const) {
        if (key in value && !isStringArray(value[key])) fail(400, 'invalid_settings_typo_tolerance', `Invalid value type at \`.typoTolerance.${key}\`: expected an array of strings`)
      }
      out.typoTolerance = { ...defaults.typoTolerance, ...(value as Record<string, Json>) }
    }
  }
  if ('localizedAttributes' in body) {
    const value = body.localizedAttributes
    if (value === null) out.localizedAttributes = null
    else {
      const valid =
        Array.isArray(value) &&
        value.every((rule) => isPlainObject(rule) && isStringArray(rule.attributePatterns) && isStringArray(rule.locales) && Object.keys(rule).length === 2)
      if (!valid) fail(400, 'invalid_settings_localized_attributes', 'Invalid value type at `.localizedAttributes`: expected an array of { attributePatterns, locales }')
      out.localizedAttributes = value as IndexSettings['localizedAttributes']
    }
  }
  if ('faceting' in body && body.faceting !== null && !isPlainObject(body.faceting)) {
    fail(400, 'invalid_settings_faceting', 'Invalid value type at `.faceting`: expected an object')
  }
  return out
}

// ---- documents ----

const DOCUMENT_ID = /^[A-Za-z0-9_-]{1,511}$/

function documentId(value: Json | undefined): string | null {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return String(value)
  if (typeof value === 'string' && DOCUMENT_ID.test(value)) return value
  return null
}

function inferPrimaryKey(doc: Doc): string | null {
  const candidates = Object.keys(doc).filter((key) => key.toLowerCase().endsWith('id'))
  return candidates.length === 1 ? candidates[0]! : null
}

function addDocuments(
  state: MeilisearchMockState,
  uid: string,
  docs: Doc[],
  requestedKey: string | null,
  mode: 'replace' | 'update',
): ApiErrorBody | null {
  const existing = state.indexes.get(uid)
  if (existing?.primaryKey && requestedKey && existing.primaryKey !== requestedKey) {
    return errorBody('index_primary_key_already_exists', `Index \`${uid}\`: Index already has a primary key: \`${existing.primaryKey}\`.`)
  }
  const primaryKey = existing?.primaryKey ?? requestedKey ?? (docs[0] ? inferPrimaryKey(docs[0]) : null)
  if (!primaryKey) {
    return errorBody('index_primary_key_no_candidate_found', `Index \`${uid}\`: The primary key inference failed as the engine did not find any field ending with \`id\` in its name. Please specify the primary key manually using the \`primaryKey\` query parameter.`)
  }
  const prepared: [string, Doc][] = []
  for (const doc of docs) {
    const raw = doc[primaryKey]
    if (raw === undefined || raw === null) {
      return errorBody('missing_document_id', `Index \`${uid}\`: Document doesn't have a \`${primaryKey}\` attribute: \`${JSON.stringify(doc).slice(0, 200)}\`.`)
    }
    const id = documentId(raw)
    if (id === null) {
      return errorBody('invalid_document_id', `Index \`${uid}\`: Document identifier \`${JSON.stringify(raw)}\` is invalid. A document identifier can be of type integer or string, only composed of alphanumeric characters (a-z A-Z 0-9), hyphens (-) and underscores (_), and can not be more than 511 bytes.`)
    }
    prepared.push([id, doc])
  }
  const index = ensureIndex(state, uid, primaryKey)
  index.primaryKey = primaryKey
  for (const [id, doc] of prepared) {
    const previous = index.documents.get(id)
    index.documents.set(id, mode === 'update' && previous ? { ...previous, ...doc } : { ...doc })
  }
  index.updatedAt = now()
  return null
}

// ---- search ----

const SEARCH_FIELDS = [
  'q',
  'filter',
  'sort',
  'page',
  'hitsPerPage',
  'offset',
  'limit',
  'attributesToRetrieve',
  'attributesToSearchOn',
  'locales',
  'matchingStrategy',
  'showRankingScore',
  'facets',
  'attributesToHighlight',
  'attributesToCrop',
] as const

function attributeMatches(pattern: string, attribute: string): boolean {
  if (pattern === '*') return true
  if (pattern.endsWith('*')) return attribute.startsWith(pattern.slice(0, -1))
  return pattern === attribute
}


function parseSort(sort: unknown, settings: IndexSettings): SortRule[] {
  if (sort === undefined || sort === null) return []
  if (!isStringArray(sort)) fail(400, 'invalid_search_sort', 'Invalid value type at `.sort`: expected an array of strings')
  const rules = sort.map((expression) => {
    const match = /^([^:\s]+):(asc|desc)$/.exec(expression)
    if (!match) fail(400, 'invalid_search_sort', `Invalid syntax for the sort parameter: expected expression ending by \`:asc\` or \`:desc\`, found \`${expression}\`.`)
    const attribute = match[1]!
    if (!settings.sortableAttributes.includes(attribute)) {
      const available = settings.sortableAttributes.length ? settings.sortableAttributes.join(', ') : 'This index does not have configured sortable attributes.'
      fail(400, 'invalid_search_sort', `Attribute \`${attribute}\` is not sortable. Available sortable attributes are: \`${available}\`.`)
    }
    return { attribute, direction: match[2] as 'asc' | 'desc' }
  })
  if (rules.length && !settings.rankingRules.includes('sort')) {
    fail(400, 'invalid_search_sort', 'You must specify where `sort` is listed in the rankingRules setting to use the sort parameter at search time.')
  }
  return rules
}

/** Sort values: numbers before strings, nulls and missing last whatever the direction. */
function compareSortValues(a: Json | undefined, b: Json | undefined, direction: 'asc' | 'desc'): number {
  const rank = (v: Json | undefined) => (typeof v === 'number' ? 0 : typeof v === 'string' ? 1 : 2)
  const ra = rank(a)
  const rb = rank(b)
  if (ra !== rb) return ra - rb
  if (ra === 2) return 0
  const order = (a as number | string) < (b as number | string) ? -1 : (a as number | string) > (b as number | string) ? 1 : 0
  return direction === 'asc' ? order : -order
}

function search(state: MeilisearchMockState, uid: string, body: unknown) {
  const index = getIndex(state, uid)
  if (!isPlainObject(body)) fail(400, 'bad_request', 'Invalid value type: expected an object')
  rejectUnknownFields(body, SEARCH_FIELDS)
  const { settings } = index
  const q = body.q
  if (q !== undefined && q !== null && typeof q !== 'string') fail(400, 'invalid_search_q', 'Invalid value type at `.q`: expected a string')
  const nonNegativeInteger = (key: string, code: string) => {
    const value = body[key]
    if (value === undefined) return undefined
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) fail(400, code, `Invalid value type at \`.${key}\`: expected a positive integer, but found ${JSON.stringify(value)}`)
    return value
  }
  const page = nonNegativeInteger('page', 'invalid_search_page')
  const hitsPerPage = nonNegativeInteger('hitsPerPage', 'invalid_search_hits_per_page')
  const offset = nonNegativeInteger('offset', 'invalid_search_offset') ?? 0
  const limit = nonNegativeInteger('limit', 'invalid_search_limit') ?? 20
  for (const key of ['attributesToRetrieve', 'locales', 'attributesToSearchOn'] as const) {
    if (body[key] !== undefined && body[key] !== null && !isStringArray(body[key])) {
      fail(400, `invalid_search_${key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`, `Invalid value type at \`.${key}\`: expected an array of strings`)
    }
  }

  const strategy = body.matchingStrategy ?? 'last'
  if (strategy !== 'last' && strategy !== 'all' && strategy !== 'frequency') {
    fail(400, 'invalid_search_matching_strategy', `Unknown value \`${String(strategy)}\` at \`.matchingStrategy\`: expected one of \`last\`, \`all\`, \`frequency\``)
  }

  let filter: ReturnType<typeof parseFilter>
  try {
    filter = parseFilter(body.filter)
  } catch (error) {
    if (error instanceof FilterSyntaxError) fail(400, 'invalid_search_filter', error.message)
    throw error
  }
  if (filter) {
    for (const attribute of filterAttributes(filter)) {
      if (!settings.filterableAttributes.includes(attribute)) {
        const available = settings.filterableAttributes.length ? settings.filterableAttributes.join(', ') : 'This index does not have configured filterable attributes.'
        fail(400, 'invalid_search_filter', `Attribute \`${attribute}\` is not filterable. Available filterable attributes are: \`${available}\`.`)
      }
    }
  }
  const sortRules = parseSort(body.sort, settings)

  const docs = [...index.documents.values()]
  const candidates = new Set<number>()
  docs.forEach((doc, position) => {
    if (!filter || evaluate(filter, doc)) candidates.add(position)
  })
  const hits = rankDocuments({
    docs,
    candidates,
    q: typeof q === 'string' ? q : '',
    settings,
    matchingStrategy: strategy,
    sortRules,
    compareSortValues,
  })

  const attributesToRetrieve = (body.attributesToRetrieve as string[] | undefined) ?? ['*']
  const project = (doc: Doc): Doc =>
    Object.fromEntries(
      Object.entries(doc).filter(
        ([key]) =>
          attributesToRetrieve.some((pattern) => attributeMatches(pattern, key)) &&
          settings.displayedAttributes.some((pattern) => attributeMatches(pattern, key)),
      ),
    )
  const capped = hits.slice(0, settings.pagination.maxTotalHits)
  const query = typeof q === 'string' ? q : ''
  if (page !== undefined || hitsPerPage !== undefined) {
    const perPage = hitsPerPage ?? 20
    const currentPage = page ?? 1
    const start = (currentPage - 1) * perPage
    return {
      hits: currentPage === 0 ? [] : capped.slice(start, start + perPage).map((hit) => project(hit.doc)),
      query,
      processingTimeMs: 0,
      hitsPerPage: perPage,
      page: currentPage,
      totalPages: perPage === 0 ? 0 : Math.ceil(capped.length / perPage),
      totalHits: capped.length,
    }
  }
  return {
    hits: capped.slice(offset, offset + limit).map((hit) => project(hit.doc)),
    query,
    processingTimeMs: 0,
    limit,
    offset,
    estimatedTotalHits: capped.length,
  }
}

// ---- faults ----

/** Faults to inject into a host's answers, as a real deployment produces them. */
export function meilisearchFaults(host: string = MEILI_TEST_HOST) {
  const state = meilisearchMockState(host.replace(/\/+$/, ''))
  const any = () => true
  const isSearch = (request: FaultRequest) => request.method === 'POST' && /\/indexes\/[^/]+\/search$/.test(request.path)
  return {
    /** The next searches answer 503 too_many_search_requests with `Retry-After: 10`. */
    overloadSearches(times = 1) {
      state.faults.push({ kind: 'overloaded', times, matches: isSearch })
    },
    /** The next matching requests never answer (the client has to give up). */
    hang(times = 1, matches: (request: FaultRequest) => boolean = any) {
      state.faults.push({ kind: 'hang', times, matches })
    },
    /** The next matching requests get a reverse proxy's HTML error page (502). */
    proxyError(times = 1, matches: (request: FaultRequest) => boolean = any) {
      state.faults.push({ kind: 'proxy-error', times, matches })
    },
    /** The next enqueued tasks (of `type`, when given) fail with this error. */
    failTasks(options: { code: string; message: string; times?: number; type?: string }) {
      state.nextTasks.push({ failure: errorBody(options.code, options.message, 'internal'), slowPolls: 0, type: options.type ?? null, times: options.times ?? 1 })
    },
    /** The next enqueued tasks (of `type`, when given) stay `processing` for this many polls. */
    slowTasks(options: { polls: number; times?: number; type?: string }) {
      state.nextTasks.push({ failure: null, slowPolls: options.polls, type: options.type ?? null, times: options.times ?? 1 })
    },
    /** Deletes an index at once, as an operator (or a script) would behind the app's back. */
    deleteIndex(uid: string) {
      state.indexes.delete(uid)
    },
  }
}

function takeFault(state: MeilisearchMockState, request: FaultRequest): Fault['kind'] | null {
  const fault = state.faults.find((candidate) => candidate.times > 0 && candidate.matches(request))
  if (!fault) return null
  fault.times--
  return fault.kind
}

async function faultResponse(kind: Fault['kind']): Promise<Response> {
  if (kind === 'hang') {
    await delay('infinite')
  }
  if (kind === 'proxy-error') {
    return new HttpResponse('<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>', {
      status: 502,
      headers: { 'Content-Type': 'text/html' },
    })
  }
  return HttpResponse.json(
    errorBody('too_many_search_requests', 'Too many search requests running at the same time: 1. Retry after 10s.', 'system'),
    { status: 503, headers: { 'Retry-After': '10' } },
  )
}

// ---- handlers ----

type Resolver = (context: {
  state: MeilisearchMockState
  request: Request
  params: Record<string, string>
  url: URL
}) => Promise<Response> | Response

type HandlerOptions = {
  /** The master key: everything. */
  apiKey?: string
  /** Other keys, with their actions (`search`, `documents.add`, `settings.*` …) and indexes. */
  keys?: MockApiKey[]
}

/**
 * Handlers for one Meilisearch host (default http://meili.test:7700). With `apiKey` (and `keys`),
 * every route except /health requires `Authorization: Bearer <key>` allowed for the route's action.
 * Handler sets for the same host share one store (empty it with resetMeilisearchMock); the keys
 * belong to each set, so `mockServer.use(...meilisearchHandlers(host, { apiKey }))` protects the
 * host for one test only.
 */
export function meilisearchHandlers(host: string = MEILI_TEST_HOST, options: HandlerOptions = {}): RequestHandler[] {
  const base = host.replace(/\/+$/, '')
  const state = meilisearchMockState(base)
  const route = (action: string | null, resolver: Resolver) => {
    return async ({ request, params }: { request: Request; params: Record<string, string | readonly string[] | undefined> }) => {
      const url = new URL(request.url)
      const path = url.pathname + url.search
      try {
        const indexUid = typeof params.uid === 'string' ? params.uid : null
        const key = checkAuth(options, request, action === null ? null : { action, indexUid })
        const clone = request.clone()
        const text = await clone.text()
        let body: unknown = undefined
        try {
          body = text ? (JSON.parse(text) as unknown) : undefined
        } catch {
          body = text
        }
        state.requests.push({ method: request.method, path, body, key })
        const fault = takeFault(state, { method: request.method, path: url.pathname })
        if (fault) return await faultResponse(fault)
        return await resolver({ state, request, params: params as Record<string, string>, url })
      } catch (error) {
        if (error instanceof ApiError) return HttpResponse.json(error.body, { status: error.status })
        throw error
      }
    }
  }

  return [
    http.get(`${base}/health`, route(null, () => HttpResponse.json({ status: 'available' }))),
    http.get(`${base}/version`, route('version', () => HttpResponse.json({ commitSha: 'mock', commitDate: '2026-01-01T00:00:00Z', pkgVersion: '1.16.0' }))),

    http.post(`${base}/indexes`, route('indexes.create', async ({ state, request }) => {
      const body = await readJson(request)
      if (!isPlainObject(body)) fail(400, 'bad_request', 'Invalid value type: expected an object')
      rejectUnknownFields(body, ['uid', 'primaryKey'])
      if (body.uid === undefined) fail(400, 'missing_index_uid', 'Missing field `uid`')
      if (!validIndexUid(body.uid)) {
        fail(400, 'invalid_index_uid', `\`${String(body.uid)}\` is not a valid index uid. Index uid can be an integer or a string containing only alphanumeric characters, hyphens (-) and underscores (_), and can not be more than 512 bytes.`)
      }
      const primaryKey = body.primaryKey
      if (primaryKey !== undefined && primaryKey !== null && typeof primaryKey !== 'string') {
        fail(400, 'invalid_index_primary_key', 'Invalid value type at `.primaryKey`: expected a string')
      }
      const uid = body.uid
      return enqueue(state, uid, 'indexCreation', { primaryKey: (primaryKey as string | undefined) ?? null }, () => {
        if (state.indexes.has(uid)) return errorBody('index_already_exists', `Index \`${uid}\` already exists.`)
        ensureIndex(state, uid, (primaryKey as string | undefined) ?? null)
        return null
      })
    })),

    http.get(`${base}/indexes/:uid`, route('indexes.get', ({ state, params }) => HttpResponse.json(indexView(getIndex(state, params.uid!))))),

    http.delete(`${base}/indexes/:uid`, route('indexes.delete', ({ state, params }) => {
      const uid = params.uid!
      return enqueue(state, uid, 'indexDeletion', { deletedDocuments: state.indexes.get(uid)?.documents.size ?? 0 }, () => {
        if (!state.indexes.delete(uid)) return indexNotFound(uid)
        return null
      })
    })),

    http.get(`${base}/indexes/:uid/stats`, route('stats.get', ({ state, params }) => {
      const index = getIndex(state, params.uid!)
      const fieldDistribution: Record<string, number> = {}
      for (const doc of index.documents.values()) for (const key of Object.keys(doc)) fieldDistribution[key] = (fieldDistribution[key] ?? 0) + 1
      const pending = state.tasks.some((task) => task.indexUid === index.uid && task.status === 'enqueued')
      return HttpResponse.json({
        numberOfDocuments: index.documents.size,
        rawDocumentDbSize: 0,
        avgDocumentSize: 0,
        isIndexing: pending,
        numberOfEmbeddings: 0,
        numberOfEmbeddedDocuments: 0,
        fieldDistribution,
      })
    })),

    http.get(`${base}/indexes/:uid/settings`, route('settings.get', ({ state, params }) => {
      const { localizedAttributes, ...settings } = getIndex(state, params.uid!).settings
      return HttpResponse.json({ ...settings, localizedAttributes })
    })),

    http.patch(`${base}/indexes/:uid/settings`, route('settings.update', async ({ state, request, params }) => {
      const uid = params.uid!
      if (!validIndexUid(uid)) fail(400, 'invalid_index_uid', `\`${uid}\` is not a valid index uid.`)
      const settings = validateSettings(await readJson(request))
      return enqueue(state, uid, 'settingsUpdate', settings as Record<string, Json>, () => {
        const index = ensureIndex(state, uid)
        index.settings = { ...index.settings, ...settings }
        index.updatedAt = now()
        return null
      })
    })),

    ...(['post', 'put'] as const).map((method) =>
      http[method](`${base}/indexes/:uid/documents`, route('documents.add', async ({ state, request, params, url }) => {
        const uid = params.uid!
        if (!validIndexUid(uid)) fail(400, 'invalid_index_uid', `\`${uid}\` is not a valid index uid.`)
        for (const key of url.searchParams.keys()) {
          if (!['primaryKey', 'csvDelimiter', 'customMetadata', 'skipCreation'].includes(key)) {
            fail(400, 'bad_request', `Unknown parameter \`${key}\`: expected one of \`primaryKey\`, \`csvDelimiter\`, \`customMetadata\`, \`skipCreation\``)
          }
        }
        const body = await readJson(request)
        if (!Array.isArray(body) || !body.every(isPlainObject)) {
          fail(400, 'malformed_payload', 'The `json` payload provided is malformed. `Couldn\'t serialize document value: invalid type: expected an array of objects`.')
        }
        const docs = body as Doc[]
        const requestedKey = url.searchParams.get('primaryKey')
        return enqueue(state, uid, 'documentAdditionOrUpdate', { receivedDocuments: docs.length, indexedDocuments: docs.length }, () =>
          addDocuments(state, uid, docs, requestedKey, method === 'post' ? 'replace' : 'update'),
        )
      })),
    ),

    http.post(`${base}/indexes/:uid/documents/delete-batch`, route('documents.delete', async ({ state, request, params }) => {
      const uid = params.uid!
      const body = await readJson(request)
      if (!Array.isArray(body) || !body.every((id) => typeof id === 'string' || typeof id === 'number')) {
        fail(400, 'bad_request', 'Invalid value type: expected an array of document ids (strings or integers)')
      }
      const ids = (body as (string | number)[]).map(String)
      return enqueue(state, uid, 'documentDeletion', { providedIds: ids.length, deletedDocuments: null }, () => {
        const index = state.indexes.get(uid)
        if (!index) return indexNotFound(uid)
        for (const id of ids) index.documents.delete(id)
        return null
      })
    })),

    http.delete(`${base}/indexes/:uid/documents`, route('documents.delete', ({ state, params }) => {
      const uid = params.uid!
      return enqueue(state, uid, 'documentDeletion', { providedIds: 0, deletedDocuments: null }, () => {
        const index = state.indexes.get(uid)
        if (!index) return indexNotFound(uid)
        index.documents.clear()
        return null
      })
    })),

    http.post(`${base}/indexes/:uid/search`, route('search', async ({ state, request, params }) => {
      const body = await readJson(request)
      return HttpResponse.json(search(state, params.uid!, body))
    })),

    http.post(`${base}/swap-indexes`, route('indexes.swap', async ({ state, request }) => {
      const body = await readJson(request)
      if (!Array.isArray(body)) fail(400, 'bad_request', 'Invalid value type: expected an array of swaps')
      const swaps: { indexes: [string, string]; rename: boolean }[] = []
      const seen = new Set<string>()
      for (const [i, item] of body.entries()) {
        if (!isPlainObject(item)) fail(400, 'bad_request', `Invalid value type at \`[${i}]\`: expected an object`)
        rejectUnknownFields(item, ['indexes', 'rename'])
        const pair = item.indexes
        if (!isStringArray(pair) || pair.length !== 2 || !pair.every(validIndexUid)) {
          fail(400, 'invalid_swap_indexes', `Invalid value at \`[${i}].indexes\`: expected an array of two index uids`)
        }
        if (item.rename !== undefined && typeof item.rename !== 'boolean') fail(400, 'invalid_swap_rename', `Invalid value type at \`[${i}].rename\`: expected a boolean`)
        for (const uid of pair) {
          if (seen.has(uid)) fail(400, 'invalid_swap_duplicate_index_found', `Indexes must be declared only once during a swap. \`${uid}\` was specified several times.`)
          seen.add(uid)
        }
        swaps.push({ indexes: [pair[0]!, pair[1]!], rename: item.rename === true })
      }
      return enqueue(state, null, 'indexSwap', { swaps: swaps as unknown as Json }, () => {
        for (const { indexes: [a, b], rename } of swaps) {
          const first = state.indexes.get(a)
          const second = state.indexes.get(b)
          const missing = rename ? (first ? [] : [a]) : [a, b].filter((uid) => !state.indexes.has(uid))
          if (missing.length) return errorBody('index_not_found', `Indexes ${missing.map((uid) => `\`${uid}\``).join(', ')} not found.`)
          if (rename && second) return errorBody('index_already_exists', `Index \`${b}\` already exists.`)
        }
        for (const { indexes: [a, b], rename } of swaps) {
          const first = state.indexes.get(a)!
          const second = state.indexes.get(b)
          first.uid = b
          state.indexes.set(b, first)
          if (rename || !second) state.indexes.delete(a)
          else {
            second.uid = a
            state.indexes.set(a, second)
          }
        }
        return null
      })
    })),

    http.get(`${base}/tasks/:taskUid`, route('tasks.get', ({ state, params }) => {
      const uid = Number(params.taskUid)
      if (!Number.isInteger(uid) || uid < 0) fail(400, 'invalid_task_uids', `Invalid task uid \`${params.taskUid}\`.`)
      const task = state.tasks[uid]
      if (!task) fail(404, 'task_not_found', `Task \`${uid}\` not found.`)
      processUpTo(state, uid)
      return HttpResponse.json(taskView(task))
    })),
  ]
}
