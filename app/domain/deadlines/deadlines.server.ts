// Every deadline-driven transition in one call: the worker's ticker runs it every second, and the
// test clock runs it before answering. Objections first (closing one can make an award due), then
// announcements.
import { prisma } from '#app/db.server.ts'
import { advanceAnnouncement, processDueAnnouncements } from '#app/domain/award/transitions.server.ts'
import { processDueObjections } from '#app/domain/award/objections.server.ts'
import { now } from '#app/domain/clock/clock.server.ts'

/**
 * With `waitForLocked` (the test clock), announcements the claiming pass skipped because a request
 * held them (a bid keeps the row in share mode until it commits or is refused) are then advanced
 * with a waiting lock, so that every transition due at this instant is applied before answering.
 */
export async function runDueTransitions(options: { waitForLocked?: boolean } = {}): Promise<{ announcements: number; objections: number }> {
  const objections = await processDueObjections()
  let announcements = await processDueAnnouncements()
  if (options.waitForLocked) {
    const skipped = await prisma.announcement.findMany({ where: { nextCheckAt: { lte: now() } }, select: { id: true } })
    for (const { id } of skipped) announcements += await advanceAnnouncement(id)
  }
  return { announcements, objections }
}
