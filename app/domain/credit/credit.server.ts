// Credit scores of organizations. There is no credit record table yet (the credit issue adds it):
// until then every organization has the base score, 100, and level A. Callers ask for many
// organizations at once so that the later implementation can answer with one query.
import { BASE_CREDIT_SCORE, creditLevelOf, MAX_CREDIT_SCORE, MIN_CREDIT_SCORE, type CreditLevel } from '#app/domain/credit/level.ts'

export { creditLevelOf, type CreditLevel } from '#app/domain/credit/level.ts'

export type CreditStanding = { score: number; level: CreditLevel }

/** Credit score and level of each organization (every id given is in the map). */
export async function creditOf(organizationIds: readonly string[]): Promise<Map<string, CreditStanding>> {
  const standings = new Map<string, CreditStanding>()
  for (const id of organizationIds) {
    const score = Math.min(MAX_CREDIT_SCORE, Math.max(MIN_CREDIT_SCORE, BASE_CREDIT_SCORE))
    standings.set(id, { score, level: creditLevelOf(score) })
  }
  return standings
}

/**
 * The mean of the owner-given rating scores over revealed ratings, or null when there are none.
 * There are no ratings yet (the rating issue adds them): always null.
 */
export async function ratingAverageOf(organizationIds: readonly string[]): Promise<Map<string, number | null>> {
  return new Map(organizationIds.map((id) => [id, null]))
}
