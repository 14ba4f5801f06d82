// DELETE /api/v1/webhook-subscriptions/{id} → 204: stops the subscription (kept, with its log).
import { disableSubscription } from '#app/domain/webhooks/subscriptions.server.ts'
import { apiRoute, method, requireActor } from '#app/utils/api.server.ts'

const route = apiRoute(
  {
    DELETE: method({
      responses: { 204: null },
      auth: true,
      summary: '停用事件推送订阅',
      handler: async ({ actor, params }) => {
        await disableSubscription(requireActor(actor), params.id ?? '')
        return new Response(null, { status: 204 })
      },
    }),
  },
  { path: '/api/v1/webhook-subscriptions/:id', tag: 'integration' },
)
export const loader = route.loader
export const action = route.action
