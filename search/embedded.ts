// The embedded, in-process search index (the default when MEILI_HOST is not set). It answers by the
// matching rule of words.ts, word for word what Meilisearch answers for the same documents.
//
// Layout: every document gets a slot number (increasing; an upsert retires the old slot and takes a
// new one, so posting lists stay sorted by appending). Words get ids; a posting list holds
// (slot << FIELD_BITS | fieldBits) entries. Per slot: the filter and sort columns, and a word stream
// (the word ids of every field value in order, with a negative marker wherever two words are not
// adjacent: a new value, a new field, a hard separator), which answers phrases and split words. The
// USCC and its suffixes are not put in the vocabulary (1.4 million words for 100,000 firms): a
// trigram index over the codes finds the candidates and the code itself is checked. Dead slots are
// skipped and compacted away once they pile up.
import { type SearchableField, SEARCHABLE_FIELDS, textValues } from './document.ts'
import { normalizeWord, planQuery, type QueryChunk, segment, words } from './words.ts'
import {
  normalizePaging,
  type IntermediaryDocument,
  type IntermediarySearch,
  type RebuildWriter,
  type SearchQuery,
  type SearchResult,
} from './port.ts'

/** Indexed fields (the USCC stands for itself and its suffixes), in ranking order. */
const FIELDS = SEARCHABLE_FIELDS.filter((field) => field !== 'usccSuffixes')
const FIELD_INDEX = new Map<SearchableField, number>(FIELDS.map((field, index) => [field, index]))
const USCC_FIELD = FIELD_INDEX.get('uscc')!
const FIELD_BITS = FIELDS.length
const FIELD_MASK = (1 << FIELD_BITS) - 1
/** name, shortName, uscc, serviceItemNames, expansions, introduction. */
const FIELD_WEIGHTS = [10, 8, 6, 4, 3, 1] as const
const WEIGHT_OF_BITS = new Float64Array(1 << FIELD_BITS)
for (let bits = 1; bits < WEIGHT_OF_BITS.length; bits++) {
  let best = 0
  for (let field = 0; field < FIELD_BITS; field++) if (bits & (1 << field)) best = Math.max(best, FIELD_WEIGHTS[field]!)
  WEIGHT_OF_BITS[bits] = best
}
const EXACT_NAME_BONUS = 40
const NAME_PREFIX_BONUS = 15
const EXACT_SHORT_NAME_BONUS = 25
const USCC_GRAM = 3
const ALNUM = /^[a-z0-9]+$/

const LEVEL_CODES: Record<string, number> = { A: 1, B: 2, C: 4, D: 8 }
const FLAG_VERIFIED = 1
const FLAG_BLACKLISTED = 2
const FLAG_SUSPENDED = 4

class PostingList {
  data: Int32Array = new Int32Array(2)
  /** For word pairs: where in the document's word stream the pair first occurs (capped). */
  positions: Uint16Array | null = null
  length = 0

  constructor(withPositions = false) {
    if (withPositions) this.positions = new Uint16Array(2)
  }

  push(entry: number, position = 0): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2)
      grown.set(this.data)
      this.data = grown
      if (this.positions) {
        const positions = new Uint16Array(this.data.length)
        positions.set(this.positions)
        this.positions = positions
      }
    }
    if (this.positions) this.positions[this.length] = Math.min(position, UNKNOWN_POSITION)
    this.data[this.length++] = entry
  }

  trim(): void {
    if (this.data.length > this.length) {
      this.data = this.data.slice(0, this.length)
      if (this.positions) this.positions = this.positions.slice(0, this.length)
    }
  }
}

/** Stream offsets from here on are not recorded (a phrase is then checked on the stream). */
const UNKNOWN_POSITION = 0xffff

/** Slots (sorted, unique) with the field bits through which they matched. */
type Matches = { slots: Int32Array; bits: Uint8Array; length: number }

const EMPTY: Matches = { slots: new Int32Array(0), bits: new Uint8Array(0), length: 0 }

/** Slots (sorted, unique) with their relevance scores. */
type Scored = { slots: Int32Array; scores: Float64Array; length: number }

const NONE: Scored = { slots: new Int32Array(0), scores: new Float64Array(0), length: 0 }

/** Live and passing the query's filters. */
type Accepts = (slot: number) => boolean

function fromPosting(list: PostingList, accepts: Accepts): Matches {
  const slots = new Int32Array(list.length)
  const bits = new Uint8Array(list.length)
  let n = 0
  for (let i = 0; i < list.length; i++) {
    const entry = list.data[i]!
    const slot = entry >> FIELD_BITS
    if (!accepts(slot)) continue
    slots[n] = slot
    bits[n++] = entry & FIELD_MASK
  }
  return { slots, bits, length: n }
}

