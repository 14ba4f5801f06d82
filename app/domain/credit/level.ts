// Credit levels from a credit score (DESIGN.md §6): A ≥ 90, B ≥ 75, C ≥ 60, D < 60. Pure and
// free of server imports, so pages may use it too.
export type CreditLevel = 'A' | 'B' | 'C' | 'D'

export const CREDIT_LEVEL_VALUES = ['A', 'B', 'C', 'D'] as const satisfies readonly CreditLevel[]

/** The starting score of every organization (100 + the sum of effective, unexpired points). */
export const BASE_CREDIT_SCORE = 100
export const MIN_CREDIT_SCORE = 0
export const MAX_CREDIT_SCORE = 120

export function creditLevelOf(score: number): CreditLevel {
  if (score >= 90) return 'A'
  if (score >= 75) return 'B'
  if (score >= 60) return 'C'
  return 'D'
}
