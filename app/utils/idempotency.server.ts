// Idempotency-Key for POST (API.md): a repeat with the same key and body gets the first answer and
// does nothing again. The record (IdempotencyRecord, one per scope = user + organization, and key)
// is claimed before the request runs and holds its answer afterwards:
// - same key, other body → 409 at once;
// - same key and body while the first still runs → wait for its answer (woken in this process when
//   it is stored, polling the database for other processes) for at most WAIT_BOUND_MS of the
//   application clock, then 409 with Retry-After;
// - a pending record older than TAKEOVER_AFTER_MS (its run crashed, or hangs) is taken over: one
//   conditional UPDATE on its `claim` lets exactly one request take it and run again;
// - a record expires TTL_MS after it was claimed: the key is then new again, and
//   jobs/idempotency-prune.ts deletes expired rows in batches;
// - a 5xx answer is not stored: the record is released, so that a retry (or a waiting request) runs
//   again. Only the run that still owns the claim stores or releases, so a run that was taken over
//   cannot overwrite its successor's answer.
// The request hash is an HMAC keyed with SESSION_SECRET, never a plain hash: the stored hash of a
// sealed bid's body must not be matched against guessed prices.
import crypto from 'node:crypto'
import { prisma } from '#app/db.server.ts'
import { now, syncClock } from '#app/domain/clock/clock.server.ts'
import { env } from '#app/env.server.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
import { singleton } from '#app/utils/singleton.server.ts'

export const TTL_MS = 24 * 3600_000
export const TAKEOVER_AFTER_MS = 60_000
export const WAIT_BOUND_MS = 10_000
const MAX_POLL_MS = 250

export type IdempotentRequest = { scope: string; key: string; method: string; path: string; bodyText: string }

/** The record this request owns until it stores its answer or releases it. */
export type IdempotencyClaim = { scope: string; key: string; claim: string }

export type ClaimOutcome =
  | { kind: 'run'; claim: IdempotencyClaim }
  | { kind: 'replay'; status: number; body: string | null }
  | { kind: 'other-request' }
  | { kind: 'still-running'; retryAfterSeconds: number }

const waiters = singleton('idempotency-waiters', () => new Map<string, Set<() => void>>())
const waiterKey = (scope: string, key: string) => `${scope}\n${key}`

/** Resolves when the record's answer is stored or released in this process, or after `ms`. */
function answerOrTimeout(scope: string, key: string, ms: number): Promise<void> {
  const id = waiterKey(scope, key)
  return new Promise((resolve) => {
    const set = waiters.get(id) ?? new Set()
    waiters.set(id, set)
    const done = () => {
      clearTimeout(timer)
      set.delete(done)
      if (set.size === 0) waiters.delete(id)
      resolve()
    }
    const timer = setTimeout(done, Math.max(1, ms))
    set.add(done)
  })
}

function wake(scope: string, key: string) {
  for (const done of [...(waiters.get(waiterKey(scope, key)) ?? [])]) done()
}

const isUniqueViolation = (error: unknown) =>
  error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002'
const newClaim = () => crypto.randomBytes(16).toString('hex')

function requestHash(request: IdempotentRequest): string {
  return crypto
    .createHmac('sha256', env().SESSION_SECRET)
    .update(`${request.method} ${request.path}\n${request.bodyText}`)
    .digest('hex')
}

/** Claims the key for this request, or answers what to do instead (replay, wait's end, conflict). */
export async function claimIdempotencyKey(request: IdempotentRequest): Promise<ClaimOutcome> {
  const { scope, key, method, path } = request
  const hash = requestHash(request)
  const waitUntil = now().getTime() + WAIT_BOUND_MS
  let pollMs = 10
  for (;;) {
    const at = now()
    const claim = newClaim()
    const fresh = {
      method,
      path,
      requestHash: hash,
      claim,
      status: null,
      responseBody: null,
      createdAt: at,
      startedAt: at,
      expiresAt: new Date(at.getTime() + TTL_MS),
    }
    try {
      await prisma.idempotencyRecord.create({ data: { scope, key, ...fresh } })
      return { kind: 'run', claim: { scope, key, claim } }
    } catch (error) {
      if (!isUniqueViolation(error)) throw error
    }
    const row = await prisma.idempotencyRecord.findUnique({
      where: { scope_key: { scope, key } },
      select: {
        id: true,
        claim: true,
        requestHash: true,
        status: true,
        responseBody: true,
        startedAt: true,
        expiresAt: true,
      },
    })
    if (!row) continue // released or pruned in between: claim it afresh
    const expired = row.expiresAt.getTime() <= at.getTime()
    const staleAt = row.startedAt.getTime() + TAKEOVER_AFTER_MS
    if (!expired && row.requestHash !== hash) return { kind: 'other-request' }
    if (!expired && row.status !== null) return { kind: 'replay', status: row.status, body: row.responseBody }
    if (expired || at.getTime() >= staleAt) {
      // Only one request takes the record over: the UPDATE matches while the row is as it was read.
      const taken = await prisma.idempotencyRecord.updateMany({
        where: { id: row.id, claim: row.claim, status: row.status },
        data: fresh,
      })
      if (taken.count === 1) return { kind: 'run', claim: { scope, key, claim } }
      continue
    }
    if (at.getTime() >= waitUntil) {
      return { kind: 'still-running', retryAfterSeconds: Math.max(1, Math.ceil((staleAt - at.getTime()) / 1000)) }
    }
    await answerOrTimeout(scope, key, Math.min(pollMs, waitUntil - at.getTime(), staleAt - at.getTime()))
    pollMs = Math.min(pollMs * 2, MAX_POLL_MS)
    await syncClock() // a separate process may have moved the test clock
  }
}

/** Stores the answer (unless the record was taken over meanwhile) and wakes the waiting requests. */
export async function storeIdempotentAnswer(claim: IdempotencyClaim, status: number, body: string): Promise<void> {
  await prisma.idempotencyRecord.updateMany({ where: claim, data: { status, responseBody: body } })
  wake(claim.scope, claim.key)
}

/** Gives the key up (a 5xx or a crash of the handler): the next request with it runs again. */
export async function releaseIdempotencyKey(claim: IdempotencyClaim): Promise<void> {
  await prisma.idempotencyRecord.deleteMany({ where: claim })
  wake(claim.scope, claim.key)
}
