// Every deadline-driven transition in one call: the worker's ticker runs it every second, and the
// test clock runs it before answering (waiting for rows that in-flight requests hold, so that every
// transition due at this instant is applied before the clock answers). Objections first (closing
// one can make an award due), then announcements.
import { processDueAnnouncements } from '#app/domain/award/transitions.server.ts'
import { processDueObjections } from '#app/domain/award/objections.server.ts'

export async function runDueTransitions(
  options: { waitForLocked?: boolean } = {},
): Promise<{ announcements: number; objections: number }> {
  const wait = options.waitForLocked ?? false
  const objections = await processDueObjections({ wait })
  const announcements = await processDueAnnouncements({ wait })
  return { announcements, objections }
}
