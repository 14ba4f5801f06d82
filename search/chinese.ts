// Chinese text for search. Intl.Segmenter('zh') finds real words in running text (建设/项目/环境/
// 影响/评价) but splits company names and abbreviations into single characters (四川/蜀/安/环/评), so
// the index works on character bigrams of Han runs (plus trigrams of alphanumeric runs, for USCC
// fragments) and verifies candidates by substring; a dictionary maps the trade's abbreviations
// (环评, 水保 …) to their full forms in both directions.

const HAN = /\p{Script=Han}/u
const TERM_SPLIT = /[^\p{L}\p{N}]+/u

/** Length of the n-grams taken from alphanumeric runs (any fragment of this length or more is indexable). */
export const ALNUM_GRAM = 3

/**
 * Abbreviation → full forms. A document mentioning any full form gets the abbreviation as a token;
 * a query for the abbreviation also finds the full forms, and a query for a full form also finds the
 * abbreviation.
 */
export const ABBREVIATIONS: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
  ['环评', ['环境影响评价', '环境影响报告', '环境影响登记']],
  ['水保', ['水土保持']],
  ['安评', ['安全评价', '安全预评价', '安全验收评价', '安全现状评价']],
  ['能评', ['节能评估', '节能审查']],
  ['稳评', ['社会稳定风险评估', '社会稳定风险分析']],
  ['社稳', ['社会稳定风险评估', '社会稳定风险分析']],
  ['地灾', ['地质灾害']],
  ['职评', ['职业病危害评价', '职业病危害预评价', '职业病危害控制效果评价', '职业病危害现状评价']],
  ['职卫', ['职业卫生']],
  ['震评', ['地震安全性评价']],
  ['洪评', ['洪水影响评价', '防洪评价']],
  ['水评', ['水资源论证', '水影响评价']],
  ['文评', ['文物影响评估', '文物保护影响评估']],
  ['交评', ['交通影响评价']],
  ['防雷', ['雷电防护', '雷电灾害风险评估']],
  ['雷评', ['雷电灾害风险评估']],
  ['林评', ['使用林地可行性', '林地可行性研究']],
  ['消评', ['消防安全评估']],
  ['可研', ['可行性研究']],
  ['地勘', ['地质勘查', '地质勘察']],
  ['审图', ['施工图审查', '施工图设计文件审查']],
  ['招代', ['招标代理']],
  ['土调', ['土壤污染状况调查']],
  ['压矿', ['压覆矿产资源', '压覆重要矿产']],
])

const FULL_FORM_TO_ABBREVIATIONS: ReadonlyMap<string, readonly string[]> = (() => {
  const reverse = new Map<string, string[]>()
  for (const [abbreviation, fullForms] of ABBREVIATIONS) {
    for (const fullForm of fullForms) {
      const list = reverse.get(fullForm) ?? []
      list.push(abbreviation)
      reverse.set(fullForm, list)
    }
  }
  return reverse
})()

/** NFKC (full-width → half-width, compatibility forms), lower-case, whitespace collapsed. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim()
}

/** The query's terms: normalized, split on anything that is not a letter or digit, de-duplicated. */
export function splitTerms(query: string | null | undefined, maxTerms = 10): string[] {
  if (!query) return []
  const terms: string[] = []
  for (const term of normalizeText(query).split(TERM_SPLIT)) {
    if (term && !terms.includes(term)) terms.push(term)
    if (terms.length >= maxTerms) break
  }
  return terms
}

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' })

/** Word-like segments of the (normalized) text according to ICU's Chinese dictionary. */
export function segmentWords(text: string): string[] {
  const words: string[] = []
  for (const segment of segmenter.segment(normalizeText(text))) {
    if (segment.isWordLike) words.push(segment.segment)
  }
  return words
}

export function isHan(char: string): boolean {
  return HAN.test(char)
}

type Run = { text: string; han: boolean }

/** Maximal runs of Han characters and of other letters/digits; everything else separates runs. */
function runs(normalized: string): Run[] {
  const result: Run[] = []
  let current = ''
  let currentHan = false
  for (const char of normalized) {
    const han = HAN.test(char)
    const wordChar = han || /[\p{L}\p{N}]/u.test(char)
    if (!wordChar) {
      if (current) result.push({ text: current, han: currentHan })
      current = ''
      continue
    }
    if (current && han !== currentHan) {
      result.push({ text: current, han: currentHan })
      current = ''
    }
    current += char
    currentHan = han
  }
  if (current) result.push({ text: current, han: currentHan })
  return result
}

