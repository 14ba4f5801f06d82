// GET /api/v1/approval-systems — the registered approval systems and their tokens (admin).
// POST /api/v1/approval-systems { name, uscc, regionCodes, departmentIds? } → 201 { id, token,
// tokenId, expiresAt }: registers one and issues its first API token (shown only in this answer).
import {
  ApprovalSystemInput,
  createApprovalSystem,
  listApprovalSystems,
} from '#app/domain/integration/approval-systems.server.ts'
import { apiRoute, jsonResponse, method, requireActor } from '#app/utils/api.server.ts'
import { ApprovalSystemList, ApprovalSystemToken } from '#app/domain/integration/responses.ts'

const route = apiRoute(
  {
    GET: method({
      responses: { 200: ApprovalSystemList },
      auth: true,
      summary: '审批系统及其接口令牌（平台管理员）',
      handler: async ({ actor }) => jsonResponse({ items: await listApprovalSystems(requireActor(actor)) }),
    }),
    POST: method({
      responses: { 201: ApprovalSystemToken },
      auth: true,
      body: ApprovalSystemInput,
      idempotency: false,
      summary: '登记审批系统并签发接口令牌（平台管理员；令牌仅此次显示）',
      handler: async ({ actor, body }) => jsonResponse(await createApprovalSystem(requireActor(actor), body), 201),
    }),
  },
  { path: '/api/v1/approval-systems', tag: 'integration' },
)
export const loader = route.loader
export const action = route.action
