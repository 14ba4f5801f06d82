// Search-index sync tasks: apply the SearchOutbox to the index every 500 ms, and once a minute enqueue
// the intermediaries whose listing changed with time alone (a blacklist entry starting or ending, a
// verified qualification expiring). The work itself lives in app/domain/intermediaries/search-index.
import {
  enqueueTimeBoundaries,
  processSearchOutbox,
  rebuildSearchIndex,
  rebuildSearchIndexIfEmpty,
} from '#app/domain/intermediaries/search-index.server.ts'
import { registerTask } from '#jobs/worker.ts'

export { processSearchOutbox, rebuildSearchIndex, rebuildSearchIndexIfEmpty }

export const SEARCH_SYNC_TASK = 'search-sync'
export const SEARCH_TIME_BOUNDARIES_TASK = 'search-time-boundaries'

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
