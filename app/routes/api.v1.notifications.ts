// GET /api/v1/notifications?unread=1 — the acting organization's inbox, newest first.
import { listInbox } from '#app/domain/notifications/inbox.server.ts'
import { apiRoute, jsonResponse, method, page, parseQuery, requireActor } from '#app/utils/api.server.ts'
import { PaginationSchema, z } from '#app/utils/zod.ts'
import { InboxAnswer } from '#app/domain/notifications/responses.ts'

const InboxQuery = PaginationSchema.extend({ unread: z.enum(['0', '1']).optional() }).strict()

const route = apiRoute(
  {
    GET: method({
      responses: { 200: InboxAnswer },
      auth: true,
      query: InboxQuery,
      summary: '站内通知',
      handler: async ({ actor, url }) => {
        const query = parseQuery(url, InboxQuery)
        const { items, total, unread } = await listInbox(requireActor(actor), {
          ...query,
          unread: query.unread === '1',
        })
        return jsonResponse({ ...page(items, total, query), unread })
      },
    }),
  },
  { path: '/api/v1/notifications', tag: 'notifications' },
)
export const loader = route.loader
