// The one matching rule of the intermediary search. Both backends answer by it: the embedded index
// implements it (embedded.ts); Meilisearch applies it natively to the documents and queries the
// adapter sends (meilisearch.ts: matchingStrategy "all", typo tolerance off, no synonyms).
//
// WORDS. Text is cut into words the way Meilisearch's tokenizer (charabia 0.9, the default build of
// Meilisearch 1.x) does it:
//   1. Separators are punctuation, math symbols, spaces and control characters (Unicode P*, Sm, Z*);
//      a hard one (。，、；：！？… or ". " / ", ") puts the next word out of reach of phrases.
//   2. Between separators, text splits where the script changes between Han and Latin (digits stay
//      with the run they touch). A Latin/digit run is one word (`91510107ma6cj8x83l`, `abc123`).
//   3. A Han run is cut by jieba (the dictionary shipped with @node-rs/jieba, no HMM) and every
//      jieba word of three characters or more is cut again, greedily, into dictionary bigrams, then
//      trigrams, then single characters (有限公司 → 有限 / 公司, 环境影响 → 环境 / 影响).
//   4. Each word is normalized: compatibility decomposition (full-width → ASCII), combining marks
//      dropped, lower case.
//
// DOCUMENTS carry, beside their text, what the app derives once for both backends (chinese.ts):
// `expansions` — the trade's abbreviations of the full forms they mention (环境影响评价 → 环评) and
// the full forms of the abbreviations they mention (环评 → 环境影响评价 …) — and `usccSuffixes`, every
// suffix of the USCC of four characters or more. Nothing is expanded at query time (no synonyms).
//
// QUERIES. The query is split at separators into chunks (at most 10); each chunk is cut into words.
//   - A chunk of one word matches a document having that word; the query's last chunk also matches
//     any word it begins (prefix). Two or three adjacent one-word chunks may also match their
//     concatenation as one word, and a one-word chunk may match two adjacent words it splits into
//     (Meilisearch's ngrams and split words).
//   - A chunk of several words (蜀安 → 蜀 / 安, 环境影响评价 → 环境 / 影响 / 评价) is a phrase: the words must
//     follow each other in one field value. Phrases never match by prefix.
//   - Every chunk must match (matchingStrategy "all").
//   - Loose retry: when that finds nothing and a phrase can be cut, it is asked once more with its
//     words of two characters or more as chunks of their own, runs of one-character words kept
//     together as phrases but cut around the trade's abbreviations (成都环评公司 → 成都 + 环评 + 公司;
//     蜀安环评 → "蜀安" + 环评; 蜀安水保 → "蜀安" + "水保"; 水保 alone is not loosened).
// Relevance order within the matches is each backend's own; filters and explicit sorts are exact.
import { Jieba } from '@node-rs/jieba'
import { dict as jiebaDictionary } from '@node-rs/jieba/dict.js'
import { ABBREVIATIONS } from './abbreviations.ts'

/** Meilisearch's default limit of query terms (a phrase counts as one). */
export const MAX_QUERY_TERMS = 10

