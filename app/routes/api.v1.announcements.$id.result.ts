// GET /api/v1/announcements/{id}/result — public after evaluation: ranking, winner and the draw proof.
import { getResult } from '#app/domain/award/result.server.ts'
import { apiRoute, jsonResponse, method } from '#app/utils/api.server.ts'
import { ResultAnswer } from '#app/domain/announcements/responses.ts'

const route = apiRoute(
  {
    GET: method({
      responses: { 200: ResultAnswer },
      summary: '中选结果与抽取证明',
      handler: async ({ actor, params }) => jsonResponse(await getResult(actor, params.id ?? '')),
    }),
  },
  { path: '/api/v1/announcements/:id/result', tag: 'announcements' },
)
export const loader = route.loader
