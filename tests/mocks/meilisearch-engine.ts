// The query side of the Meilisearch model (tests/mocks/meilisearch.ts): how milli (Meilisearch 1.x,
// crates/milli/src/search/new) turns `q` into terms and decides which documents match, modelled from
// its source where it changes answers:
// - the tokenizer is charabia's default (search/words.ts `segment`: jieba without HMM, the second
//   cut into dictionary bigrams/trigrams, script groups, separators, hard separators), plus the
//   index's `dictionary` setting;
// - terms: each word; the last token of the query (not followed by anything, even a space) is a
//   prefix; "…" makes a phrase (words at pairwise proximity 1, checked in windows of three, as
//   compute_phrase_docids does); `-word` after a space excludes; at most 10 terms;
// - derivations of a word: itself, the words it begins (prefix, at most 1,000), words one or two
//   typos away when typo tolerance allows, its synonyms (keys stored tokenized and looked up only for
//   one word and for 2–3-word ngrams), and its split words (the cut into two adjacent words that most
//   documents have, which counts as a typo even with typos disabled);
// - ngrams: two or three adjacent word terms may match their concatenation;
// - matchingStrategy: `last` (the default: terms are dropped from the end, so documents matching
//   only the first words are returned too, ranked after), `all`, `frequency`;
// - ranking: the index's rankingRules in order (words, typo, proximity, attribute, exactness, sort,
//   custom `field:asc|desc`), then the internal document order.
// Simplified: typo derivations (plain edit distance, the first character kept for one typo),
// proximity (smallest distance between consecutive terms), exactness (an attribute equal to the
// query), and no Japanese detection (locales are taken as Chinese).
import { segment, type Piece } from '#search/words.ts'

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
type Doc = Record<string, Json>

export type EngineSettings = {
  searchableAttributes: string[]
  rankingRules: string[]
  synonyms: Record<string, string[]>
  typoTolerance: Record<string, Json>
  dictionary: string[]
  stopWords: string[]
}

export type MatchingStrategy = 'last' | 'all' | 'frequency'

export type SortRule = { attribute: string; direction: 'asc' | 'desc' }

const MAX_DISTANCE = 8
const WORDS_LIMIT = 10
const MAX_PREFIX_COUNT = 1000

type Occurrence = { rank: number; attribute: string; position: number }

/** The word index of a set of documents under some settings (rebuilt for every search: tests are small). */
class WordIndex {
  readonly words = new Map<string, Map<number, Occurrence[]>>()
  readonly sorted: string[]
  /** Per document, per attribute, the words in position order (exactness). */
  readonly attributeWords: Array<Map<string, string[]>>

  constructor(
    readonly docs: Doc[],
    readonly settings: EngineSettings,
  ) {
    this.attributeWords = docs.map(() => new Map())
    docs.forEach((doc, index) => {
      for (const [attribute, value] of Object.entries(doc)) {
        const rank = searchableRank(settings.searchableAttributes, attribute)
        if (rank === null) continue
        let position = 0
        let first = true
        const inAttribute: string[] = []
        for (const text of leafStrings(value)) {
          if (!first) position += MAX_DISTANCE
          const positioned = positionsOf(text, settings.dictionary, position)
          if (positioned.length === 0) continue
          first = false
          for (const { word, position: at } of positioned) {
            if (settings.stopWords.includes(word)) continue
            let byDoc = this.words.get(word)
            if (!byDoc) this.words.set(word, (byDoc = new Map()))
            let list = byDoc.get(index)
            if (!list) byDoc.set(index, (list = []))
            list.push({ rank, attribute, position: at })
            inAttribute.push(word)
          }
          position = positioned.at(-1)!.position
        }
        if (inAttribute.length) this.attributeWords[index]!.set(attribute, inAttribute)
      }
    })
    this.sorted = [...this.words.keys()].sort()
  }

  docsOf(word: string): Set<number> {
    return new Set(this.words.get(word)?.keys() ?? [])
  }

