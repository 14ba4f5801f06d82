// GET /api/v1/intermediaries/me/activity — the acting intermediary's entry activity (ACTIVE, ASKED
// to confirm after a year of silence, DORMANT) with allowedActions.
// POST /api/v1/intermediaries/me/activity — the firm confirms that it still practises (`confirm`).
import { confirmActivity, ownActivity } from '#app/domain/intermediaries/activity.server.ts'
import { apiRoute, jsonResponse, method, requireActor } from '#app/utils/api.server.ts'

const route = apiRoute(
  {
    GET: method({
      auth: true,
      summary: '本机构入驻活跃状态',
      handler: async ({ actor }) => jsonResponse(await ownActivity(requireActor(actor))),
    }),
    POST: method({
      auth: true,
      summary: '确认本机构仍在正常执业',
      handler: async ({ actor }) => jsonResponse(await confirmActivity(requireActor(actor))),
    }),
  },
  { path: '/api/v1/intermediaries/me/activity', tag: 'intermediaries' },
)
export const loader = route.loader
export const action = route.action
