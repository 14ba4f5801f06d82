// GET /api/v1/audit/verify — whether the log verified at its latest checked checkpoint (the log
// monitor checks each new checkpoint once; this answer does no rehashing).
import { VerifyAnswerSchema } from '#app/domain/transparency/schemas.ts'
import { latestVerification } from '#app/domain/transparency/verify.server.ts'
import { apiRoute, jsonResponse, method } from '#app/utils/api.server.ts'

const route = apiRoute(
  {
    GET: method({
      summary: '审计日志在最近一次检查的检查点处是否校验通过',
      responses: { 200: VerifyAnswerSchema },
      handler: async () => jsonResponse(await latestVerification()),
    }),
  },
  { path: '/api/v1/audit/verify', tag: 'audit' },
)
export const loader = route.loader
