// GET /api/v1/webhook-subscriptions/{id}/deliveries — the delivery log (its organization only).
import { listDeliveries } from '#app/domain/webhooks/subscriptions.server.ts'
import { apiRoute, jsonResponse, method, page, parseQuery, requireActor } from '#app/utils/api.server.ts'
import { PaginationSchema } from '#app/utils/zod.ts'
import { DeliveryLog } from '#app/domain/integration/responses.ts'

const Query = PaginationSchema.strict()

const route = apiRoute(
  {
    GET: method({
      responses: { 200: DeliveryLog },
      auth: true,
      query: Query,
      summary: '事件推送的投递记录',
      handler: async ({ actor, params, url }) => {
        const query = parseQuery(url, Query)
        const { items, total } = await listDeliveries(requireActor(actor), params.id ?? '', query)
        return jsonResponse(page(items, total, query))
      },
    }),
  },
  { path: '/api/v1/webhook-subscriptions/:id/deliveries', tag: 'integration' },
)
export const loader = route.loader
