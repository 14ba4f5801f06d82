// Picks the search adapter: Meilisearch when MEILI_HOST is set, the embedded in-process index
// otherwise. One instance per process (and per configuration), shared through globalThis.
import { singleton } from '#app/utils/singleton.server.ts'
import { EmbeddedIntermediarySearch } from './embedded.ts'
import { MeilisearchIntermediarySearch, type MeilisearchAdapterOptions } from './meilisearch.ts'
import { type IntermediarySearch } from './port.ts'

export type SearchEnv = { MEILI_HOST?: string; MEILI_KEY?: string }

export type SearchOptions = {
  warn?: (message: string, details?: Record<string, unknown>) => void
  /** Timings of the Meilisearch adapter (tests); only the first call for a host and key counts. */
  meilisearch?: Partial<Omit<MeilisearchAdapterOptions, 'host' | 'apiKey' | 'warn'>>
}

export function createIntermediarySearch(env: SearchEnv, options: SearchOptions = {}): IntermediarySearch {
  const host = env.MEILI_HOST?.trim()
  if (!host) return singleton('search:embedded', () => new EmbeddedIntermediarySearch())
  const apiKey = env.MEILI_KEY?.trim() || undefined
  // The key is part of the identity (a rotated key gets a new client) but never shown: a short hash.
  return singleton(`search:meilisearch:${host}:${apiKey ? fingerprint(apiKey) : '-'}`, () => {
    return new MeilisearchIntermediarySearch({ ...options.meilisearch, host, apiKey, warn: options.warn })
  })
}

function fingerprint(value: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < value.length; i++) hash = Math.imul(hash ^ value.charCodeAt(i), 0x01000193) >>> 0
  return hash.toString(16)
}

export type { IntermediaryDocument, IntermediarySearch, SearchQuery, SearchResult, SearchSort } from './port.ts'
export { SearchIndexResetError, SearchUnavailableError } from './port.ts'
