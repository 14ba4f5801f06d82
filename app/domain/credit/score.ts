// The credit score (DESIGN §6), pure: 100 + the points of the effective records that have not
// expired, kept within 0..120; the level follows from the score (level.ts). A record's validity runs
// from the day of the behaviour (occurredAt) for its rule's validityDays, calendar days; it stops
// counting at expiresAt (exclusive). Counting rules ("abandoned 3 awards in a year", "returned
// twice") fire on every N-th event. Free of server imports, so tests and pages may use it.
import { addDays } from '#app/domain/clock/china-time.ts'
import {
  BASE_CREDIT_SCORE,
  creditLevelOf,
  MAX_CREDIT_SCORE,
  MIN_CREDIT_SCORE,
  type CreditLevel,
} from '#app/domain/credit/level.ts'

export type ScoredRecord = { points: number; status: string; expiresAt: Date }

export type Standing = { score: number; level: CreditLevel }

/** Whether a record counts towards the score at `at`: effective and not yet expired. */
export function countsAt(record: ScoredRecord, at: Date): boolean {
  return record.status === 'EFFECTIVE' && record.expiresAt.getTime() > at.getTime()
}

export function clampScore(score: number): number {
  return Math.min(MAX_CREDIT_SCORE, Math.max(MIN_CREDIT_SCORE, score))
}

/** The score and level of an organization whose records are `records`, at `at`. */
export function standingOf(records: readonly ScoredRecord[], at: Date): Standing {
  const points = records.filter((r) => countsAt(r, at)).reduce((sum, r) => sum + r.points, 0)
  const score = clampScore(BASE_CREDIT_SCORE + points)
  return { score, level: creditLevelOf(score) }
}

export const BASE_STANDING: Standing = Object.freeze({ score: BASE_CREDIT_SCORE, level: creditLevelOf(BASE_CREDIT_SCORE) })

/** The instant a record of a rule with `validityDays` stops counting. */
export function expiryOf(occurredAt: Date, validityDays: number): Date {
  return addDays(occurredAt, validityDays)
}

/** Whether the `count`-th event (counted by the rule's window and scope) makes a record: every N-th does. */
export function countFires(count: number, threshold: number): boolean {
  return threshold >= 1 && count >= threshold && count % threshold === 0
}

/**
 * The points a department may give for a rule: the rule's own points by default, or a value of the
 * same sign no larger in size (a lighter case, e.g. −10 under a −30 rule). Null: not allowed.
 */
export function allowedPoints(rulePoints: number, given: number | undefined): number | null {
  if (given === undefined) return rulePoints
  if (!Number.isInteger(given) || given === 0 || Math.sign(given) !== Math.sign(rulePoints)) return null
  return Math.abs(given) <= Math.abs(rulePoints) ? given : null
}
