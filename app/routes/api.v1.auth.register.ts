// POST /api/v1/auth/register: an owner or intermediary registers its organization and first user.
import { registerOrganization } from '#app/domain/accounts/registration.server.ts'
import { RegistrationSchema } from '#app/domain/accounts/schemas.ts'
import { apiRoute, jsonResponse, method } from '#app/utils/api.server.ts'

const route = apiRoute(
  {
    POST: method({
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