/**
 * The union of two slot-sorted lists with a value per slot (field bits, scores), values of a slot in
 * both combined.
 */
function mergeUnion<V extends Uint8Array | Float64Array>(
  a: { slots: Int32Array; values: V; length: number },
  b: { slots: Int32Array; values: V; length: number },
  make: (size: number) => V,
  combine: (x: number, y: number) => number,
): { slots: Int32Array; values: V; length: number } {
  const slots = new Int32Array(a.length + b.length)
  const values = make(a.length + b.length)
  let i = 0
  let j = 0
  let n = 0
  while (i < a.length || j < b.length) {
    const sa = i < a.length ? a.slots[i]! : Infinity
    const sb = j < b.length ? b.slots[j]! : Infinity
    slots[n] = Math.min(sa, sb)
    if (sa === sb) values[n++] = combine(a.values[i++]!, b.values[j++]!)
    else if (sa < sb) values[n++] = a.values[i++]!
    else values[n++] = b.values[j++]!
  }
  return { slots, values, length: n }
}

function union(a: Matches, b: Matches): Matches {
  if (a.length === 0) return b
  if (b.length === 0) return a
  const merged = mergeUnion({ ...a, values: a.bits }, { ...b, values: b.bits }, (size) => new Uint8Array(size), (x, y) => x | y)
  return { slots: merged.slots, bits: merged.values, length: merged.length }
}

function unionAll(lists: Matches[]): Matches {
  // Pairwise, smallest first, so that many short lists (a prefix's words) merge cheaply.
  const queue = lists.filter((list) => list.length > 0).sort((a, b) => a.length - b.length)
  while (queue.length > 1) {
    const merged = union(queue.shift()!, queue.shift()!)
    let at = queue.findIndex((list) => list.length >= merged.length)
    if (at === -1) at = queue.length
    queue.splice(at, 0, merged)
  }
  return queue[0] ?? EMPTY
}

function scored(matches: Matches, factor = 1): Scored {
  const scores = new Float64Array(matches.length)
  for (let i = 0; i < matches.length; i++) scores[i] = WEIGHT_OF_BITS[matches.bits[i]!]! * factor
  return { slots: matches.slots, scores, length: matches.length }
}

/** Documents in both, scores added. */
function intersectScored(a: Scored, b: Scored): Scored {
  const size = Math.min(a.length, b.length)
  const slots = new Int32Array(size)
  const scores = new Float64Array(size)
  let i = 0
  let j = 0
  let n = 0
  while (i < a.length && j < b.length) {
    const sa = a.slots[i]!
    const sb = b.slots[j]!
    if (sa === sb) {
      slots[n] = sa
      scores[n++] = a.scores[i++]! + b.scores[j++]!
    } else if (sa < sb) i++
    else j++
  }
  return { slots, scores, length: n }
}

/** Documents in either, the better score kept. */
function unionScored(a: Scored, b: Scored): Scored {
  if (a.length === 0) return b
  if (b.length === 0) return a
  const merged = mergeUnion({ ...a, values: a.scores }, { ...b, values: b.scores }, (size) => new Float64Array(size), Math.max)
  return { slots: merged.slots, scores: merged.values, length: merged.length }
}

/** A query term for matching: one word (maybe a prefix, maybe an ngram of several query words) or a phrase. */
type Term = { words: string[]; prefix: boolean; phrase: boolean; ngramOf: string[] | null }

type SortKey = 'relevance' | 'credit' | 'rating' | 'newest'

export class EmbeddedIntermediarySearch implements IntermediarySearch {
  readonly kind = 'embedded' as const
  readonly writable = true

  private vocabulary = new Map<string, number>()
  private wordList: string[] = []
  /** Word ids in string order, rebuilt when words were added since (prefix look-ups). */
  private sortedWords: Int32Array | null = null
  private postings: PostingList[] = []
  /** Two words side by side in one field value (pairKey) → (slot, field bits): phrases and split words. */
  private pairs = new Map<number, PostingList>()
  private usccGrams = new Map<string, PostingList>()
  private serviceItems = new Map<string, number[]>()
  private fields = new Map<string, number[]>()
  private regions = new Map<string, number[]>()
  private slotOf = new Map<string, number>()
  private ids: string[] = []
  private streams: Int32Array[] = []
  private usccs: string[] = []
  private nameKeys: string[] = []
  private shortNameKeys: string[] = []
  private createdAt: number[] = []
  private creditScore: number[] = []
  private rating: number[] = []
  private levels: Uint8Array = new Uint8Array(1024)
  private flags: Uint8Array = new Uint8Array(1024)
  private alive: Uint8Array = new Uint8Array(1024)
  private slots = 0
  private dead = 0
  /** Bumped by every change: split-word choices depend on the whole index. */
  private version = 0
  private splitCache = new Map<string, { version: number; split: [number, number] | null }>()

