// What a search index stores of an intermediary beyond IntermediaryDocument: the searchable fields in
// ranking order, with the values both backends index (the same `expansions` and `usccSuffixes`).
import { expansionsOf, usccSuffixes } from './chinese.ts'
import type { IntermediaryDocument } from './port.ts'

/** Searchable fields, most important first (Meilisearch's `searchableAttributes` order). */
export const SEARCHABLE_FIELDS = ['name', 'shortName', 'uscc', 'usccSuffixes', 'serviceItemNames', 'expansions', 'introduction'] as const

export type SearchableField = (typeof SEARCHABLE_FIELDS)[number]

export type SearchableValues = Record<SearchableField, string[]>

/** The searchable text fields of a document (all but the USCC and its suffixes), empty ones as []. */
export function textValues(doc: IntermediaryDocument): Omit<SearchableValues, 'uscc' | 'usccSuffixes'> {
  const present = (value: string | null | undefined) => (value ? [value] : [])
  return {
    name: [doc.name],
    shortName: present(doc.shortName),
    serviceItemNames: doc.serviceItemNames,
    expansions: expansionsOf([doc.name, doc.shortName, ...doc.serviceItemNames, doc.introduction]),
    introduction: present(doc.introduction),
  }
}

/** The values of each searchable field of a document (empty fields as []). */
export function searchableValues(doc: IntermediaryDocument): SearchableValues {
  return { ...textValues(doc), uscc: [doc.uscc], usccSuffixes: usccSuffixes(doc.uscc) }
}
