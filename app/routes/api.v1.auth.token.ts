// POST /api/v1/auth/token: e-mail + password (+ organizationId) → a bearer token for one user
// acting for one organization. Without organizationId the user's oldest membership is used.
// Not replayed by Idempotency-Key: the answer carries a secret that must not be stored.
import { authenticateWithPassword, SignInThrottledError } from '#app/domain/accounts/sign-in.server.ts'
import { CredentialsSchema } from '#app/domain/accounts/schemas.ts'
import { issueApiToken } from '#app/domain/accounts/tokens.server.ts'
import { apiRoute, jsonResponse, method, problem, ProblemResponse } from '#app/utils/api.server.ts'
import { clientAddressOf } from '#app/utils/client-address.server.ts'
import { TokenAnswer } from '#app/domain/accounts/responses.ts'

const route = apiRoute(
  {
    POST: method({
      responses: { 200: TokenAnswer },
      summary: '以邮箱和密码换取接口令牌',
      body: CredentialsSchema,
      idempotency: false,
      handler: async ({ body, request }) => {
        const signedIn = await authenticateWithPassword(body, clientAddressOf(request)).catch((error: unknown) => {
          if (error instanceof SignInThrottledError) {
            throw new ProblemResponse(
              problem(429, error.message, {
                type: 'https://zjcs.gov.cn/problems/rate-limited',
                headers: { 'Retry-After': String(error.retryAfterSeconds) },
              }),
            )
          }
          throw error
        })
        const issued = await issueApiToken({ ...signedIn, name: '接口登录令牌' })
        return jsonResponse({ token: issued.token, expiresAt: issued.expiresAt.toISOString() })
      },
    }),
  },
  { path: '/api/v1/auth/token', tag: 'accounts' },
)
export const loader = route.loader
export const action = route.action
