// /credit-records/{id}/evidence — the web (cookie session) download of a credit record's evidence
// file, for the same readers as the API: the organization's members and its supervising departments.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { getWebActor } from '#app/domain/accounts/session.server.ts'
import { openCreditEvidence } from '#app/domain/credit/credit-records.server.ts'
import { fileDownload } from '#app/utils/upload.server.ts'
import { rethrowAsResponse } from '#app/utils/web.server.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await getWebActor(request)
  try {
    return fileDownload(await openCreditEvidence(actor, params.id ?? ''))
  } catch (error) {
    rethrowAsResponse(error)
  }
}
