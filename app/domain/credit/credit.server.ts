// Credit scores of organizations: the stored score of each (standing.server.ts, 100 and level A
// while an organization has no effective record). Callers ask for many organizations at once, so
// that the answer is one query.
export { creditLevelOf, type CreditLevel } from '#app/domain/credit/level.ts'
export { creditOf, type CreditStanding } from '#app/domain/credit/standing.server.ts'

/**
 * The mean of the owner-given rating scores over revealed ratings, or null when there are none.
 * There are no ratings yet (the rating issue adds them): always null.
 */
export async function ratingAverageOf(organizationIds: readonly string[]): Promise<Map<string, number | null>> {
  return new Map(organizationIds.map((id) => [id, null]))
}
