// GET /api/v1/announcements/{id}/attachments/{fileId} — downloads an attachment (public once the
// announcement is published; a draft's only for its owner). DELETE — takes it off a draft.
import { openAttachment, removeAttachment } from '#app/domain/announcements/attachments.server.ts'
import { apiRoute, method, requireActor } from '#app/utils/api.server.ts'
import { fileDownload } from '#app/utils/upload.server.ts'
import { UPLOADED_FILE_TYPES } from '#app/utils/api-schemas.ts'

const route = apiRoute(
  {
    GET: method({
      responses: { 200: { binary: UPLOADED_FILE_TYPES } },
      summary: '下载公告附件',
      handler: async ({ actor, params }) =>
        fileDownload(await openAttachment(actor, params.id ?? '', params.fileId ?? '')),
    }),
    DELETE: method({
      responses: { 204: null },
      auth: true,
      summary: '删除草稿公告的附件',
      handler: async ({ actor, params }) => {
        await removeAttachment(requireActor(actor), params.id ?? '', params.fileId ?? '')
        return new Response(null, { status: 204 })
      },
    }),
  },
  { path: '/api/v1/announcements/:id/attachments/:fileId', tag: 'announcements' },
)
export const loader = route.loader
export const action = route.action