function ngrams(text: string, n: number, into: string[]): void {
  const chars = Array.from(text)
  for (let i = 0; i + n <= chars.length; i++) into.push(chars.slice(i, i + n).join(''))
}

/** Character bigrams of every Han run (`蜀安环评` → 蜀安, 安环, 环评). */
export function hanBigrams(text: string): string[] {
  const grams: string[] = []
  for (const run of runs(normalizeText(text))) if (run.han) ngrams(run.text, 2, grams)
  return grams
}

/** n-grams (default ALNUM_GRAM) of every alphanumeric run, lower-cased. */
export function alnumGrams(text: string, n = ALNUM_GRAM): string[] {
  const grams: string[] = []
  for (const run of runs(normalizeText(text))) if (!run.han) ngrams(run.text, n, grams)
  return grams
}

/**
 * The grams a document must contain for a query term to be a substring of it (de-duplicated). Empty
 * when the term is too short to be indexed (one Han character, fewer than ALNUM_GRAM alphanumerics):
 * such terms are matched by scanning.
 */
export function termGrams(term: string): string[] {
  const grams: string[] = []
  for (const run of runs(normalizeText(term))) ngrams(run.text, run.han ? 2 : ALNUM_GRAM, grams)
  return [...new Set(grams)]
}

/**
 * Visits the grams of an already-normalized text in order, with the UTF-16 offset of each: Han
 * bigrams and alphanumeric n-grams; anything that is not a letter or digit ends a run.
 */
export function forEachGram(normalized: string, visit: (gram: string, offset: number) => void): void {
  let runStart = -1
  let runHan = false
  let chars: number[] = [] // offsets of the run's code points
  const flush = (end: number) => {
    const n = runHan ? 2 : ALNUM_GRAM
    for (let i = 0; i + n <= chars.length; i++) {
      const from = chars[i]!
      const to = i + n < chars.length ? chars[i + n]! : end
      visit(normalized.slice(from, to), from)
    }
    chars = []
    runStart = -1
  }
  let offset = 0
  for (const char of normalized) {
    const han = HAN.test(char)
    const wordChar = han || /[\p{L}\p{N}]/u.test(char)
    if (!wordChar) {
      if (runStart !== -1) flush(offset)
    } else {
      if (runStart !== -1 && han !== runHan) flush(offset)
      if (runStart === -1) {
        runStart = offset
        runHan = han
      }
      chars.push(offset)
    }
    offset += char.length
  }
  if (runStart !== -1) flush(offset)
}

/**
 * How to find a query term through grams: the distinct grams to intersect, and — when the grams
 * cover every character of the term and none repeats — each gram's offset in the term, so that a
 * document whose first occurrences of the grams line up at those offsets contains the term.
 */
export function termGramPlan(term: string): { grams: string[]; offsets: number[] | null } {
  const normalized = normalizeText(term)
  const grams: string[] = []
  const offsets: number[] = []
  let covered = 0
  let contiguous = true
  forEachGram(normalized, (gram, offset) => {
    if (offset > covered) contiguous = false
    covered = Math.max(covered, offset + gram.length)
    grams.push(gram)
    offsets.push(offset)
  })
  const distinct = [...new Set(grams)]
  const chain = contiguous && covered === normalized.length && distinct.length === grams.length
  return { grams: distinct, offsets: chain ? offsets : null }
}

/** Abbreviations whose full form occurs in the text (index side: 环境影响评价 → 环评). */
export function abbreviationsMentioned(text: string): string[] {
  const normalized = normalizeText(text)
  const found: string[] = []
  for (const [abbreviation, fullForms] of ABBREVIATIONS) {
    if (fullForms.some((fullForm) => normalized.includes(fullForm))) found.push(abbreviation)
  }
  return found
}

/** Full forms of an abbreviation term (环评 → 环境影响评价 …), or []. */
export function fullFormsOf(term: string): readonly string[] {
  return ABBREVIATIONS.get(normalizeText(term)) ?? []
}

/** Abbreviations of a full-form term (水土保持 → 水保), or []. */
export function abbreviationsOf(term: string): readonly string[] {
  return FULL_FORM_TO_ABBREVIATIONS.get(normalizeText(term)) ?? []
}

