// POST /api/v1/qualifications/{id}/reject — 驳回资质，须填写理由（本领域行业主管部门或平台管理员）.
import { reviewQualification } from '#app/domain/intermediaries/qualifications.server.ts'
import { OptionalReasonInput } from '#app/domain/intermediaries/entry-schemas.ts'
import { apiRoute, jsonResponse, method, requireActor } from '#app/utils/api.server.ts'
import { QualificationAnswer } from '#app/domain/intermediaries/responses.ts'

const route = apiRoute(
  {
    POST: method({
      responses: { 200: QualificationAnswer },
      auth: true,
      body: OptionalReasonInput,
      summary: '驳回资质，须填写理由（本领域行业主管部门或平台管理员）',
      handler: async ({ actor, params, body }) =>
        jsonResponse(await reviewQualification(requireActor(actor), params.id ?? '', 'reject', body.reason)),
    }),
  },
  { path: '/api/v1/qualifications/:id/reject', tag: 'supervision' },
)
export const loader = route.loader
export const action = route.action
