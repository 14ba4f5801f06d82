// GET /api/v1/platform-rules — public; PUT — the platform admin changes some or all of them (they
// apply to what starts afterwards); an unknown rule or a value out of its range → 400 with errors.
import {
  platformRules,
  PlatformRulesInput,
  RULE_DESCRIPTIONS,
  updatePlatformRules,
} from '#app/domain/announcements/rules.server.ts'
import { apiRoute, jsonResponse, method, requireActor } from '#app/utils/api.server.ts'
import { PlatformRulesAnswer } from '#app/domain/announcements/responses.ts'

const route = apiRoute(
  {
    GET: method({
      responses: { 200: PlatformRulesAnswer },
      summary: '平台规则',
      handler: async () => jsonResponse({ rules: await platformRules(), descriptions: RULE_DESCRIPTIONS }),
    }),
    PUT: method({
      responses: { 200: PlatformRulesAnswer },
      auth: true,
      body: PlatformRulesInput,
      summary: '修改平台规则（平台管理员）',
      handler: async ({ actor, body }) => jsonResponse({ rules: await updatePlatformRules(requireActor(actor), body) }),
    }),
  },
  { path: '/api/v1/platform-rules', tag: 'platform' },
)
export const loader = route.loader
export const action = route.action
