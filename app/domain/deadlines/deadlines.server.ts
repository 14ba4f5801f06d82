// Every deadline-driven transition in one call: the worker's ticker runs it every second, and the
// test clock runs it before answering (waiting for rows that in-flight requests hold, so that every
// transition due at this instant is applied before the clock answers). The engine claims due rows
// of every machine below in due-time order; importing a machine registers its deadlines.
import '#app/domain/announcements/machine.server.ts'
import '#app/domain/award/objection-machine.server.ts'
import '#app/domain/complaints/complaint-machine.server.ts'
import '#app/domain/credit/blacklist-machine.server.ts'
import '#app/domain/credit/credit-record-machine.server.ts'
import '#app/domain/intermediaries/activity-machine.server.ts'
import { runDue, type DuePass } from '#app/domain/engine/engine.server.ts'

export function runDueTransitions(options: { waitForLocked?: boolean } = {}): Promise<DuePass> {
  return runDue({ wait: options.waitForLocked ?? false })
}
