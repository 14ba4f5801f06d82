// RFC 9162 Merkle tree hashing (Certificate Transparency 2.0), pure and shared by the server, the
// verify command and the browser. Leaf hash = SHA-256(0x00 ‖ leaf), node hash = SHA-256(0x01 ‖ left
// ‖ right); the tree over n leaves splits at the largest power of two smaller than n.
//
// The server stores the hash of every complete aligned subtree (level L, index i covers leaves
// [i·2^L, (i+1)·2^L)), so any subtree the proofs need is a few stored nodes: `subtreeNodes` lists
// them and `subtreeHash` folds them. `inclusionRanges` / `consistencyRanges` are the RFC's PATH and
// PROOF recursions as lists of leaf ranges; `verifyInclusion` / `verifyConsistency` are the RFC's
// verification algorithms (§2.1.3.2, §2.1.4.2), written against an async SHA-256 so that Web Crypto
// (browser) and node:crypto (server) both fit.

/** A leaf range [start, end). */
export type Range = readonly [start: number, end: number]
/** A stored complete subtree: level L covers 2^L leaves starting at index · 2^L. */
export type NodeKey = { level: number; index: number }
export type Sha256 = (data: Uint8Array) => Promise<Uint8Array>

/** The largest power of two strictly smaller than n (n ≥ 2). */
export function splitPoint(n: number): number {
  if (n < 2) throw new Error(`no split point for ${n} leaves`)
  let k = 1
  while (k * 2 < n) k *= 2
  return k
}

const isPowerOfTwo = (n: number) => n > 0 && (n & (n - 1)) === 0 // n < 2^31 here; see below for larger
const powerOfTwo = (n: number) => (n < 2 ** 31 ? isPowerOfTwo(n) : Number.isInteger(Math.log2(n)))

/** The audit path of leaf `index` in a tree of `size` leaves (RFC 9162 §2.1.3.1), leaf to root. */
export function inclusionRanges(index: number, size: number): Range[] {
  if (!(index >= 0 && index < size)) throw new RangeError(`leaf ${index} is not in a tree of ${size}`)
  const path: Range[] = []
  const walk = (m: number, start: number, end: number) => {
    const n = end - start
    if (n === 1) return
    const k = splitPoint(n)
    if (m < k) {
      walk(m, start, start + k)
      path.push([start + k, end])
    } else {
      walk(m - k, start + k, end)
      path.push([start, start + k])
    }
  }
  walk(index, 0, size)
  return path
}

/** The consistency proof between the trees of `first` and `second` leaves (RFC 9162 §2.1.4.1). */
export function consistencyRanges(first: number, second: number): Range[] {
  if (!(first >= 1 && first <= second)) throw new RangeError(`no consistency proof from ${first} to ${second}`)
  const proof: Range[] = []
  const sub = (m: number, start: number, end: number, complete: boolean) => {
    const n = end - start
    if (m === n) {
      if (!complete) proof.push([start, end])
      return
    }
    const k = splitPoint(n)
    if (m <= k) {
      sub(m, start, start + k, complete)
      proof.push([start + k, end])
    } else {
      sub(m - k, start + k, end, false)
      proof.push([start, start + k])
    }
  }
  sub(first, 0, second, true)
  return proof
}

/**
 * The stored nodes whose hashes make MTH of [start, end): the range itself when it is a complete
 * aligned subtree, else its left part (a complete subtree) and the nodes of its right part. Every
 * range of the tree's recursion is aligned this way.
 */
export function subtreeNodes([start, end]: Range): NodeKey[] {
  const n = end - start
  if (n < 1) throw new RangeError(`empty range ${start}..${end}`)
  if (powerOfTwo(n)) {
    if (start % n !== 0) throw new RangeError(`range ${start}..${end} is not aligned`)
    return [{ level: Math.log2(n), index: start / n }]
  }
  const k = splitPoint(n)
  return [...subtreeNodes([start, start + k]), ...subtreeNodes([start + k, end])]
}

/** MTH of a range from its stored nodes (`hashOf` answers each key of `subtreeNodes`). */
export function subtreeHash<H>(range: Range, hashOf: (key: NodeKey) => H, combine: (left: H, right: H) => H): H {
  const [start, end] = range
  const n = end - start
  if (powerOfTwo(n)) return hashOf({ level: Math.log2(n), index: start / n })
  const k = splitPoint(n)
  return combine(subtreeHash([start, start + k], hashOf, combine), subtreeHash([start + k, end], hashOf, combine))
}

