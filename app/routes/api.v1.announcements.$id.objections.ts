// GET /api/v1/announcements/{id}/objections — public list (who filed is not shown).
// POST — a bidder files an objection (质疑) during the publicity period.
import { ObjectionInput } from '#app/domain/announcements/schemas.ts'
import { getAnnouncement } from '#app/domain/announcements/announcements.server.ts'
import { fileObjection, listObjections } from '#app/domain/award/objections.server.ts'
import { apiRoute, jsonResponse, method, requireActor } from '#app/utils/api.server.ts'
import { ObjectionStatusAnswer, ObjectionViewSchema } from '#app/domain/announcements/responses.ts'
import { listOf } from '#app/utils/api-schemas.ts'

const route = apiRoute(
  {
    GET: method({
      responses: { 200: listOf(ObjectionViewSchema) },
      summary: '质疑及其处理情况',
      handler: async ({ actor, params }) => {
        await getAnnouncement(actor, params.id ?? '')
        return jsonResponse({ items: await listObjections(actor, params.id ?? '') })
      },
    }),
    POST: method({
      responses: { 201: ObjectionStatusAnswer },
      auth: true,
      body: ObjectionInput,
      summary: '提出质疑（公示期内，参与报名的机构）',
      handler: async ({ actor, params, body }) =>
        jsonResponse(await fileObjection(requireActor(actor), params.id ?? '', body.reason), 201),
    }),
  },
  { path: '/api/v1/announcements/:id/objections', tag: 'announcements' },
)
export const loader = route.loader
export const action = route.action
