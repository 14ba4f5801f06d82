// POST /api/v1/announcements/{id}/bids — an intermediary bids (sealed). GET — the owner (and the
// supervising department) sees the opened bids; before the deadline: 409.
import { BidInput } from '#app/domain/announcements/schemas.ts'
import { listOpenedBids, submitBid } from '#app/domain/bidding/bids.server.ts'
import { apiRoute, jsonResponse, method, requireActor } from '#app/utils/api.server.ts'
import { BidCreated, OpenedBidsAnswer } from '#app/domain/announcements/responses.ts'

const route = apiRoute(
  {
    GET: method({
      responses: { 200: OpenedBidsAnswer },
      auth: true,
      summary: '开启后的报名（项目业主）',
      handler: async ({ actor, params }) =>
        jsonResponse({ items: await listOpenedBids(requireActor(actor), params.id ?? '') }),
    }),
    POST: method({
      responses: { 201: BidCreated },
      auth: true,
      body: BidInput,
      summary: '报名并报价（密封）',
      handler: async ({ actor, params, body }) =>
        jsonResponse(await submitBid(requireActor(actor), params.id ?? '', body), 201),
    }),
  },
  { path: '/api/v1/announcements/:id/bids', tag: 'bidding' },
)
export const loader = route.loader
export const action = route.action
