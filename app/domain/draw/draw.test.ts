// The verifiable draw, checked against an independent implementation of the algorithm text at the
// top of draw.ts (node:crypto only, nothing imported from the product for the computation) and
// against known answers computed outside JavaScript (Python's hashlib/hmac).
import crypto from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { AVERAGE_PRICE_COEFFICIENTS, DRAW_ALGORITHM, commitSeed, drawCoefficient, drawInput, drawKey, makeNonce, makeSeed, rankByDraw } from '#app/domain/draw/draw.ts'

// --- the reference implementation, written from the documented algorithm -------------------------

/** Sorting by UTF-16 code units, spelled out (not relying on Array.prototype.sort's default). */
function byCodeUnits(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const d = a.charCodeAt(i) - b.charCodeAt(i)
    if (d !== 0) return d
  }
  return a.length - b.length
}

type Inputs = { seed: string; nonces: string[]; subjectId: string; usccs: string[] }

function referenceInput({ seed, nonces, subjectId, usccs }: Inputs): string {
  const text = `${seed}\n${[...nonces].sort(byCodeUnits).join('\n')}\n${subjectId}\n${[...usccs].sort(byCodeUnits).join('\n')}`
  return crypto.createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex')
}

function referenceRank(input: string, purpose: string, candidates: readonly string[]): string[] {
  const key = Buffer.from(input, 'utf8') // the key is the 64 hex characters, not the decoded bytes
  const keyed = candidates.map((c) => ({ c, k: crypto.createHmac('sha256', key).update(Buffer.from(`${purpose}:${c}`, 'utf8')).digest('hex') }))
  return keyed.sort((x, y) => byCodeUnits(x.k, y.k)).map((x) => x.c)
}

// --- fixed inputs and their known answers (computed with Python hashlib / hmac) --------------------

const SEED = '3f1c9a7e5b2d4f60718293a4b5c6d7e8f9012345678abcdef0123456789abcde'
const FIXED: Inputs = {
  seed: SEED,
  nonces: ['n-b', 'N-a', 'n_a', 'zeta'],
  subjectId: 'cm0announcement0001',
  usccs: ['91510107MA6C0Q0X2L', '91510100MA61234567', '915101075500000123', '91510104MADKJ3W81Y', '92510100L12345678A'],
}
const KNOWN_INPUT = 'de8883b53a702e82a2cfd9945ffd072964a74cd09a173585069810beb89423a2'
const KNOWN_WINNER_ORDER = ['91510107MA6C0Q0X2L', '91510100MA61234567', '915101075500000123', '91510104MADKJ3W81Y', '92510100L12345678A']
const KNOWN_INSPECTION_ORDER = ['91510100MA61234567', '91510107MA6C0Q0X2L', '91510104MADKJ3W81Y', '915101075500000123', '92510100L12345678A']
const KNOWN_COMMITMENT = 'a085bf0c033869f98776f0d1eb3b3679c146ee512dee0797595e956dd96f5851'

const shuffled = <T>(values: readonly T[]): T[] => {
  const copy = [...values]
  for (let i = copy.length - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1)
    ;[copy[i], copy[j]] = [copy[j]!, copy[i]!]
  }
  return copy
}

describe('drawInput', () => {
  test('equals SHA-256 of seed, sorted nonces, subject id and sorted USCCs joined by newlines', () => {
    expect(referenceInput(FIXED)).toBe(KNOWN_INPUT) // the reference agrees with Python
    expect(drawInput(FIXED)).toBe(KNOWN_INPUT)
  })

  test('sorts by UTF-16 code units: upper case before lower case, "-" before "_"', () => {
    const a = drawInput({ ...FIXED, nonces: ['n_a', 'N-a', 'zeta', 'n-b'] })
    expect(a).toBe(KNOWN_INPUT)
    expect([...FIXED.nonces].sort(byCodeUnits)).toEqual(['N-a', 'n-b', 'n_a', 'zeta'])
  })

  test('the order nonces and USCCs arrive in does not change the input', () => {
    for (let i = 0; i < 20; i++) {
      const inputs = { ...FIXED, nonces: shuffled(FIXED.nonces), usccs: shuffled(FIXED.usccs) }
      expect(drawInput(inputs)).toBe(KNOWN_INPUT)
      expect(rankByDraw(drawInput(inputs), 'winner', shuffled(inputs.usccs))).toEqual(KNOWN_WINNER_ORDER)
    }
  })

  test('a different seed, nonce, subject or bidder set changes the input', () => {
    const variants: Inputs[] = [
      { ...FIXED, seed: SEED.replace(/^3/, '4') },
      { ...FIXED, nonces: [...FIXED.nonces.slice(1), 'zetb'] },
      { ...FIXED, subjectId: 'cm0announcement0002' },
      { ...FIXED, usccs: FIXED.usccs.slice(1) },
    ]
    for (const v of variants) {
      expect(drawInput(v)).toBe(referenceInput(v))
      expect(drawInput(v)).not.toBe(KNOWN_INPUT)
    }
  })

  test('a different seed changes the draw order (over many seeds more than one order occurs)', () => {
    const orders = new Set<string>()
    for (let i = 0; i < 30; i++) {
      const inputs = { ...FIXED, seed: crypto.createHash('sha256').update(`seed-${i}`).digest('hex') }
      const input = drawInput(inputs)
      const order = rankByDraw(input, 'winner', inputs.usccs)
      expect(order).toEqual(referenceRank(referenceInput(inputs), 'winner', inputs.usccs))
      orders.add(order.join(','))
    }
    expect(orders.size).toBeGreaterThan(5)
  })
})

