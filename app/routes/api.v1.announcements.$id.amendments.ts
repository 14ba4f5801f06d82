// POST /api/v1/announcements/{id}/amendments — a public amendment while bidding; bids must be re-confirmed.
import { amendAnnouncement } from '#app/domain/announcements/announcements.server.ts'
import { AmendmentInput } from '#app/domain/announcements/schemas.ts'
import { apiRoute, jsonResponse, method, requireActor } from '#app/utils/api.server.ts'
import { AmendmentAnswer } from '#app/domain/announcements/responses.ts'

const route = apiRoute(
  {
    POST: method({
      responses: { 201: AmendmentAnswer },
      auth: true,
      body: AmendmentInput,
      summary: '发布公告变更',
      handler: async ({ actor, params, body }) =>
        jsonResponse(await amendAnnouncement(requireActor(actor), params.id ?? '', body), 201),
    }),
  },
  { path: '/api/v1/announcements/:id/amendments', tag: 'announcements' },
)
export const loader = route.loader
export const action = route.action
