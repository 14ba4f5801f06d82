// POST /api/v1/announcements/{id}/objections/{oid}/escalate — the bidder, not satisfied, asks the department.
import { escalateObjection } from '#app/domain/award/objections.server.ts'
import { apiRoute, jsonResponse, method, requireActor } from '#app/utils/api.server.ts'
import { ObjectionStatusAnswer } from '#app/domain/announcements/responses.ts'

const route = apiRoute(
  {
    POST: method({
      responses: { 200: ObjectionStatusAnswer },
      auth: true,
      summary: '提请行业主管部门处理质疑',
      handler: async ({ actor, params }) =>
        jsonResponse(await escalateObjection(requireActor(actor), params.id ?? '', params.oid ?? ''), 200),
    }),
  },
  { path: '/api/v1/announcements/:id/objections/:oid/escalate', tag: 'announcements' },
)
export const loader = route.loader
export const action = route.action
