// POST /api/v1/approval-systems/{id}/tokens/{tokenId}/revoke → 200 { id, revoked: true } (admin).
import { revokeApprovalSystemToken } from '#app/domain/integration/approval-systems.server.ts'
import { apiRoute, jsonResponse, method, requireActor } from '#app/utils/api.server.ts'
import { Revoked } from '#app/utils/api-schemas.ts'

const route = apiRoute(
  {
    POST: method({
      responses: { 200: Revoked },
      auth: true,
      summary: '吊销审批系统的接口令牌（平台管理员）',
      handler: async ({ actor, params }) =>
        jsonResponse(await revokeApprovalSystemToken(requireActor(actor), params.id ?? '', params.tokenId ?? '')),
    }),
  },
  { path: '/api/v1/approval-systems/:id/tokens/:tokenId/revoke', tag: 'integration' },
)
export const loader = route.loader
export const action = route.action
