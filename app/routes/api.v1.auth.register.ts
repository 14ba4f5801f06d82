// POST /api/v1/auth/register: an owner or intermediary registers its organization and first user.
import { registerOrganization } from '#app/domain/accounts/registration.server.ts'
import { RegistrationSchema } from '#app/domain/accounts/schemas.ts'
import { apiRoute, jsonResponse, method } from '#app/utils/api.server.ts'
import { Registered } from '#app/domain/accounts/responses.ts'

const route = apiRoute(
  {
    POST: method({
      responses: { 201: Registered },
      summary: '注册项目业主或中介机构及其第一个用户',
      body: RegistrationSchema,
      handler: async ({ body }) => {
        const created = await registerOrganization(body)
        return jsonResponse(created, 201)
      },
    }),
  },
  { path: '/api/v1/auth/register', tag: 'accounts' },
)
export const loader = route.loader
export const action = route.action
