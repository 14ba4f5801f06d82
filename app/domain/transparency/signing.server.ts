// The log's Ed25519 key (node:crypto): TRANSPARENCY_SIGNING_KEY is the 32-byte seed in hex
// (generated once into .data/secrets.json by `npm start`); the public key is published with every
// checkpoint as the base64 of its raw 32 bytes, as API.md fixes.
import crypto from 'node:crypto'
import { env } from '#app/env.server.ts'
import { checkpointText } from '#app/domain/transparency/merkle.ts'
import { singleton } from '#app/utils/singleton.server.ts'

// PKCS #8 wrapping of a raw Ed25519 seed (RFC 8410): the fixed prefix, then the 32 bytes.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')

type KeyPair = { privateKey: crypto.KeyObject; publicKey: crypto.KeyObject; publicKeyBase64: string }

const keys = singleton('transparency-keys', () => new Map<string, KeyPair>())

function keyPair(): KeyPair {
  const seed = env().TRANSPARENCY_SIGNING_KEY
  if (!seed) throw new Error('TRANSPARENCY_SIGNING_KEY is not set (npm start generates it into .data/secrets.json)')
  let pair = keys.get(seed)
  if (!pair) {
    const privateKey = crypto.createPrivateKey({
      key: Buffer.concat([PKCS8_ED25519_PREFIX, Buffer.from(seed, 'hex')]),
      format: 'der',
      type: 'pkcs8',
    })
    const publicKey = crypto.createPublicKey(privateKey)
    const jwk = publicKey.export({ format: 'jwk' }) as { x: string }
    pair = { privateKey, publicKey, publicKeyBase64: Buffer.from(jwk.x, 'base64url').toString('base64') }
    keys.set(seed, pair)
  }
  return pair
}

export type CheckpointBody = { treeSize: number; rootHash: string; timestamp: string }

export function signCheckpoint(body: CheckpointBody): string {
  return crypto.sign(null, Buffer.from(checkpointText(body), 'utf8'), keyPair().privateKey).toString('base64')
}

/** Verifies a checkpoint signature against a raw public key (base64), this log's by default. */
export function checkpointSignatureValid(body: CheckpointBody, signature: string, publicKeyBase64?: string): boolean {
  const publicKey = publicKeyBase64
    ? crypto.createPublicKey({
        key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKeyBase64, 'base64').toString('base64url') },
        format: 'jwk',
      })
    : keyPair().publicKey
  try {
    return crypto.verify(null, Buffer.from(checkpointText(body), 'utf8'), publicKey, Buffer.from(signature, 'base64'))
  } catch {
    return false
  }
}

export function logPublicKey(): string {
  return keyPair().publicKeyBase64
}
