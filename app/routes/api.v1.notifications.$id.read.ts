// POST /api/v1/notifications/{id}/read — marks one notification read ("all": every unread one).
import { markRead } from '#app/domain/notifications/inbox.server.ts'
import { apiRoute, jsonResponse, method, requireActor } from '#app/utils/api.server.ts'
import { MarkedRead } from '#app/domain/notifications/responses.ts'

const route = apiRoute(
  {
    POST: method({
      responses: { 200: MarkedRead },
      auth: true,
      summary: '标记通知为已读',
      handler: async ({ actor, params }) => jsonResponse(await markRead(requireActor(actor), params.id ?? '')),
    }),
  },
  { path: '/api/v1/notifications/:id/read', tag: 'notifications' },
)
export const loader = route.loader
export const action = route.action
