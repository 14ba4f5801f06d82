// What a credit page shows: the score and level, the history (a chart rendered on the server and
// the same points as a table), the records (effective ones to the public, all to the organization
// and its supervisors), the blacklist entries and their repair applications.
import { prisma } from '#app/db.server.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import { blacklistEntriesOf, type BlacklistEntryView } from '#app/domain/credit/blacklist.server.ts'
import { scoreChartSvg } from '#app/domain/credit/chart.server.ts'
import { listCreditRecords, seesAllRecords, type CreditRecordView } from '#app/domain/credit/credit-records.server.ts'
import { creditOf, scoreHistory, type ScorePoint } from '#app/domain/credit/standing.server.ts'
import type { CreditLevel } from '#app/domain/credit/level.ts'
import { notFound } from '#app/domain/errors.ts'
import type { Actor } from '#app/domain/permissions/permissions.server.ts'

export type CreditHistory = { organizationId: string; score: number; level: CreditLevel; history: ScorePoint[] }

/** Public: the score now and every change of it. */
export async function creditHistory(organizationId: string): Promise<CreditHistory> {
  const organization = await prisma.organization.findUnique({ where: { id: organizationId }, select: { id: true } })
  if (!organization) throw notFound('未找到该机构')
  const [standing, history] = await Promise.all([creditOf([organizationId]), scoreHistory(organizationId)])
  const { score, level } = standing.get(organizationId)!
  return { organizationId, score, level, history }
}

export type CreditPage = CreditHistory & {
  name: string
  chartSvg: string | null
  records: CreditRecordView[]
  recordsTotal: number
  blacklist: BlacklistEntryView[]
  /** the organization itself or a supervisor: every record, not only the effective ones */
  full: boolean
}

export async function creditPage(actor: Actor | null, organizationId: string): Promise<CreditPage> {
  const organization = await prisma.organization.findUnique({ where: { id: organizationId }, select: { name: true } })
  if (!organization) throw notFound('未找到该机构')
  const [history, records, blacklist, full] = await Promise.all([
    creditHistory(organizationId),
    listCreditRecords(actor, organizationId, { page: 1, pageSize: 100 }),
    blacklistEntriesOf(actor, organizationId),
    seesAllRecords(actor, organizationId),
  ])
  return {
    ...history,
    name: organization.name,
    chartSvg: await scoreChartSvg(history.history, now()),
    records: records.items,
    recordsTotal: records.total,
    blacklist,
    full,
  }
}
