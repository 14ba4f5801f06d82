// GET /api/v1/me: the token's user, the organization it acts for, its role and permissions.
import { describeAccount } from '#app/domain/accounts/account.server.ts'
import { apiRoute, jsonResponse, method, requireActor } from '#app/utils/api.server.ts'
import { MeAnswer } from '#app/domain/accounts/responses.ts'

const route = apiRoute(
  {
    GET: method({
      responses: { 200: MeAnswer },
      summary: '当前令牌对应的用户、机构、角色与权限',
      auth: true,
      handler: async ({ actor }) => {
        const account = await describeAccount(requireActor(actor))
        const { regionName: _regionName, ...organization } = account.organization
        return jsonResponse({ ...account, organization })
      },
    }),
  },
  { path: '/api/v1/me', tag: 'accounts' },
)
export const loader = route.loader
export const action = route.action