  wordsWithPrefix(prefix: string): string[] {
    let low = 0
    let high = this.sorted.length
    while (low < high) {
      const mid = (low + high) >>> 1
      if (this.sorted[mid]! < prefix) low = mid + 1
      else high = mid
    }
    const found: string[] = []
    for (let i = low; i < this.sorted.length && this.sorted[i]!.startsWith(prefix); i++) {
      if (this.sorted[i] !== prefix) found.push(this.sorted[i]!)
      if (found.length >= MAX_PREFIX_COUNT) break
    }
    return found
  }

  /** milli's word pair proximity within one attribute: b after a at distance d → d; before → d + 1. */
  proximity(doc: number, a: string, b: string): number {
    const first = this.words.get(a)?.get(doc) ?? []
    const second = this.words.get(b)?.get(doc) ?? []
    let best = Number.POSITIVE_INFINITY
    for (const x of first) {
      for (const y of second) {
        if (x.attribute !== y.attribute) continue
        const distance = y.position > x.position ? y.position - x.position : x.position - y.position + 1
        if (distance > 0 && distance < best) best = distance
      }
    }
    return best < MAX_DISTANCE ? best : Number.POSITIVE_INFINITY
  }

  pairDocs(a: string, b: string, maxProximity: number): Set<number> {
    const result = new Set<number>()
    for (const doc of this.docsOf(a)) if (this.words.get(b)?.has(doc) && this.proximity(doc, a, b) <= maxProximity) result.add(doc)
    return result
  }
}

function searchableRank(patterns: string[], attribute: string): number | null {
  for (let i = 0; i < patterns.length; i++) {
    const pattern = patterns[i]!
    if (pattern === '*') return 0
    if (pattern === attribute || (pattern.endsWith('*') && attribute.startsWith(pattern.slice(0, -1)))) return i
  }
  return null
}

function leafStrings(value: Json | undefined): string[] {
  if (value === undefined || value === null) return []
  if (Array.isArray(value)) return value.flatMap(leafStrings)
  if (typeof value === 'object') return Object.values(value).flatMap(leafStrings)
  return [String(value)]
}

/** Word positions of one value: +1 per word, +8 after a hard separator (milli's process_tokens). */
function positionsOf(text: string, dictionary: string[], start: number): Array<{ word: string; position: number }> {
  const out: Array<{ word: string; position: number }> = []
  let position = start
  let hard = false
  for (const piece of segment(text, dictionary)) {
    if (piece.kind === 'separator') {
      if (out.length && piece.hard) hard = true
      continue
    }
    if (out.length) position += hard ? MAX_DISTANCE : 1
    hard = false
    out.push({ word: piece.word, position })
  }
  return out
}

// ---- query terms ----

type Term =
  | { kind: 'word'; word: string; prefix: boolean; position: number }
  | { kind: 'phrase'; words: string[]; position: number; end: number }

type ParsedQuery = { terms: Term[]; negativeWords: string[]; negativePhrases: string[][] }

function parseQuery(q: string, dictionary: string[]): ParsedQuery {
  const pieces: Piece[] = segment(q, dictionary)
  const terms: Term[] = []
  const negativeWords: string[] = []
  const negativePhrases: string[][] = []
  type OpenPhrase = { words: string[]; start: number; end: number; negative: boolean }
  let position = -1
  let phrase: OpenPhrase | null = null
  let negativeNext = false
  let afterWhitespace = true
  const close = (open: OpenPhrase) => {
    if (open.words.length === 0) return
    if (open.negative) negativePhrases.push(open.words)
    else terms.push({ kind: 'phrase', words: open.words, position: open.start, end: open.end })
  }
  for (let i = 0; i < pieces.length && terms.length < WORDS_LIMIT; i++) {
    const piece = pieces[i]!
    if (piece.kind === 'word') {
      position++
      if (phrase) {
        if (phrase.words.length === 0) phrase.start = position
        phrase.end = position
        phrase.words.push(piece.word)
      } else if (negativeNext) {
        negativeWords.push(piece.word)
        negativeNext = false
      } else {
        terms.push({ kind: 'word', word: piece.word, prefix: i === pieces.length - 1, position })
      }
      afterWhitespace = false
      continue
    }
    if (piece.hard) {
      position += 7
      // A hard separator inside a phrase ends it and starts another (negative if it was).
      if (phrase) {
        close(phrase)
        phrase = { words: [], start: position, end: position, negative: phrase.negative }
      }
    }
    if (piece.text === '"') {
      if (phrase) {
        close(phrase)
        phrase = null
      } else phrase = { words: [], start: position, end: position, negative: negativeNext }
    }
    negativeNext = phrase === null && piece.text === '-' && afterWhitespace
    afterWhitespace = /\s/.test(piece.text)
  }
  if (phrase) close(phrase)
  return { terms, negativeWords, negativePhrases }
}

