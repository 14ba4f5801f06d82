// DELETE /api/v1/auth/tokens/{id} → 204: revokes one of the caller's own tokens (404 for anyone
// else's). Revoking twice is harmless.
import { revokeApiToken } from '#app/domain/accounts/tokens.server.ts'
import { requirePermission } from '#app/domain/permissions/permissions.server.ts'
import { apiRoute, method, requireActor } from '#app/utils/api.server.ts'

const route = apiRoute(
  {
    DELETE: method({
      responses: { 204: null },
      summary: '吊销本人的接口令牌',
      auth: true,
      handler: async ({ actor, params }) => {
        const me = requireActor(actor)
        requirePermission(me, 'manage:token')
        await revokeApiToken(me, params.id ?? '')
        return new Response(null, { status: 204 })
      },
    }),
  },
  { path: '/api/v1/auth/tokens/:id', tag: 'accounts' },
)
export const loader = route.loader
export const action = route.action
