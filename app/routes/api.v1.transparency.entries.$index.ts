// GET /api/v1/transparency/entries/{index} — one leaf of the log: its public text and hash.
import { logEntry } from '#app/domain/transparency/log.server.ts'
import { EntryAnswer, IndexParam } from '#app/domain/transparency/schemas.ts'
import { apiRoute, jsonResponse, method, problem, ProblemResponse } from '#app/utils/api.server.ts'

const route = apiRoute(
  {
    GET: method({
      summary: '透明日志的一条叶子（公开文本与叶子哈希）',
      responses: { 200: EntryAnswer },
      handler: async ({ params }) => {
        const index = IndexParam.safeParse(params.index)
        if (!index.success)
          throw new ProblemResponse(problem(400, '序号须为非负整数', { errors: { index: ['须为非负整数'] } }))
        return jsonResponse(await logEntry(index.data))
      },
    }),
  },
  { path: '/api/v1/transparency/entries/:index', tag: 'transparency' },
)
export const loader = route.loader
