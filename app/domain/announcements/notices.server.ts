// Notifications about an announcement to the people concerned. Bidders are told privately (a
// bidder learns nothing about the others); the owner is never told who bid before the opening.
import { prisma, type Tx } from '#app/db.server.ts'
import { formatBeijingTime } from '#app/domain/clock/china-time.ts'
import { notify } from '#app/domain/notifications/notifications.server.ts'

type Notice = { kind: string; title: string; body: string; dedupeKey?: string }

/** Notifies every firm with an active bid (each one alone). */
export async function notifyBidders(
  tx: Tx,
  announcement: { id: string },
  notice: Notice,
  options: { exceptBidIds?: string[] } = {},
) {
  const bids = await tx.bid.findMany({
    where: { announcementId: announcement.id, status: 'ACTIVE', id: { notIn: options.exceptBidIds ?? [] } },
    select: {
      intermediaryId: true,
      intermediary: { select: { intermediaryProfile: { select: { contactEmail: true } } } },
    },
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
export async function notifyOwner(
  tx: Tx,
  announcement: { id: string; ownerOrganizationId: string; createdByUserId?: string },
  notice: Notice,
) {
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

/** Tells each evaluator the owner named (that user alone, in the owner's inbox) where to score. */
export async function notifyEvaluators(
  tx: Tx,
  announcement: { id: string; ownerOrganizationId: string },
  notice: Notice,
) {
  const evaluators = await tx.announcementEvaluator.findMany({
    where: { announcementId: announcement.id },
    select: { userId: true, user: { select: { email: true } } },
  })
  for (const evaluator of evaluators) {
    await notify(tx, {
      organizationId: announcement.ownerOrganizationId,
      userId: evaluator.userId,
      kind: notice.kind,
      title: notice.title,
      body: notice.body,
      link: `/announcements/${announcement.id}/scores`,
      dedupeKey: notice.dedupeKey ? `${notice.dedupeKey}:${evaluator.userId}` : null,
      emailTo: [evaluator.user.email],
    })
  }
}

/**
 * Tells every active intermediary that offers the service item or subscribed to it about a new
 * announcement (a job runs it after the publication commits). It takes no lock on the announcement
 * (bids must not wait for thousands of inserts): notices go in chunks, each chunk idempotent through
 * the notifications' dedupe keys, and the flag is set last, so a rerun after a crash completes it.
 */
export async function fanOutPublication(announcementId: string, at: Date, chunkSize = 500): Promise<number> {
  const a = await prisma.announcement.findUnique({
    where: { id: announcementId },
    select: {
      id: true,
      title: true,
      method: true,
      serviceItemCode: true,
      ownerOrganizationId: true,
      deadline: true,
      publishedAt: true,
      subscribersNotifiedAt: true,
      serviceItem: { select: { name: true } },
    },
  })
  if (!a || !a.publishedAt || a.subscribersNotifiedAt) return 0
  let notified = 0
  if (a.method !== 'DIRECT') {
    const firms = await prisma.organization.findMany({
      where: {
        type: 'INTERMEDIARY',
        status: 'ACTIVE',
        id: { not: a.ownerOrganizationId },
        OR: [
          { offeredServices: { some: { serviceItemCode: a.serviceItemCode } } },
          { subscriptions: { some: { serviceItemCode: a.serviceItemCode } } },
        ],
      },
      select: { id: true },
      orderBy: { id: 'asc' },
    })
    for (let i = 0; i < firms.length; i += chunkSize) {
      const { count } = await prisma.notification.createMany({
        data: firms.slice(i, i + chunkSize).map((firm) => ({
          organizationId: firm.id,
          kind: 'announcement-published',
          title: `新的采购公告：${a.title}`,
          body: `「${a.serviceItem.name}」有新的采购公告，报名截止 ${formatBeijingTime(a.deadline)}（北京时间）。`,
          link: `/announcements/${a.id}`,
          dedupeKey: `published:${a.id}:${firm.id}`,
        })),
        skipDuplicates: true,
      })
      notified += count
    }
  }
  await prisma.announcement.updateMany({
    where: { id: announcementId, subscribersNotifiedAt: null },
    data: { subscribersNotifiedAt: at },
  })
  return notified
}
