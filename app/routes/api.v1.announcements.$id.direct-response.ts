// POST /api/v1/announcements/{id}/direct-response — the named firm accepts or declines a direct selection.
import { respondToDirectSelection } from '#app/domain/award/responses.server.ts'
import { DirectResponseInput } from '#app/domain/announcements/schemas.ts'
import { apiRoute, jsonResponse, method, requireActor } from '#app/utils/api.server.ts'
import { AnnouncementStatusAnswer } from '#app/domain/announcements/responses.ts'

const route = apiRoute(
  {
    POST: method({
      responses: { 200: AnnouncementStatusAnswer },
      auth: true,
      body: DirectResponseInput,
      summary: '答复直接选取',
      handler: async ({ actor, params, body }) =>
        jsonResponse(
          await respondToDirectSelection(requireActor(actor), params.id ?? '', body.accept, body.reason),
          200,
        ),
    }),
  },
  { path: '/api/v1/announcements/:id/direct-response', tag: 'announcements' },
)
export const loader = route.loader
export const action = route.action
