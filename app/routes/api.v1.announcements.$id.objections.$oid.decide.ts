// POST /api/v1/announcements/{id}/objections/{oid}/decide — the competent department decides.
import { decideObjection } from '#app/domain/award/objections.server.ts'
import { ObjectionDecisionInput } from '#app/domain/announcements/schemas.ts'
import { apiRoute, jsonResponse, method, requireActor } from '#app/utils/api.server.ts'
import { ObjectionStatusAnswer } from '#app/domain/announcements/responses.ts'

const route = apiRoute(
  {
    POST: method({
      responses: { 200: ObjectionStatusAnswer },
      auth: true,
      body: ObjectionDecisionInput,
      summary: '行业主管部门裁决质疑',
      handler: async ({ actor, params, body }) =>
        jsonResponse(await decideObjection(requireActor(actor), params.id ?? '', params.oid ?? '', body), 200),
    }),
  },
  { path: '/api/v1/announcements/:id/objections/:oid/decide', tag: 'announcements' },
)
export const loader = route.loader
export const action = route.action
