// The embedded, in-process search index (the default when MEILI_HOST is not set).
//
// Layout: every document gets a slot number (increasing; an upsert retires the old slot and takes a
// new one, so posting lists stay sorted by appending). A posting list is an Int32Array of
// (slot << 5 | fieldBits) entries plus a Uint8Array with the offset of the token's first occurrence.
// Per-slot columns hold what filters and sorts need, and one normalized "haystack" string (fields
// joined by \u0001). A query term matches exactly the documents that contain it as a substring, plus
// its dictionary expansions (环评 ↔ 环境影响评价 …): candidates come from intersecting the term's
// grams, and are confirmed when the grams' first occurrences line up, else by reading the haystack.
// Dead slots are skipped and compacted away once they pile up.
import {
  ABBREVIATION_TOKEN_PREFIX,
  abbreviationsOf,
  fullFormsOf,
  normalizeText,
  splitCompoundTerm,
  splitTerms,
  abbreviationsMentioned,
  forEachGram,
  termGramPlan,
} from './chinese.ts'
import {
  normalizePaging,
  type IntermediaryDocument,
  type IntermediarySearch,
  type SearchQuery,
  type SearchResult,
} from './port.ts'

const FIELD_SEPARATOR = '\u0001'
const VALUE_SEPARATOR = '\u0002'
const FIELD_BITS = 5
const FIELD_MASK = (1 << FIELD_BITS) - 1
// Field order in the haystack and bit order in postings: name, shortName, uscc, serviceItemNames,
// introduction. Weights rank a match in the name above one in the introduction.
const FIELD_WEIGHTS = [10, 8, 6, 4, 1] as const
const WEIGHT_OF_BITS = new Float64Array(1 << FIELD_BITS)
for (let bits = 1; bits < WEIGHT_OF_BITS.length; bits++) {
  let best = 0
  for (let field = 0; field < FIELD_BITS; field++) {
    if (bits & (1 << field)) best = Math.max(best, FIELD_WEIGHTS[field]!)
  }
  WEIGHT_OF_BITS[bits] = best
}
const EXACT_NAME_BONUS = 40
const NAME_PREFIX_BONUS = 15
const EXACT_SHORT_NAME_BONUS = 25

const LEVEL_CODES: Record<string, number> = { A: 1, B: 2, C: 4, D: 8 }
const FLAG_VERIFIED = 1
const FLAG_BLACKLISTED = 2
const FLAG_SUSPENDED = 4

/** Offsets of 255 and beyond are not recorded (verification then reads the haystack). */
const UNKNOWN_POSITION = 255

class PostingList {
  data: Int32Array = new Int32Array(2)
  /** Offset of the token's first occurrence in the document's haystack. */
  positions: Uint8Array = new Uint8Array(2)
  length = 0

  push(slot: number, bits: number, position: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2)
      grown.set(this.data)
      this.data = grown
      const positions = new Uint8Array(this.data.length)
      positions.set(this.positions)
      this.positions = positions
    }
    this.positions[this.length] = position
    this.data[this.length++] = (slot << FIELD_BITS) | bits
  }

  trim(): void {
    if (this.data.length > this.length) {
      this.data = this.data.slice(0, this.length)
      this.positions = this.positions.slice(0, this.length)
    }
  }
}

/** Slots (sorted, unique) with the field bits through which they matched. */
type Matches = { slots: Int32Array; bits: Uint8Array; length: number }

const EMPTY: Matches = { slots: new Int32Array(0), bits: new Uint8Array(0), length: 0 }

/** Slots (sorted, unique) with their relevance scores. */
type Scored = { slots: Int32Array; scores: Float64Array; length: number }

const NONE: Scored = { slots: new Int32Array(0), scores: new Float64Array(0), length: 0 }

/** A posting list's live, accepted slots. */
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

/** Live and passing the query's filters. */
type Accepts = (slot: number) => boolean

/** First index ≥ from whose slot is ≥ slot (galloping, then binary search). */
function seek(list: PostingList, from: number, slot: number): number {
  const data = list.data
  const length = list.length
  let step = 1
  let low = from
  let high = from
  while (high < length && data[high]! >> FIELD_BITS < slot) {
    low = high + 1
    high += step
    step *= 2
  }
  if (high > length) high = length
  while (low < high) {
    const mid = (low + high) >>> 1
    if (data[mid]! >> FIELD_BITS < slot) low = mid + 1
    else high = mid
  }
  return low
}