// ---- derivations and the query graph ----

function levenshtein(a: string[], b: string[]): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1))
      previous = current
    }
  }
  return row[b.length]!
}

type Node = { from: number; to: number; docs: Set<number>; exactDocs: Set<number>; words: string[] }

class QueryEvaluation {
  private readonly splitCache = new Map<string, [string, string] | null>()
  /** Synonyms as milli stores them: the key tokenized into words (joined by a space here). */
  private readonly synonyms = new Map<string, string[]>()

  constructor(
    private readonly index: WordIndex,
    private readonly settings: EngineSettings,
  ) {
    for (const [key, values] of Object.entries(settings.synonyms)) {
      const words = segment(key, settings.dictionary).flatMap((piece) => (piece.kind === 'word' ? [piece.word] : []))
      this.synonyms.set(words.join(' '), [...(this.synonyms.get(words.join(' ')) ?? []), ...values])
    }
  }

  private typosAllowed(word: string): number {
    const tolerance = this.settings.typoTolerance
    if (tolerance.enabled === false) return 0
    if ((tolerance.disableOnWords as string[] | undefined)?.includes(word)) return 0
    const sizes = (tolerance.minWordSizeForTypos as { oneTypo?: number; twoTypos?: number } | undefined) ?? {}
    const length = Array.from(word).length
    if (length >= (sizes.twoTypos ?? 9)) return 2
    return length >= (sizes.oneTypo ?? 5) ? 1 : 0
  }

  phraseDocs(words: string[]): Set<number> {
    if (words.length === 0) return new Set()
    let candidates: Set<number> = this.index.docsOf(words[0]!)
    for (const word of words.slice(1)) {
      const docs = this.index.docsOf(word)
      candidates = new Set([...candidates].filter((doc) => docs.has(doc)))
    }
    const size = Math.min(3, words.length)
    for (let start = 0; start + size <= words.length; start++) {
      const window = words.slice(start, start + size)
      for (let a = 0; a < window.length; a++) {
        for (let b = a + 1; b < window.length; b++) {
          const pairs = this.index.pairDocs(window[a]!, window[b]!, b - a)
          candidates = new Set([...candidates].filter((doc) => pairs.has(doc)))
        }
      }
    }
    return candidates
  }

  private splitWords(word: string): [string, string] | null {
    if (this.splitCache.has(word)) return this.splitCache.get(word)!
    const chars = Array.from(word)
    let best: [string, string] | null = null
    let bestCount = 0
    for (let i = 1; i < chars.length; i++) {
      const left = chars.slice(0, i).join('')
      const right = chars.slice(i).join('')
      const count = this.index.pairDocs(left, right, 1).size
      if (count > bestCount) {
        bestCount = count
        best = [left, right]
      }
    }
    this.splitCache.set(word, best)
    return best
  }

