// Webhook events (API.md "Integration"): the public event types, which transitions raise them, and
// the event row written in the transaction of the change. Delivery (fan-out to subscriptions,
// signing, retries) is delivery.server.ts, run by the job engine after the commit.
import crypto from 'node:crypto'
import type { Tx } from '#app/db.server.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import type { Transition, TransitionContext } from '#app/domain/events/transitions.server.ts'
import { ocidOf } from '#app/domain/ocds/releases.server.ts'
import { kickWebhookDelivery } from '#jobs/webhooks.ts'

export const WEBHOOK_EVENT_TYPES = [
  'announcement.published',
  'announcement.failed',
  'announcement.awarded',
  'contract.signed',
  'contract.overdue',
  'contract.accepted',
  'credit.effective',
  'blacklist.added',
  'blacklist.ended',
] as const
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number]

/**
 * Which transitions raise which event. Contracts add theirs here (SIGNED, overdue, ACCEPTED);
 * credit records and blacklist entries call `publishEvent` from their own transactions.
 */
const FROM_TRANSITIONS: Array<{ entity: string; type: WebhookEventType; when: (t: Transition) => boolean }> = [
  { entity: 'Announcement', type: 'announcement.published', when: (t) => t.event === 'publish' },
  { entity: 'Announcement', type: 'announcement.failed', when: (t) => t.to === 'FAILED' && t.from !== 'FAILED' },
  { entity: 'Announcement', type: 'announcement.awarded', when: (t) => t.to === 'AWARDED' && t.from !== 'AWARDED' },
]

/** The public data of an event about an announcement (no bidder or price before the award). */
async function announcementData(tx: Tx, id: string) {
  const a = await tx.announcement.findUniqueOrThrow({
    where: { id },
    select: {
      id: true,
      title: true,
      status: true,
      statusReason: true,
      method: true,
      serviceItemCode: true,
      approvalItemCode: true,
      regionCode: true,
      deadline: true,
      publishedAt: true,
      winnerBidId: true,
      project: { select: { id: true, investmentCode: true } },
    },
  })
  const winner =
    a.status === 'AWARDED' && a.winnerBidId
      ? await tx.bid.findUnique({
          where: { id: a.winnerBidId },
          select: { intermediaryId: true, openedPrice: true, intermediary: { select: { name: true, uscc: true } } },
        })
      : null
  return {
    announcement: {
      id: a.id,
      ocid: ocidOf(a.id),
      title: a.title,
      status: a.status,
      statusReason: a.statusReason,
      method: a.method,
      serviceItemCode: a.serviceItemCode,
      approvalItemCode: a.approvalItemCode,
      regionCode: a.regionCode,
      deadline: a.deadline.toISOString(),
      publishedAt: a.publishedAt?.toISOString() ?? null,
      projectId: a.project.id,
      investmentCode: a.project.investmentCode,
      winner: winner && {
        intermediaryId: winner.intermediaryId,
        name: winner.intermediary.name,
        uscc: winner.intermediary.uscc,
        price: winner.openedPrice?.toFixed(2) ?? null,
      },
    },
  }
}

const DATA: Record<string, (tx: Tx, id: string) => Promise<unknown>> = { Announcement: announcementData }

/** Writes one event (delivered after the commit; the periodic task picks up what a kick missed). */
export async function publishEvent(
  tx: Tx,
  type: WebhookEventType,
  data: unknown,
  context?: TransitionContext,
): Promise<string> {
  const id = `evt_${crypto.randomBytes(12).toString('hex')}`
  await tx.webhookEvent.create({ data: { id, type, createdAt: now(), data: JSON.stringify(data) } })
  context?.afterCommit(() => kickWebhookDelivery().then(() => undefined))
  return id
}

/** Whether an active subscription wants this type (an event nobody subscribed to is not written). */
async function subscribed(tx: Tx, type: WebhookEventType): Promise<boolean> {
  const rows = await tx.$queryRaw<unknown[]>`
    SELECT 1 FROM WebhookSubscription WHERE disabledAt IS NULL AND events LIKE ${`%"${type}"%`} LIMIT 1`
  return rows.length > 0
}

/** The transition subscriber (app/domain/events/transitions.server.ts). */
export async function recordWebhookEvents(tx: Tx, t: Transition, context: TransitionContext): Promise<void> {
  const candidates = FROM_TRANSITIONS.filter((r) => r.entity === t.entity && r.when(t)).map((r) => r.type)
  if (candidates.length === 0) return
  const types: WebhookEventType[] = []
  for (const type of candidates) if (await subscribed(tx, type)) types.push(type)
  if (types.length === 0) return
  const data = await DATA[t.entity]!(tx, t.id)
  for (const type of types) await publishEvent(tx, type, data, context)
}
