// POST /api/v1/announcements/{id}/technical-scores — an evaluator named by the owner scores every valid bid.
import { submitTechnicalScores } from '#app/domain/award/responses.server.ts'
import { TechnicalScoresInput } from '#app/domain/announcements/schemas.ts'
import { apiRoute, jsonResponse, method, requireActor } from '#app/utils/api.server.ts'
import { TechnicalScoresAnswer } from '#app/domain/announcements/responses.ts'

const route = apiRoute(
  {
    POST: method({
      responses: { 200: TechnicalScoresAnswer },
      auth: true,
      body: TechnicalScoresInput,
      summary: '评审人员提交技术评分',
      handler: async ({ actor, params, body }) =>
        jsonResponse(await submitTechnicalScores(requireActor(actor), params.id ?? '', body.scores), 200),
    }),
  },
  { path: '/api/v1/announcements/:id/technical-scores', tag: 'announcements' },
)
export const loader = route.loader
export const action = route.action
