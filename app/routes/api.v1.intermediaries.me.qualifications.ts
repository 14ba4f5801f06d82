// GET /api/v1/intermediaries/me/qualifications — the acting intermediary's qualifications.
// POST /api/v1/intermediaries/me/qualifications — declares one (自主申报 until verified).
import { createQualification, listOwnQualifications } from '#app/domain/intermediaries/qualifications.server.ts'
import { QualificationInput } from '#app/domain/intermediaries/entry-schemas.ts'
import { apiRoute, jsonResponse, method, requireActor } from '#app/utils/api.server.ts'
import { QualificationAnswer, QualificationList } from '#app/domain/intermediaries/responses.ts'

const route = apiRoute(
  {
    GET: method({
      responses: { 200: QualificationList },
      auth: true,
      summary: '本中介机构的资质',
      handler: async ({ actor }) => jsonResponse({ items: await listOwnQualifications(requireActor(actor)) }),
    }),
    POST: method({
      responses: { 201: QualificationAnswer },
      auth: true,
      body: QualificationInput,
      summary: '申报资质（自主申报，待核验）',
      handler: async ({ actor, body }) => jsonResponse(await createQualification(requireActor(actor), body), 201),
    }),
  },
  { path: '/api/v1/intermediaries/me/qualifications', tag: 'intermediaries' },
)
export const loader = route.loader
export const action = route.action