/** The root of a tree of `size` leaves (size ≥ 1) from its stored nodes. */
export function rootNodes(size: number): NodeKey[] {
  return subtreeNodes([0, size])
}

// ---------------------------------------------------------------------------------------------
// Verification (the RFC's algorithms, as a stranger runs them)

const LEAF_PREFIX = 0x00
const NODE_PREFIX = 0x01

export function hexToBytes(hex: string): Uint8Array {
  if (!/^(?:[0-9a-f]{2})*$/.test(hex)) throw new Error(`not lowercase hex: ${hex.slice(0, 20)}`)
  const bytes = new Uint8Array(hex.length / 2)
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16)
  return bytes
}

export function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

function concat(prefix: number, ...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(1 + parts.reduce((sum, p) => sum + p.length, 0))
  out[0] = prefix
  let offset = 1
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

export async function leafHashOf(sha256: Sha256, leaf: string): Promise<string> {
  return bytesToHex(await sha256(concat(LEAF_PREFIX, new TextEncoder().encode(leaf))))
}

async function node(sha256: Sha256, left: Uint8Array, right: Uint8Array) {
  return sha256(concat(NODE_PREFIX, left, right))
}

const equalBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i])

/** The pair (fn, sn) that the RFC's verification algorithms walk up the tree with. */
class Walk {
  constructor(
    public fn: number,
    public sn: number,
  ) {}
  shift() {
    this.fn = Math.floor(this.fn / 2)
    this.sn = Math.floor(this.sn / 2)
  }
  /** "If LSB(fn) is set, or if fn is equal to sn": the path's next hash goes on the left. */
  get fromRight() {
    return this.fn % 2 === 1 || this.fn === this.sn
  }
  /** "right-shift both fn and sn equally until either LSB(fn) is set or fn is 0" */
  shiftToOdd() {
    while (this.fn % 2 === 0 && this.fn !== 0) this.shift()
  }
}

/** RFC 9162 §2.1.3.2: does `auditPath` prove leaf `index` with `leafHash` in the tree of `size` with `rootHash`? */
export async function verifyInclusion(
  sha256: Sha256,
  proof: { index: number; treeSize: number; leafHash: string; auditPath: readonly string[] },
  rootHash: string,
): Promise<boolean> {
  if (!(proof.index >= 0 && proof.index < proof.treeSize)) return false
  const walk = new Walk(proof.index, proof.treeSize - 1)
  let r = hexToBytes(proof.leafHash)
  for (const p of proof.auditPath.map(hexToBytes)) {
    if (walk.sn === 0) return false
    if (walk.fromRight) {
      r = await node(sha256, p, r)
      walk.shiftToOdd()
    } else {
      r = await node(sha256, r, p)
    }
    walk.shift()
  }
  return walk.sn === 0 && equalBytes(r, hexToBytes(rootHash))
}

/** RFC 9162 §2.1.4.2: does `proof` show the tree of `first` leaves (`firstHash`) is a prefix of the tree of `second` (`secondHash`)? */
export async function verifyConsistency(
  sha256: Sha256,
  first: number,
  second: number,
  proof: readonly string[],
  firstHash: string,
  secondHash: string,
): Promise<boolean> {
  if (!(first >= 1 && first <= second)) return false
  if (first === second) return proof.length === 0 && firstHash === secondHash
  if (proof.length === 0) return false
  const path = proof.map(hexToBytes)
  if (powerOfTwo(first)) path.unshift(hexToBytes(firstHash))
  const walk = new Walk(first - 1, second - 1)
  while (walk.fn % 2 === 1) walk.shift()
  let fr = path[0]!
  let sr = path[0]!
  for (const c of path.slice(1)) {
    if (walk.sn === 0) return false
    if (walk.fromRight) {
      fr = await node(sha256, c, fr)
      sr = await node(sha256, c, sr)
      walk.shiftToOdd()
    } else {
      sr = await node(sha256, sr, c)
    }
    walk.shift()
  }
  return walk.sn === 0 && equalBytes(fr, hexToBytes(firstHash)) && equalBytes(sr, hexToBytes(secondHash))
}

/** The text a checkpoint's Ed25519 signature covers (API.md). */
export function checkpointText(c: { treeSize: number; rootHash: string; timestamp: string }): string {
  return `zjcs-transparency-log\n${c.treeSize}\n${c.rootHash}\n${c.timestamp}\n`
}
