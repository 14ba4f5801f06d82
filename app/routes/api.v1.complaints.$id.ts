// GET /api/v1/complaints/{id} — the complainant, the subject, its department (and the admin):
// { id, status, departmentId, dueAt, outcome, reply, allowedActions, … }; 404 for others.
import { ComplaintAnswer } from '#app/domain/credit/responses.ts'
import { getComplaint } from '#app/domain/complaints/complaints.server.ts'
import { apiRoute, jsonResponse, method, requireActor } from '#app/utils/api.server.ts'

const route = apiRoute(
  {
    GET: method({
      responses: { 200: ComplaintAnswer },
      auth: true,
      summary: '投诉',
      handler: async ({ actor, params }) => jsonResponse(await getComplaint(requireActor(actor), params.id ?? '')),
    }),
  },
  { path: '/api/v1/complaints/:id', tag: 'credit' },
)
export const loader = route.loader
export const action = route.action
