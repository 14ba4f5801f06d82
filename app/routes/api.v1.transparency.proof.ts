// GET /api/v1/transparency/proof?index=&treeSize= — the inclusion proof of one leaf (RFC 9162 §2.1.3).
import { inclusionProof } from '#app/domain/transparency/log.server.ts'
import { InclusionAnswer, ProofQuery } from '#app/domain/transparency/schemas.ts'
import { apiRoute, jsonResponse, method, parseQuery } from '#app/utils/api.server.ts'

const route = apiRoute(
  {
    GET: method({
      summary: '叶子的包含证明（RFC 9162 §2.1.3）',
      query: ProofQuery,
      responses: { 200: InclusionAnswer },
      handler: async ({ url }) => {
        const { index, treeSize } = parseQuery(url, ProofQuery)
        return jsonResponse(await inclusionProof(index, treeSize))
      },
    }),
  },
  { path: '/api/v1/transparency/proof', tag: 'transparency' },
)
export const loader = route.loader
