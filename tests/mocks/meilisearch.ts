// msw handlers modelling the Meilisearch HTTP API (v1.x) closely enough that a wrong request fails:
// an in-memory store per host, asynchronous tasks that only take effect once polled (GET /tasks/:uid,
// as the client's waitTask does), settings validation, strict filter and sort checks against the
// filterable/sortable attributes, page/hitsPerPage pagination capped by maxTotalHits, ranking rules
// (sort, attribute, custom `field:desc`), synonyms, and bearer-key authentication with the real
// server's error bodies `{ message, code, type, link }`.
//
// Deliberate simplifications (see search/contract.ts): `q` is matched by normalized substring per
// query word (the real engine segments words and matches prefixes of the last word; it never matches
// infixes), every query word must match (matchingStrategy "all"; the real default "last" may drop
// trailing words), typo tolerance, proximity and exactness are not modelled, and the filter parser
// accepts only =, !=, IN, NOT IN, NOT, AND, OR and parentheses — anything else is answered with
// `invalid_search_filter` even where the real server would accept it.
import { http, HttpResponse, type RequestHandler } from 'msw'

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

type ApiErrorBody = { message: string; code: string; type: 'invalid_request' | 'auth' | 'internal'; link: string }

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
}

export type MeilisearchMockState = {
  indexes: Map<string, IndexState>
  tasks: MockTask[]
  /** Every request seen, for assertions: method, path and parsed JSON body. */
  requests: { method: string; path: string; body: unknown }[]
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
    state = { indexes: new Map(), tasks: [], requests: [] }
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

function checkAuth(apiKey: string | undefined, request: Request): void {
  if (!apiKey) return
  const header = request.headers.get('authorization')
  if (!header) {
    fail(401, 'missing_authorization_header', 'The Authorization header is missing. It must use the bearer authorization method.', 'auth')
  }
  const match = /^Bearer (.+)$/.exec(header)
  if (!match || match[1] !== apiKey) fail(403, 'invalid_api_key', 'The provided API key is invalid.', 'auth')
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
  }
  state.tasks.push(task)
  return HttpResponse.json(
    { taskUid: task.uid, indexUid, status: 'enqueued', type, enqueuedAt: task.enqueuedAt },
    { status: 202 },
  )
}

