// POST /api/v1/credit-records/{id}/contest — the recorded organization contests a pending record
// within the objection window: { reason } → 200 the record (CONTESTED).
import { CreditRecordAnswer } from '#app/domain/credit/responses.ts'
import { contestCreditRecord } from '#app/domain/credit/credit-records.server.ts'
import { ContestInput } from '#app/domain/credit/schemas.ts'
import { apiRoute, jsonResponse, method, requireActor } from '#app/utils/api.server.ts'

const route = apiRoute(
  {
    POST: method({
      responses: { 200: CreditRecordAnswer },
      auth: true,
      body: ContestInput,
      summary: '对待生效的信用记录提出异议',
      handler: async ({ actor, params, body }) =>
        jsonResponse(await contestCreditRecord(requireActor(actor), params.id ?? '', body)),
    }),
  },
  { path: '/api/v1/credit-records/:id/contest', tag: 'credit' },
)
export const loader = route.loader
export const action = route.action
