// POST /api/v1/auth/tokens/{id}/revoke → 200 { id, revoked: true }: the same as DELETE
// /api/v1/auth/tokens/{id}, for clients that only send POST.
import { revokeApiToken } from '#app/domain/accounts/tokens.server.ts'
import { requirePermission } from '#app/domain/permissions/permissions.server.ts'
import { apiRoute, jsonResponse, method, requireActor } from '#app/utils/api.server.ts'
import { Revoked } from '#app/utils/api-schemas.ts'

const route = apiRoute(
  {
    POST: method({
      responses: { 200: Revoked },
      summary: '吊销本人的接口令牌（POST 形式）',
      auth: true,
      handler: async ({ actor, params }) => {
        const me = requireActor(actor)
        requirePermission(me, 'manage:token')
        await revokeApiToken(me, params.id ?? '')
        return jsonResponse({ id: params.id, revoked: true })
      },
    }),
  },
  { path: '/api/v1/auth/tokens/:id/revoke', tag: 'accounts' },
)
export const loader = route.loader
export const action = route.action
