// Notifications about an announcement to the people concerned. Bidders are told privately (a
// bidder learns nothing about the others); the owner is never told who bid before the opening.
import type { Tx } from '#app/db.server.ts'
import { notify } from '#app/domain/notifications/notifications.server.ts'

type Notice = { kind: string; title: string; body: string; dedupeKey?: string }

/** Notifies every firm with an active bid (each one alone). */
export async function notifyBidders(tx: Tx, announcement: { id: string }, notice: Notice, options: { exceptBidIds?: string[] } = {}) {
  const bids = await tx.bid.findMany({
    where: { announcementId: announcement.id, status: 'ACTIVE', id: { notIn: options.exceptBidIds ?? [] } },
    select: { intermediaryId: true, intermediary: { select: { intermediaryProfile: { select: { contactEmail: true } } } } },
  })
  for (const bid of bids) {
    const email = bid.intermediary.intermediaryProfile?.contactEmail
    await notify(tx, {
      organizationId: bid.intermediaryId,
      kind: notice.kind,
      title: notice.title,
      body: notice.body,
      link: `/announcements/${announcement.id}`,
      dedupeKey: notice.dedupeKey ? `${notice.dedupeKey}:${bid.intermediaryId}` : null,
      emailTo: email ? [email] : [],
    })
  }
}

/** Notifies the owner's organization, and e-mails the member who drafted the announcement. */
export async function notifyOwner(tx: Tx, announcement: { id: string; ownerOrganizationId: string; createdByUserId?: string }, notice: Notice) {
  const author = announcement.createdByUserId
    ? await tx.user.findUnique({ where: { id: announcement.createdByUserId }, select: { email: true } })
    : null
  await notify(tx, {
    emailTo: author ? [author.email] : [],
    organizationId: announcement.ownerOrganizationId,
    kind: notice.kind,
    title: notice.title,
    body: notice.body,
    link: `/announcements/${announcement.id}`,
    dedupeKey: notice.dedupeKey ? `${notice.dedupeKey}:owner` : null,
  })
}

/**
 * Tells every active intermediary that offers the service item or subscribed to it about a new
 * announcement (a job runs it after the publication commits; the flag makes it run once).
 */
export async function fanOutPublication(tx: Tx, announcementId: string, at: Date): Promise<number> {
  const [row] = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id FROM Announcement WHERE id = ${announcementId} AND subscribersNotifiedAt IS NULL AND publishedAt IS NOT NULL FOR UPDATE`
  if (!row) return 0
  const a = await tx.announcement.findUniqueOrThrow({
    where: { id: announcementId },
    select: { id: true, title: true, method: true, serviceItemCode: true, ownerOrganizationId: true, deadline: true, serviceItem: { select: { name: true } } },
  })
  let notified = 0
  if (a.method !== 'DIRECT') {
    const firms = await tx.organization.findMany({
      where: {
        type: 'INTERMEDIARY',
        status: 'ACTIVE',
        id: { not: a.ownerOrganizationId },
        OR: [{ offeredServices: { some: { serviceItemCode: a.serviceItemCode } } }, { subscriptions: { some: { serviceItemCode: a.serviceItemCode } } }],
      },
      select: { id: true },
    })
    for (const firm of firms) {
      const created = await notify(tx, {
        organizationId: firm.id,
        kind: 'announcement-published',
        title: `新的采购公告：${a.title}`,
        body: `「${a.serviceItem.name}」有新的采购公告，报名截止 ${a.deadline.toISOString()}。`,
        link: `/announcements/${a.id}`,
        dedupeKey: `published:${a.id}:${firm.id}`,
      })
      if (created) notified += 1
    }
  }
  await tx.announcement.update({ where: { id: announcementId }, data: { subscribersNotifiedAt: at } })
  return notified
}
