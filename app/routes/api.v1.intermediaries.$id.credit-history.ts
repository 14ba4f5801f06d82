// GET /api/v1/intermediaries/{id}/credit-history — public: the current credit score and level and
// every change of the score, oldest first ({ score, level, history: [{ at, score, level, cause }] }).
import { CreditHistoryAnswer } from '#app/domain/credit/responses.ts'
import { creditHistory } from '#app/domain/credit/credit-page.server.ts'
import { apiRoute, jsonResponse, method } from '#app/utils/api.server.ts'

const route = apiRoute(
  {
    GET: method({
      responses: { 200: CreditHistoryAnswer },
      summary: '信用分变化记录（公开）',
      handler: async ({ params }) => jsonResponse(await creditHistory(params.id ?? '')),
    }),
  },
  { path: '/api/v1/intermediaries/:id/credit-history', tag: 'credit' },
)
export const loader = route.loader
export const action = route.action
