// Platform rules as data (AppSetting rows `rule.*`, seeded by migrations, edited by the platform
// admin on /admin/rules or with PUT /api/v1/platform-rules). Each rule is an integer with a unit and
// a range: periods in calendar days on the application clock (自然日), in working days (工作日) or
// in hours, and one count. The rules of contracts, ratings, credit, complaints and inspections are
// defined here already (with their defaults) so that the admin sees and sets them in one place.
import { prisma, type Tx } from '#app/db.server.ts'
import { audit } from '#app/domain/audit/audit.server.ts'
import { invalid } from '#app/domain/errors.ts'
import { requirePermission, type Actor } from '#app/domain/permissions/permissions.server.ts'
import { fieldErrorsOf, z } from '#app/utils/zod.ts'

export const RULE_DEFAULTS = {
  minBiddingDays: 3,
  publicityDays: 3,
  minimumBids: 3,
  objectionAnswerDays: 3,
  objectionEscalationDays: 3,
  technicalScoringDays: 3,
  signingDays: 5,
  ratingWindowDays: 15,
  creditObjectionWorkdays: 5,
  complaintWorkdays: 10,
  repairMinDays: 90,
  inspectionDrawHours: 24,
} as const

export type PlatformRules = { -readonly [K in keyof typeof RULE_DEFAULTS]: number }
export type RuleName = keyof PlatformRules

export const RULE_NAMES = Object.keys(RULE_DEFAULTS) as RuleName[]

export const RULE_DESCRIPTIONS: Record<RuleName, string> = {
  minBiddingDays: '发布公告至报名截止的最短天数（自然日）',
  publicityDays: '中选结果公示天数（自然日）',
  minimumBids: '竞争性选取方式的最少有效报名数',
  objectionAnswerDays: '业主答复质疑的期限（自然日）',
  objectionEscalationDays: '质疑人对答复不满意、提请主管部门处理的期限（自然日）',
  technicalScoringDays: '综合评分中评审人员提交技术评分的期限（自然日）',
  signingDays: '中选后双方签订合同的期限（工作日），逾期未签视为放弃中选',
  ratingWindowDays: '验收后双方互评的期限（自然日），期满未评的一方视为放弃，评价随即公开',
  creditObjectionWorkdays: '中介机构对待生效的信用记录提出异议的期限（工作日）',
  complaintWorkdays: '主管部门办结投诉的期限（工作日）',
  repairMinDays: '列入黑名单后可申请信用修复的最短天数（自然日）',
  inspectionDrawHours: '创建双随机抽查至抽取的间隔（小时），候选名单在此期间公开',
}

export type RuleUnit = '自然日' | '工作日' | '小时' | '家'

/** The unit of each rule and the range the admin may set it to (whole numbers). */
export const RULE_LIMITS: Record<RuleName, { unit: RuleUnit; min: number; max: number }> = {
  minBiddingDays: { unit: '自然日', min: 1, max: 60 },
  publicityDays: { unit: '自然日', min: 1, max: 30 },
  minimumBids: { unit: '家', min: 1, max: 10 },
  objectionAnswerDays: { unit: '自然日', min: 1, max: 30 },
  objectionEscalationDays: { unit: '自然日', min: 1, max: 30 },
  technicalScoringDays: { unit: '自然日', min: 1, max: 30 },
  signingDays: { unit: '工作日', min: 1, max: 30 },
  ratingWindowDays: { unit: '自然日', min: 1, max: 90 },
  creditObjectionWorkdays: { unit: '工作日', min: 1, max: 30 },
  complaintWorkdays: { unit: '工作日', min: 1, max: 60 },
  repairMinDays: { unit: '自然日', min: 1, max: 1095 },
  inspectionDrawHours: { unit: '小时', min: 1, max: 720 },
}

/** The value of one rule: a whole number in its range, with the range in the message. */
export function ruleValue(name: RuleName) {
  const { unit, min, max } = RULE_LIMITS[name]
  const range = `须为 ${min}–${max} 之间的整数（${unit}）`
  return z.number({ error: range }).int(range).min(min, range).max(max, range)
}

function ruleShape<S extends z.ZodType>(value: (name: RuleName) => S): { [K in RuleName]: S } {
  return Object.fromEntries(RULE_NAMES.map((name) => [name, value(name)])) as { [K in RuleName]: S }
}

/** Some or all rules (PUT /api/v1/platform-rules); an unknown rule is refused. */
export const PlatformRulesInput = z.strictObject(ruleShape((name) => ruleValue(name).optional()))
export type PlatformRulesInput = z.infer<typeof PlatformRulesInput>

/** Every rule (the admin form). */
export const PlatformRulesForm = z.object(ruleShape(ruleValue))

const key = (name: RuleName) => `rule.${name}`

export async function platformRules(db: Pick<Tx, 'appSetting'> = prisma): Promise<PlatformRules> {
  const rows = await db.appSetting.findMany({ where: { key: { startsWith: 'rule.' } } })
  const rules: PlatformRules = { ...RULE_DEFAULTS }
  for (const row of rows) {
    const name = row.key.slice('rule.'.length) as RuleName
    const value = Number(row.value)
    if (name in rules && Number.isInteger(value) && value >= 0) rules[name] = value
  }
  return rules
}

/**
 * The platform admin changes some rules (they apply to what starts afterwards). Each value is checked
 * against its range; anything out of range or unknown → 400 with per-rule errors, nothing changes.
 * Concurrent changes are serialized on the rule rows; a change that changes nothing is not recorded.
 */
export async function updatePlatformRules(actor: Actor, input: PlatformRulesInput): Promise<PlatformRules> {
  requirePermission(actor, 'manage:platform-rule')
  const parsed = PlatformRulesInput.safeParse(input)
  if (!parsed.success) throw invalid('平台规则有误', fieldErrorsOf(parsed.error))
  const changes = Object.entries(parsed.data).filter((entry): entry is [RuleName, number] => entry[1] !== undefined)
  return prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT \`key\` FROM AppSetting WHERE \`key\` LIKE 'rule.%' FOR UPDATE`
    const before = await platformRules(tx)
    const changed = changes.filter(([name, value]) => before[name] !== value)
    if (changed.length === 0) return before
    for (const [name, value] of changed) {
      await tx.appSetting.upsert({
        where: { key: key(name) },
        create: { key: key(name), value: String(value) },
        update: { value: String(value) },
      })
    }
    const after = await platformRules(tx)
    await audit(tx, { actor, entityType: 'PlatformRules', entityId: 'rules', action: 'update', before, after })
    return after
  })
}
