// POST /api/v1/announcements/{id}/decline — the winner declines; recorded, and the next ranked takes it.
import { declineAward } from '#app/domain/award/responses.server.ts'
import { ReasonInput } from '#app/domain/announcements/schemas.ts'
import { apiRoute, jsonResponse, method, requireActor } from '#app/utils/api.server.ts'
import { AnnouncementStatusAnswer } from '#app/domain/announcements/responses.ts'

const route = apiRoute(
  {
    POST: method({
      responses: { 200: AnnouncementStatusAnswer },
      auth: true,
      body: ReasonInput,
      summary: '中选机构放弃中选',
      handler: async ({ actor, params, body }) =>
        jsonResponse(await declineAward(requireActor(actor), params.id ?? '', body.reason), 200),
    }),
  },
  { path: '/api/v1/announcements/:id/decline', tag: 'announcements' },
)
export const loader = route.loader
export const action = route.action
