// GET /api/v1/regions?parent=&page=&pageSize= — the provinces, or the children of `parent`, sorted by
// code. pageSize defaults to 100 here (the maximum), which holds every child list of the national tree.
import { listRegions } from '#app/domain/catalogue/catalogue.server.ts'
import { apiRoute, jsonResponse, method, page, parseQuery } from '#app/utils/api.server.ts'
import { RegionQuery } from '#app/utils/catalogue-query.ts'
import { RegionListAnswer } from '#app/domain/catalogue/responses.ts'

const route = apiRoute(
  {
    GET: method({
      responses: { 200: RegionListAnswer },
      summary: '行政区划（省级，或某区划的下级）',
      handler: async ({ url }) => {
        const query = parseQuery(url, RegionQuery)
        const { items, total } = await listRegions(query)
        return jsonResponse(page(items, total, query))
      },
    }),
  },
  { path: '/api/v1/regions', tag: 'catalogue' },
)
export const loader = route.loader
export const action = route.action
