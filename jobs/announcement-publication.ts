// Fan-out of a new announcement to the intermediaries that offer its service item or subscribed to
// it (possibly thousands): a job enqueued after the publication commits, and a minute task that
// re-enqueues announcements whose fan-out has not happened (a lost enqueue delays, never drops it).
// The announcement's subscribersNotifiedAt flag and the notifications' dedupe keys make it run once.
import { z } from 'zod'
import { prisma } from '#app/db.server.ts'
import { fanOutPublication } from '#app/domain/announcements/notices.server.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import { defineJob, enqueueJob } from '#jobs/engine.server.ts'
import { registerTask } from '#jobs/worker.ts'

export const publicationFanOutJob = defineJob({
  name: 'announcement.publication-fan-out',
  schema: z.object({ announcementId: z.string().min(1).max(32) }),
  timeoutMs: 120_000,
  handler: async ({ announcementId }) => {
    await fanOutPublication(announcementId, now())
  },
})

/** Call after the publication committed. */
export function enqueuePublicationFanOut(announcementId: string): Promise<boolean> {
  return enqueueJob(publicationFanOutJob, { announcementId }, { uniqueKey: `fan-out:${announcementId}` })
}

registerTask({
  name: 'announcement-publication-fan-out',
  intervalMs: 60_000,
  run: async () => {
    const pending = await prisma.announcement.findMany({
      where: { publishedAt: { not: null }, subscribersNotifiedAt: null },
      select: { id: true },
      take: 100,
    })
    for (const { id } of pending) await enqueuePublicationFanOut(id)
  },
})
