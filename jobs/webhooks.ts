// Webhook delivery through the job engine (app/domain/webhooks/delivery.server.ts): the
// `webhook.deliver` job fans new events out to their subscriptions and sends what is due; a change
// that raised an event kicks it after its commit, and every 2 s the task below kicks it again for
// retries that became due and kicks that were lost.
import { z } from 'zod'
import { deliverDue, fanOutEvents } from '#app/domain/webhooks/delivery.server.ts'
import { defineJob, enqueueJob } from '#jobs/engine.server.ts'
import { registerTask } from '#jobs/worker.ts'

export const WEBHOOK_TASK = 'webhook-delivery'

export async function runWebhookDelivery(): Promise<void> {
  await fanOutEvents()
  await deliverDue()
}

export const webhookDeliveryJob = defineJob({
  name: 'webhook.deliver',
  schema: z.object({}),
  timeoutMs: 4 * 60_000,
  maxAttempts: 3,
  handler: runWebhookDelivery,
})

/** Call after a commit that wrote webhook events or queued a replay. False when a run is already queued. */
export function kickWebhookDelivery(): Promise<boolean> {
  return enqueueJob(webhookDeliveryJob, {}, { uniqueKey: webhookDeliveryJob.name })
}

registerTask({
  name: WEBHOOK_TASK,
  intervalMs: 2000,
  run: async () => {
    await kickWebhookDelivery()
  },
})
