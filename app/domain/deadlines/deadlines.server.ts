// Every deadline-driven transition in one call: the worker's ticker runs it every second, and the
// test clock runs it before answering. Objections first (closing one can make an award due), then
// announcements.
import { processDueAnnouncements } from '#app/domain/award/transitions.server.ts'
import { processDueObjections } from '#app/domain/award/objections.server.ts'

export async function runDueTransitions(): Promise<{ announcements: number; objections: number }> {
  const objections = await processDueObjections()
  const announcements = await processDueAnnouncements()
  return { announcements, objections }
}
