// Search-index sync: apply the SearchOutbox to the index every 500 ms (and start the rebuild of an
// index the adapter found missing), and once a minute enqueue the intermediaries whose listing
// changed with time alone (a blacklist entry starting or ending, a verified qualification
// expiring). The work itself lives in app/domain/intermediaries/search-index; it waits for the
// index outside any database transaction.
//
// The `search.sync` job does the same work through the job engine: kickSearchSync() after a commit
// that wrote SearchOutbox rows applies them without waiting for the next tick. The 500 ms task stays
// as the safety net, and because the embedded index lives in the web process: a separate
// `npm run worker` that takes a `search.sync` job with the embedded index applies nothing (see
// configureSeparateWorkerProcess), so there the web process's task does the work.
import { z } from 'zod'
import {
  enqueueTimeBoundaries,
  processSearchOutbox,
  rebuildSearchIndex,
  rebuildSearchIndexIfEmpty,
} from '#app/domain/intermediaries/search-index.server.ts'
import { defineJob, enqueueJob } from '#jobs/engine.server.ts'
import { registerTask } from '#jobs/worker.ts'

export { processSearchOutbox, rebuildSearchIndex, rebuildSearchIndexIfEmpty }

export const SEARCH_SYNC_TASK = 'search-sync'
export const SEARCH_TIME_BOUNDARIES_TASK = 'search-time-boundaries'

export const searchSyncJob = defineJob({
  name: 'search.sync',
  schema: z.object({}),
  timeoutMs: 2 * 60_000,
  handler: async () => {
    await processSearchOutbox()
  },
})

/** Call after a commit that wrote SearchOutbox rows. False when a sync is already queued. */
export function kickSearchSync(): Promise<boolean> {
  return enqueueJob(searchSyncJob, {}, { uniqueKey: searchSyncJob.name })
}

registerTask({
  name: SEARCH_TIME_BOUNDARIES_TASK,
  intervalMs: 60_000,
  run: async () => {
    await enqueueTimeBoundaries()
  },
})

registerTask({
  name: SEARCH_SYNC_TASK,
  intervalMs: 500,
  run: async () => {
    await processSearchOutbox()
  },
})
