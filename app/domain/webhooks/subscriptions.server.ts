// Webhook subscriptions of an organization (owners, intermediaries, approval systems): create one
// for a public https/http URL and a set of event types (the secret is shown once), list them, stop
// one, read its delivery log and replay a delivery. Everything is its organization's alone: another
// organization gets 404.
import crypto from 'node:crypto'
import { prisma } from '#app/db.server.ts'
import { audit } from '#app/domain/audit/audit.server.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import { notFound } from '#app/domain/errors.ts'
import { requirePermission, type Actor } from '#app/domain/permissions/permissions.server.ts'
import { WEBHOOK_EVENT_TYPES } from '#app/domain/webhooks/events.server.ts'
import { checkTargetUrl, type Resolver } from '#app/domain/webhooks/network.server.ts'
import { kickWebhookDelivery } from '#jobs/webhooks.ts'
import { z, type Pagination } from '#app/utils/zod.ts'

export const MANAGE_WEBHOOK = 'manage:webhook'

export const SubscriptionInput = z.strictObject({
  url: z
    .url({ protocol: /^https?$/, error: '请填写以 https:// 或 http:// 开头的推送地址' })
    .max(2000, '推送地址最多 2000 个字符'),
  events: z
    .array(z.enum(WEBHOOK_EVENT_TYPES, { error: `事件类型须为：${WEBHOOK_EVENT_TYPES.join('、')}` }))
    .min(1, '请至少选择一种事件')
    .refine((events) => new Set(events).size === events.length, '事件类型不能重复'),
})
export type SubscriptionInput = z.infer<typeof SubscriptionInput>

export async function createSubscription(actor: Actor, input: SubscriptionInput, resolve?: Resolver) {
  requirePermission(actor, MANAGE_WEBHOOK, { organizationId: actor.organizationId })
  await checkTargetUrl(new URL(input.url), resolve)
  const secret = `whsec_${crypto.randomBytes(32).toString('base64url')}`
  const created = await prisma.$transaction(async (tx) => {
    const row = await tx.webhookSubscription.create({
      data: {
        organizationId: actor.organizationId,
        createdByUserId: actor.userId,
        url: input.url,
        events: JSON.stringify(input.events),
        secret,
      },
      select: { id: true },
    })
    await audit(tx, {
      actor,
      entityType: 'WebhookSubscription',
      entityId: row.id,
      action: 'create',
      after: { url: input.url, events: input.events },
    })
    return row
  })
  return { id: created.id, secret }
}

const view = (s: { id: string; url: string; events: string; createdAt: Date; disabledAt: Date | null }) => ({
  id: s.id,
  url: s.url,
  events: JSON.parse(s.events) as string[],
  createdAt: s.createdAt.toISOString(),
  active: s.disabledAt === null,
})

export async function listSubscriptions(actor: Actor) {
  requirePermission(actor, MANAGE_WEBHOOK, { organizationId: actor.organizationId })
  const rows = await prisma.webhookSubscription.findMany({
    where: { organizationId: actor.organizationId },
    orderBy: { createdAt: 'desc' },
  })
  return rows.map(view)
}

async function ownSubscription(actor: Actor, id: string) {
  requirePermission(actor, MANAGE_WEBHOOK, { organizationId: actor.organizationId })
  const row = await prisma.webhookSubscription.findUnique({ where: { id } })
  if (!row || row.organizationId !== actor.organizationId) throw notFound('未找到该订阅')
  return row
}

export async function disableSubscription(actor: Actor, id: string): Promise<void> {
  const row = await ownSubscription(actor, id)
  if (row.disabledAt) return
  await prisma.$transaction(async (tx) => {
    await tx.webhookSubscription.update({ where: { id }, data: { disabledAt: now() } })
    await audit(tx, { actor, entityType: 'WebhookSubscription', entityId: id, action: 'disable' })
  })
}

export async function listDeliveries(actor: Actor, subscriptionId: string, pagination: Pagination) {
  await ownSubscription(actor, subscriptionId)
  const where = { subscriptionId }
  const [rows, total] = await Promise.all([
    prisma.webhookDelivery.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: (pagination.page - 1) * pagination.pageSize,
      take: pagination.pageSize,
      include: { event: { select: { type: true } } },
    }),
    prisma.webhookDelivery.count({ where }),
  ])
  const items = rows.map((d) => ({
    id: d.id,
    event: d.event.type,
    eventId: d.eventId,
    status: d.status,
    attempts: d.attempts,
    lastAttemptAt: d.lastAttemptAt?.toISOString() ?? null,
    nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
    responseStatus: d.responseStatus,
    lastError: d.lastError,
  }))
  return { items, total }
}

/** Queues a delivery again at once (whatever its state); the job engine sends it. */
export async function replayDelivery(actor: Actor, subscriptionId: string, deliveryId: string) {
  await ownSubscription(actor, subscriptionId)
  const delivery = await prisma.webhookDelivery.findUnique({ where: { id: deliveryId } })
  if (!delivery || delivery.subscriptionId !== subscriptionId) throw notFound('未找到该投递记录')
  await prisma.$transaction(async (tx) => {
    await tx.webhookDelivery.update({
      where: { id: deliveryId },
      data: { status: 'PENDING', nextAttemptAt: now(), leaseUntil: null },
    })
    await audit(tx, {
      actor,
      entityType: 'WebhookDelivery',
      entityId: deliveryId,
      action: 'replay',
      before: { status: delivery.status },
    })
  })
  await kickWebhookDelivery()
  return { id: deliveryId, status: 'PENDING' as const }
}
