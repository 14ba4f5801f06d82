// Delivering webhook events (API.md "Integration"). Two steps, both claimed with FOR UPDATE SKIP
// LOCKED so that any number of workers share them:
// - fan-out: each new event becomes one delivery per subscription that asked for its type;
// - delivery: a due delivery is leased (so that no transaction stays open during the HTTP call),
//   POSTed as JSON `{ id, type, createdAt, data }` with `Zjcs-Signature: t=<unix seconds>,v1=<hex
//   HMAC-SHA256(secret, "<t>.<raw body>")>`, and recorded: a 2xx answer succeeds; anything else is
//   retried with exponential backoff (10 s, 20 s, 40 s … at most 1 h between attempts) until 24 h
//   after the event, then it fails. Every attempt is in the delivery log; a replay queues it again.
// The target is checked again at every attempt, on the address actually connected to (network.server.ts).
import crypto from 'node:crypto'
import type dns from 'node:dns'
import http from 'node:http'
import https from 'node:https'
import { prisma } from '#app/db.server.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import {
  guardedLookup,
  resolveTarget,
  RefusedTarget,
  systemResolver,
  type Resolver,
} from '#app/domain/webhooks/network.server.ts'
import { logger } from '#app/utils/logger.server.ts'

export const FIRST_RETRY_MS = 10_000
export const MAX_RETRY_MS = 3600_000
export const RETRY_FOR_MS = 24 * 3600_000
const TIMEOUT_MS = 10_000
const LEASE_MS = 60_000

/** The wait after the n-th failed attempt: 10 s, 20 s, 40 s … at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_MS)
}

export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  const v1 = crypto.createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex')
  return `t=${unixSeconds},v1=${v1}`
}

const subscribedTo = (events: string, type: string) => (JSON.parse(events) as string[]).includes(type)

/** Turns new events into deliveries. Returns how many deliveries it created. */
export async function fanOutEvents(limit = 100): Promise<number> {
  return prisma.$transaction(async (tx) => {
    const events = await tx.$queryRaw<Array<{ id: string; type: string }>>`
      SELECT id, type FROM WebhookEvent WHERE fannedOutAt IS NULL ORDER BY createdAt, id LIMIT ${limit} FOR UPDATE SKIP LOCKED`
    if (events.length === 0) return 0
    const subscriptions = await tx.webhookSubscription.findMany({
      where: { disabledAt: null },
      select: { id: true, events: true },
    })
    const at = now()
    const rows = events.flatMap((e) =>
      subscriptions
        .filter((s) => subscribedTo(s.events, e.type))
        .map((s) => ({
          id: crypto.randomUUID().replace(/-/g, '').slice(0, 25),
          subscriptionId: s.id,
          eventId: e.id,
          status: 'PENDING',
          nextAttemptAt: at,
          createdAt: at,
        })),
    )
    if (rows.length > 0) await tx.webhookDelivery.createMany({ data: rows, skipDuplicates: true })
    await tx.webhookEvent.updateMany({ where: { id: { in: events.map((e) => e.id) } }, data: { fannedOutAt: at } })
    return rows.length
  })
}

type Attempt = { status: number | null; error: string | null }

/** One POST to the subscriber, on a checked address; never throws. */
export async function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  resolve: Resolver,
): Promise<Attempt> {
  let target: URL
  try {
    target = new URL(url)
    await resolveTarget(target.hostname, resolve) // IP literals are not looked up by the socket
  } catch (error) {
    return { status: null, error: error instanceof RefusedTarget ? error.message : '推送地址无效或无法解析' }
  }
  const client = target.protocol === 'https:' ? https : http
  return new Promise((done) => {
    const request = client.request(
      target,
      {
        method: 'POST',
        headers: {
          ...headers,
          'Content-Type': 'application/json',
          'Content-Length': String(Buffer.byteLength(body)),
          'User-Agent': 'zjcs-webhooks/1',
        },
        lookup: guardedLookup(resolve) as unknown as typeof dns.lookup,
        timeout: TIMEOUT_MS,
      },
      (response) => {
        response.resume()
        response.on('end', () => done({ status: response.statusCode ?? null, error: null }))
        response.on('error', (error) =>
          done({ status: response.statusCode ?? null, error: String(error.message).slice(0, 500) }),
        )
      },
    )
    request.on('timeout', () => request.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)))
    request.on('error', (error) => done({ status: null, error: error.message.slice(0, 500) }))
    request.end(body)
  })
}

export type DeliveryPass = { delivered: number; retried: number; failed: number }

/** Delivers the due deliveries (a batch at a time until none is due, or `maxBatches`). */
export async function deliverDue(
  options: { resolve?: Resolver; batchSize?: number; maxBatches?: number } = {},
): Promise<DeliveryPass> {
  const resolve = options.resolve ?? systemResolver
  const pass: DeliveryPass = { delivered: 0, retried: 0, failed: 0 }
  for (let batch = 0; batch < (options.maxBatches ?? 20); batch++) {
    const claimed = await claim(options.batchSize ?? 20)
    if (claimed.length === 0) break
    await Promise.all(claimed.map((id) => attempt(id, resolve, pass)))
  }
  return pass
}

async function claim(limit: number): Promise<string[]> {
  return prisma.$transaction(async (tx) => {
    const at = now()
    const rows = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT id FROM WebhookDelivery
       WHERE status = 'PENDING' AND nextAttemptAt <= ${at} AND (leaseUntil IS NULL OR leaseUntil < ${at})
       ORDER BY nextAttemptAt, id LIMIT ${limit} FOR UPDATE SKIP LOCKED`
    if (rows.length > 0) {
      await tx.webhookDelivery.updateMany({
        where: { id: { in: rows.map((r) => r.id) } },
        data: { leaseUntil: new Date(at.getTime() + LEASE_MS) },
      })
    }
    return rows.map((r) => r.id)
  })
}

async function attempt(id: string, resolve: Resolver, pass: DeliveryPass) {
  const delivery = await prisma.webhookDelivery.findUniqueOrThrow({
    where: { id },
    include: { event: true, subscription: true },
  })
  const { event, subscription } = delivery
  const body = JSON.stringify({
    id: event.id,
    type: event.type,
    createdAt: event.createdAt.toISOString(),
    data: JSON.parse(event.data) as unknown,
  })
  const sentAt = now()
  const result = subscription.disabledAt
    ? { status: null, error: '订阅已停用' }
    : await post(
        subscription.url,
        body,
        {
          'Zjcs-Signature': signatureHeader(subscription.secret, body, Math.floor(sentAt.getTime() / 1000)),
          'Zjcs-Delivery': id,
        },
        resolve,
      )
  const attempts = delivery.attempts + 1
  const ok = result.status !== null && result.status >= 200 && result.status < 300
  const expired = sentAt.getTime() - event.createdAt.getTime() >= RETRY_FOR_MS || subscription.disabledAt !== null
  const status = ok ? 'SUCCEEDED' : expired ? 'FAILED' : 'PENDING'
  await prisma.webhookDelivery.update({
    where: { id },
    data: {
      status,
      attempts,
      lastAttemptAt: sentAt,
      responseStatus: result.status,
      lastError: ok ? null : (result.error ?? `HTTP ${result.status}`),
      nextAttemptAt: status === 'PENDING' ? new Date(sentAt.getTime() + retryDelayMs(attempts)) : null,
      leaseUntil: null,
    },
  })
  if (ok) pass.delivered += 1
  else if (status === 'FAILED') pass.failed += 1
  else pass.retried += 1
  if (!ok)
    logger.warn({ deliveryId: id, attempts, status: result.status, error: result.error }, 'webhook delivery failed')
}
