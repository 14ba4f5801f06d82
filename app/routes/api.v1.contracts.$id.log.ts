// GET /api/v1/contracts/{id}/log — the contract's entries in the transparency log.
import { contractLog } from '#app/domain/transparency/entity-log.server.ts'
import { LogItemsAnswer } from '#app/domain/transparency/schemas.ts'
import { apiRoute, jsonResponse, method } from '#app/utils/api.server.ts'

const route = apiRoute(
  {
    GET: method({
      summary: '合同在透明日志中的记录',
      responses: { 200: LogItemsAnswer },
      handler: async ({ params }) => jsonResponse({ items: await contractLog(params.id ?? '') }),
    }),
  },
  { path: '/api/v1/contracts/:id/log', tag: 'transparency' },
)
export const loader = route.loader