  /** Documents of one word term (or ngram), split into those matched without any typo. */
  wordDocs(word: string, prefix: boolean, synonymKey: string[], ngramWords: string[] | null): { docs: Set<number>; exactDocs: Set<number> } {
    const exactDocs = new Set(this.index.docsOf(word))
    if (prefix) for (const other of this.index.wordsWithPrefix(word)) for (const doc of this.index.docsOf(other)) exactDocs.add(doc)
    for (const synonym of this.synonyms.get(synonymKey.join(' ')) ?? []) {
      const synonymWords = segment(synonym, this.settings.dictionary).flatMap((piece) => (piece.kind === 'word' ? [piece.word] : []))
      for (const doc of this.phraseDocs(synonymWords)) exactDocs.add(doc)
    }
    const docs = new Set(exactDocs)
    const typos = this.typosAllowed(word)
    if (typos > 0) {
      const chars = Array.from(word)
      for (const candidate of this.index.sorted) {
        const other = Array.from(candidate)
        const compared = prefix ? other.slice(0, chars.length) : other
        const distance = levenshtein(chars, compared)
        if (distance === 0 || distance > typos || (distance === 1 && other[0] !== chars[0])) continue
        for (const doc of this.index.docsOf(candidate)) docs.add(doc)
      }
    }
    const split = this.splitWords(word)
    if (split && !(ngramWords && ngramWords.length === 2 && ngramWords[0] === split[0] && ngramWords[1] === split[1])) {
      for (const doc of this.phraseDocs(split)) docs.add(doc)
    }
    return { docs, exactDocs }
  }

  /** Every node of the query graph: each term, and ngrams of two or three adjacent word terms. */
  nodes(terms: Term[]): Node[] {
    const nodes: Node[] = []
    terms.forEach((term, index) => {
      if (term.kind === 'phrase') {
        const docs = this.phraseDocs(term.words)
        nodes.push({ from: index, to: index, docs, exactDocs: docs, words: term.words })
        return
      }
      nodes.push({ from: index, to: index, words: [term.word], ...this.wordDocs(term.word, term.prefix, [term.word], null) })
      for (let size = 2; size <= 3 && index - size + 1 >= 0; size++) {
        const window = terms.slice(index - size + 1, index + 1)
        if (window.some((t) => t.kind !== 'word')) break
        const words = window.map((t) => (t as { word: string }).word)
        const adjacent = window.every((t, i) => i === 0 || t.position === window[i - 1]!.position + 1)
        if (!adjacent) break
        const joined = words.join('')
        nodes.push({ from: index - size + 1, to: index, words, ...this.wordDocs(joined, term.prefix, words, words) })
      }
    })
    return nodes
  }
}

/** Documents for which some path through the graph covers every required term. */
function covering(nodes: Node[], termCount: number, required: Set<number>, all: Set<number>): Set<number> {
  const from: Array<Set<number>> = new Array(termCount + 1)
  from[termCount] = all
  for (let i = termCount - 1; i >= 0; i--) {
    if (!required.has(i)) {
      from[i] = from[i + 1]!
      continue
    }
    const result = new Set<number>()
    for (const node of nodes) {
      if (node.from !== i) continue
      let allRequired = true
      for (let t = node.from; t <= node.to; t++) if (!required.has(t)) allRequired = false
      if (!allRequired) continue
      const rest = from[node.to + 1]!
      for (const doc of node.docs) if (rest.has(doc)) result.add(doc)
    }
    from[i] = result
  }
  return from[0]!
}

export type EngineHit = { index: number; doc: Doc }

