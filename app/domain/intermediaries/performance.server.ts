// The performance record (业绩) of intermediaries: contracts won, completed and overdue. Contracts
// do not exist yet (the contracts issue adds them): until then every count is zero.
export type PerformanceRecord = { contractsWon: number; contractsCompleted: number; contractsOverdue: number }

export async function performanceOf(organizationIds: readonly string[]): Promise<Map<string, PerformanceRecord>> {
  return new Map(organizationIds.map((id) => [id, { contractsWon: 0, contractsCompleted: 0, contractsOverdue: 0 }]))
}
