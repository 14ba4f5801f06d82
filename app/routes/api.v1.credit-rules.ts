// GET /api/v1/credit-rules — the public rule table of credit records (data, seeded by a migration):
// code, description, points, validity in days, and which performance events trigger each rule.
import { CreditRuleList } from '#app/domain/credit/responses.ts'
import { listCreditRules } from '#app/domain/credit/credit-records.server.ts'
import { apiRoute, jsonResponse, method } from '#app/utils/api.server.ts'

const route = apiRoute(
  {
    GET: method({
      responses: { 200: CreditRuleList },
      summary: '信用规则表（公开）',
      handler: async () => {
        const rules = await listCreditRules()
        return jsonResponse({ items: rules, page: 1, pageSize: rules.length, total: rules.length })
      },
    }),
  },
  { path: '/api/v1/credit-rules', tag: 'credit' },
)
export const loader = route.loader
export const action = route.action