  async init(): Promise<void> {}

  /** An in-process index cannot go missing. */
  onReset(): void {}

  async upsert(docs: IntermediaryDocument[]): Promise<void> {
    for (const doc of docs) this.add(doc)
    if (docs.length >= 1000) this.trim()
    this.maybeCompact()
  }

  async remove(ids: string[]): Promise<void> {
    for (const id of ids) this.retire(id)
    this.maybeCompact()
  }

  async count(): Promise<number> {
    return this.slotOf.size
  }

  async clear(): Promise<void> {
    this.adopt(new EmbeddedIntermediarySearch())
  }

  /**
   * Builds a complete new index through `fill` and only then puts it in place of this one, so that
   * searches meanwhile answer from the old index (never from a half-filled one).
   */
  async rebuild(fill: (write: RebuildWriter) => Promise<void>): Promise<void> {
    const next = new EmbeddedIntermediarySearch()
    await fill((docs) => next.upsert(docs))
    next.trim()
    this.adopt(next)
  }

  private adopt(other: EmbeddedIntermediarySearch): void {
    Object.assign(this, {
      vocabulary: other.vocabulary,
      wordList: other.wordList,
      sortedWords: other.sortedWords,
      postings: other.postings,
      pairs: other.pairs,
      usccGrams: other.usccGrams,
      serviceItems: other.serviceItems,
      fields: other.fields,
      regions: other.regions,
      slotOf: other.slotOf,
      ids: other.ids,
      streams: other.streams,
      usccs: other.usccs,
      nameKeys: other.nameKeys,
      shortNameKeys: other.shortNameKeys,
      createdAt: other.createdAt,
      creditScore: other.creditScore,
      rating: other.rating,
      levels: other.levels,
      flags: other.flags,
      alive: other.alive,
      slots: other.slots,
      dead: other.dead,
    })
    this.version++
    this.splitCache = new Map()
  }

  /** Rough bytes held by the index (posting lists, word streams, per-slot columns, id map). */
  memoryEstimate(): { bytes: number; tokens: number; postings: number } {
    let postings = 0
    let bytes = 0
    for (const list of this.postings) {
      postings += list.length
      bytes += list.data.byteLength + 64
    }
    for (const list of this.pairs.values()) {
      postings += list.length
      bytes += list.data.byteLength + (list.positions?.byteLength ?? 0) + 120
    }
    for (const word of this.wordList) bytes += word.length * 2 + 80
    for (const [gram, list] of this.usccGrams) bytes += list.data.byteLength + gram.length * 2 + 120
    for (const map of [this.serviceItems, this.fields, this.regions]) {
      for (const list of map.values()) bytes += list.length * 8 + 32
    }
    for (let slot = 0; slot < this.slots; slot++) {
      bytes += (this.streams[slot]?.byteLength ?? 0) + 64
      bytes += ((this.usccs[slot]?.length ?? 0) + (this.nameKeys[slot]?.length ?? 0) + (this.shortNameKeys[slot]?.length ?? 0)) * 2 + 72
    }
    bytes += this.slots * (8 * 4 + 3) + this.slotOf.size * 80
    return { bytes, tokens: this.wordList.length, postings }
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const { page, pageSize } = normalizePaging(query)
    const plan = planQuery(query.q)
    const filter = this.compileFilter(query)
    if (filter === null) return { ids: [], total: 0 }

    const sort: SortKey = query.sort ?? 'relevance'
    let candidates: Int32Array
    let scores: Float64Array | null = null
    let count = 0

    if (plan.chunks.length === 0) {
      const base = filter.smallestSource
      const total = base ? base.length : this.slots
      candidates = new Int32Array(total)
      for (let i = 0; i < total; i++) {
        const slot = base ? base[i]! : i
        if (this.alive[slot] && filter.accepts(slot)) candidates[count++] = slot
      }
    } else {
      const alive = this.alive
      const accepts: Accepts = filter.trivial ? (slot) => alive[slot] === 1 : (slot) => alive[slot] === 1 && filter.accepts(slot)
      let matches = this.matchChunks(plan.chunks, accepts)
      if (matches.length === 0 && plan.loose) matches = this.matchChunks(plan.loose, accepts)
      candidates = matches.slots
      count = matches.length
      if (sort === 'relevance') {
        scores = matches.scores
        if (plan.chunks.length === 1) {
          const key = plan.chunks[0]!.words.join('')
          for (let i = 0; i < count; i++) scores[i]! += this.nameBonus(candidates[i]!, key)
        }
      }
    }

    const wanted = Math.min(count, page * pageSize)
    const top = this.selectTop(sort, candidates, scores, count, wanted)
    const ids = top.slice((page - 1) * pageSize).map((slot) => this.ids[slot]!)
    return { ids, total: count }
  }

