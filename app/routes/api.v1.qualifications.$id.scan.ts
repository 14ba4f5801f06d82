// GET /api/v1/qualifications/{id}/scan — downloads a qualification's scan: for the intermediary's
// members, the departments supervising its service items and the platform admin only.
import { openScan } from '#app/domain/intermediaries/qualifications.server.ts'
import { apiRoute, method } from '#app/utils/api.server.ts'
import { fileDownload } from '#app/utils/upload.server.ts'
import { UPLOADED_FILE_TYPES } from '#app/utils/api-schemas.ts'

const route = apiRoute(
  {
    GET: method({
      responses: { 200: { binary: UPLOADED_FILE_TYPES } },
      auth: true,
      summary: '下载资质证书扫描件（本机构、主管部门、平台管理员）',
      handler: async ({ actor, params }) => fileDownload(await openScan(actor, params.id ?? '')),
    }),
  },
  { path: '/api/v1/qualifications/:id/scan', tag: 'supervision' },
)
export const loader = route.loader
export const action = route.action