/**
 * Query-side expansion: the literal strings any of which satisfies the term, the term first
 * (环评 → 环评, 环境影响评价, 环境影响报告, 环境影响登记; 水土保持 → 水土保持, 水保).
 */
export function expandQueryTerm(term: string): string[] {
  const normalized = normalizeText(term)
  return [...new Set([normalized, ...fullFormsOf(normalized), ...abbreviationsOf(normalized)])]
}

export function hasExpansion(term: string): boolean {
  return expandQueryTerm(term).length > 1
}

/** Prefix of the tokens that mark "mentions a full form of this abbreviation" in the index. */
export const ABBREVIATION_TOKEN_PREFIX = '~'

/**
 * Index-side tokens of a text: Han bigrams, alphanumeric n-grams, and `~abbreviation` for every
 * abbreviation whose full form it mentions (the embedded index derives the same tokens, with their
 * offsets, through forEachGram). Segmenter words are not needed here: every word of two or more
 * characters is covered by its bigrams, and candidates are verified as substrings.
 */
export function indexTokens(text: string | null | undefined): string[] {
  if (!text) return []
  const normalized = normalizeText(text)
  const tokens: string[] = []
  for (const run of runs(normalized)) ngrams(run.text, run.han ? 2 : ALNUM_GRAM, tokens)
  for (const abbreviation of abbreviationsMentioned(normalized)) tokens.push(ABBREVIATION_TOKEN_PREFIX + abbreviation)
  return [...new Set(tokens)]
}

/**
 * Every token a general-purpose tokenizer would emit for the text: segmenter words, Han bigrams,
 * alphanumeric runs and their n-grams, and dictionary abbreviations.
 */
export function tokenize(text: string): string[] {
  const normalized = normalizeText(text)
  const tokens = new Set<string>(segmentWords(normalized))
  for (const run of runs(normalized)) {
    if (!run.han) tokens.add(run.text)
    for (const gram of run.han ? hanBigramsOfRun(run.text) : alnumGramsOfRun(run.text)) tokens.add(gram)
  }
  for (const abbreviation of abbreviationsMentioned(normalized)) tokens.add(abbreviation)
  return [...tokens]
}

function hanBigramsOfRun(text: string): string[] {
  const grams: string[] = []
  ngrams(text, 2, grams)
  return grams
}

function alnumGramsOfRun(text: string): string[] {
  const grams: string[] = []
  ngrams(text, ALNUM_GRAM, grams)
  return grams
}

/**
 * Splits a Han term that matched nothing as a whole into shorter terms to AND together
 * (成都环评公司 → 成都, 环评, 公司): segmenter words, with runs of single characters merged back
 * (the segmenter cuts 环评 into 环/评), and single characters dropped when something longer is left.
 */
export function splitCompoundTerm(term: string): string[] {
  const normalized = normalizeText(term)
  const parts: string[] = []
  let singles = ''
  const flush = () => {
    if (singles) parts.push(singles)
    singles = ''
  }
  for (const word of segmentWords(normalized)) {
    if (Array.from(word).length === 1 && HAN.test(word)) singles += word
    else {
      flush()
      parts.push(word)
    }
  }
  flush()
  const longer = parts.filter((part) => Array.from(part).length > 1)
  const result = [...new Set(longer.length ? longer : parts)]
  return result.length > 1 ? result : [normalized]
}

/** Suffixes of a USCC of four or more characters: a prefix search on them is a substring search. */
export function usccSuffixes(uscc: string, minLength = 4): string[] {
  const normalized = normalizeText(uscc)
  const suffixes: string[] = []
  for (let start = 1; normalized.length - start >= minLength; start++) suffixes.push(normalized.slice(start))
  return suffixes
}

/** Synonyms for engines that support them (Meilisearch): abbreviation ↔ full forms. */
export function synonymsTable(): Record<string, string[]> {
  const table: Record<string, string[]> = {}
  const add = (from: string, to: string) => {
    const list = (table[from] ??= [])
    if (!list.includes(to)) list.push(to)
  }
  for (const [abbreviation, fullForms] of ABBREVIATIONS) {
    for (const fullForm of fullForms) {
      add(abbreviation, fullForm)
      add(fullForm, abbreviation)
    }
  }
  return table
}