  /**
   * The first `k` candidate slots in the requested order: a primary key (smaller first: -score,
   * -creditScore, -rating with unrated last, or 0 for newest), then createdAt desc, then id asc.
   * Heap selection over typed arrays, so a 75,000-hit query costs about one comparison per hit.
   */
  private selectTop(sort: SortKey, candidates: Int32Array, scores: Float64Array | null, count: number, k: number): number[] {
    if (k <= 0) return []
    const { createdAt, creditScore, rating, ids } = this
    const primary = sort === 'newest' || (sort === 'relevance' && !scores) ? null : new Float64Array(count)
    if (primary) {
      for (let i = 0; i < count; i++) {
        const slot = candidates[i]!
        if (sort === 'relevance') primary[i] = -scores![i]!
        else if (sort === 'credit') primary[i] = -creditScore[slot]!
        else {
          const value = rating[slot]!
          primary[i] = Number.isNaN(value) ? Number.POSITIVE_INFINITY : -value
        }
      }
    }
    const before = (a: number, b: number): boolean => {
      if (primary) {
        const pa = primary[a]!
        const pb = primary[b]!
        if (pa !== pb) return pa < pb
      }
      const sa = candidates[a]!
      const sb = candidates[b]!
      const ca = createdAt[sa]!
      const cb = createdAt[sb]!
      if (ca !== cb) return ca > cb
      return ids[sa]! < ids[sb]!
    }
    // Max-heap of the k best so far, worst on top.
    const heap = new Int32Array(k)
    let size = 0
    const siftDown = (from: number) => {
      let index = from
      for (;;) {
        const left = index * 2 + 1
        const right = left + 1
        let worst = index
        if (left < size && before(heap[worst]!, heap[left]!)) worst = left
        if (right < size && before(heap[worst]!, heap[right]!)) worst = right
        if (worst === index) return
        const swap = heap[index]!
        heap[index] = heap[worst]!
        heap[worst] = swap
        index = worst
      }
    }
    for (let i = 0; i < count; i++) {
      if (size < k) {
        heap[size] = i
        let index = size++
        while (index > 0) {
          const parent = (index - 1) >> 1
          if (!before(heap[parent]!, heap[index]!)) break
          const swap = heap[index]!
          heap[index] = heap[parent]!
          heap[parent] = swap
          index = parent
        }
      } else {
        const worst = heap[0]!
        if (primary) {
          if (primary[i]! > primary[worst]!) continue
        } else if (createdAt[candidates[i]!]! < createdAt[candidates[worst]!]!) continue
        if (!before(i, worst)) continue
        heap[0] = i
        siftDown(0)
      }
    }
    return Array.from(heap.subarray(0, size))
      .sort((a, b) => (before(a, b) ? -1 : 1))
      .map((position) => candidates[position]!)
  }

  // ---- indexing ----

  private wordId(word: string): number {
    let id = this.vocabulary.get(word)
    if (id === undefined) {
      id = this.wordList.length
      this.vocabulary.set(word, id)
      this.wordList.push(word)
      this.postings.push(new PostingList())
      this.sortedWords = null
    }
    return id
  }