describe('rankByDraw and drawKey', () => {
  test('rank candidates ascending by HMAC-SHA256(key = input hex, purpose ":" candidate)', () => {
    expect(referenceRank(KNOWN_INPUT, 'winner', FIXED.usccs)).toEqual(KNOWN_WINNER_ORDER)
    expect(rankByDraw(KNOWN_INPUT, 'winner', FIXED.usccs)).toEqual(KNOWN_WINNER_ORDER)
    expect(rankByDraw(KNOWN_INPUT, 'inspection', FIXED.usccs)).toEqual(KNOWN_INSPECTION_ORDER)
    for (const uscc of FIXED.usccs) {
      const expected = crypto.createHmac('sha256', KNOWN_INPUT).update(`winner:${uscc}`).digest('hex')
      expect(drawKey(KNOWN_INPUT, 'winner', uscc)).toBe(expected)
    }
  })

  test('the purpose keeps independent choices independent', () => {
    expect(KNOWN_WINNER_ORDER).not.toEqual(KNOWN_INSPECTION_ORDER)
  })

  test('is a permutation of the candidates and does not depend on their given order', () => {
    const order = rankByDraw(KNOWN_INPUT, 'winner', [...FIXED.usccs].reverse())
    expect([...order].sort()).toEqual([...FIXED.usccs].sort())
    expect(order).toEqual(KNOWN_WINNER_ORDER)
  })
})

describe('drawCoefficient', () => {
  test('is the first of 95, 96, 97, 98 ranked with purpose "coefficient"', () => {
    expect(AVERAGE_PRICE_COEFFICIENTS).toEqual(['95', '96', '97', '98'])
    expect(drawCoefficient(KNOWN_INPUT)).toBe(97) // Python: ['97', '95', '96', '98']
    for (let i = 0; i < 40; i++) {
      const input = referenceInput({ ...FIXED, seed: crypto.createHash('sha256').update(`c-${i}`).digest('hex') })
      expect(drawCoefficient(input)).toBe(Number(referenceRank(input, 'coefficient', ['95', '96', '97', '98'])[0]))
    }
  })

  test('takes every one of the four values over many seeds', () => {
    const seen = new Set<number>()
    for (let i = 0; i < 200 && seen.size < 4; i++) seen.add(drawCoefficient(referenceInput({ ...FIXED, seed: makeSeed() })))
    expect([...seen].sort()).toEqual([95, 96, 97, 98])
  })
})

describe('seeds, commitments and nonces', () => {
  test('commitSeed is the lowercase hex SHA-256 of the seed’s UTF-8 bytes', () => {
    expect(commitSeed(SEED)).toBe(KNOWN_COMMITMENT)
    const seed = makeSeed()
    expect(commitSeed(seed)).toBe(crypto.createHash('sha256').update(Buffer.from(seed, 'utf8')).digest('hex'))
  })

  test('a seed is 64 lowercase hex characters and fresh each time; a nonce is 32', () => {
    const seeds = new Set(Array.from({ length: 10 }, () => makeSeed()))
    expect(seeds.size).toBe(10)
    for (const seed of seeds) expect(seed).toMatch(/^[0-9a-f]{64}$/)
    expect(makeNonce()).toMatch(/^[0-9a-f]{32}$/)
  })

  test('the published algorithm text names every step', () => {
    expect(DRAW_ALGORITHM).toContain('SHA-256')
    expect(DRAW_ALGORITHM).toContain('HMAC-SHA256')
    expect(DRAW_ALGORITHM).toContain('sorted USCCs')
  })
})
