// Sealed bid prices: AES-256-GCM with the key from BID_PRICE_KEY. The additional data binds a
// ciphertext to its bid and version, so a stored price cannot be moved to another bid. Only the
// opening transition calls `openPrice`; nothing else reads a price before the deadline.
import crypto from 'node:crypto'
import { env } from '#app/env.server.ts'

const FORMAT = 'v1'

function key(): Buffer {
  return Buffer.from(env().BID_PRICE_KEY, 'hex')
}

const aad = (bidId: string, version: number) => Buffer.from(`bid:${bidId}:v${version}`, 'utf8')

/** "v1.<iv>.<tag>.<ciphertext>" (base64url) of the price in fen. */
export function sealPrice(fen: number, bidId: string, version: number): string {
  const iv = crypto.randomBytes(12)
  const cipher = crypto.createCipheriv('aes-256-gcm', key(), iv)
  cipher.setAAD(aad(bidId, version))
  const ciphertext = Buffer.concat([cipher.update(String(fen), 'utf8'), cipher.final()])
  return [
    FORMAT,
    iv.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
    ciphertext.toString('base64url'),
  ].join('.')
}

/** The price in fen; throws when the ciphertext was altered, moved or sealed with another key. */
export function openPrice(sealed: string, bidId: string, version: number): number {
  const [format, iv, tag, ciphertext] = sealed.split('.')
  if (format !== FORMAT || !iv || !tag || !ciphertext) throw new Error('unknown sealed price format')
  const decipher = crypto.createDecipheriv('aes-256-gcm', key(), Buffer.from(iv, 'base64url'))
  decipher.setAAD(aad(bidId, version))
  decipher.setAuthTag(Buffer.from(tag, 'base64url'))
  const plain = Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString(
    'utf8',
  )
  const fen = Number(plain)
  if (!Number.isSafeInteger(fen)) throw new Error('sealed price is not an amount')
  return fen
}

/** The sealed price names a key this host's ring does not hold. */
export class SealedPriceKeyUnavailable extends Error {
  constructor(readonly kid: string) {
    super(`sealed price key ${kid} is not in this host's key ring`)
    this.name = 'SealedPriceKeyUnavailable'
  }
}
