// GET /api/v1/auth/tokens: the caller's own API tokens (never their values).
// POST /api/v1/auth/tokens { name, ttlDays? } → 201 { id, name, token, expiresAt }: a new token for
// the organization the caller acts for; the value is shown only in this answer (so it is not
// replayed by Idempotency-Key).
import { listApiTokens } from '#app/domain/accounts/account.server.ts'
import { TokenNameSchema } from '#app/domain/accounts/schemas.ts'
import { issueApiToken, TOKEN_TTL_DAYS } from '#app/domain/accounts/tokens.server.ts'
import { requirePermission } from '#app/domain/permissions/permissions.server.ts'
import { apiRoute, jsonResponse, method, requireActor } from '#app/utils/api.server.ts'
import { z } from '#app/utils/zod.ts'
import { TokenCreated, TokenList } from '#app/domain/accounts/responses.ts'

const CreateToken = z.strictObject({
  name: TokenNameSchema,
  ttlDays: z.number().int().min(1).max(365).optional(),
})

const route = apiRoute(
  {
    GET: method({
      responses: { 200: TokenList },
      summary: '本人的接口令牌（不含令牌值）',
      auth: true,
      handler: async ({ actor }) => {
        const tokens = await listApiTokens(requireActor(actor))
        return jsonResponse({
          items: tokens.map((t) => ({
            id: t.id,
            name: t.name,
            organizationId: t.organizationId,
            createdAt: t.createdAt.toISOString(),
            expiresAt: t.expiresAt.toISOString(),
            revokedAt: t.revokedAt?.toISOString() ?? null,
            lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
          })),
        })
      },
    }),
    POST: method({
      responses: { 201: TokenCreated },
      summary: '创建接口令牌（令牌值仅此次显示）',
      auth: true,
      idempotency: false,
      body: CreateToken,
      handler: async ({ actor, body }) => {
        const me = requireActor(actor)
        requirePermission(me, 'manage:token')
        const issued = await issueApiToken({
          userId: me.userId,
          organizationId: me.organizationId,
          name: body.name,
          ttlDays: body.ttlDays ?? TOKEN_TTL_DAYS,
        })
        return jsonResponse(
          { id: issued.id, name: body.name, token: issued.token, expiresAt: issued.expiresAt.toISOString() },
          201,
        )
      },
    }),
  },
  { path: '/api/v1/auth/tokens', tag: 'accounts' },
)
export const loader = route.loader
export const action = route.action
