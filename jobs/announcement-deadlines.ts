// The deadline ticker (DESIGN §8): every second, claim due announcements and objections with
// FOR UPDATE SKIP LOCKED and apply their next transition (app/domain/deadlines). Transitions notify
// (deadline reached, result, award, 流标…), so a tick that moved anything starts the e-mail dispatch
// at once rather than at its next 30-second run.
import { runDueTransitions } from '#app/domain/deadlines/deadlines.server.ts'
import { kickEmailDispatch } from '#jobs/email-dispatch.ts'
import { registerTask } from '#jobs/worker.ts'

export const DEADLINE_TASK = 'announcement-deadlines'

registerTask({
  name: DEADLINE_TASK,
  intervalMs: 1000,
  run: async () => {
    const moved = await runDueTransitions()
    if (moved.applied > 0) await kickEmailDispatch()
  },
})
