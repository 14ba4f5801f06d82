// POST /api/v1/blacklist/{id}/repair — the blacklisted firm applies for credit repair after the
// minimum period (rule repairMinDays): { statement, evidence } → 201 { id, status: "PENDING" };
// earlier, or with an application pending → 409.
import { RepairCreated } from '#app/domain/credit/responses.ts'
import { applyForRepair } from '#app/domain/credit/blacklist.server.ts'
import { RepairInput } from '#app/domain/credit/schemas.ts'
import { apiRoute, jsonResponse, method, requireActor } from '#app/utils/api.server.ts'

const route = apiRoute(
  {
    POST: method({
      responses: { 201: RepairCreated },
      auth: true,
      body: RepairInput,
      summary: '申请信用修复',
      handler: async ({ actor, params, body }) =>
        jsonResponse(await applyForRepair(requireActor(actor), params.id ?? '', body), 201),
    }),
  },
  { path: '/api/v1/blacklist/:id/repair', tag: 'credit' },
)
export const loader = route.loader
export const action = route.action