function union(a: Matches, b: Matches): Matches {
  if (a.length === 0) return b
  if (b.length === 0) return a
  const slots = new Int32Array(a.length + b.length)
  const bits = new Uint8Array(a.length + b.length)
  let i = 0
  let j = 0
  let n = 0
  while (i < a.length || j < b.length) {
    const sa = i < a.length ? a.slots[i]! : Infinity
    const sb = j < b.length ? b.slots[j]! : Infinity
    if (sa === sb) {
      slots[n] = sa
      bits[n++] = a.bits[i++]! | b.bits[j++]!
    } else if (sa < sb) {
      slots[n] = sa
      bits[n++] = a.bits[i++]!
    } else {
      slots[n] = sb
      bits[n++] = b.bits[j++]!
    }
  }
  return { slots, bits, length: n }
}

type Alternative =
  | { kind: 'grams'; grams: string[]; offsets: number[] | null; verify: string | null }
  | { kind: 'token'; token: string }
  | { kind: 'scan'; literal: string }

function literalAlternative(literal: string): Alternative {
  const { grams, offsets } = termGramPlan(literal)
  if (grams.length === 0) return { kind: 'scan', literal }
  const exact = grams.length === 1 && grams[0] === literal
  return { kind: 'grams', grams, offsets: exact ? null : offsets, verify: exact ? null : literal }
}

function termAlternatives(term: string): Alternative[] {
  const alternatives = [literalAlternative(term)]
  if (fullFormsOf(term).length) alternatives.push({ kind: 'token', token: ABBREVIATION_TOKEN_PREFIX + term })
  for (const abbreviation of abbreviationsOf(term)) alternatives.push(literalAlternative(abbreviation))
  return alternatives
}

function haystackOf(doc: IntermediaryDocument): string {
  return [
    normalizeText(doc.name),
    normalizeText(doc.shortName ?? ''),
    normalizeText(doc.uscc),
    doc.serviceItemNames.map(normalizeText).join(VALUE_SEPARATOR),
    normalizeText(doc.introduction ?? ''),
  ].join(FIELD_SEPARATOR)
}

/**
 * The bit of the first field containing the literal, or 0. Fields are stored in decreasing weight,
 * so the first occurrence is the one that scores.
 */
function firstFieldBit(haystack: string, literal: string): number {
  const at = haystack.indexOf(literal)
  if (at === -1) return 0
  let field = 0
  for (let i = haystack.indexOf(FIELD_SEPARATOR); i !== -1 && i < at; i = haystack.indexOf(FIELD_SEPARATOR, i + 1)) field++
  return 1 << field
}

type SortKey = 'relevance' | 'credit' | 'rating' | 'newest'

export class EmbeddedIntermediarySearch implements IntermediarySearch {
  readonly kind = 'embedded' as const

  private postings = new Map<string, PostingList>()
  private serviceItems = new Map<string, number[]>()
  private fields = new Map<string, number[]>()
  private regions = new Map<string, number[]>()
  private slotOf = new Map<string, number>()
  private ids: string[] = []
  private haystacks: string[] = []
  private createdAt: number[] = []
  private creditScore: number[] = []
  private rating: number[] = []
  private levels: Uint8Array = new Uint8Array(1024)
  private flags: Uint8Array = new Uint8Array(1024)
  private alive: Uint8Array = new Uint8Array(1024)
  /** Where the short name starts in the haystack (name length + 1), capped at 65,535. */
  private shortStarts: Uint16Array = new Uint16Array(1024)
  private slots = 0
  private dead = 0

