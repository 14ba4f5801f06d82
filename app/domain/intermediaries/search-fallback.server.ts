// The directory when the search index cannot answer (Meilisearch unreachable, overloaded, timing
// out, or being rebuilt after it was found missing): the database answers instead, by the same
// matching rule. SQL narrows the intermediaries to those containing every query word (or a form of
// the trade's vocabulary that would give a document that word), newest first, at most
// FALLBACK_CANDIDATE_LIMIT of them; their documents are built as for the index and searched with a
// throwaway embedded index, so that filters, sorts and matching are those of the real index. Past
// the limit the answer may miss older firms; the page says that results come from the fallback.
import type { Prisma } from '#app/generated/prisma/client.ts'
import { prisma } from '#app/db.server.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import { regionPrefix } from '#app/domain/catalogue/regions.ts'
import { activeBlacklistWhere, currentVerifiedQualificationWhere } from '#app/domain/intermediaries/listing.server.ts'
import { catchUpSearchIndex, searchIndex } from '#app/domain/intermediaries/search-index.server.ts'
import { buildSearchDocuments } from '#app/domain/intermediaries/search-document.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import { ABBREVIATIONS } from '#search/chinese.ts'
import { EmbeddedIntermediarySearch } from '#search/embedded.ts'
import { SearchUnavailableError, type SearchQuery, type SearchResult } from '#search/port.ts'
import { planQuery } from '#search/words.ts'

export const FALLBACK_CANDIDATE_LIMIT = 2_000

export type DirectorySearchResult = SearchResult & {
  /** Present when the search index could not answer and the database did. */
  fallback?: { reason: string; complete: boolean }
}

/** Searches the index; when it cannot answer, the database does (and says so). */
export async function searchWithFallback(query: SearchQuery): Promise<DirectorySearchResult> {
  try {
    await catchUpSearchIndex()
    return await searchIndex().search(query)
  } catch (error) {
    const expected = error instanceof SearchUnavailableError
    logger[expected ? 'warn' : 'error']({ err: error }, 'search index unavailable; the directory answers from the database')
    const { ids, total, complete } = await searchDatabase(query)
    return { ids, total, fallback: { reason: error instanceof Error ? error.message : String(error), complete } }
  }
}

/** Strings one of which a document's text must contain to give it the word `word`. */
function textFormsOf(word: string): string[] {
  const forms = new Set([word])
  for (const [abbreviation, fullForms] of ABBREVIATIONS) {
    // The document's expansions hold the abbreviation when it mentions a full form, and the full
    // forms when it mentions the abbreviation.
    if (abbreviation.includes(word)) for (const fullForm of fullForms) forms.add(fullForm)
    if (fullForms.some((fullForm) => fullForm.includes(word))) forms.add(abbreviation)
  }
  return [...forms]
}

function containsWhere(form: string): Prisma.OrganizationWhereInput[] {
  return [
    { name: { contains: form } },
    { uscc: { contains: form } },
    { intermediaryProfile: { shortName: { contains: form } } },
    { intermediaryProfile: { introduction: { contains: form } } },
    { offeredServices: { some: { serviceItem: { name: { contains: form } } } } },
  ]
}

/** The database's answer by the index's rule (see the header). */
export async function searchDatabase(query: SearchQuery): Promise<SearchResult & { complete: boolean }> {
  const at = now()
  const words = [...new Set(planQuery(query.q).chunks.flatMap((chunk) => chunk.words))]
  const where: Prisma.OrganizationWhereInput[] = [{ type: 'INTERMEDIARY' }]
  for (const word of words) where.push({ OR: textFormsOf(word).flatMap(containsWhere) })
  if (query.serviceItemCodes?.length) where.push({ offeredServices: { some: { serviceItemCode: { in: query.serviceItemCodes } } } })
  if (query.fieldCode) where.push({ offeredServices: { some: { serviceItem: { fieldCode: query.fieldCode } } } })
  if (query.regionCode) where.push({ regionCode: { startsWith: regionPrefix(query.regionCode) } })
  if (query.verifiedOnly) where.push({ qualifications: { some: currentVerifiedQualificationWhere(at) } })
  if (query.excludeBlacklisted) where.push({ blacklistEntries: { none: activeBlacklistWhere(at) } })
  if (query.excludeSuspended) where.push({ status: { not: 'SUSPENDED' } })
  const candidates = await prisma.organization.findMany({
    where: { AND: where },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    take: FALLBACK_CANDIDATE_LIMIT,
    select: { id: true },
  })
  const index = new EmbeddedIntermediarySearch()
  const { documents } = await buildSearchDocuments(candidates.map((row) => row.id))
  await index.upsert(documents)
  const result = await index.search(query)
  return { ...result, complete: candidates.length < FALLBACK_CANDIDATE_LIMIT }
}
