// GET /api/v1/approval-items?q=&page=&pageSize= — active approval items sorted by code; `q` matches
// a substring of the name or the code.
import { listApprovalItems } from '#app/domain/catalogue/catalogue.server.ts'
import { apiRoute, jsonResponse, method, page, parseQuery } from '#app/utils/api.server.ts'
import { CatalogueQuery } from '#app/utils/catalogue-query.ts'
import { ApprovalItemListAnswer } from '#app/domain/catalogue/responses.ts'

const route = apiRoute(
  {
    GET: method({
      responses: { 200: ApprovalItemListAnswer },
      summary: '行政审批事项目录',
      handler: async ({ url }) => {
        const query = parseQuery(url, CatalogueQuery)
        const { items, total } = await listApprovalItems(query)
        return jsonResponse(
          page(
            items.map(({ active: _active, ...item }) => item),
            total,
            query,
          ),
        )
      },
    }),
  },
  { path: '/api/v1/approval-items', tag: 'catalogue' },
)
export const loader = route.loader
export const action = route.action
