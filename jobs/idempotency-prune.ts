// Deletes expired Idempotency-Key records (24 h after they were claimed, app/utils/idempotency.server.ts)
// in batches, so the table holds about one day of POSTs. An expired record is already treated as
// new by the next request with its key; this only reclaims the space. Safe in several processes.
import { prisma } from '#app/db.server.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import { registerTask } from '#jobs/worker.ts'

/** Deletes the records expired at `at`, `batchSize` rows per statement; answers how many. */
export async function pruneExpiredIdempotencyRecords(options: { at?: Date; batchSize?: number } = {}): Promise<number> {
  const at = options.at ?? now()
  const batchSize = options.batchSize ?? 1000
  let deleted = 0
  for (;;) {
    const count =
      await prisma.$executeRaw`DELETE FROM IdempotencyRecord WHERE expiresAt <= ${at} ORDER BY expiresAt LIMIT ${batchSize}`
    deleted += count
    if (count < batchSize) return deleted
  }
}

registerTask({
  name: 'idempotency-prune',
  intervalMs: 10 * 60 * 1000,
  run: async () => {
    await pruneExpiredIdempotencyRecords()
  },
})