  private add(doc: IntermediaryDocument): void {
    this.retire(doc.id)
    this.version++
    const slot = this.slots++
    this.ensureCapacity(this.slots)
    this.slotOf.set(doc.id, slot)
    this.ids[slot] = doc.id
    this.createdAt[slot] = doc.createdAt
    this.creditScore[slot] = doc.creditScore
    this.rating[slot] = doc.ratingAverage ?? Number.NaN
    this.levels[slot] = LEVEL_CODES[doc.creditLevel] ?? 0
    this.flags[slot] =
      (doc.hasVerifiedQualification ? FLAG_VERIFIED : 0) |
      (doc.blacklisted ? FLAG_BLACKLISTED : 0) |
      (doc.suspended ? FLAG_SUSPENDED : 0)
    this.alive[slot] = 1
    this.nameKeys[slot] = words(doc.name).join('')
    this.shortNameKeys[slot] = words(doc.shortName).join('')

    const values = textValues(doc)
    const uscc = normalizeWord(doc.uscc.trim())
    this.usccs[slot] = uscc
    for (const gram of new Set(usccGrams(uscc))) {
      let list = this.usccGrams.get(gram)
      if (!list) this.usccGrams.set(gram, (list = new PostingList()))
      list.push(slot)
    }

    // The word stream (a marker before each value and after each hard separator: no phrase spans
    // them), word id → field bits, and word pair → first offset and field bits.
    const stream: number[] = []
    const bitsOf = new Map<number, number>()
    const pairBitsOf = new Map<number, number>()
    for (const field of FIELDS) {
      if (field === 'uscc') continue
      const index = FIELD_INDEX.get(field as Exclude<SearchableField, 'uscc' | 'usccSuffixes'>)!
      const marker = -1 - index
      for (const value of values[field as keyof typeof values]) {
        let adjacent = false
        for (const piece of segment(value)) {
          if (piece.kind === 'separator') {
            if (piece.hard) adjacent = false
            continue
          }
          if (!adjacent) stream.push(marker)
          const id = this.wordId(piece.word)
          if (adjacent) {
            // The first occurrence's offset above the field bits of every occurrence.
            const pair = pairKey(stream[stream.length - 1]!, id)
            const seen = pairBitsOf.get(pair)
            pairBitsOf.set(pair, seen === undefined ? (stream.length - 1) * (1 << FIELD_BITS) + (1 << index) : seen | (1 << index))
          }
          stream.push(id)
          bitsOf.set(id, (bitsOf.get(id) ?? 0) | (1 << index))
          adjacent = true
        }
      }
    }
    this.streams[slot] = Int32Array.from(stream)
    for (const [id, bits] of bitsOf) this.postings[id]!.push((slot << FIELD_BITS) | bits)
    for (const [pair, packed] of pairBitsOf) {
      let list = this.pairs.get(pair)
      if (!list) this.pairs.set(pair, (list = new PostingList(true)))
      list.push((slot << FIELD_BITS) | (packed & FIELD_MASK), Math.floor(packed / (1 << FIELD_BITS)))
    }
    addTo(this.serviceItems, doc.serviceItemCodes, slot)
    addTo(this.fields, doc.fieldCodes, slot)
    addTo(this.regions, [doc.regionCode, ...doc.regionPath], slot)
  }

  private retire(id: string): void {
    const slot = this.slotOf.get(id)
    if (slot === undefined) return
    this.version++
    this.slotOf.delete(id)
    this.alive[slot] = 0
    this.streams[slot] = new Int32Array(0)
    this.dead++
  }

  private ensureCapacity(size: number): void {
    if (size <= this.alive.length) return
    const capacity = Math.max(size, this.alive.length * 2)
    const grow = (array: Uint8Array) => {
      const grown = new Uint8Array(capacity)
      grown.set(array)
      return grown
    }
    this.levels = grow(this.levels)
    this.flags = grow(this.flags)
    this.alive = grow(this.alive)
  }

  private trim(): void {
    for (const list of this.postings) list.trim()
    for (const list of this.pairs.values()) list.trim()
    for (const list of this.usccGrams.values()) list.trim()
  }

  private maybeCompact(): void {
    if (this.dead > 1000 && this.dead > this.slotOf.size / 2) this.compact()
  }