/** The documents matching `q` (already filtered by `candidates`), in ranking order. */
export function rankDocuments(options: {
  docs: Doc[]
  candidates: Set<number>
  q: string
  settings: EngineSettings
  matchingStrategy: MatchingStrategy
  sortRules: SortRule[]
  compareSortValues: (a: Json | undefined, b: Json | undefined, direction: 'asc' | 'desc') => number
}): EngineHit[] {
  const { docs, candidates, settings } = options
  const index = new WordIndex(docs, settings)
  const query = parseQuery(options.q, settings.dictionary)
  const evaluation = new QueryEvaluation(index, settings)
  const terms = query.terms
  const nodes = evaluation.nodes(terms)

  // Buckets by the words rule: all terms, then fewer as the strategy drops them.
  const bucketOf = new Map<number, number>()
  if (terms.length === 0) {
    for (const doc of candidates) bucketOf.set(doc, 0)
  } else {
    const order: number[] = []
    if (options.matchingStrategy === 'last') for (let t = terms.length - 1; t > 0; t--) order.push(t)
    if (options.matchingStrategy === 'frequency') {
      const frequency = (t: number) => Math.max(...nodes.filter((node) => node.from === t && node.to === t).map((node) => node.docs.size))
      order.push(...[...terms.keys()].sort((a, b) => frequency(b) - frequency(a)).slice(0, terms.length - 1))
    }
    const required = new Set(terms.keys())
    for (let bucket = 0; ; bucket++) {
      for (const doc of covering(nodes, terms.length, required, candidates)) if (!bucketOf.has(doc)) bucketOf.set(doc, bucket)
      if (bucket >= order.length) break
      required.delete(order[bucket]!)
    }
  }
  for (const word of query.negativeWords) for (const doc of index.docsOf(word)) bucketOf.delete(doc)
  for (const phrase of query.negativePhrases) for (const doc of evaluation.phraseDocs(phrase)) bucketOf.delete(doc)

  const termNodes = nodes.filter((node) => node.from === node.to)
  const typos = (doc: number) => termNodes.filter((node) => node.docs.has(doc) && !node.exactDocs.has(doc)).length
  const matchedWords = (doc: number, node: Node) => node.words.filter((word) => index.words.get(word)?.has(doc))
  const attributeScore = (doc: number) =>
    termNodes.reduce((sum, node) => {
      const ranks = matchedWords(doc, node).flatMap((word) => index.words.get(word)!.get(doc)!.map((o) => o.rank))
      return sum + (ranks.length ? Math.min(...ranks) : searchableCount(settings))
    }, 0)
  const proximityScore = (doc: number) => {
    let sum = 0
    for (let i = 1; i < termNodes.length; i++) {
      const a = matchedWords(doc, termNodes[i - 1]!).at(-1)
      const b = matchedWords(doc, termNodes[i]!)[0]
      sum += a && b ? Math.min(index.proximity(doc, a, b), MAX_DISTANCE) : MAX_DISTANCE
    }
    return sum
  }
  const queryWords = terms.flatMap((term) => (term.kind === 'word' ? [term.word] : term.words))
  const exactness = (doc: number) =>
    [...index.attributeWords[doc]!.values()].some((list) => list.length === queryWords.length && list.every((word, i) => word === queryWords[i]))
      ? 0
      : 1

  const comparators: Array<(a: number, b: number) => number> = []
  for (const rule of settings.rankingRules) {
    if (rule === 'words') comparators.push((a, b) => bucketOf.get(a)! - bucketOf.get(b)!)
    else if (rule === 'typo') comparators.push((a, b) => typos(a) - typos(b))
    else if (rule === 'proximity') comparators.push((a, b) => proximityScore(a) - proximityScore(b))
    else if (rule === 'attribute' || rule === 'attributeRank') comparators.push((a, b) => attributeScore(a) - attributeScore(b))
    else if (rule === 'exactness') comparators.push((a, b) => exactness(a) - exactness(b))
    else if (rule === 'sort') {
      for (const sortRule of options.sortRules) {
        comparators.push((a, b) => options.compareSortValues(docs[a]![sortRule.attribute], docs[b]![sortRule.attribute], sortRule.direction))
      }
    } else {
      const custom = /^(.+):(asc|desc)$/.exec(rule)
      if (custom) comparators.push((a, b) => options.compareSortValues(docs[a]![custom[1]!], docs[b]![custom[1]!], custom[2] as 'asc' | 'desc'))
    }
  }
  const ranked = [...bucketOf.keys()].sort((a, b) => {
    for (const compare of comparators) {
      const result = compare(a, b)
      if (result !== 0) return result
    }
    return a - b
  })
  return ranked.map((doc) => ({ index: doc, doc: docs[doc]! }))
}

function searchableCount(settings: EngineSettings): number {
  return settings.searchableAttributes.length
}
