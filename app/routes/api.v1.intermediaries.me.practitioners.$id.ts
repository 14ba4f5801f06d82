// PUT /api/v1/intermediaries/me/practitioners/{id} — edits a practitioner; `active: false`
// deactivates it (it is never deleted).
import { updatePractitioner } from '#app/domain/intermediaries/practitioners.server.ts'
import { PractitionerUpdate } from '#app/domain/intermediaries/entry-schemas.ts'
import { apiRoute, jsonResponse, method, requireActor } from '#app/utils/api.server.ts'
import { PractitionerAnswer } from '#app/domain/intermediaries/responses.ts'

const route = apiRoute(
  {
    PUT: method({
      responses: { 200: PractitionerAnswer },
      auth: true,
      body: PractitionerUpdate,
      summary: '修改或停用执业人员',
      handler: async ({ actor, params, body }) =>
        jsonResponse(await updatePractitioner(requireActor(actor), params.id ?? '', body)),
    }),
  },
  { path: '/api/v1/intermediaries/me/practitioners/:id', tag: 'intermediaries' },
)
export const loader = route.loader
export const action = route.action