  /** Rebuilds every structure without the retired slots. */
  compact(): void {
    const remap = new Int32Array(this.slots).fill(-1)
    let next = 0
    for (let slot = 0; slot < this.slots; slot++) if (this.alive[slot]) remap[slot] = next++
    const move = <T>(array: T[]): T[] => {
      const moved: T[] = new Array<T>(next)
      for (let slot = 0; slot < this.slots; slot++) if (remap[slot]! >= 0) moved[remap[slot]!] = array[slot]!
      return moved
    }
    const moveBytes = (array: Uint8Array): Uint8Array => {
      const moved = new Uint8Array(Math.max(1024, next))
      for (let slot = 0; slot < this.slots; slot++) if (remap[slot]! >= 0) moved[remap[slot]!] = array[slot]!
      return moved
    }
    this.ids = move(this.ids)
    this.streams = move(this.streams)
    this.usccs = move(this.usccs)
    this.nameKeys = move(this.nameKeys)
    this.shortNameKeys = move(this.shortNameKeys)
    this.createdAt = move(this.createdAt)
    this.creditScore = move(this.creditScore)
    this.rating = move(this.rating)
    this.levels = moveBytes(this.levels)
    this.flags = moveBytes(this.flags)
    this.alive = moveBytes(this.alive)
    const rebuild = (list: PostingList, slotOf: (entry: number) => number, withSlot: (entry: number, slot: number) => number) => {
      const rebuilt = new PostingList(list.positions !== null)
      for (let i = 0; i < list.length; i++) {
        const slot = remap[slotOf(list.data[i]!)]!
        if (slot >= 0) rebuilt.push(withSlot(list.data[i]!, slot), list.positions?.[i] ?? 0)
      }
      rebuilt.trim()
      return rebuilt
    }
    this.postings = this.postings.map((list) =>
      rebuild(list, (entry) => entry >> FIELD_BITS, (entry, slot) => (slot << FIELD_BITS) | (entry & FIELD_MASK)),
    )
    for (const [pair, list] of this.pairs) {
      const rebuilt = rebuild(list, (entry) => entry >> FIELD_BITS, (entry, slot) => (slot << FIELD_BITS) | (entry & FIELD_MASK))
      if (rebuilt.length) this.pairs.set(pair, rebuilt)
      else this.pairs.delete(pair)
    }
    for (const [gram, list] of this.usccGrams) {
      const rebuilt = rebuild(list, (entry) => entry, (_entry, slot) => slot)
      if (rebuilt.length) this.usccGrams.set(gram, rebuilt)
      else this.usccGrams.delete(gram)
    }
    for (const map of [this.serviceItems, this.fields, this.regions]) {
      for (const [key, list] of map) {
        const rebuilt = list.map((slot) => remap[slot]!).filter((slot) => slot >= 0)
        if (rebuilt.length) map.set(key, rebuilt)
        else map.delete(key)
      }
    }
    this.slotOf = new Map(this.ids.map((id, slot) => [id, slot]))
    this.slots = next
    this.dead = 0
    this.version++
  }

  // ---- matching (the rule of words.ts) ----

  /**
   * Every chunk must match. Adjacent one-word chunks may together match their concatenation (an
   * ngram of two or three), as Meilisearch's query graph allows: the documents matching chunks
   * i… are those matching some term that starts at i and the chunks after it.
   */
  private matchChunks(chunks: readonly QueryChunk[], accepts: Accepts): Scored {
    const n = chunks.length
    const from: Array<Scored | null> = new Array(n + 1).fill(null)
    for (let i = n - 1; i >= 0; i--) {
      let result = NONE
      for (let size = 1; size <= 3 && i + size <= n; size++) {
        const window = chunks.slice(i, i + size)
        if (size > 1 && window.some((chunk) => chunk.words.length > 1)) break
        const term: Term =
          size === 1
            ? { words: window[0]!.words, prefix: window[0]!.prefix, phrase: window[0]!.words.length > 1, ngramOf: null }
            : { words: [window.map((chunk) => chunk.words[0]!).join('')], prefix: window.at(-1)!.prefix, phrase: false, ngramOf: window.map((chunk) => chunk.words[0]!) }
        const rest = from[i + size]
        if (i + size < n && (!rest || rest.length === 0)) continue
        const here = scored(this.matchTerm(term, accepts), size)
        result = unionScored(result, rest ? intersectScored(here, rest) : here)
      }
      from[i] = result
    }
    return from[0] ?? NONE
  }

  private matchTerm(term: Term, accepts: Accepts): Matches {
    if (term.phrase) return this.matchPhrase(term.words.map((word) => this.vocabulary.get(word) ?? -1), accepts)
    const word = term.words[0]!
    const parts: Matches[] = []
    const id = this.vocabulary.get(word)
    if (id !== undefined) parts.push(fromPosting(this.postings[id]!, accepts))
    if (term.prefix) {
      for (const other of this.wordsStartingWith(word)) if (other !== id) parts.push(fromPosting(this.postings[other]!, accepts))
    }
    if (ALNUM.test(word)) parts.push(this.matchUscc(word, term.prefix, accepts))
    const split = this.bestSplit(word, term.ngramOf)
    if (split) parts.push(this.matchPhrase(split, accepts))
    return unionAll(parts)
  }

  /** Word ids of the vocabulary beginning with `prefix`. */
  private wordsStartingWith(prefix: string): number[] {
    if (!this.sortedWords) {
      const order = Int32Array.from(this.wordList.keys())
      const list = this.wordList
      order.sort((a, b) => (list[a]! < list[b]! ? -1 : list[a]! > list[b]! ? 1 : 0))
      this.sortedWords = order
    }
    const order = this.sortedWords
    let low = 0
    let high = order.length
    while (low < high) {
      const mid = (low + high) >>> 1
      if (this.wordList[order[mid]!]! < prefix) low = mid + 1
      else high = mid
    }
    const found: number[] = []
    for (let i = low; i < order.length && this.wordList[order[i]!]!.startsWith(prefix); i++) found.push(order[i]!)
    return found
  }

