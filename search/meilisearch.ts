// The Meilisearch adapter (used when MEILI_HOST is set), on the official `meilisearch` client.
//
// Meilisearch segments Chinese itself but knows nothing of the trade's abbreviations, and its `q`
// has no OR: sending "环评 环境影响评价" would demand both words (matchingStrategy `last` only drops
// trailing words), so documents saying only 环境影响评价 would never be found for 环评. The adapter
// therefore installs the abbreviation dictionary as the index's `synonyms` (both directions), which
// Meilisearch applies to each query word, and only normalizes `q` (NFKC, width, case) itself.
// Meilisearch matches prefixes, not infixes, so the adapter also indexes the USCC's suffixes: a
// prefix search on a suffix is a search for any fragment of the code.
import { Meilisearch, MeilisearchApiError, type EnqueuedTaskPromise, type Settings, type Task } from 'meilisearch'
import { normalizeText, synonymsTable, usccSuffixes } from './chinese.ts'
import {
  normalizePaging,
  type IntermediaryDocument,
  type IntermediarySearch,
  type SearchQuery,
  type SearchResult,
} from './port.ts'

export const MEILISEARCH_INDEX_UID = 'intermediaries'
const BATCH_SIZE = 1000

export const SEARCHABLE_ATTRIBUTES = ['name', 'shortName', 'uscc', 'usccSuffixes', 'serviceItemNames', 'introduction']
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

export function meilisearchSettings(): Settings {
  return {
    searchableAttributes: SEARCHABLE_ATTRIBUTES,
    filterableAttributes: FILTERABLE_ATTRIBUTES,
    sortableAttributes: SORTABLE_ATTRIBUTES,
    // `sort` first so that an explicit sort (credit, rating, newest) is strict; without a sort
    // parameter the rule is a no-op and the relevance rules decide, then newest first.
    rankingRules: ['sort', 'words', 'typo', 'proximity', 'attribute', 'exactness', 'createdAt:desc'],
    synonyms: synonymsTable(),
    // Short Han strings are otherwise sometimes detected as Japanese and segmented as such.
    localizedAttributes: [{ attributePatterns: ['name', 'shortName', 'serviceItemNames', 'introduction'], locales: ['cmn'] }],
    typoTolerance: { disableOnAttributes: ['uscc', 'usccSuffixes'] },
    pagination: { maxTotalHits: 10_000 },
  }
}

/** A string literal in Meilisearch's filter syntax. */
export function filterString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`
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

type MeiliDocument = IntermediaryDocument & { usccSuffixes: string[] }

function toMeiliDocument(doc: IntermediaryDocument): MeiliDocument {
  return {
    id: doc.id,
    name: doc.name,
    shortName: doc.shortName ?? null,
    uscc: doc.uscc,
    usccSuffixes: usccSuffixes(doc.uscc),
    regionCode: doc.regionCode,
    regionPath: doc.regionPath,
    serviceItemCodes: doc.serviceItemCodes,
    serviceItemNames: doc.serviceItemNames,
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

export type MeilisearchAdapterOptions = {
  host: string
  apiKey?: string
  indexUid?: string
  /** How long to wait for one task (ms). */
  taskTimeout?: number
}

export class MeilisearchIntermediarySearch implements IntermediarySearch {
  readonly kind = 'meilisearch' as const
  private readonly client: Meilisearch
  private readonly uid: string
  private readonly taskTimeout: number

  constructor(options: MeilisearchAdapterOptions) {
    this.client = new Meilisearch({ host: options.host, apiKey: options.apiKey || undefined })
    this.uid = options.indexUid ?? MEILISEARCH_INDEX_UID
    this.taskTimeout = options.taskTimeout ?? 30_000
  }

  private get index() {
    return this.client.index<MeiliDocument>(this.uid)
  }

  private async wait(enqueued: EnqueuedTaskPromise): Promise<Task> {
    const task = await enqueued.waitTask({ timeout: this.taskTimeout, interval: 50 })
    if (task.status !== 'succeeded') throw new MeilisearchTaskFailedError(task)
    return task
  }

  async init(): Promise<void> {
    try {
      await this.client.getRawIndex(this.uid)
    } catch (error) {
      if (!(error instanceof MeilisearchApiError) || error.cause?.code !== 'index_not_found') throw error
      try {
        await this.wait(this.client.createIndex(this.uid, { primaryKey: 'id' }))
      } catch (creation) {
        // Another process created it in between: fine.
        if (!(creation instanceof MeilisearchTaskFailedError) || creation.task.error?.code !== 'index_already_exists') {
          throw creation
        }
      }
    }
    await this.wait(this.index.updateSettings(meilisearchSettings()))
  }

  async upsert(docs: IntermediaryDocument[]): Promise<void> {
    const pending: EnqueuedTaskPromise[] = []
    for (let start = 0; start < docs.length; start += BATCH_SIZE) {
      pending.push(this.index.addDocuments(docs.slice(start, start + BATCH_SIZE).map(toMeiliDocument), { primaryKey: 'id' }))
    }
    for (const task of pending) await this.wait(task)
  }

  async remove(ids: string[]): Promise<void> {
    if (ids.length === 0) return
    await this.wait(this.index.deleteDocuments(ids))
  }

  async clear(): Promise<void> {
    await this.wait(this.index.deleteAllDocuments())
  }

  async count(): Promise<number> {
    const stats = await this.index.getStats()
    return stats.numberOfDocuments
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const { page, pageSize } = normalizePaging(query)
    const filter = buildFilter(query)
    const sort = buildSort(query.sort)
    const response = await this.index.search(normalizeText(query.q ?? ''), {
      page,
      hitsPerPage: pageSize,
      attributesToRetrieve: ['id'],
      ...(filter.length ? { filter } : {}),
      ...(sort ? { sort } : {}),
      locales: ['cmn'],
    })
    return { ids: response.hits.map((hit) => String(hit.id)), total: response.totalHits }
  }
}
