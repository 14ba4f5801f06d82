// GET /api/v1/announcements/{id} — public; bidCount is null until the bids are opened, and a
// bidder sees its own bid (myBid), never anyone else's.
import { getAnnouncement } from '#app/domain/announcements/announcements.server.ts'
import { apiRoute, jsonResponse, method } from '#app/utils/api.server.ts'
import { AnnouncementViewSchema } from '#app/domain/announcements/responses.ts'

const route = apiRoute(
  {
    GET: method({
      responses: { 200: AnnouncementViewSchema },
      summary: '采购公告详情',
      handler: async ({ actor, params }) => jsonResponse(await getAnnouncement(actor, params.id ?? '')),
    }),
  },
  { path: '/api/v1/announcements/:id', tag: 'announcements' },
)
export const loader = route.loader
