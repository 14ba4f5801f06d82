// Platform rules as data (AppSetting rows `rule.*`, seeded by a migration, edited by the platform
// admin). Periods are calendar days on the application clock.
import { prisma, type Tx } from '#app/db.server.ts'
import { audit } from '#app/domain/audit/audit.server.ts'
import { requirePermission, type Actor } from '#app/domain/permissions/permissions.server.ts'

export const RULE_DEFAULTS = {
  minBiddingDays: 3,
  publicityDays: 3,
  minimumBids: 3,
  objectionAnswerDays: 3,
  objectionEscalationDays: 3,
  technicalScoringDays: 3,
} as const

export type PlatformRules = { -readonly [K in keyof typeof RULE_DEFAULTS]: number }
export type RuleName = keyof PlatformRules

export const RULE_DESCRIPTIONS: Record<RuleName, string> = {
  minBiddingDays: '发布公告至报名截止的最短天数（自然日）',
  publicityDays: '中选结果公示天数（自然日）',
  minimumBids: '竞争性选取方式的最少有效报名数',
  objectionAnswerDays: '业主答复质疑的期限（自然日）',
  objectionEscalationDays: '质疑人对答复不满意、提请主管部门处理的期限（自然日）',
  technicalScoringDays: '综合评分中评审人员提交技术评分的期限（自然日）',
}

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

export async function updatePlatformRules(actor: Actor, changes: Partial<PlatformRules>): Promise<PlatformRules> {
  requirePermission(actor, 'manage:platform-rule')
  return prisma.$transaction(async (tx) => {
    const before = await platformRules(tx)
    for (const [name, value] of Object.entries(changes) as Array<[RuleName, number]>) {
      await tx.appSetting.upsert({ where: { key: key(name) }, create: { key: key(name), value: String(value) }, update: { value: String(value) } })
    }
    const after = await platformRules(tx)
    await audit(tx, { actor, entityType: 'PlatformRules', entityId: 'rules', action: 'update', before, after })
    return after
  })
}

export const DAY_MS = 24 * 60 * 60 * 1000
export const addDays = (from: Date, days: number) => new Date(from.getTime() + days * DAY_MS)
