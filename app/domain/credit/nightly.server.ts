// The nightly pass over credit scores: every organization with a stored score or an effective record
// is recomputed (one transaction each), so that a score is right even if an expiry step was missed;
// a change is recorded in the score's history like any other. Run once per China date by
// jobs/credit.ts (the first worker to claim the date runs it).
import { prisma } from '#app/db.server.ts'
import { chinaDate } from '#app/domain/clock/china-time.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import { settle } from '#app/domain/credit/credit-record-machine.server.ts'
import { transact } from '#app/domain/engine/engine.server.ts'
import { logger } from '#app/utils/logger.server.ts'

const LAST_RUN_KEY = 'credit.nightly.lastDate'

/** Recomputes every score; answers how many changed. */
export async function recomputeAllStandings(at: Date = now()): Promise<number> {
  const rows = await prisma.$queryRaw<Array<{ id: string }>>`
    SELECT organizationId AS id FROM CreditStanding
    UNION SELECT DISTINCT organizationId AS id FROM CreditRecord WHERE status = 'EFFECTIVE'`
  let changed = 0
  for (const { id } of rows) {
    try {
      const change = await transact((tx) => settle(tx, id, at, 'nightly', null))
      if (change.changed) changed += 1
    } catch (error) {
      logger.error({ err: error, organizationId: id }, 'nightly credit recomputation failed')
    }
  }
  return changed
}

/** Claims today's China date for the nightly pass; false when it already ran today. */
async function claimToday(at: Date): Promise<boolean> {
  const today = chinaDate(at)
  return prisma.$transaction(async (tx) => {
    await tx.appSetting.upsert({ where: { key: LAST_RUN_KEY }, create: { key: LAST_RUN_KEY, value: '' }, update: {} })
    const [row] = await tx.$queryRaw<Array<{ value: string }>>`
      SELECT value FROM AppSetting WHERE \`key\` = ${LAST_RUN_KEY} FOR UPDATE`
    if (row?.value === today) return false
    await tx.appSetting.update({ where: { key: LAST_RUN_KEY }, data: { value: today } })
    return true
  })
}

/** The nightly pass, at most once per China date. */
export async function runNightlyCredit(at: Date = now()): Promise<number | null> {
  if (!(await claimToday(at))) return null
  return recomputeAllStandings(at)
}
