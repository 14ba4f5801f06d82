// POST /api/v1/webhook-subscriptions { url, events } → 201 { id, secret } (owners, intermediaries,
// approval systems); GET — the organization's subscriptions.
import { createSubscription, listSubscriptions, SubscriptionInput } from '#app/domain/webhooks/subscriptions.server.ts'
import { apiRoute, jsonResponse, method, requireActor } from '#app/utils/api.server.ts'
import { SubscriptionCreated, SubscriptionList } from '#app/domain/integration/responses.ts'

const route = apiRoute(
  {
    GET: method({
      responses: { 200: SubscriptionList },
      auth: true,
      summary: '本机构的事件推送订阅',
      handler: async ({ actor }) => jsonResponse({ items: await listSubscriptions(requireActor(actor)) }),
    }),
    POST: method({
      responses: { 201: SubscriptionCreated },
      auth: true,
      body: SubscriptionInput,
      idempotency: false,
      summary: '订阅事件推送（Webhook；签名密钥仅此次显示）',
      handler: async ({ actor, body }) => jsonResponse(await createSubscription(requireActor(actor), body), 201),
    }),
  },
  { path: '/api/v1/webhook-subscriptions', tag: 'integration' },
)
export const loader = route.loader
export const action = route.action
