// The in-app inbox of the acting organization: its notifications (addressed to the organization or
// to the acting user), newest first, and marking them read.
import { prisma } from '#app/db.server.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import { notFound } from '#app/domain/errors.ts'
import type { Actor } from '#app/domain/permissions/permissions.server.ts'
import type { Prisma } from '#app/generated/prisma/client.ts'
import type { Pagination } from '#app/utils/zod.ts'

export type InboxItem = { id: string; kind: string; title: string; body: string; link: string | null; readAt: string | null; createdAt: string }

const mine = (actor: Actor): Prisma.NotificationWhereInput => ({
  organizationId: actor.organizationId,
  OR: [{ userId: null }, { userId: actor.userId }],
})

export async function listInbox(actor: Actor, options: Pagination & { unread?: boolean }) {
  const where: Prisma.NotificationWhereInput = { ...mine(actor), ...(options.unread ? { readAt: null } : {}) }
  const [rows, total, unread] = await Promise.all([
    prisma.notification.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip: (options.page - 1) * options.pageSize, take: options.pageSize }),
    prisma.notification.count({ where }),
    prisma.notification.count({ where: { ...mine(actor), readAt: null } }),
  ])
  const items: InboxItem[] = rows.map((n) => ({
    id: n.id,
    kind: n.kind,
    title: n.title,
    body: n.body,
    link: n.link,
    readAt: n.readAt?.toISOString() ?? null,
    createdAt: n.createdAt.toISOString(),
  }))
  return { items, total, unread }
}

/** The number of unread notifications (the header shows it beside 通知). */
export function countUnread(actor: Actor): Promise<number> {
  return prisma.notification.count({ where: { ...mine(actor), readAt: null } })
}

export async function markRead(actor: Actor, id: string | 'all'): Promise<{ updated: number }> {
  if (id === 'all') {
    const { count } = await prisma.notification.updateMany({ where: { ...mine(actor), readAt: null }, data: { readAt: now() } })
    return { updated: count }
  }
  const { count } = await prisma.notification.updateMany({ where: { ...mine(actor), id }, data: { readAt: now() } })
  if (count === 0) throw notFound('未找到该通知')
  return { updated: count }
}
