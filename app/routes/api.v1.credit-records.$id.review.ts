// POST /api/v1/credit-records/{id}/review — a competent department reviews a contested record:
// { upheld, reason } → 200 the record (EFFECTIVE when upheld, ANNULLED otherwise).
import { CreditRecordAnswer } from '#app/domain/credit/responses.ts'
import { reviewCreditRecord } from '#app/domain/credit/credit-records.server.ts'
import { ReviewInput } from '#app/domain/credit/schemas.ts'
import { apiRoute, jsonResponse, method, requireActor } from '#app/utils/api.server.ts'

const route = apiRoute(
  {
    POST: method({
      responses: { 200: CreditRecordAnswer },
      auth: true,
      body: ReviewInput,
      summary: '复核有异议的信用记录',
      handler: async ({ actor, params, body }) =>
        jsonResponse(await reviewCreditRecord(requireActor(actor), params.id ?? '', body)),
    }),
  },
  { path: '/api/v1/credit-records/:id/review', tag: 'credit' },
)
export const loader = route.loader
export const action = route.action
