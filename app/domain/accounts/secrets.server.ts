// Random secrets handed to a client (session cookies, API tokens) are stored only as SHA-256.
import crypto from 'node:crypto'

export function newSecret(prefix: string): string {
  return `${prefix}_${crypto.randomBytes(32).toString('base64url')}`
}

export function sha256(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex')
}
