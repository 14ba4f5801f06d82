// POST /api/v1/announcements/{id}/publish — the owner publishes a draft; answers the seed commitment.
import { publishAnnouncement } from '#app/domain/announcements/announcements.server.ts'
import { apiRoute, jsonResponse, method, requireActor } from '#app/utils/api.server.ts'
import { PublishAnswer } from '#app/domain/announcements/responses.ts'

const route = apiRoute(
  {
    POST: method({
      responses: { 200: PublishAnswer },
      auth: true,
      summary: '发布采购公告',
      handler: async ({ actor, params }) =>
        jsonResponse(await publishAnnouncement(requireActor(actor), params.id ?? ''), 200),
    }),
  },
  { path: '/api/v1/announcements/:id/publish', tag: 'announcements' },
)
export const loader = route.loader
export const action = route.action
