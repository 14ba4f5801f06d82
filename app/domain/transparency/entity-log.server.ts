// The log entries of one announcement (or contract), for GET …/{id}/log and the page with the
// browser check. An announcement's own entries and its objections' are listed from the start; its
// bids' sealed entries once it has been opened, which shows that every opened bid was logged (and
// when) before the deadline.
import { prisma } from '#app/db.server.ts'
import { getAnnouncement } from '#app/domain/announcements/announcements.server.ts'
import { notFound } from '#app/domain/errors.ts'
import type { Actor } from '#app/domain/permissions/permissions.server.ts'
import { logItemsOf, type LogItem } from '#app/domain/transparency/log.server.ts'

export async function announcementLog(actor: Actor | null, id: string): Promise<LogItem[]> {
  await getAnnouncement(actor, id) // 404 for an unknown id or another owner's draft
  const row = await prisma.announcement.findUniqueOrThrow({
    where: { id },
    select: { openedAt: true, objections: { select: { id: true } }, bids: { select: { id: true } } },
  })
  return logItemsOf([
    { entityType: 'Announcement', entityIds: [id] },
    { entityType: 'Objection', entityIds: row.objections.map((o) => o.id) },
    { entityType: 'Bid', entityIds: row.openedAt ? row.bids.map((b) => b.id) : [] },
  ])
}

/** A contract's entries (contracts land with their own issue; until then no contract has any). */
export async function contractLog(id: string): Promise<LogItem[]> {
  const items = await logItemsOf([{ entityType: 'Contract', entityIds: [id] }])
  if (items.length === 0) throw notFound('未找到该合同')
  return items
}
