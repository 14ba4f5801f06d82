// POST /api/v1/repair-applications/{id}/decide — the department that decided the entry (for an
// automatic entry, a competent department) approves — the entry ends early — or rejects the
// application: { approve, reason } → 200 the application.
import { RepairAnswer } from '#app/domain/credit/responses.ts'
import { decideRepair } from '#app/domain/credit/blacklist.server.ts'
import { RepairDecisionInput } from '#app/domain/credit/schemas.ts'
import { apiRoute, jsonResponse, method, requireActor } from '#app/utils/api.server.ts'

const route = apiRoute(
  {
    POST: method({
      responses: { 200: RepairAnswer },
      auth: true,
      body: RepairDecisionInput,
      summary: '审核信用修复申请',
      handler: async ({ actor, params, body }) => jsonResponse(await decideRepair(requireActor(actor), params.id ?? '', body)),
    }),
  },
  { path: '/api/v1/repair-applications/:id/decide', tag: 'credit' },
)
export const loader = route.loader
export const action = route.action
