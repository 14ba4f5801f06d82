// The transparency log's sequencer and monitor (app/domain/transparency): every second, integrate
// the committed audit entries into the Merkle tree with a signed checkpoint, then check the new
// checkpoints. One sequencer is active at a time (it takes the TransparencyHead row with FOR UPDATE
// SKIP LOCKED), so every web and worker process may run this task. API.md: every committed change
// appears in the log within 5 seconds; the test clock runs it before it answers.
import { integrateAll } from '#app/domain/transparency/log.server.ts'
import { checkNewCheckpoints } from '#app/domain/transparency/verify.server.ts'
import { registerTask } from '#jobs/worker.ts'

export const TRANSPARENCY_TASK = 'transparency-log'

export async function runSequencer(): Promise<void> {
  await integrateAll()
  await checkNewCheckpoints()
}

registerTask({ name: TRANSPARENCY_TASK, intervalMs: 1000, run: runSequencer })
