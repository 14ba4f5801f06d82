// GET /api/v1/credit-records/{id}/evidence — the evidence file (the organization, its supervisors).
// POST — multipart/form-data with the field `file` (PDF, JPG or PNG judged by content, at most
// 10 MiB): the recording department attaches or replaces it while the record is pending or contested.
import { CreditRecordAnswer } from '#app/domain/credit/responses.ts'
import { UPLOADED_FILE_TYPES } from '#app/utils/api-schemas.ts'
import { attachCreditEvidence, openCreditEvidence } from '#app/domain/credit/credit-records.server.ts'
import { MAX_SCAN_BYTES } from '#app/utils/file-type.ts'
import { apiRoute, jsonResponse, method, requireActor } from '#app/utils/api.server.ts'
import { fileDownload, readUploadedFile } from '#app/utils/upload.server.ts'

const route = apiRoute(
  {
    GET: method({
      responses: { 200: { binary: UPLOADED_FILE_TYPES } },
      summary: '下载信用记录的证据文件',
      handler: async ({ actor, params }) => fileDownload(await openCreditEvidence(actor, params.id ?? '')),
    }),
    POST: method({
      responses: { 200: CreditRecordAnswer },
      auth: true,
      idempotency: false,
      summary: '上传信用记录的证据文件（multipart/form-data，字段 file）',
      handler: async ({ actor, request, params }) => {
        const signedIn = requireActor(actor)
        const file = await readUploadedFile(request, 'file', MAX_SCAN_BYTES)
        return jsonResponse(await attachCreditEvidence(signedIn, params.id ?? '', file))
      },
    }),
  },
  { path: '/api/v1/credit-records/:id/evidence', tag: 'credit' },
)
export const loader = route.loader
export const action = route.action