  /**
   * Documents whose USCC field matches the word: the code itself (equal, or starting with the word
   * when it is a prefix), or one of its suffixes of four characters or more (equal, or starting with
   * the word). So a prefix word matches where it occurs in the code at an offset where a suffix of
   * four or more characters starts.
   */
  private matchUscc(word: string, prefix: boolean, accepts: Accepts): Matches {
    const matches = (uscc: string): boolean => {
      if (uscc === word) return true
      if (!prefix) return word.length >= 4 && word.length < uscc.length && uscc.endsWith(word)
      for (let at = uscc.indexOf(word); at !== -1; at = uscc.indexOf(word, at + 1)) {
        if (at === 0 || at <= uscc.length - 4) return true
      }
      return false
    }
    const slots: number[] = []
    const check = (slot: number) => {
      if (this.alive[slot] && accepts(slot) && matches(this.usccs[slot]!)) slots.push(slot)
    }
    if (word.length >= USCC_GRAM) {
      let rarest: PostingList | null = null
      for (const gram of usccGrams(word)) {
        const list = this.usccGrams.get(gram)
        if (!list) return EMPTY
        if (!rarest || list.length < rarest.length) rarest = list
      }
      for (let i = 0; i < rarest!.length; i++) check(rarest!.data[i]!)
    } else {
      for (let slot = 0; slot < this.slots; slot++) check(slot)
    }
    return { slots: Int32Array.from(slots), bits: new Uint8Array(slots.length).fill(1 << USCC_FIELD), length: slots.length }
  }

  /**
   * Documents where the words follow each other in one field value, with the fields where they do.
   * Two words: their pair's posting list, exactly. More: the documents having every consecutive pair
   * (intersected, field bits and-ed), confirmed on the word stream.
   */
  private matchPhrase(ids: readonly number[], accepts: Accepts): Matches {
    if (ids.some((id) => id < 0)) return EMPTY
    const lists: PostingList[] = []
    for (let i = 1; i < ids.length; i++) {
      const list = this.pairs.get(pairKey(ids[i - 1]!, ids[i]!))
      if (!list) return EMPTY
      lists.push(list)
    }
    if (lists.length === 1) return fromPosting(lists[0]!, accepts)
    // Intersect from the shortest list; remember each pair's place in the phrase for the chain check.
    const order = lists.map((_, index) => index).sort((a, b) => lists[a]!.length - lists[b]!.length)
    const base = lists[order[0]!]!
    const others = order.slice(1).map((index) => lists[index]!)
    const offsets = order.slice(1).map((index) => index - order[0]!)
    const cursors = new Int32Array(others.length)
    const slots: number[] = []
    const bits: number[] = []
    outer: for (let i = 0; i < base.length; i++) {
      const slot = base.data[i]! >> FIELD_BITS
      let fieldBits = base.data[i]! & FIELD_MASK
      const start = base.positions![i]!
      // The pairs' first occurrences follow each other: the phrase is there, no need to read the stream.
      let chained = start !== UNKNOWN_POSITION
      for (let k = 0; k < others.length; k++) {
        const list = others[k]!
        const at = seek(list, cursors[k]!, slot)
        cursors[k] = at
        if (at >= list.length) break outer
        if (list.data[at]! >> FIELD_BITS !== slot) continue outer
        fieldBits &= list.data[at]! & FIELD_MASK
        if (chained && list.positions![at] !== start + offsets[k]!) chained = false
      }
      if (fieldBits === 0 || !accepts(slot)) continue
      const found = chained ? fieldBits & -fieldBits : phraseFields(this.streams[slot]!, ids)
      if (found === 0) continue
      slots.push(slot)
      bits.push(found)
    }
    return { slots: Int32Array.from(slots), bits: Uint8Array.from(bits), length: slots.length }
  }

  /**
   * Meilisearch's split words: the cut of the word into two words that most documents have side by
   * side (null when none; for an ngram, not its own cut). Depends on the whole index, so cached per
   * index version.
   */
  private bestSplit(word: string, ngramOf: string[] | null): [number, number] | null {
    const key = `${word}\u0000${ngramOf?.join('\u0000') ?? ''}`
    const cached = this.splitCache.get(key)
    if (cached && cached.version === this.version) return cached.split
    const chars = Array.from(word)
    let best: [number, number] | null = null
    let bestCount = 0
    let bestParts: [string, string] | null = null
    for (let i = 1; i < chars.length; i++) {
      const left = chars.slice(0, i).join('')
      const right = chars.slice(i).join('')
      const l = this.vocabulary.get(left)
      const r = this.vocabulary.get(right)
      if (l === undefined || r === undefined) continue
      const count = this.matchPhrase([l, r], (slot) => this.alive[slot] === 1).length
      if (count > bestCount) {
        bestCount = count
        best = [l, r]
        bestParts = [left, right]
      }
    }
    if (best && ngramOf && ngramOf.length === 2 && bestParts![0] === ngramOf[0] && bestParts![1] === ngramOf[1]) best = null
    this.splitCache.set(key, { version: this.version, split: best })
    return best
  }

