// The trade's vocabulary for search: abbreviations (环评, 水保 …) and their full forms, and what a
// document carries because of them. Both backends index the same `expansions` field built here, so
// a query for an abbreviation finds the firms that only write the full form and vice versa, with no
// query-time synonyms (Meilisearch looks synonyms up only for one to three query words, and most
// full forms are four or more: 社会稳定风险评估 → 社会 / 稳定 / 风险 / 评估). See words.ts for the rule.
import { ABBREVIATIONS } from './abbreviations.ts'
import { joinedWords, normalizeWord, words } from './words.ts'

export { ABBREVIATIONS }

/**
 * The `expansions` of a document whose searchable text is `texts`: the abbreviations of the full
 * forms it contains (a substring test: full forms are long and specific), then the full forms of the
 * abbreviations it uses as words — one word (环评) or single-character words side by side (水 / 保);
 * 能评 inside 节能评估 (节能 / 评估) does not count. Sorted, unique.
 */
export function expansionsOf(texts: ReadonlyArray<string | null | undefined>): string[] {
  const present = texts.filter((text): text is string => Boolean(text))
  // One string for the substring tests; the separator cannot occur inside a full form.
  const flat = present.map(joinedWords).join('\n')
  const used = new Set<string>()
  for (const text of present) {
    const list = words(text)
    for (let i = 0; i < list.length; i++) {
      const word = list[i]!
      if (ABBREVIATIONS.has(word)) used.add(word)
      const next = list[i + 1]
      if (next !== undefined && word.length === 1 && next.length === 1 && ABBREVIATIONS.has(word + next)) used.add(word + next)
    }
  }
  const found = new Set<string>()
  for (const [abbreviation, fullForms] of ABBREVIATIONS) {
    if (fullForms.some((fullForm) => flat.includes(fullForm))) found.add(abbreviation)
    if (used.has(abbreviation)) for (const fullForm of fullForms) found.add(fullForm)
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
