// Sealed prices under a key ring: the v2 format names its key, every price has the same ciphertext
// length, a missing key and a tampered price are different errors, and v1 prices (one key, no key
// id) sealed before the ring still open.
import crypto from 'node:crypto'
import { afterEach, describe, expect, test } from 'vitest'
import {
  keyIdOf,
  keyRing,
  openCanary,
  openPrice,
  resealPrice,
  sealCanary,
  SealedPriceKeyUnavailable,
  SealedPriceTampered,
  sealedKeyId,
  sealPrice,
} from '#app/domain/bidding/sealed-price.server.ts'
import { parseEnv, resetEnvCache, type EnvError } from '#app/env.server.ts'

const OLD = '7a'.repeat(32)
const NEW = crypto.randomBytes(32).toString('hex')
/** Sealed by the code before the key ring (BID_PRICE_KEY = OLD): 123456.00 yuan for bid-legacy, version 3. */
const V1_SEALED = 'v1.M3lANaLjCEwIl-Mb.SBCgy8uHjLMDBDyDz2W26Q.p9oYO-3He7M'

const saved = { ...process.env }
function useKeys(keys: { BID_PRICE_KEY?: string; BID_PRICE_KEYS?: string }) {
  delete process.env.BID_PRICE_KEY
  delete process.env.BID_PRICE_KEYS
  Object.assign(process.env, { SESSION_SECRET: 'x'.repeat(32) }, keys)
  resetEnvCache()
}
afterEach(() => {
  process.env = { ...saved }
  resetEnvCache()
})

const thrown = (run: () => unknown): unknown => {
  try {
    run()
  } catch (error) {
    return error
  }
  throw new Error('expected an error')
}

describe('sealing and opening', () => {
  test('a price is sealed as v2.<kid>.<iv>.<tag>.<ciphertext> with the current key and opens to the same fen', () => {
    useKeys({ BID_PRICE_KEYS: `k2027:${NEW},k2026:${OLD}` })
    for (const fen of [0, 1, 9_999, 12_345_600, 99_999_999_999_999]) {
      const sealed = sealPrice(fen, 'bid-1', 2)
      expect(sealed).toMatch(/^v2\.k2027\.[\w-]{16}\.[\w-]{22}\.[\w-]{22}$/)
      expect(sealedKeyId(sealed)).toBe('k2027')
      expect(openPrice(sealed, 'bid-1', 2)).toBe(fen)
    }
  })

  test('every price yields a ciphertext of the same length (the plaintext is padded to 16 digits)', () => {
    useKeys({ BID_PRICE_KEY: OLD })
    const prices = [
      0,
      5,
      99,
      100_000,
      8_500_000,
      12_345_678,
      99_999_999_999_999,
      ...Array.from({ length: 50 }, () => crypto.randomInt(2 ** 47)),
    ]
    const lengths = new Set(prices.map((fen) => sealPrice(fen, 'bid-1', 1).length))
    expect(lengths.size).toBe(1)
  })

  test('a price that is not a whole, non-negative amount of at most 16 digits is refused', () => {
    useKeys({ BID_PRICE_KEY: OLD })
    for (const fen of [-1, 1.5, Number.NaN, 10 ** 16]) expect(() => sealPrice(fen, 'bid-1', 1)).toThrow(RangeError)
  })

  test('a single BID_PRICE_KEY is a ring of one whose key id is derived from the key', () => {
    useKeys({ BID_PRICE_KEY: OLD })
    expect(keyRing().keys.map((k) => k.kid)).toEqual([keyIdOf(OLD)])
    expect(keyIdOf(OLD)).toMatch(/^fp[0-9a-f]{12}$/)
    expect(keyIdOf(OLD)).not.toBe(keyIdOf(NEW))
    expect(sealedKeyId(sealPrice(1, 'bid-1', 1))).toBe(keyIdOf(OLD))
  })

  test('a price sealed under the derived key id opens once that key is given an explicit id in BID_PRICE_KEYS', () => {
    useKeys({ BID_PRICE_KEY: OLD })
    const sealed = sealPrice(4_200, 'bid-1', 1)
    useKeys({ BID_PRICE_KEYS: `k2027:${NEW},k2026:${OLD}` })
    expect(openPrice(sealed, 'bid-1', 1)).toBe(4_200)
  })
})

describe('a missing key and a tampered price are told apart', () => {
  test('a price sealed with a key this host does not hold: SealedPriceKeyUnavailable naming the key id', () => {
    useKeys({ BID_PRICE_KEYS: `k2027:${NEW}` })
    const sealed = sealPrice(12_000, 'bid-1', 1)
    useKeys({ BID_PRICE_KEYS: `k2026:${OLD}` })
    const error = thrown(() => openPrice(sealed, 'bid-1', 1))
    expect(error).toBeInstanceOf(SealedPriceKeyUnavailable)
    expect(error).not.toBeInstanceOf(SealedPriceTampered)
    expect((error as SealedPriceKeyUnavailable).kid).toBe('k2027')
    expect((error as Error).message).toMatch(/"k2027" is missing from this host/)
  })

  test('a price moved to another bid or version, altered, malformed, or under its key id with another key: SealedPriceTampered', () => {
    useKeys({ BID_PRICE_KEYS: `k2027:${NEW},k2026:${OLD}` })
    const sealed = sealPrice(12_000, 'bid-1', 1)
    const [format, kid, iv, tag, ciphertext] = sealed.split('.') as [string, string, string, string, string]
    const flipped = Buffer.from(ciphertext, 'base64url')
    flipped[0]! ^= 1
    const cases: Array<[string, () => unknown]> = [
      ['another bid', () => openPrice(sealed, 'bid-2', 1)],
      ['another version', () => openPrice(sealed, 'bid-1', 2)],
      [
        'an altered ciphertext',
        () => openPrice([format, kid, iv, tag, flipped.toString('base64url')].join('.'), 'bid-1', 1),
      ],
      ['another key id of the ring', () => openPrice(['v2', 'k2026', iv, tag, ciphertext].join('.'), 'bid-1', 1)],
      ['no format', () => openPrice('garbage', 'bid-1', 1)],
      ['an unknown format', () => openPrice(['v9', kid, iv, tag, ciphertext].join('.'), 'bid-1', 1)],
    ]
    for (const [what, run] of cases) expect(thrown(run), what).toBeInstanceOf(SealedPriceTampered)
    // the same key id holding another key on this host
    useKeys({ BID_PRICE_KEYS: `k2027:${OLD}` })
    expect(thrown(() => openPrice(sealed, 'bid-1', 1))).toBeInstanceOf(SealedPriceTampered)
  })
})

