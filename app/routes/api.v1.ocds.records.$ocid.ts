// GET /api/v1/ocds/records/{ocid} — the OCDS 1.1 record package of one announcement, with its releases
// and the compiled release.
import { recordPackage } from '#app/domain/ocds/packages.server.ts'
import { apiRoute, jsonResponse, method } from '#app/utils/api.server.ts'
import { RecordPackageAnswer } from '#app/domain/ocds/responses.ts'

const route = apiRoute(
  {
    GET: method({
      responses: { 200: RecordPackageAnswer },
      summary: 'OCDS 1.1 记录包（含合并后的 compiledRelease）',
      handler: async ({ url, params }) => jsonResponse(await recordPackage(url, params.ocid ?? '')),
    }),
  },
  { path: '/api/v1/ocds/records/:ocid', tag: 'ocds' },
)
export const loader = route.loader
