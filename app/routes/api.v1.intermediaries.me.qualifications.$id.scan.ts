// POST /api/v1/intermediaries/me/qualifications/{id}/scan — multipart/form-data with the field
// `file`: the certificate scan (PDF, JPG or PNG judged by content, at most 10 MiB).
import { attachScan } from '#app/domain/intermediaries/qualifications.server.ts'
import { apiRoute, jsonResponse, method, requireActor } from '#app/utils/api.server.ts'
import { readUploadedFile } from '#app/utils/upload.server.ts'
import { MAX_SCAN_BYTES } from '#app/utils/file-type.ts'
import { QualificationAnswer } from '#app/domain/intermediaries/responses.ts'

const route = apiRoute(
  {
    POST: method({
      responses: { 200: QualificationAnswer },
      upload: 'file',
      auth: true,
      idempotency: false,
      summary: '上传资质证书扫描件（multipart/form-data，字段 file）',
      handler: async ({ actor, request, params }) => {
        const signedIn = requireActor(actor)
        const file = await readUploadedFile(request, 'file', MAX_SCAN_BYTES)
        return jsonResponse(await attachScan(signedIn, params.id ?? '', file))
      },
    }),
  },
  { path: '/api/v1/intermediaries/me/qualifications/:id/scan', tag: 'intermediaries' },
)
export const loader = route.loader
export const action = route.action
