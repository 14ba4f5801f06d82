// GET /api/v1/repair-applications/{id} — one credit repair application with allowedActions (the
// deciding department: `decide`); to the firm, its supervisors and the deciding department.
import { RepairAnswer } from '#app/domain/credit/responses.ts'
import { getRepairApplication } from '#app/domain/credit/blacklist.server.ts'
import { apiRoute, jsonResponse, method } from '#app/utils/api.server.ts'

const route = apiRoute(
  {
    GET: method({
      responses: { 200: RepairAnswer },
      summary: '信用修复申请',
      handler: async ({ actor, params }) => jsonResponse(await getRepairApplication(actor, params.id ?? '')),
    }),
  },
  { path: '/api/v1/repair-applications/:id', tag: 'credit' },
)
export const loader = route.loader
export const action = route.action
