// POST /api/v1/credit-records — a department supervising one of the firm's service items (in its
// region or above) records credit with evidence: { intermediaryId, ruleCode, evidence, points? } →
// 201 { id, status: "PENDING" }. An evidence file is added with POST /api/v1/credit-records/{id}/evidence.
import { CreditRecordCreated } from '#app/domain/credit/responses.ts'
import { recordCredit } from '#app/domain/credit/credit-records.server.ts'
import { CreditRecordInput } from '#app/domain/credit/schemas.ts'
import { apiRoute, jsonResponse, method, requireActor } from '#app/utils/api.server.ts'

const route = apiRoute(
  {
    POST: method({
      responses: { 201: CreditRecordCreated },
      auth: true,
      body: CreditRecordInput,
      summary: '记录信用（行业主管部门，须附证据）',
      handler: async ({ actor, body }) => jsonResponse(await recordCredit(requireActor(actor), body), 201),
    }),
  },
  { path: '/api/v1/credit-records', tag: 'credit' },
)
export const loader = route.loader
export const action = route.action
