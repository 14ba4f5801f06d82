// Sealed bid prices: AES-256-GCM under a key ring, so that keys can be rotated and a host that
// lacks a key says so instead of calling every price tampered. Only the opening transition (and the
// key rotation) call `openPrice`; nothing else reads a price before the deadline.
//
// Format `v2.<kid>.<iv>.<tag>.<ciphertext>` (iv, tag, ciphertext base64url): `kid` names the key of
// the ring that sealed it. The plaintext is the price in fen as 16 decimal digits, zero-padded, so
// the length of a ciphertext says nothing about the price. The additional data `bid:<bidId>:v<version>`
// binds a ciphertext to its bid and version, so a stored price cannot be moved to another bid.
// The older format `v1.<iv>.<tag>.<ciphertext>` (one key, no kid, unpadded) is still read: it is
// opened with the keys of the ring in turn, the current one first.
//
// The ring: BID_PRICE_KEYS "kid:hex64,kid:hex64" (the first is current: it seals; the others only
// open), or BID_PRICE_KEY, one key (which `npm start` generates into .data/secrets.json when neither
// is given). A key without an explicit kid has the derived kid `keyIdOf(key)` ("fp" + 12 hex digits
// of a hash of the key); a key is also found by that derived kid, so a key first used as
// BID_PRICE_KEY may later be given any kid in BID_PRICE_KEYS.
//
// `openPrice` throws one of two errors, which callers must tell apart:
// - SealedPriceKeyUnavailable (`kid`): the price was sealed with a key this host does not hold.
//   Nothing is wrong with the bid; the opening must wait (mark its row stuck, invalidate nothing)
//   until the key is added to BID_PRICE_KEYS.
// - SealedPriceTampered: the ciphertext is malformed, was altered or moved to another bid or version,
//   or (v1 only, which names no key) no key of the ring opens it. The bid is invalid.
// The start check (price-keys.server.ts) refuses to run a host whose ring lacks the database's key.
import crypto from 'node:crypto'
import { env, type Env } from '#app/env.server.ts'

/** The price was sealed with a key that is missing from this host's key ring. */
export class SealedPriceKeyUnavailable extends Error {
  constructor(readonly kid: string) {
    super(
      `the bid price key "${kid}" is missing from this host: add it to BID_PRICE_KEYS to open prices sealed with it`,
    )
    this.name = 'SealedPriceKeyUnavailable'
  }
}

/** The sealed price was altered, moved to another bid, or is not a sealed price at all. */
export class SealedPriceTampered extends Error {
  constructor(reason: string) {
    super(`the sealed price cannot be opened: ${reason}`)
    this.name = 'SealedPriceTampered'
  }
}

export type RingKey = { kid: string; fingerprint: string; key: Buffer }
export type KeyRing = { current: RingKey; keys: RingKey[] }

export const PRICE_DIGITS = 16
const CANARY_AAD = 'bid-price-canary'
const CANARY_TEXT = 'zjcs bid price canary'

/** The key id derived from a key: "fp" and 12 hex digits of a hash of it (reveals nothing usable). */
export function keyIdOf(hexKey: string): string {
  return `fp${crypto.createHash('sha256').update(`zjcs bid price key\n${hexKey.toLowerCase()}`).digest('hex').slice(0, 12)}`
}

function ringOf(source: Env): KeyRing {
  const given = source.BID_PRICE_KEYS ?? (source.BID_PRICE_KEY ? [{ key: source.BID_PRICE_KEY }] : [])
  const keys = given.map(({ kid, key }) => ({
    kid: kid ?? keyIdOf(key),
    fingerprint: keyIdOf(key),
    key: Buffer.from(key, 'hex'),
  }))
  if (!keys[0]) throw new Error('no bid price key: set BID_PRICE_KEYS or BID_PRICE_KEY')
  return { current: keys[0], keys }
}

let cached: { source: Env; ring: KeyRing } | undefined

/** This host's key ring (from the validated environment). */
export function keyRing(): KeyRing {
  const source = env()
  if (cached?.source !== source) cached = { source, ring: ringOf(source) }
  return cached.ring
}

