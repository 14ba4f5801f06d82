// POST /api/v1/webhook-subscriptions/{id}/deliveries/{deliveryId}/replay → 202: sends it again.
import { replayDelivery } from '#app/domain/webhooks/subscriptions.server.ts'
import { apiRoute, jsonResponse, method, requireActor } from '#app/utils/api.server.ts'
import { ReplayAnswer } from '#app/domain/integration/responses.ts'

const route = apiRoute(
  {
    POST: method({
      responses: { 202: ReplayAnswer },
      auth: true,
      summary: '重新投递一次事件推送',
      handler: async ({ actor, params }) =>
        jsonResponse(await replayDelivery(requireActor(actor), params.id ?? '', params.deliveryId ?? ''), 202),
    }),
  },
  { path: '/api/v1/webhook-subscriptions/:id/deliveries/:deliveryId/replay', tag: 'integration' },
)
export const loader = route.loader
export const action = route.action
