// GET /api/v1/transparency/consistency?first=&second= — the consistency proof between two tree sizes (RFC 9162 §2.1.4).
import { consistencyProof } from '#app/domain/transparency/log.server.ts'
import { ConsistencyAnswer, ConsistencyQuery } from '#app/domain/transparency/schemas.ts'
import { apiRoute, jsonResponse, method, parseQuery } from '#app/utils/api.server.ts'

const route = apiRoute(
  {
    GET: method({
      summary: '两个树大小之间的一致性证明（RFC 9162 §2.1.4）',
      query: ConsistencyQuery,
      responses: { 200: ConsistencyAnswer },
      handler: async ({ url }) => {
        const { first, second } = parseQuery(url, ConsistencyQuery)
        return jsonResponse(await consistencyProof(first, second))
      },
    }),
  },
  { path: '/api/v1/transparency/consistency', tag: 'transparency' },
)
export const loader = route.loader
