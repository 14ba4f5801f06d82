// The deadline ticker (DESIGN §8): every second, claim due announcements and objections with
// FOR UPDATE SKIP LOCKED and apply their next transition (app/domain/deadlines).
import { runDueTransitions } from '#app/domain/deadlines/deadlines.server.ts'
import { registerTask } from '#jobs/worker.ts'

export const DEADLINE_TASK = 'announcement-deadlines'

registerTask({
  name: DEADLINE_TASK,
  intervalMs: 1000,
  run: async () => {
    await runDueTransitions()
  },
})
