// /qualifications/{id}/scan — the web (cookie session) download of a qualification scan, for the
// same readers as the API: the intermediary's members, its supervising departments, the admin.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { getWebActor } from '#app/domain/accounts/session.server.ts'
import { openScan } from '#app/domain/intermediaries/qualifications.server.ts'
import { fileDownload } from '#app/utils/upload.server.ts'
import { rethrowAsResponse } from '#app/utils/web.server.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await getWebActor(request)
  try {
    return fileDownload(await openScan(actor, params.id ?? ''))
  } catch (error) {
    rethrowAsResponse(error)
  }
}