/** What separates words (Unicode P*, Sm, Z*, whitespace, backtick, NUL), as charabia's default list. */
export const SEPARATOR = /[\p{P}\p{Sm}\p{Z}\s`\0]/u
const HARD_SEPARATORS = new Set([...'!;?¡§¶¿…‥※‼‽⁇⁈⁉、。︐︑︒︓︔︕︖︙︰﹅﹐﹑﹒﹔﹕﹖﹗！，．：；？｡､'])
const HAN = /\p{Script=Han}/u
const LATIN = /\p{Script=Latin}/u
const NUMERIC = /^\p{N}+$/u

let jieba: Jieba | null = null
const hasWordCache = new Map<string, boolean>()
const searchCutCache = new Map<string, string[]>()

function segmenter(): Jieba {
  jieba ??= Jieba.withDict(jiebaDictionary)
  return jieba
}

function hasWord(candidate: string): boolean {
  let known = hasWordCache.get(candidate)
  if (known === undefined) {
    known = segmenter().cutAll(candidate).includes(candidate)
    hasWordCache.set(candidate, known)
  }
  return known
}

/** Charabia's second cut of a jieba word longer than two characters (dictionary bigrams first). */
function searchCut(word: string): string[] {
  if (word.length <= 2) return [word]
  let cut = searchCutCache.get(word)
  if (cut) return cut
  const chars = Array.from(word)
  if (chars.length <= 2 || /^[a-z0-9]+$/i.test(word)) {
    searchCutCache.set(word, [word])
    return [word]
  }
  cut = []
  for (let i = 0; i < chars.length; ) {
    const bigram = chars.slice(i, i + 2).join('')
    const trigram = chars.slice(i, i + 3).join('')
    if (i + 2 <= chars.length && hasWord(bigram)) {
      cut.push(bigram)
      i += 2
    } else if (i + 3 <= chars.length && hasWord(trigram)) {
      cut.push(trigram)
      i += 3
    } else {
      cut.push(chars[i]!)
      i += 1
    }
  }
  searchCutCache.set(word, cut)
  return cut
}

const normalizedWords = new Map<string, string>()

/** Only characters of the common Han block, which normalization leaves as they are. */
function isPlainHan(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i)
    if (code < 0x4e00 || code > 0x9fff) return false
  }
  return word.length > 0
}

/** One word's normal form: compatibility decomposition, combining marks dropped, lower case. */
export function normalizeWord(word: string): string {
  if (isPlainHan(word)) return word
  let normal = normalizedWords.get(word)
  if (normal === undefined) {
    normal = word.normalize('NFKD').replace(/\p{Mn}/gu, '').toLowerCase()
    if (normalizedWords.size > 100_000) normalizedWords.clear()
    normalizedWords.set(word, normal)
  }
  return normal
}

export type Piece =
  | { kind: 'word'; word: string }
  | { kind: 'separator'; text: string; hard: boolean }

type Script = 'han' | 'latin' | 'other'

/** A character's script and whether it separates words; ASCII and the common Han block without regexes. */
function classify(char: string): { script: Script; separator: boolean } {
  const code = char.charCodeAt(0)
  if (char.length === 1 && code >= 0x4e00 && code <= 0x9fff) return HAN_CHAR
  if (code < 0x80) {
    if ((code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a)) return LATIN_CHAR
    if (code >= 0x30 && code <= 0x39) return DIGIT_CHAR
  }
  return { script: HAN.test(char) ? 'han' : LATIN.test(char) ? 'latin' : 'other', separator: SEPARATOR.test(char) }
}
const HAN_CHAR = { script: 'han', separator: false } as const
const LATIN_CHAR = { script: 'latin', separator: false } as const
const DIGIT_CHAR = { script: 'other', separator: false } as const

/** Leftmost-longest split of `text` on the given words (Meilisearch's `dictionary` setting). */
function splitOnDictionary(text: string, dictionary: readonly string[]): Array<{ text: string; fixed: boolean }> {
  if (dictionary.length === 0) return [{ text, fixed: false }]
  const parts: Array<{ text: string; fixed: boolean }> = []
  let rest = 0
  for (let i = 0; i < text.length; ) {
    let longest = ''
    for (const word of dictionary) if (word.length > longest.length && text.startsWith(word, i)) longest = word
    if (!longest) {
      i++
      continue
    }
    if (i > rest) parts.push({ text: text.slice(rest, i), fixed: false })
    parts.push({ text: longest, fixed: true })
    i += longest.length
    rest = i
  }
  if (rest < text.length) parts.push({ text: text.slice(rest), fixed: false })
  return parts
}

function segmentRun(text: string, script: Script, dictionary: readonly string[], into: Piece[]): void {
  if (dictionary.length === 0 && script === 'han') {
    if (!NUMERIC.test(text)) {
      for (const word of segmenter().cut(text, false)) {
        for (const piece of searchCut(word)) into.push({ kind: 'word', word: normalizeWord(piece) })
      }
      return
    }
  }
  for (const part of splitOnDictionary(text, dictionary)) {
    if (part.fixed || NUMERIC.test(part.text) || script !== 'han') {
      into.push({ kind: 'word', word: normalizeWord(part.text) })
      continue
    }
    for (const word of segmenter().cut(part.text, false)) {
      for (const piece of searchCut(word)) into.push({ kind: 'word', word: normalizeWord(piece) })
    }
  }
}

/**
 * Words and separators of a text, in order (rules 1–4 above). `dictionary`: extra words kept whole
 * (Meilisearch's `dictionary` setting; the app sends none).
 */
export function segment(text: string, dictionary: readonly string[] = []): Piece[] {
  if (dictionary.length > 0) return segmentText(text, dictionary)
  let pieces = segmented.get(text)
  if (!pieces) {
    pieces = segmentText(text, dictionary)
    if (segmented.size > 50_000) segmented.clear()
    segmented.set(text, pieces)
  }
  return pieces
}

/** Texts seen recently (service item names and other repeated values are segmented once). */
const segmented = new Map<string, Piece[]>()

function segmentText(text: string, dictionary: readonly string[]): Piece[] {
  const pieces: Piece[] = []
  const chars = Array.from(text.normalize('NFC'))
  // Script groups as charabia forms them: a group changes when a Han or Latin character follows a
  // group of the other script; digits and punctuation join the group they are in.
  let groupScript: Script = 'other'
  let run = ''
  let runScript: Script = 'other'
  const flush = () => {
    if (run) segmentRun(run, runScript, dictionary, pieces)
    run = ''
  }
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!
    const { script, separator } = classify(char)
    if (script !== 'other' && script !== groupScript) {
      if (groupScript !== 'other') flush()
      groupScript = script
    }
    if (separator) {
      flush()
      const hard = HARD_SEPARATORS.has(char) || ((char === '.' || char === ',') && chars[i + 1] === ' ')
      pieces.push({ kind: 'separator', text: char, hard })
      continue
    }
    if (!run) runScript = groupScript
    run += char
    if (script !== 'other') runScript = script
  }
  flush()
  return pieces.filter((piece) => piece.kind === 'separator' || piece.word !== '')
}

/**
 * The text normalized word by word: words that follow each other directly stay joined, anything
 * that separated them becomes one space (for substring tests over whole words and phrases).
 */
export function joinedWords(text: string): string {
  let joined = ''
  let gap = false
  for (const piece of segment(text)) {
    if (piece.kind === 'separator') gap = joined.length > 0
    else {
      joined += gap ? ` ${piece.word}` : piece.word
      gap = false
    }
  }
  return joined
}

/** The words of a text, normalized, in order. */
export function words(text: string | null | undefined): string[] {
  if (!text) return []
  const found: string[] = []
  for (const piece of segment(text)) if (piece.kind === 'word') found.push(piece.word)
  return found
}

/**
 * The words of one field value with the positions Meilisearch gives them: +1 per word, +8 after a
 * hard separator (so no phrase spans it).
 */
export function positionedWords(text: string, start = 0): Array<{ word: string; position: number }> {
  const result: Array<{ word: string; position: number }> = []
  let position = start - 1
  let gap = 0
  for (const piece of segment(text)) {
    if (piece.kind === 'separator') {
      if (piece.hard && result.length > 0) gap = 8
      continue
    }
    position += result.length === 0 ? 1 : Math.max(1, gap)
    gap = 0
    result.push({ word: piece.word, position })
  }
  return result
}

/** A query chunk: its words; `prefix` only for a one-word last chunk. */
export type QueryChunk = { words: string[]; prefix: boolean }

export type QueryPlan = {
  /** Every chunk must match. */
  chunks: QueryChunk[]
  /** The same words one chunk each, tried when `chunks` find nothing; null when no chunk is a phrase. */
  loose: QueryChunk[] | null
}

/** Splits a query into chunks at separators (at most MAX_QUERY_TERMS), each cut into words. */
export function planQuery(q: string | null | undefined): QueryPlan {
  const chunks: QueryChunk[] = []
  let current: string[] = []
  const close = () => {
    if (current.length > 0 && chunks.length < MAX_QUERY_TERMS) chunks.push({ words: current, prefix: false })
    current = []
  }
  for (const piece of segment(q ?? '')) {
    if (piece.kind === 'separator') close()
    else current.push(piece.word)
  }
  close()
  markLastPrefix(chunks)
  const loose = chunks.flatMap(loosen).slice(0, MAX_QUERY_TERMS)
  const same = (a: QueryChunk[], b: QueryChunk[]) => JSON.stringify(a.map((c) => c.words)) === JSON.stringify(b.map((c) => c.words))
  if (same(loose, chunks)) return { chunks, loose: null }
  markLastPrefix(loose)
  return { chunks, loose }
}

function markLastPrefix(chunks: QueryChunk[]): void {
  const last = chunks.at(-1)
  if (last && last.words.length === 1) last.prefix = true
}

/**
 * A phrase's words as separate chunks, except that runs of one-character words stay together as
 * phrases, cut where a known abbreviation starts or ends (蜀安环评 → "蜀安" + 环评; 蜀安水保 →
 * "蜀安" + "水保"; 水保 stays 水保): single characters anywhere would match nearly anything.
 */
function loosen(chunk: QueryChunk): QueryChunk[] {
  const parts: QueryChunk[] = []
  let singles: string[] = []
  const flush = () => {
    for (const run of cutAbbreviations(singles)) parts.push({ words: run, prefix: false })
    singles = []
  }
  for (const word of chunk.words) {
    if (Array.from(word).length === 1) singles.push(word)
    else {
      flush()
      parts.push({ words: [word], prefix: false })
    }
  }
  flush()
  return parts
}

/** Splits a run of single characters around the abbreviations it contains (leftmost first). */
function cutAbbreviations(chars: string[]): string[][] {
  if (chars.length === 0) return []
  const runs: string[][] = []
  let rest: string[] = []
  for (let i = 0; i < chars.length; ) {
    const pair = chars.slice(i, i + 2).join('')
    if (i + 2 <= chars.length && ABBREVIATIONS.has(pair)) {
      if (rest.length) runs.push(rest)
      runs.push(chars.slice(i, i + 2))
      rest = []
      i += 2
    } else rest.push(chars[i++]!)
  }
  if (rest.length) runs.push(rest)
  return runs
}

/** Meilisearch `q` for chunks: one-word chunks bare, phrases in double quotes, single spaces between. */
export function meilisearchQueryString(chunks: readonly QueryChunk[]): string {
  return chunks.map((chunk) => (chunk.words.length === 1 ? chunk.words[0]! : `"${chunk.words.join('')}"`)).join(' ')
}
