// The verifiable draw (DESIGN §4). Every random choice in the product goes through it.
//
// 1. When an announcement (or an inspection) is published, the server makes a random seed — 64
//    lowercase hex characters — and publishes only its commitment, SHA-256(seed) in lowercase hex.
// 2. Each bidder may add a nonce; one is generated when the bidder gives none.
// 3. At opening the seed is revealed and the draw input is
//      input = SHA-256( seed ‖ "\n" ‖ sorted nonces joined by "\n" ‖ "\n" ‖ subject id ‖ "\n" ‖
//                       sorted USCCs joined by "\n" )                          (UTF-8, lowercase hex)
//    Sorting is by UTF-16 code units (JavaScript's default sort), so the order bidders came in
//    does not matter, and neither the platform (which committed to the seed) nor any bidder (who
//    cannot know the seed or the other nonces) can steer the result.
// 4. Candidates are ranked by HMAC-SHA256(key = input as its 64 hex characters, message =
//    purpose ‖ ":" ‖ candidate), ascending by the lowercase hex digest; the first one is the pick.
//    The purpose ("winner", "coefficient", "inspection") keeps independent choices independent.
//
// Everything here is a pure function of its arguments; `npm run draw:verify <id>` and the result
// page recompute a past draw from the published inputs.
import crypto from 'node:crypto'

export const DRAW_ALGORITHM =
  'input = SHA-256(seed + "\\n" + sorted nonces joined by "\\n" + "\\n" + subject id + "\\n" + sorted USCCs joined by "\\n"); ' +
  'rank each candidate by HMAC-SHA256(key = input hex, message = purpose + ":" + candidate), ascending; the first is the pick'

export type DrawInputs = {
  seed: string
  nonces: readonly string[]
  subjectId: string
  usccs: readonly string[]
}

const sha256Hex = (text: string) => crypto.createHash('sha256').update(text, 'utf8').digest('hex')

/** A fresh secret seed: 32 random bytes as 64 lowercase hex characters. */
export function makeSeed(): string {
  return crypto.randomBytes(32).toString('hex')
}

/** A bidder nonce for bids that bring none. */
export function makeNonce(): string {
  return crypto.randomBytes(16).toString('hex')
}

/** The public commitment to a seed: lowercase hex SHA-256 of its UTF-8 bytes. */
export function commitSeed(seed: string): string {
  return sha256Hex(seed)
}

const sorted = (values: readonly string[]) => [...values].sort()

/** The draw input (lowercase hex) for the given published inputs. */
export function drawInput(inputs: DrawInputs): string {
  const text = [inputs.seed, ...sorted(inputs.nonces), inputs.subjectId, ...sorted(inputs.usccs)].join('\n')
  return sha256Hex(text)
}

/** The draw key of one candidate for one purpose (smaller ranks first). */
export function drawKey(input: string, purpose: string, candidate: string): string {
  return crypto.createHmac('sha256', input).update(`${purpose}:${candidate}`, 'utf8').digest('hex')
}

/** The candidates in draw order for the purpose (a pure function of input, purpose and the set). */
export function rankByDraw(input: string, purpose: string, candidates: readonly string[]): string[] {
  const keyed = candidates.map((candidate) => ({ candidate, key: drawKey(input, purpose, candidate) }))
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  return keyed.map((k) => k.candidate)
}

/** Coefficients of 最优价中选 (percent), drawn with purpose "coefficient". */
export const AVERAGE_PRICE_COEFFICIENTS = ['95', '96', '97', '98'] as const

export function drawCoefficient(input: string): number {
  return Number(rankByDraw(input, 'coefficient', AVERAGE_PRICE_COEFFICIENTS)[0])
}
