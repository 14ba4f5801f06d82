// Credit: the performance events other capabilities record become credit records through the rule
// table (every 10 seconds, and whenever the test clock moves), and once a day every score is
// recomputed (expiries are also applied as they fall due by the deadline ticker).
import { processPerformanceEvents } from '#app/domain/credit/performance-events.server.ts'
import { runNightlyCredit } from '#app/domain/credit/nightly.server.ts'
import { registerTask } from '#jobs/worker.ts'

registerTask({
  name: 'credit-performance-events',
  intervalMs: 10_000,
  run: async () => {
    await processPerformanceEvents()
  },
})

registerTask({
  name: 'credit-nightly',
  intervalMs: 60 * 60 * 1000,
  run: async () => {
    await runNightlyCredit()
  },
})
