// GET /api/v1/platform-rules — public; PUT — the platform admin changes them (applies to
// announcements published afterwards).
import { platformRules, RULE_DESCRIPTIONS, updatePlatformRules } from '#app/domain/announcements/rules.server.ts'
import { apiRoute, jsonResponse, method, requireActor } from '#app/utils/api.server.ts'
import { z } from '#app/utils/zod.ts'
import { PlatformRulesAnswer } from '#app/domain/announcements/responses.ts'

const days = z.number().int().min(1).max(60)
const RulesInput = z.strictObject({
  minBiddingDays: days.optional(),
  publicityDays: days.optional(),
  minimumBids: z.number().int().min(1).max(20).optional(),
  objectionAnswerDays: days.optional(),
  objectionEscalationDays: days.optional(),
  technicalScoringDays: days.optional(),
})

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
      body: RulesInput,
      summary: '修改平台规则（平台管理员）',
      handler: async ({ actor, body }) => jsonResponse({ rules: await updatePlatformRules(requireActor(actor), body) }),
    }),
  },
  { path: '/api/v1/platform-rules', tag: 'platform' },
)
export const loader = route.loader
export const action = route.action
