// GET /api/v1/transparency/checkpoint — the latest signed checkpoint of the transparency log.
import { latestCheckpoint } from '#app/domain/transparency/log.server.ts'
import { CheckpointAnswer } from '#app/domain/transparency/schemas.ts'
import { apiRoute, jsonResponse, method } from '#app/utils/api.server.ts'

const route = apiRoute(
  {
    GET: method({
      summary: '透明日志的最新签名检查点（树大小、根哈希、时间、Ed25519 签名与公钥）',
      responses: { 200: CheckpointAnswer },
      handler: async () => jsonResponse(await latestCheckpoint()),
    }),
  },
  { path: '/api/v1/transparency/checkpoint', tag: 'transparency' },
)
export const loader = route.loader
