// POST /api/v1/complaints/{id}/decide — its department (the admin once escalated): { outcome:
// "UPHELD" | "REJECTED", reply } → 200 the complaint; upheld makes a credit record of the subject.
import { ComplaintAnswer } from '#app/domain/credit/responses.ts'
import { decideComplaint } from '#app/domain/complaints/complaints.server.ts'
import { ComplaintDecisionInput } from '#app/domain/credit/schemas.ts'
import { apiRoute, jsonResponse, method, requireActor } from '#app/utils/api.server.ts'

const route = apiRoute(
  {
    POST: method({
      responses: { 200: ComplaintAnswer },
      auth: true,
      body: ComplaintDecisionInput,
      summary: '办结投诉',
      handler: async ({ actor, params, body }) =>
        jsonResponse(await decideComplaint(requireActor(actor), params.id ?? '', body)),
    }),
  },
  { path: '/api/v1/complaints/:id/decide', tag: 'credit' },
)
export const loader = route.loader
export const action = route.action
