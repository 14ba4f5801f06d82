// The audit log as a test checks it: integrate every committed entry (the sequencer's pass, which
// the worker runs every second), then recompute and verify the whole log.
import { verifyLog } from '#app/domain/transparency/verify.server.ts'
import { runSequencer } from '#jobs/transparency-log.ts'

export async function verifyAuditLog() {
  await runSequencer()
  return verifyLog()
}