/** The key of the ring with that kid (or whose derived kid it is), if this host holds it. */
export function findKey(kid: string, ring = keyRing()): RingKey | undefined {
  return ring.keys.find((k) => k.kid === kid) ?? ring.keys.find((k) => k.fingerprint === kid)
}

const priceAad = (bidId: string, version: number) => `bid:${bidId}:v${version}`

function seal(key: RingKey, plaintext: string, aad: string): string {
  const iv = crypto.randomBytes(12)
  const cipher = crypto.createCipheriv('aes-256-gcm', key.key, iv)
  cipher.setAAD(Buffer.from(aad, 'utf8'))
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  return [
    'v2',
    key.kid,
    iv.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
    ciphertext.toString('base64url'),
  ].join('.')
}

function decrypt(key: Buffer, parts: { iv: string; tag: string; ciphertext: string }, aad: string): string | null {
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(parts.iv, 'base64url'))
    decipher.setAAD(Buffer.from(aad, 'utf8'))
    decipher.setAuthTag(Buffer.from(parts.tag, 'base64url'))
    return Buffer.concat([decipher.update(Buffer.from(parts.ciphertext, 'base64url')), decipher.final()]).toString(
      'utf8',
    )
  } catch {
    return null
  }
}

/** Which key sealed it: the kid of a v2 price, `null` for the kid-less v1 format. */
export function sealedKeyId(sealed: string): string | null {
  const [format, kid] = sealed.split('.')
  return format === 'v2' && kid ? kid : null
}

function open(sealed: string, aad: string): string {
  const parts = sealed.split('.')
  if (parts[0] === 'v2' && parts.length === 5) {
    const [, kid, iv, tag, ciphertext] = parts as [string, string, string, string, string]
    const key = findKey(kid)
    if (!key) throw new SealedPriceKeyUnavailable(kid)
    const plain = decrypt(key.key, { iv, tag, ciphertext }, aad)
    if (plain === null)
      throw new SealedPriceTampered('it was altered, moved, or sealed with another key under this key id')
    return plain
  }
  if (parts[0] === 'v1' && parts.length === 4) {
    const [, iv, tag, ciphertext] = parts as [string, string, string, string]
    for (const key of keyRing().keys) {
      const plain = decrypt(key.key, { iv, tag, ciphertext }, aad)
      if (plain !== null) return plain
    }
    throw new SealedPriceTampered('no key of the ring opens this v1 price: it was altered or moved')
  }
  throw new SealedPriceTampered('unknown format')
}

/** "v2.<kid>.<iv>.<tag>.<ciphertext>" of the price in fen, sealed with the current key. */
export function sealPrice(fen: number, bidId: string, version: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0 || String(fen).length > PRICE_DIGITS)
    throw new RangeError('a sealed price is a whole number of fen, at most 16 digits')
  return seal(keyRing().current, String(fen).padStart(PRICE_DIGITS, '0'), priceAad(bidId, version))
}

/** The price in fen; throws SealedPriceKeyUnavailable or SealedPriceTampered (see the header). */
export function openPrice(sealed: string, bidId: string, version: number): number {
  const plain = open(sealed, priceAad(bidId, version))
  if (!/^\d{1,16}$/.test(plain)) throw new SealedPriceTampered('it does not hold an amount')
  return Number(plain)
}

/** The same price sealed with the current key, or null when it already is (throws as openPrice). */
export function resealPrice(sealed: string, bidId: string, version: number): string | null {
  if (sealedKeyId(sealed) === keyRing().current.kid) return null
  return sealPrice(openPrice(sealed, bidId, version), bidId, version)
}

export type Canary = { kid: string; sealed: string }

/** A canary sealed with the current key: whoever opens it holds that key. */
export function sealCanary(): Canary {
  const current = keyRing().current
  return { kid: current.kid, sealed: seal(current, CANARY_TEXT, CANARY_AAD) }
}

/** Opens a canary; throws SealedPriceKeyUnavailable or SealedPriceTampered as openPrice does. */
export function openCanary(canary: Canary): void {
  if (sealedKeyId(canary.sealed) !== canary.kid)
    throw new SealedPriceTampered('the canary names another key than it was sealed with')
  if (open(canary.sealed, CANARY_AAD) !== CANARY_TEXT) throw new SealedPriceTampered('the canary holds another text')
}