describe('v1 prices sealed before the key ring', () => {
  test('open with the one key, and with a ring that holds it anywhere; moved or without the key they are tampered', () => {
    useKeys({ BID_PRICE_KEY: OLD })
    expect(openPrice(V1_SEALED, 'bid-legacy', 3)).toBe(12_345_600)
    expect(sealedKeyId(V1_SEALED)).toBeNull()
    useKeys({ BID_PRICE_KEYS: `k2027:${NEW},${OLD}` })
    expect(openPrice(V1_SEALED, 'bid-legacy', 3)).toBe(12_345_600)
    expect(thrown(() => openPrice(V1_SEALED, 'bid-legacy', 4))).toBeInstanceOf(SealedPriceTampered)
    useKeys({ BID_PRICE_KEYS: `k2027:${NEW}` })
    expect(thrown(() => openPrice(V1_SEALED, 'bid-legacy', 3))).toBeInstanceOf(SealedPriceTampered)
  })

  test('resealPrice seals a v1 or old-key price again under the current key, and leaves a current one alone', () => {
    useKeys({ BID_PRICE_KEYS: `k2027:${NEW},k2026:${OLD}` })
    const resealed = resealPrice(V1_SEALED, 'bid-legacy', 3)!
    expect(sealedKeyId(resealed)).toBe('k2027')
    expect(openPrice(resealed, 'bid-legacy', 3)).toBe(12_345_600)
    expect(resealPrice(resealed, 'bid-legacy', 3)).toBeNull()
  })
})

describe('the canary', () => {
  test('opens with the key that sealed it; another key under its id is tampered, a missing id unavailable', () => {
    useKeys({ BID_PRICE_KEYS: `k2026:${OLD}` })
    const canary = sealCanary()
    expect(canary.kid).toBe('k2026')
    expect(() => openCanary(canary)).not.toThrow()
    expect(thrown(() => openCanary({ ...canary, kid: 'k2027' }))).toBeInstanceOf(SealedPriceTampered)
    useKeys({ BID_PRICE_KEYS: `k2026:${NEW}` })
    expect(thrown(() => openCanary(canary))).toBeInstanceOf(SealedPriceTampered)
    useKeys({ BID_PRICE_KEYS: `k2027:${NEW}` })
    expect(thrown(() => openCanary(canary))).toBeInstanceOf(SealedPriceKeyUnavailable)
  })
})

describe('BID_PRICE_KEYS in the environment', () => {
  const base = { SESSION_SECRET: 'x'.repeat(32) }
  const message = (source: Record<string, string>) =>
    (thrown(() => parseEnv({ ...base, ...source })) as EnvError).message

  test('"kid:hex64,kid:hex64" and bare keys are read in order, the first current', () => {
    const env = parseEnv({ ...base, BID_PRICE_KEYS: ` k2027:${NEW.toUpperCase()} , ${OLD}` })
    expect(env.BID_PRICE_KEYS).toEqual([
      { kid: 'k2027', key: NEW },
      { kid: undefined, key: OLD },
    ])
  })

  test('a malformed entry, a repeated key id or key, both variables or neither are refused with a readable message that never shows a key', () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [
        { BID_PRICE_KEYS: `k2027:${NEW.slice(2)}` },
        /BID_PRICE_KEYS: entry 1 must be <key id>:<64 hexadecimal characters>/,
      ],
      [{ BID_PRICE_KEYS: `k2027:${NEW},bad.kid:${OLD}` }, /BID_PRICE_KEYS: entry 2 must be/],
      [{ BID_PRICE_KEYS: `k1:${NEW},k1:${OLD}` }, /key id "k1" is given twice/],
      [{ BID_PRICE_KEYS: `k1:${NEW},k2:${NEW}` }, /entry 2 repeats a key given before/],
      [
        { BID_PRICE_KEYS: `k1:${NEW}`, BID_PRICE_KEY: OLD },
        /BID_PRICE_KEY: set BID_PRICE_KEYS or BID_PRICE_KEY, not both/,
      ],
      [{}, /BID_PRICE_KEYS: set BID_PRICE_KEYS \(the key ring\) or BID_PRICE_KEY/],
    ]
    for (const [source, expected] of cases) {
      const text = message(source)
      expect(text).toMatch(expected)
      expect(text).not.toContain(NEW.slice(2, 40))
      expect(text).not.toContain(OLD)
    }
  })
})