  async init(): Promise<void> {}

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
    this.postings = new Map()
    this.serviceItems = new Map()
    this.fields = new Map()
    this.regions = new Map()
    this.slotOf = new Map()
    this.ids = []
    this.haystacks = []
    this.createdAt = []
    this.creditScore = []
    this.rating = []
    this.levels = new Uint8Array(1024)
    this.flags = new Uint8Array(1024)
    this.alive = new Uint8Array(1024)
    this.shortStarts = new Uint16Array(1024)
    this.slots = 0
    this.dead = 0
  }

  /** Rough bytes held by the index (posting lists, per-slot columns, haystacks, id map). */
  memoryEstimate(): { bytes: number; tokens: number; postings: number } {
    let postings = 0
    let bytes = 0
    for (const [token, list] of this.postings) {
      postings += list.length
      bytes += list.data.byteLength + list.positions.byteLength + 128 + token.length * 2 + 32
    }
    for (const map of [this.serviceItems, this.fields, this.regions]) {
      for (const list of map.values()) bytes += list.length * 8 + 32
    }
    for (let slot = 0; slot < this.slots; slot++) bytes += (this.haystacks[slot]?.length ?? 0) * 2 + 24
    bytes += this.slots * (8 * 4 + 3) + this.slotOf.size * 80
    return { bytes, tokens: this.postings.size, postings }
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const { page, pageSize } = normalizePaging(query)
    const terms = splitTerms(query.q)
    const filter = this.compileFilter(query)
    if (filter === null) return { ids: [], total: 0 }

    const sort: SortKey = query.sort ?? 'relevance'
    let candidates: Int32Array
    let scores: Float64Array | null = null
    let count = 0

    if (terms.length === 0) {
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
      let matches = this.matchTerms(terms, accepts)
      if (matches.length === 0 && terms.length === 1) {
        // A compound Han term (成都环评公司) that occurs nowhere verbatim — not merely nowhere among
        // the filtered documents — is tried as its parts together.
        const parts = splitCompoundTerm(terms[0]!)
        const occurs = () => !filter.trivial && this.matchTerms(terms, (slot) => alive[slot] === 1).length > 0
        if (parts.length > 1 && !occurs()) matches = this.matchTerms(parts, accepts)
      }
      candidates = matches.slots
      count = matches.length
      if (sort === 'relevance') {
        scores = matches.scores
        if (terms.length === 1) {
          const term = terms[0]!
          const first = term.charCodeAt(0)
          for (let i = 0; i < count; i++) scores[i]! += this.nameBonus(candidates[i]!, term, first)
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
    // Newest needs no primary key; the others get one array of keys, smaller first.
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
        // Quick reject on the primary key (or createdAt for newest) before the full comparison.
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

  private add(doc: IntermediaryDocument): void {
    this.retire(doc.id)
    const slot = this.slots++
    this.ensureCapacity(this.slots)
    this.slotOf.set(doc.id, slot)
    this.ids[slot] = doc.id
    const haystack = haystackOf(doc)
    this.haystacks[slot] = haystack
    this.shortStarts[slot] = Math.min(0xffff, haystack.indexOf(FIELD_SEPARATOR) + 1)
    this.createdAt[slot] = doc.createdAt
    this.creditScore[slot] = doc.creditScore
    this.rating[slot] = doc.ratingAverage ?? Number.NaN
    this.levels[slot] = LEVEL_CODES[doc.creditLevel] ?? 0
    this.flags[slot] =
      (doc.hasVerifiedQualification ? FLAG_VERIFIED : 0) |
      (doc.blacklisted ? FLAG_BLACKLISTED : 0) |
      (doc.suspended ? FLAG_SUSPENDED : 0)
    this.alive[slot] = 1

    // token → first offset << FIELD_BITS | field bits
    const tokens = new Map<string, number>()
    const bounds: number[] = []
    for (let i = haystack.indexOf(FIELD_SEPARATOR); i !== -1; i = haystack.indexOf(FIELD_SEPARATOR, i + 1)) bounds.push(i)
    let field = 0
    forEachGram(haystack, (gram, offset) => {
      while (field < bounds.length && offset > bounds[field]!) field++
      const seen = tokens.get(gram)
      if (seen === undefined) tokens.set(gram, (Math.min(offset, UNKNOWN_POSITION) << FIELD_BITS) | (1 << field))
      else tokens.set(gram, seen | (1 << field))
    })
    let start = 0
    bounds.push(haystack.length)
    bounds.forEach((end, index) => {
      for (const abbreviation of abbreviationsMentioned(haystack.slice(start, end))) {
        const token = ABBREVIATION_TOKEN_PREFIX + abbreviation
        tokens.set(token, (tokens.get(token) ?? UNKNOWN_POSITION << FIELD_BITS) | (1 << index))
      }
      start = end + 1
    })
    for (const [token, packed] of tokens) {
      let list = this.postings.get(token)
      if (!list) this.postings.set(token, (list = new PostingList()))
      list.push(slot, packed & FIELD_MASK, packed >> FIELD_BITS)
    }
    addTo(this.serviceItems, doc.serviceItemCodes, slot)
    addTo(this.fields, doc.fieldCodes, slot)
    addTo(this.regions, [doc.regionCode, ...doc.regionPath], slot)
  }

  private retire(id: string): void {
    const slot = this.slotOf.get(id)
    if (slot === undefined) return
    this.slotOf.delete(id)
    this.alive[slot] = 0
    this.haystacks[slot] = ''
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
    const shortStarts = new Uint16Array(capacity)
    shortStarts.set(this.shortStarts)
    this.shortStarts = shortStarts
  }

  private trim(): void {
    for (const list of this.postings.values()) list.trim()
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
    this.haystacks = move(this.haystacks)
    this.createdAt = move(this.createdAt)
    this.creditScore = move(this.creditScore)
    this.rating = move(this.rating)
    this.levels = moveBytes(this.levels)
    this.flags = moveBytes(this.flags)
    this.alive = moveBytes(this.alive)
    const shortStarts = new Uint16Array(Math.max(1024, next))
    for (let slot = 0; slot < this.slots; slot++) if (remap[slot]! >= 0) shortStarts[remap[slot]!] = this.shortStarts[slot]!
    this.shortStarts = shortStarts
    const postings = new Map<string, PostingList>()
    for (const [token, list] of this.postings) {
      const rebuilt = new PostingList()
      for (let i = 0; i < list.length; i++) {
        const entry = list.data[i]!
        const slot = remap[entry >> FIELD_BITS]!
        if (slot >= 0) rebuilt.push(slot, entry & FIELD_MASK, list.positions[i]!)
      }
      if (rebuilt.length) {
        rebuilt.trim()
        postings.set(token, rebuilt)
      }
    }
    this.postings = postings
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
  }

  // ---- matching ----

  /** AND across terms; a term matches through any of its alternatives. Bits become summed weights. */
  private matchTerms(terms: string[], accepts: Accepts): Scored {
    let result: Scored | null = null
    for (const term of terms) {
      let matches = EMPTY
      for (const alternative of termAlternatives(term)) matches = union(matches, this.matchAlternative(alternative, accepts))
      if (result === null) {
        const scores = new Float64Array(matches.length)
        for (let i = 0; i < matches.length; i++) scores[i] = WEIGHT_OF_BITS[matches.bits[i]!]!
        result = { slots: matches.slots, scores, length: matches.length }
      } else {
        const size: number = Math.min(result.length, matches.length)
        const slots = new Int32Array(size)
        const scores = new Float64Array(size)
        let i = 0
        let j = 0
        let n = 0
        while (i < result.length && j < matches.length) {
          const a = result.slots[i]!
          const b = matches.slots[j]!
          if (a === b) {
            slots[n] = a
            scores[n++] = result.scores[i++]! + WEIGHT_OF_BITS[matches.bits[j++]!]!
          } else if (a < b) i++
          else j++
        }
        result = { slots, scores, length: n }
      }
      if (result.length === 0) return NONE
    }
    return result ?? NONE
  }

  private matchAlternative(alternative: Alternative, accepts: Accepts): Matches {
    if (alternative.kind === 'token') {
      const list = this.postings.get(alternative.token)
      return list ? fromPosting(list, accepts) : EMPTY
    }
    if (alternative.kind === 'scan') return this.scan(alternative.literal, accepts)

    const lists: PostingList[] = []
    for (const gram of alternative.grams) {
      const list = this.postings.get(gram)
      if (!list) return EMPTY
      lists.push(list)
    }
    // Intersect from the shortest list; remember each gram's list so offsets can be checked.
    const order = lists.map((_, index) => index).sort((a, b) => lists[a]!.length - lists[b]!.length)
    const base = lists[order[0]!]!
    const others = order.slice(1).map((index) => lists[index]!)
    if (others.length === 0 && alternative.verify === null) return fromPosting(base, accepts)

    // Expected offset of each list's gram relative to the term's first gram (null: no chain check).
    const offsets = alternative.offsets
    const baseOffset = offsets ? offsets[order[0]!]! : 0
    const otherOffsets = offsets ? order.slice(1).map((index) => offsets[index]! - baseOffset) : null
    const firstGram = offsets ? order.indexOf(0) : -1 // position in `order` of the gram at offset 0

    const cursors = new Int32Array(others.length)
    const linear = others.map((list) => list.length <= base.length * 4)
    const slots = new Int32Array(base.length)
    const bits = new Uint8Array(base.length)
    let n = 0
    outer: for (let i = 0; i < base.length; i++) {
      const entry = base.data[i]!
      const slot = entry >> FIELD_BITS
      let fieldBits = entry & FIELD_MASK
      const basePosition = base.positions[i]!
      let chained = otherOffsets !== null && basePosition !== UNKNOWN_POSITION
      let firstBits = firstGram === 0 ? entry & FIELD_MASK : 0
      for (let k = 0; k < others.length; k++) {
        const list = others[k]!
        let at = cursors[k]!
        if (linear[k]) {
          // Similar sizes: walk forward (cheaper than galloping when most steps are short).
          const data = list.data
          while (at < list.length && data[at]! >> FIELD_BITS < slot) at++
        } else at = seek(list, at, slot)
        cursors[k] = at
        if (at >= list.length) break outer
        const other = list.data[at]!
        if (other >> FIELD_BITS !== slot) continue outer
        fieldBits &= other & FIELD_MASK
        if (fieldBits === 0) continue outer
        if (chained) {
          const position = list.positions[at]!
          if (position === UNKNOWN_POSITION || position !== basePosition + otherOffsets![k]!) chained = false
        }
        if (firstGram === k + 1) firstBits = other & FIELD_MASK
      }
      if (!accepts(slot)) continue
      if (alternative.verify !== null) {
        if (chained) {
          // The first occurrences line up: the term is there, in the first field holding its first gram.
          fieldBits = firstBits & -firstBits
        } else {
          fieldBits = firstFieldBit(this.haystacks[slot]!, alternative.verify)
          if (fieldBits === 0) continue
        }
      }
      slots[n] = slot
      bits[n++] = fieldBits
    }
    return { slots, bits, length: n }
  }

  /** Terms too short to have grams (one Han character, one or two letters): scan the haystacks. */
  private scan(literal: string, accepts: Accepts): Matches {
    const slots: number[] = []
    const bits: number[] = []
    for (let slot = 0; slot < this.slots; slot++) {
      if (!accepts(slot)) continue
      const fieldBit = firstFieldBit(this.haystacks[slot]!, literal)
      if (fieldBit === 0) continue
      slots.push(slot)
      bits.push(fieldBit)
    }
    return { slots: Int32Array.from(slots), bits: Uint8Array.from(bits), length: slots.length }
  }

  /** Bonus for an exact name, a name prefix or an exact short name (term is one normalized term). */
  private nameBonus(slot: number, term: string, first: number): number {
    const haystack = this.haystacks[slot]!
    if (haystack.charCodeAt(0) === first && haystack.startsWith(term)) {
      return haystack.charCodeAt(term.length) === 1 ? EXACT_NAME_BONUS : NAME_PREFIX_BONUS
    }
    const shortStart = this.shortStarts[slot]!
    if (haystack.charCodeAt(shortStart) !== first || !haystack.startsWith(term, shortStart)) return 0
    return haystack.charCodeAt(shortStart + term.length) === 1 ? EXACT_SHORT_NAME_BONUS : 0
  }

  // ---- filters and order ----

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

function addTo(map: Map<string, number[]>, keys: string[], slot: number): void {
  for (const key of new Set(keys)) {
    const list = map.get(key)
    if (list) list.push(slot)
    else map.set(key, [slot])
  }
}
