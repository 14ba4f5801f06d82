// GET /api/v1/intermediaries/me/activity — the acting intermediary's entry activity: ACTIVE, ASKED
// (after a year without sign-in, bid or profile update; signing in confirms) or DORMANT (休眠), with
// the last activity and allowedActions (none: every transition is the platform's or a sign-in's).
import { ActivityAnswer } from '#app/domain/credit/responses.ts'
import { ownActivity } from '#app/domain/intermediaries/activity.server.ts'
import { apiRoute, jsonResponse, method, requireActor } from '#app/utils/api.server.ts'

const route = apiRoute(
  {
    GET: method({
      responses: { 200: ActivityAnswer },
      auth: true,
      summary: '本机构入驻活跃状态',
      handler: async ({ actor }) => jsonResponse(await ownActivity(requireActor(actor))),
    }),
  },
  { path: '/api/v1/intermediaries/me/activity', tag: 'intermediaries' },
)
export const loader = route.loader
export const action = route.action
