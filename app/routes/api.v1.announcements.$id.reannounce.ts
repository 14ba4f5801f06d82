// POST /api/v1/announcements/{id}/reannounce — a new draft copying a failed (流标) announcement.
import { reannounce } from '#app/domain/announcements/announcements.server.ts'
import { ReannounceInput } from '#app/domain/announcements/schemas.ts'
import { apiRoute, jsonResponse, method, requireActor } from '#app/utils/api.server.ts'
import { AnnouncementStatusAnswer } from '#app/domain/announcements/responses.ts'

const route = apiRoute(
  {
    POST: method({
      responses: { 201: AnnouncementStatusAnswer },
      auth: true,
      body: ReannounceInput,
      summary: '流标后重新发布（生成新草稿）',
      handler: async ({ actor, params, body }) =>
        jsonResponse(await reannounce(requireActor(actor), params.id ?? '', body), 201),
    }),
  },
  { path: '/api/v1/announcements/:id/reannounce', tag: 'announcements' },
)
export const loader = route.loader
export const action = route.action
