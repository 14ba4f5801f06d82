// GET /api/v1/blacklist/{id} — one entry with allowedActions (the firm: `repair` once the minimum
// period has passed); public while in force, otherwise to the firm, its supervisors and the deciding
// department, who also see its repair applications.
import { BlacklistEntryAnswer } from '#app/domain/credit/responses.ts'
import { getBlacklistEntry } from '#app/domain/credit/blacklist.server.ts'
import { apiRoute, jsonResponse, method } from '#app/utils/api.server.ts'

const route = apiRoute(
  {
    GET: method({
      responses: { 200: BlacklistEntryAnswer },
      summary: '黑名单记录',
      handler: async ({ actor, params }) => jsonResponse(await getBlacklistEntry(actor, params.id ?? '')),
    }),
  },
  { path: '/api/v1/blacklist/:id', tag: 'credit' },
)
export const loader = route.loader
export const action = route.action
