// GET /api/v1/announcements/{id}/log — the announcement's entries in the transparency log (its bids'
// sealed entries once it has been opened).
import { announcementLog } from '#app/domain/transparency/entity-log.server.ts'
import { LogItemsAnswer } from '#app/domain/transparency/schemas.ts'
import { apiRoute, jsonResponse, method } from '#app/utils/api.server.ts'

const route = apiRoute(
  {
    GET: method({
      summary: '公告在透明日志中的记录（开启后含密封的报名记录）',
      responses: { 200: LogItemsAnswer },
      handler: async ({ actor, params }) => jsonResponse({ items: await announcementLog(actor, params.id ?? '') }),
    }),
  },
  { path: '/api/v1/announcements/:id/log', tag: 'transparency' },
)
export const loader = route.loader
