// POST /api/v1/approval-systems/{id}/tokens → 201 { id, token, tokenId, expiresAt }: a further token
// for an approval system (admin), e.g. to rotate the old one before revoking it.
import { issueApprovalSystemToken } from '#app/domain/integration/approval-systems.server.ts'
import { apiRoute, jsonResponse, method, requireActor } from '#app/utils/api.server.ts'
import { ApprovalSystemToken } from '#app/domain/integration/responses.ts'

const route = apiRoute(
  {
    POST: method({
      responses: { 201: ApprovalSystemToken },
      auth: true,
      idempotency: false,
      summary: '为审批系统签发新的接口令牌（平台管理员）',
      handler: async ({ actor, params }) =>
        jsonResponse(await issueApprovalSystemToken(requireActor(actor), params.id ?? ''), 201),
    }),
  },
  { path: '/api/v1/approval-systems/:id/tokens', tag: 'integration' },
)
export const loader = route.loader
export const action = route.action
