// /announcements/{id}/attachments/{fileId} — the web download of an announcement attachment, for the
// same readers as the API: everyone once published, the owner while it is a draft.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { getWebActor } from '#app/domain/accounts/session.server.ts'
import { openAttachment } from '#app/domain/announcements/attachments.server.ts'
import { fileDownload } from '#app/utils/upload.server.ts'
import { rethrowAsResponse } from '#app/utils/web.server.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await getWebActor(request)
  try {
    return fileDownload(await openAttachment(actor, params.id ?? '', params.fileId ?? ''))
  } catch (error) {
    rethrowAsResponse(error)
  }
}
