// The search port: what the rest of the product may ask of an intermediary search index. Two
// adapters implement it (embedded.ts, in-process; meilisearch.ts, the Meilisearch service) and both
// pass the same contract suite (contract.ts). No vendor imports here.

export type CreditLevel = 'A' | 'B' | 'C' | 'D'

export const CREDIT_LEVELS: readonly CreditLevel[] = ['A', 'B', 'C', 'D']

/** One intermediary (中介机构) as the search index sees it: searchable text plus filter/sort keys. */
export type IntermediaryDocument = {
  id: string
  name: string
  shortName?: string | null
  /** 统一社会信用代码, 18 characters. */
  uscc: string
  regionCode: string
  /** The province, city and county codes containing the region, e.g. ['510000', '510100', '510107']. */
  regionPath: string[]
  serviceItemCodes: string[]
  serviceItemNames: string[]
  fieldCodes: string[]
  introduction?: string | null
  creditScore: number
  creditLevel: CreditLevel
  ratingAverage: number | null
  hasVerifiedQualification: boolean
  blacklisted: boolean
  suspended: boolean
  /** Epoch milliseconds. */
  createdAt: number
  updatedAt: number
}

export type SearchSort = 'relevance' | 'credit' | 'rating' | 'newest'

export type SearchQuery = {
  /** Free text: names, short names, USCC fragments, service keywords and their abbreviations (环评…). */
  q?: string
  /** Any of these service items. */
  serviceItemCodes?: string[]
  fieldCode?: string
  /** A province, city or county code; matches documents whose regionPath contains it. */
  regionCode?: string
  creditLevels?: string[]
  verifiedOnly?: boolean
  excludeBlacklisted?: boolean
  excludeSuspended?: boolean
  /**
   * relevance: score, then newest (with an empty q, relevance = newest); credit: creditScore desc;
   * rating: ratingAverage desc, nulls last; newest: createdAt desc. Ties: newest first.
   */
  sort?: SearchSort
  /** 1-based. */
  page: number
  pageSize: number
}

export type SearchResult = { ids: string[]; total: number }

/** Receives documents for an index being rebuilt. */
export type RebuildWriter = (docs: IntermediaryDocument[]) => Promise<void>

export interface IntermediarySearch {
  readonly kind: 'embedded' | 'meilisearch'
  /**
   * False when this process may only search (a Meilisearch key without write permissions): writes
   * and rebuilds then fail, searches work.
   */
  readonly writable: boolean
  /** Creates the index and applies its settings; safe to call more than once. */
  init(): Promise<void>
  /** Adds or replaces documents by id. Resolves once the documents are searchable. */
  upsert(docs: IntermediaryDocument[]): Promise<void>
  remove(ids: string[]): Promise<void>
  search(q: SearchQuery): Promise<SearchResult>
  count(): Promise<number>
  clear(): Promise<void>
  /**
   * Builds a new, complete index from what `fill` writes and then puts it in place of the live one
   * at once: searches keep answering from the old index until the new one is whole.
   */
  rebuild(fill: (write: RebuildWriter) => Promise<void>): Promise<void>
  /** Called when the index was found missing or stripped of its settings (recovered; needs a rebuild). */
  onReset(listener: () => void): void
}

/** The search backend could not answer now (unreachable, overloaded, timed out, garbled answer). */
export class SearchUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'SearchUnavailableError'
  }
}

/** The index was found missing or without its settings: recreated, and incomplete until rebuilt. */
export class SearchIndexResetError extends SearchUnavailableError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'SearchIndexResetError'
  }
}

export const MAX_PAGE_SIZE = 100

/** Page and page size clamped to sane bounds (page ≥ 1, 1 ≤ pageSize ≤ MAX_PAGE_SIZE). */
export function normalizePaging(query: Pick<SearchQuery, 'page' | 'pageSize'>): { page: number; pageSize: number } {
  const page = Number.isFinite(query.page) ? Math.max(1, Math.floor(query.page)) : 1
  const pageSize = Number.isFinite(query.pageSize)
    ? Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(query.pageSize)))
    : 20
  return { page, pageSize }
}