/** Processes enqueued tasks in order up to and including `uid` (the real queue is FIFO). */
function processUpTo(state: MeilisearchMockState, uid: number): void {
  for (const task of state.tasks) {
    if (task.uid > uid) break
    if (task.status !== 'enqueued') continue
    task.startedAt = now()
    const error = task.apply()
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
  const attributeList = (key: 'displayedAttributes' | 'searchableAttributes' | 'filterableAttributes' | 'sortableAttributes' | 'stopWords') => {
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

// ---- filters ----

type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; inner: FilterNode }
  | { kind: 'compare'; attribute: string; op: '=' | '!='; value: string }
  | { kind: 'in'; attribute: string; negated: boolean; values: string[] }

type Token = { type: 'word' | 'string' | 'op' | 'punct'; text: string; at: number }

function invalidFilter(message: string): never {
  fail(400, 'invalid_search_filter', message)
}

function tokenizeFilter(source: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < source.length) {
    const char = source[i]!
    if (/\s/.test(char)) {
      i++
      continue
    }
    if (char === '"' || char === "'") {
      let value = ''
      let j = i + 1
      for (; j < source.length && source[j] !== char; j++) {
        if (source[j] === '\\' && j + 1 < source.length) j++
        value += source[j]
      }
      if (j >= source.length) invalidFilter(`Expression \`${source.slice(i)}\` is missing a closing quote.\n${i + 1}:${source.length + 1} ${source}`)
      tokens.push({ type: 'string', text: value, at: i })
      i = j + 1
      continue
    }
    if (char === '!' && source[i + 1] === '=') {
      tokens.push({ type: 'op', text: '!=', at: i })
      i += 2
      continue
    }
    if (char === '=') {
      tokens.push({ type: 'op', text: '=', at: i })
      i++
      continue
    }
    if ('<>'.includes(char)) invalidFilter(`The mock only supports =, !=, IN and NOT IN comparisons: \`${source}\``)
    if ('[](),'.includes(char)) {
      tokens.push({ type: 'punct', text: char, at: i })
      i++
      continue
    }
    const match = /^[^\s"'[\](),=!<>]+/.exec(source.slice(i))
    if (!match) invalidFilter(`Unexpected character \`${char}\` in filter \`${source}\``)
    tokens.push({ type: 'word', text: match[0], at: i })
    i += match[0].length
  }
  return tokens
}

function parseFilterString(source: string): FilterNode {
  const tokens = tokenizeFilter(source)
  let position = 0
  const peek = () => tokens[position]
  const keyword = (word: string) => peek()?.type === 'word' && peek()!.text.toUpperCase() === word
  const expectPunct = (text: string) => {
    const token = tokens[position++]
    if (token?.type !== 'punct' || token.text !== text) invalidFilter(`Was expecting \`${text}\` in filter \`${source}\``)
  }
  const value = (): string => {
    const token = tokens[position++]
    if (!token || (token.type !== 'word' && token.type !== 'string')) invalidFilter(`Was expecting a value in filter \`${source}\``)
    if (token.type === 'word' && ['AND', 'OR', 'NOT', 'IN', 'TO', 'EXISTS'].includes(token.text.toUpperCase())) {
      invalidFilter(`Was expecting a value but instead got \`${token.text}\`, which is a reserved keyword. To use \`${token.text}\` as a field name or a value, surround it by quotes.`)
    }
    return token.text
  }
  const condition = (): FilterNode => {
    const attributeToken = tokens[position++]
    if (!attributeToken || (attributeToken.type !== 'word' && attributeToken.type !== 'string')) {
      invalidFilter(`Was expecting an operation \`=\`, \`!=\`, \`IN\`, \`NOT IN\`, … at \`${source}\`.`)
    }
    const attribute = attributeToken.text
    if (keyword('NOT')) {
      position++
      if (!keyword('IN')) invalidFilter(`Was expecting \`IN\` after \`NOT\` in filter \`${source}\``)
    }
    const negated = tokens[position - 1]?.text.toUpperCase() === 'NOT'
    if (keyword('IN')) {
      position++
      expectPunct('[')
      const values: string[] = []
      if (!(peek()?.type === 'punct' && peek()!.text === ']')) {
        values.push(value())
        while (peek()?.type === 'punct' && peek()!.text === ',') {
          position++
          values.push(value())
        }
      }
      expectPunct(']')
      return { kind: 'in', attribute, negated, values }
    }
    const op = tokens[position++]
    if (op?.type !== 'op') invalidFilter(`Was expecting an operation \`=\`, \`!=\`, \`IN\`, \`NOT IN\` at \`${source}\`.`)
    return { kind: 'compare', attribute, op: op.text as '=' | '!=', value: value() }
  }
  const primary = (): FilterNode => {
    if (keyword('NOT')) {
      position++
      return { kind: 'not', inner: primary() }
    }
    if (peek()?.type === 'punct' && peek()!.text === '(') {
      position++
      const inner = or()
      expectPunct(')')
      return inner
    }
    return condition()
  }
  const and = (): FilterNode => {
    let left = primary()
    while (keyword('AND')) {
      position++
      left = { kind: 'and', left, right: primary() }
    }
    return left
  }
  const or = (): FilterNode => {
    let left = and()
    while (keyword('OR')) {
      position++
      left = { kind: 'or', left, right: and() }
    }
    return left
  }
  if (tokens.length === 0) invalidFilter('Filter expression is empty.')
  const node = or()
  if (position !== tokens.length) invalidFilter(`Found unexpected characters at the end of the filter: \`${source.slice(tokens[position]!.at)}\`. You probably forgot an \`OR\` or an \`AND\` rule.`)
  return node
}

function parseFilter(filter: unknown): FilterNode | null {
  if (filter === undefined || filter === null) return null
  if (typeof filter === 'string') return filter.trim() ? parseFilterString(filter) : null
  if (!Array.isArray(filter)) invalidFilter('Invalid value type at `.filter`: expected a string or an array')
  let result: FilterNode | null = null
  for (const item of filter) {
    let node: FilterNode | null
    if (typeof item === 'string') node = parseFilterString(item)
    else if (Array.isArray(item)) {
      node = null
      for (const inner of item) {
        if (typeof inner !== 'string') invalidFilter('Invalid value type: nested filter arrays must contain strings')
        const parsed = parseFilterString(inner)
        node = node ? { kind: 'or', left: node, right: parsed } : parsed
      }
    } else invalidFilter('Invalid value type at `.filter`: array items must be strings or arrays of strings')
    if (node) result = result ? { kind: 'and', left: result, right: node } : node
  }
  return result
}

function filterAttributes(node: FilterNode, into: string[] = []): string[] {
  switch (node.kind) {
    case 'and':
    case 'or':
      filterAttributes(node.left, into)
      filterAttributes(node.right, into)
      break
    case 'not':
      filterAttributes(node.inner, into)
      break
    default:
      into.push(node.attribute)
  }
  return into
}

function facetValues(value: Json | undefined): string[] {
  if (value === undefined || value === null) return []
  if (Array.isArray(value)) return value.flatMap(facetValues)
  if (typeof value === 'object') return []
  return [normalize(String(value))]
}

function facetEquals(docValue: string, filterValue: string): boolean {
  const a = Number(docValue)
  const b = Number(filterValue)
  if (docValue.trim() !== '' && filterValue.trim() !== '' && Number.isFinite(a) && Number.isFinite(b)) return a === b
  return docValue === normalize(filterValue)
}

function evaluate(node: FilterNode, doc: Doc): boolean {
  switch (node.kind) {
    case 'and':
      return evaluate(node.left, doc) && evaluate(node.right, doc)
    case 'or':
      return evaluate(node.left, doc) || evaluate(node.right, doc)
    case 'not':
      return !evaluate(node.inner, doc)
    case 'compare': {
      const values = facetValues(doc[node.attribute])
      const equal = values.some((v) => facetEquals(v, node.value))
      return node.op === '=' ? equal : !equal
    }
    case 'in': {
      const values = facetValues(doc[node.attribute])
      const found = values.some((v) => node.values.some((candidate) => facetEquals(v, candidate)))
      return node.negated ? !found : found
    }
  }
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

function stringsOf(value: Json | undefined): string[] {
  if (value === undefined || value === null) return []
  if (Array.isArray(value)) return value.flatMap(stringsOf)
  if (typeof value === 'object') return Object.values(value).flatMap(stringsOf)
  return [normalize(String(value))]
}

type SortRule = { attribute: string; direction: 'asc' | 'desc' }

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

  const filter = parseFilter(body.filter)
  if (filter) {
    for (const attribute of filterAttributes(filter)) {
      if (!settings.filterableAttributes.includes(attribute)) {
        const available = settings.filterableAttributes.length ? settings.filterableAttributes.join(', ') : 'This index does not have configured filterable attributes.'
        invalidFilter(`Attribute \`${attribute}\` is not filterable. Available filterable attributes are: \`${available}\`.`)
      }
    }
  }
  const sortRules = parseSort(body.sort, settings)

  const searchable = (attribute: string) => settings.searchableAttributes.some((pattern) => attributeMatches(pattern, attribute))
  const attributeRank = (attribute: string) => {
    const at = settings.searchableAttributes.findIndex((pattern) => attributeMatches(pattern, attribute))
    return at === -1 ? Number.MAX_SAFE_INTEGER : at
  }
  const words = normalize(typeof q === 'string' ? q : '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)

  type Hit = { id: string; doc: Doc; order: number; attributeScore: number }
  const hits: Hit[] = []
  let order = 0
  for (const [id, doc] of index.documents) {
    order++
    if (filter && !evaluate(filter, doc)) continue
    let attributeScore = 0
    let matchedAll = true
    for (const word of words) {
      const alternatives = [word, ...(settings.synonyms[word] ?? [])]
      let best = Number.MAX_SAFE_INTEGER
      for (const [attribute, value] of Object.entries(doc)) {
        if (!searchable(attribute)) continue
        if (stringsOf(value).some((text) => alternatives.some((alternative) => text.includes(alternative)))) {
          best = Math.min(best, attributeRank(attribute))
        }
      }
      if (best === Number.MAX_SAFE_INTEGER) {
        matchedAll = false
        break
      }
      attributeScore += best
    }
    if (matchedAll) hits.push({ id, doc, order, attributeScore })
  }

  const comparators: ((a: Hit, b: Hit) => number)[] = []
  for (const rule of settings.rankingRules) {
    if (rule === 'sort') {
      for (const sortRule of sortRules) {
        comparators.push((a, b) => compareSortValues(a.doc[sortRule.attribute], b.doc[sortRule.attribute], sortRule.direction))
      }
    } else if (rule === 'attribute' || rule === 'attributeRank') {
      if (words.length) comparators.push((a, b) => a.attributeScore - b.attributeScore)
    } else {
      const custom = /^(.+):(asc|desc)$/.exec(rule)
      if (custom) comparators.push((a, b) => compareSortValues(a.doc[custom[1]!], b.doc[custom[1]!], custom[2] as 'asc' | 'desc'))
    }
  }
  hits.sort((a, b) => {
    for (const compare of comparators) {
      const result = compare(a, b)
      if (result !== 0) return result
    }
    return a.order - b.order
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

// ---- handlers ----

type Resolver = (context: {
  state: MeilisearchMockState
  request: Request
  params: Record<string, string>
  url: URL
}) => Promise<Response> | Response

/**
 * Handlers for one Meilisearch host (default http://meili.test:7700). With `apiKey`, every route
 * except /health requires `Authorization: Bearer <apiKey>`. Handler sets for the same host share
 * one store (empty it with resetMeilisearchMock); the key belongs to each set, so
 * `mockServer.use(...meilisearchHandlers(host, { apiKey }))` protects the host for one test only.
 */
export function meilisearchHandlers(host: string = MEILI_TEST_HOST, options: { apiKey?: string } = {}): RequestHandler[] {
  const base = host.replace(/\/+$/, '')
  const state = meilisearchMockState(base)
  const apiKey = options.apiKey
  const route = (resolver: Resolver, authenticated = true) => {
    return async ({ request, params }: { request: Request; params: Record<string, string | readonly string[] | undefined> }) => {
      const url = new URL(request.url)
      try {
        if (authenticated) checkAuth(apiKey, request)
        const clone = request.clone()
        const text = await clone.text()
        let body: unknown = undefined
        try {
          body = text ? (JSON.parse(text) as unknown) : undefined
        } catch {
          body = text
        }
        state.requests.push({ method: request.method, path: url.pathname + url.search, body })
        return await resolver({ state, request, params: params as Record<string, string>, url })
      } catch (error) {
        if (error instanceof ApiError) return HttpResponse.json(error.body, { status: error.status })
        throw error
      }
    }
  }

  return [
    http.get(`${base}/health`, route(() => HttpResponse.json({ status: 'available' }), false)),
    http.get(`${base}/version`, route(() => HttpResponse.json({ commitSha: 'mock', commitDate: '2026-01-01T00:00:00Z', pkgVersion: '1.16.0' }))),

    http.post(`${base}/indexes`, route(async ({ state, request }) => {
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

    http.get(`${base}/indexes/:uid`, route(({ state, params }) => HttpResponse.json(indexView(getIndex(state, params.uid!))))),

    http.delete(`${base}/indexes/:uid`, route(({ state, params }) => {
      const uid = params.uid!
      return enqueue(state, uid, 'indexDeletion', { deletedDocuments: state.indexes.get(uid)?.documents.size ?? 0 }, () => {
        if (!state.indexes.delete(uid)) return indexNotFound(uid)
        return null
      })
    })),

    http.get(`${base}/indexes/:uid/stats`, route(({ state, params }) => {
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

    http.get(`${base}/indexes/:uid/settings`, route(({ state, params }) => {
      const { localizedAttributes, ...settings } = getIndex(state, params.uid!).settings
      return HttpResponse.json({ ...settings, localizedAttributes })
    })),

    http.patch(`${base}/indexes/:uid/settings`, route(async ({ state, request, params }) => {
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
      http[method](`${base}/indexes/:uid/documents`, route(async ({ state, request, params, url }) => {
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

    http.post(`${base}/indexes/:uid/documents/delete-batch`, route(async ({ state, request, params }) => {
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

    http.delete(`${base}/indexes/:uid/documents`, route(({ state, params }) => {
      const uid = params.uid!
      return enqueue(state, uid, 'documentDeletion', { providedIds: 0, deletedDocuments: null }, () => {
        const index = state.indexes.get(uid)
        if (!index) return indexNotFound(uid)
        index.documents.clear()
        return null
      })
    })),

    http.post(`${base}/indexes/:uid/search`, route(async ({ state, request, params }) => {
      const body = await readJson(request)
      return HttpResponse.json(search(state, params.uid!, body))
    })),

    http.get(`${base}/tasks/:uid`, route(({ state, params }) => {
      const uid = Number(params.uid)
      if (!Number.isInteger(uid) || uid < 0) fail(400, 'invalid_task_uids', `Invalid task uid \`${params.uid}\`.`)
      const task = state.tasks[uid]
      if (!task) fail(404, 'task_not_found', `Task \`${uid}\` not found.`)
      processUpTo(state, uid)
      return HttpResponse.json(taskView(task))
    })),
  ]
}
