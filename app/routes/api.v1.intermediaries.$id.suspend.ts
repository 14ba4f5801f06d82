// POST /api/v1/intermediaries/{id}/suspend — 暂停中介机构入驻，须填写理由 (本领域行业主管部门或平台管理员).
import { suspendIntermediary } from '#app/domain/intermediaries/suspension.server.ts'
import { OptionalReasonInput } from '#app/domain/intermediaries/entry-schemas.ts'
import { apiRoute, jsonResponse, method, requireActor } from '#app/utils/api.server.ts'
import { StatusChangeAnswer } from '#app/domain/intermediaries/responses.ts'

const route = apiRoute(
  {
    POST: method({
      responses: { 200: StatusChangeAnswer },
      auth: true,
      body: OptionalReasonInput,
      summary: '暂停中介机构入驻，须填写理由',
      handler: async ({ actor, params, body }) =>
        jsonResponse(await suspendIntermediary(requireActor(actor), params.id ?? '', body)),
    }),
  },
  { path: '/api/v1/intermediaries/:id/suspend', tag: 'supervision' },
)
export const loader = route.loader
export const action = route.action
