// GET /api/v1/intermediaries/me/practitioners — the acting intermediary's practitioners (执业人员).
// POST /api/v1/intermediaries/me/practitioners — adds one.
import { addPractitioner, listPractitioners } from '#app/domain/intermediaries/practitioners.server.ts'
import { PractitionerInput } from '#app/domain/intermediaries/entry-schemas.ts'
import { apiRoute, jsonResponse, method, requireActor } from '#app/utils/api.server.ts'
import { PractitionerAnswer, PractitionerList } from '#app/domain/intermediaries/responses.ts'

const route = apiRoute(
  {
    GET: method({
      responses: { 200: PractitionerList },
      auth: true,
      summary: '本中介机构的执业人员',
      handler: async ({ actor }) => jsonResponse({ items: await listPractitioners(requireActor(actor)) }),
    }),
    POST: method({
      responses: { 201: PractitionerAnswer },
      auth: true,
      body: PractitionerInput,
      summary: '添加执业人员',
      handler: async ({ actor, body }) => jsonResponse(await addPractitioner(requireActor(actor), body), 201),
    }),
  },
  { path: '/api/v1/intermediaries/me/practitioners', tag: 'intermediaries' },
)
export const loader = route.loader
export const action = route.action
