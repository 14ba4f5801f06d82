// GET /api/v1/service-items?q=&page=&pageSize= — active service items sorted by code; `q` matches a
// substring of the name or the code.
import { listServiceItems } from '#app/domain/catalogue/catalogue.server.ts'
import { apiRoute, jsonResponse, method, page, parseQuery } from '#app/utils/api.server.ts'
import { CatalogueQuery } from '#app/utils/catalogue-query.ts'
import { ServiceItemListAnswer } from '#app/domain/catalogue/responses.ts'

const route = apiRoute(
  {
    GET: method({
      responses: { 200: ServiceItemListAnswer },
      summary: '中介服务事项目录',
      handler: async ({ url }) => {
        const query = parseQuery(url, CatalogueQuery)
        const { items, total } = await listServiceItems(query)
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
  { path: '/api/v1/service-items', tag: 'catalogue' },
)
export const loader = route.loader
export const action = route.action
