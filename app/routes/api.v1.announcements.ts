// GET /api/v1/announcements — public list (q, status, serviceItem, regionCode, method, projectId;
// mine=1 for an owner's own, drafts included). POST /api/v1/announcements — an owner drafts one.
import { createAnnouncement, listAnnouncements } from '#app/domain/announcements/announcements.server.ts'
import { AnnouncementInput, AnnouncementListQuery } from '#app/domain/announcements/schemas.ts'
import { apiRoute, jsonResponse, method, page, parseQuery, requireActor } from '#app/utils/api.server.ts'
import { AnnouncementListAnswer } from '#app/domain/announcements/responses.ts'
import { statusAnswer } from '#app/utils/api-schemas.ts'

const route = apiRoute(
  {
    GET: method({
      responses: { 200: AnnouncementListAnswer },
      query: AnnouncementListQuery,
      summary: '采购公告列表',
      handler: async ({ actor, url }) => {
        const query = parseQuery(url, AnnouncementListQuery)
        const { items, total } = await listAnnouncements(actor, query)
        return jsonResponse(page(items, total, query))
      },
    }),
    POST: method({
      responses: { 201: statusAnswer(['DRAFT']) },
      auth: true,
      body: AnnouncementInput,
      summary: '编制采购公告（草稿）',
      handler: async ({ actor, body }) => jsonResponse(await createAnnouncement(requireActor(actor), body), 201),
    }),
  },
  { path: '/api/v1/announcements', tag: 'announcements' },
)
export const loader = route.loader
export const action = route.action
