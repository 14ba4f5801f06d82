// GET /api/v1/approval-items/{code} — the approval item and the service items it needs, required first.
import { getApprovalItem } from '#app/domain/catalogue/catalogue.server.ts'
import { apiRoute, jsonResponse, method } from '#app/utils/api.server.ts'
import { ApprovalItemAnswer } from '#app/domain/catalogue/responses.ts'

const route = apiRoute(
  {
    GET: method({
      responses: { 200: ApprovalItemAnswer },
      summary: '审批事项及其所需的中介服务事项',
      handler: async ({ params }) => {
        const item = await getApprovalItem(params.code ?? '')
        return jsonResponse({
          code: item.code,
          name: item.name,
          department: item.department,
          kind: item.kind,
          fieldCode: item.fieldCode,
          active: item.active,
          legalBasis: item.legalBasis,
          serviceItems: item.serviceItems.map(({ code, name, required, note }) => ({ code, name, required, note })),
        })
      },
    }),
  },
  { path: '/api/v1/approval-items/:code', tag: 'catalogue' },
)
export const loader = route.loader
export const action = route.action
