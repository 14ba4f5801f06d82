// POST /api/v1/intermediaries/{id}/reinstate — 恢复中介机构入驻，须填写理由 (本领域行业主管部门或平台管理员).
import { reinstateIntermediary } from '#app/domain/intermediaries/suspension.server.ts'
import { OptionalReasonInput } from '#app/domain/intermediaries/entry-schemas.ts'
import { apiRoute, jsonResponse, method, requireActor } from '#app/utils/api.server.ts'
import { StatusChangeAnswer } from '#app/domain/intermediaries/responses.ts'

const route = apiRoute(
  {
    POST: method({
      responses: { 200: StatusChangeAnswer },
      auth: true,
      body: OptionalReasonInput,
      summary: '恢复中介机构入驻，须填写理由',
      handler: async ({ actor, params, body }) =>
        jsonResponse(await reinstateIntermediary(requireActor(actor), params.id ?? '', body)),
    }),
  },
  { path: '/api/v1/intermediaries/:id/reinstate', tag: 'supervision' },
)
export const loader = route.loader
export const action = route.action
