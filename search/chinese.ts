// The trade's vocabulary for search: abbreviations (环评, 水保 …) and their full forms, and what a
// document carries because of them. Both backends index the same `expansions` field built here, so
// a query for an abbreviation finds the firms that only write the full form and vice versa, with no
// query-time synonyms (Meilisearch looks synonyms up only for one to three query words, and most
// full forms are four or more: 社会稳定风险评估 → 社会 / 稳定 / 风险 / 评估). See words.ts for the rule.
import { ABBREVIATIONS } from './abbreviations.ts'
import { normalizeWord, words } from './words.ts'

export { ABBREVIATIONS }

/** Text for substring tests: normalized word by word, with one space where anything separated them. */
function normalizedText(text: string): string {
  return text
    .split(/[\p{P}\p{Sm}\p{Z}\s`\0]+/u)
    .map(normalizeWord)
    .filter(Boolean)
    .join(' ')
}

/** Whether `phrase`'s words occur one after another among `textWords` (word-aligned, not a substring). */
function containsWords(textWords: readonly string[], phrase: readonly string[]): boolean {
  if (phrase.length === 0) return false
  outer: for (let i = 0; i + phrase.length <= textWords.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (textWords[i + j] !== phrase[j]) continue outer
    return true
  }
  return false
}

const ABBREVIATION_WORDS = new Map([...ABBREVIATIONS.keys()].map((abbreviation) => [abbreviation, words(abbreviation)]))

/**
 * The `expansions` of a document whose searchable text is `texts`: the abbreviations of the full
 * forms it contains (a substring test: full forms are long and specific), then the full forms of the
 * abbreviations it uses as words (word-aligned: 能评 inside 节能评估 does not count). Sorted, unique.
 */
export function expansionsOf(texts: ReadonlyArray<string | null | undefined>): string[] {
  const present = texts.filter((text): text is string => Boolean(text))
  const flat = present.map(normalizedText)
  const textWords = present.map((text) => words(text))
  const found = new Set<string>()
  for (const [abbreviation, fullForms] of ABBREVIATIONS) {
    if (fullForms.some((fullForm) => flat.some((text) => text.includes(fullForm)))) found.add(abbreviation)
    const abbreviationWords = ABBREVIATION_WORDS.get(abbreviation)!
    if (textWords.some((list) => containsWords(list, abbreviationWords))) for (const fullForm of fullForms) found.add(fullForm)
  }
  return [...found].sort()
}

/** Suffixes of a USCC of four characters or more: a prefix search on them finds any fragment. */
export function usccSuffixes(uscc: string, minLength = 4): string[] {
  const normalized = normalizeWord(uscc.trim())
  const suffixes: string[] = []
  for (let start = 1; normalized.length - start >= minLength; start++) suffixes.push(normalized.slice(start))
  return suffixes
}
