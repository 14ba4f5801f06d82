// PUT /api/v1/announcements/{id}/bids/mine — revise (or re-confirm) the own bid; DELETE — withdraw it.
// GET — the own bid (price sealed until the opening).
import { getAnnouncement } from '#app/domain/announcements/announcements.server.ts'
import { BidInput } from '#app/domain/announcements/schemas.ts'
import { reviseBid, withdrawBid } from '#app/domain/bidding/bids.server.ts'
import { notFound } from '#app/domain/errors.ts'
import { apiRoute, jsonResponse, method, requireActor } from '#app/utils/api.server.ts'
import { BidRevised, MyBidSchema } from '#app/domain/announcements/responses.ts'

const route = apiRoute(
  {
    GET: method({
      responses: { 200: MyBidSchema },
      auth: true,
      summary: '本机构的报名',
      handler: async ({ actor, params }) => {
        const { myBid } = await getAnnouncement(requireActor(actor), params.id ?? '')
        if (!myBid) throw notFound('贵机构未报名此公告')
        return jsonResponse(myBid)
      },
    }),
    PUT: method({
      responses: { 200: BidRevised },
      auth: true,
      body: BidInput,
      summary: '修改或重新确认报价',
      handler: async ({ actor, params, body }) =>
        jsonResponse(await reviseBid(requireActor(actor), params.id ?? '', body)),
    }),
    DELETE: method({
      responses: { 204: null },
      auth: true,
      summary: '撤回报名',
      handler: async ({ actor, params }) => {
        await withdrawBid(requireActor(actor), params.id ?? '')
        return new Response(null, { status: 204 })
      },
    }),
  },
  { path: '/api/v1/announcements/:id/bids/mine', tag: 'bidding' },
)
export const loader = route.loader
export const action = route.action