  /** Bonus for an exact name, a name prefix or an exact short name (key: the query's words joined). */
  private nameBonus(slot: number, key: string): number {
    const name = this.nameKeys[slot]!
    if (name === key) return EXACT_NAME_BONUS
    if (name.startsWith(key)) return NAME_PREFIX_BONUS
    return this.shortNameKeys[slot] === key ? EXACT_SHORT_NAME_BONUS : 0
  }

  // ---- filters ----

  private compileFilter(
    query: SearchQuery,
  ): { accepts: (slot: number) => boolean; trivial: boolean; smallestSource: number[] | null } | null {
    const sources: number[][] = []
    if (query.serviceItemCodes?.length) {
      const merged = new Set<number>()
      for (const code of query.serviceItemCodes) for (const slot of this.serviceItems.get(code) ?? []) merged.add(slot)
      sources.push([...merged].sort((a, b) => a - b))
    }
    if (query.fieldCode) sources.push(this.fields.get(query.fieldCode) ?? [])
    if (query.regionCode) sources.push(this.regions.get(query.regionCode) ?? [])
    if (sources.some((source) => source.length === 0)) return null
    sources.sort((a, b) => a.length - b.length)

    const bitmaps = sources.map((source) => {
      const bitmap = new Uint8Array(this.slots)
      for (const slot of source) bitmap[slot] = 1
      return bitmap
    })
    let levelMask = 0
    if (query.creditLevels?.length) {
      for (const level of query.creditLevels) levelMask |= LEVEL_CODES[level] ?? 0
      if (levelMask === 0) return null
    }
    let required = 0
    let forbidden = 0
    if (query.verifiedOnly) required |= FLAG_VERIFIED
    if (query.excludeBlacklisted) forbidden |= FLAG_BLACKLISTED
    if (query.excludeSuspended) forbidden |= FLAG_SUSPENDED
    const levels = this.levels
    const flags = this.flags

    const accepts = (slot: number): boolean => {
      for (let i = 0; i < bitmaps.length; i++) if (!bitmaps[i]![slot]) return false
      if (levelMask && !(levels[slot]! & levelMask)) return false
      const f = flags[slot]!
      return (f & required) === required && (f & forbidden) === 0
    }
    const trivial = bitmaps.length === 0 && levelMask === 0 && required === 0 && forbidden === 0
    return { accepts, trivial, smallestSource: sources[0] ?? null }
  }
}

/** Field bits of the values of a word stream in which `ids` follow each other (0: nowhere). */
function phraseFields(stream: Int32Array, ids: readonly number[]): number {
  let field = 0
  let found = 0
  const first = ids[0]!
  for (let i = 0; i < stream.length; i++) {
    const value = stream[i]!
    if (value < 0) {
      field = -1 - value
      continue
    }
    if (value !== first || i + ids.length > stream.length) continue
    let k = 1
    while (k < ids.length && stream[i + k] === ids[k]) k++
    if (k === ids.length) found |= 1 << field
  }
  return found
}

/** One number for two word ids side by side. */
function pairKey(first: number, second: number): number {
  return first * 0x200000 + second
}

/** First index ≥ from whose slot is ≥ slot (galloping, then binary search). */
function seek(list: PostingList, from: number, slot: number): number {
  const data = list.data
  let step = 1
  let low = from
  let high = from
  while (high < list.length && data[high]! >> FIELD_BITS < slot) {
    low = high + 1
    high += step
    step *= 2
  }
  if (high > list.length) high = list.length
  while (low < high) {
    const mid = (low + high) >>> 1
    if (data[mid]! >> FIELD_BITS < slot) low = mid + 1
    else high = mid
  }
  return low
}

function usccGrams(code: string): string[] {
  const grams: string[] = []
  for (let i = 0; i + USCC_GRAM <= code.length; i++) grams.push(code.slice(i, i + USCC_GRAM))
  return grams
}

function addTo(map: Map<string, number[]>, keys: string[], slot: number): void {
  for (const key of new Set(keys)) {
    const list = map.get(key)
    if (list) list.push(slot)
    else map.set(key, [slot])
  }
}
