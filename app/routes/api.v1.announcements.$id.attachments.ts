// POST /api/v1/announcements/{id}/attachments — multipart/form-data with the field `file`: adds an
// attachment to a draft (PDF, JPG or PNG judged by content, at most 20 MiB, 10 per announcement).
import { addAttachment } from '#app/domain/announcements/attachments.server.ts'
import { MAX_ATTACHMENT_BYTES } from '#app/utils/file-type.ts'
import { apiRoute, jsonResponse, method, requireActor } from '#app/utils/api.server.ts'
import { readUploadedFile } from '#app/utils/upload.server.ts'
import { AttachmentAnswer } from '#app/domain/announcements/responses.ts'

const route = apiRoute(
  {
    POST: method({
      upload: 'file',
      responses: { 201: AttachmentAnswer },
      auth: true,
      idempotency: false,
      summary: '上传公告附件（multipart/form-data，字段 file；仅草稿）',
      handler: async ({ actor, request, params }) => {
        const signedIn = requireActor(actor)
        const file = await readUploadedFile(request, 'file', MAX_ATTACHMENT_BYTES)
        return jsonResponse(await addAttachment(signedIn, params.id ?? '', file), 201)
      },
    }),
  },
  { path: '/api/v1/announcements/:id/attachments', tag: 'announcements' },
)
export const loader = route.loader
export const action = route.action
