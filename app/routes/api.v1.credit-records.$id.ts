// GET /api/v1/credit-records/{id} — one credit record with allowedActions: public once effective,
// otherwise to the organization and its supervising departments (404 for others).
import { CreditRecordAnswer } from '#app/domain/credit/responses.ts'
import { getCreditRecord } from '#app/domain/credit/credit-records.server.ts'
import { apiRoute, jsonResponse, method } from '#app/utils/api.server.ts'

const route = apiRoute(
  {
    GET: method({
      responses: { 200: CreditRecordAnswer },
      summary: '信用记录',
      handler: async ({ actor, params }) => jsonResponse(await getCreditRecord(actor, params.id ?? '')),
    }),
  },
  { path: '/api/v1/credit-records/:id', tag: 'credit' },
)
export const loader = route.loader
export const action = route.action
