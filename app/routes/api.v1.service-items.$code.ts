// GET /api/v1/service-items/{code} — the service item, its qualification requirement and the
// approval items that need it (required first).
import { getServiceItem } from '#app/domain/catalogue/catalogue.server.ts'
import { apiRoute, jsonResponse, method } from '#app/utils/api.server.ts'
import { ServiceItemAnswer } from '#app/domain/catalogue/responses.ts'

const route = apiRoute(
  {
    GET: method({
      responses: { 200: ServiceItemAnswer },
      summary: '中介服务事项详情及需要它的审批事项',
      handler: async ({ params }) => {
        const item = await getServiceItem(params.code ?? '')
        return jsonResponse({
          code: item.code,
          name: item.name,
          department: item.department,
          fieldCode: item.fieldCode,
          active: item.active,
          legalBasis: item.legalBasis,
          qualification: item.qualification,
          feeBasis: item.feeBasis,
          standardDays: item.standardDays,
          approvalItems: item.approvalItems.map(({ code, name, required }) => ({ code, name, required })),
        })
      },
    }),
  },
  { path: '/api/v1/service-items/:code', tag: 'catalogue' },
)
export const loader = route.loader
export const action = route.action
