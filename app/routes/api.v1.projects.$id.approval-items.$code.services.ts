// GET /api/v1/projects/{id}/approval-items/{code}/services — the approval walk: each service item the
// approval item needs (required first) with its announcements and contract status.
import { approvalWalk } from '#app/domain/projects/projects.server.ts'
import { apiRoute, jsonResponse, method, requireActor } from '#app/utils/api.server.ts'
import { ApprovalWalkAnswer } from '#app/domain/projects/responses.ts'

const route = apiRoute(
  {
    GET: method({
      responses: { 200: ApprovalWalkAnswer },
      auth: true,
      summary: '审批事项所需的中介服务及其公告、合同状态',
      handler: async ({ actor, params }) => {
        const items = await approvalWalk(requireActor(actor), params.id ?? '', params.code ?? '')
        return jsonResponse({ items })
      },
    }),
  },
  { path: '/api/v1/projects/:id/approval-items/:code/services', tag: 'projects' },
)
export const loader = route.loader
