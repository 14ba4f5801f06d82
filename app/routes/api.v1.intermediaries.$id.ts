// GET /api/v1/intermediaries/{id} — the public profile of an intermediary: services, qualifications
// (verified or self-declared, expired), practitioners, commitments, performance, credit, blacklist.
import { getPublicProfile } from '#app/domain/intermediaries/directory.server.ts'
import { apiRoute, jsonResponse, method } from '#app/utils/api.server.ts'
import { PublicProfileSchema } from '#app/domain/intermediaries/responses.ts'

const route = apiRoute(
  {
    GET: method({
      responses: { 200: PublicProfileSchema },
      summary: '中介机构公开信息',
      handler: async ({ params }) => jsonResponse(await getPublicProfile(params.id ?? '')),
    }),
  },
  { path: '/api/v1/intermediaries/:id', tag: 'intermediaries' },
)
export const loader = route.loader
export const action = route.action
