// POST /api/v1/announcements/{id}/objections/{oid}/answer — the owner answers (upheld or not).
import { answerObjection } from '#app/domain/award/objections.server.ts'
import { ObjectionAnswerInput } from '#app/domain/announcements/schemas.ts'
import { apiRoute, jsonResponse, method, requireActor } from '#app/utils/api.server.ts'
import { ObjectionStatusAnswer } from '#app/domain/announcements/responses.ts'

const route = apiRoute(
  {
    POST: method({
      responses: { 200: ObjectionStatusAnswer },
      auth: true,
      body: ObjectionAnswerInput,
      summary: '业主答复质疑',
      handler: async ({ actor, params, body }) =>
        jsonResponse(await answerObjection(requireActor(actor), params.id ?? '', params.oid ?? '', body), 200),
    }),
  },
  { path: '/api/v1/announcements/:id/objections/:oid/answer', tag: 'announcements' },
)
export const loader = route.loader
export const action = route.action
