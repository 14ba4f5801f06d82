// POST /api/v1/announcements/{id}/cancel — the owner cancels with a public reason.
import { cancelAnnouncement } from '#app/domain/announcements/announcements.server.ts'
import { ReasonInput } from '#app/domain/announcements/schemas.ts'
import { apiRoute, jsonResponse, method, requireActor } from '#app/utils/api.server.ts'
import { AnnouncementStatusAnswer } from '#app/domain/announcements/responses.ts'

const route = apiRoute(
  {
    POST: method({
      responses: { 200: AnnouncementStatusAnswer },
      auth: true,
      body: ReasonInput,
      summary: '终止采购公告（须公开理由）',
      handler: async ({ actor, params, body }) =>
        jsonResponse(await cancelAnnouncement(requireActor(actor), params.id ?? '', body.reason), 200),
    }),
  },
  { path: '/api/v1/announcements/:id/cancel', tag: 'announcements' },
)
export const loader = route.loader
export const action = route.action
