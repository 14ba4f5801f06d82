// Performance events (PerformanceEvent: facts about a firm's conduct that other capabilities record
// in their own transactions — a winner declining, a service overdue, a deliverable returned …)
// become credit records through the rule table: each rule lists the event kinds that trigger it
// (CreditRuleTrigger) and how they are counted (every countThreshold-th event, within
// countWindowDays, of the same announcement when countPerAnnouncement). Which kinds map to which
// rules is data; only the counting is code (score.ts countFires).
//
// A periodic task (jobs/credit.ts) consumes the events not yet processed, each claimed with SKIP
// LOCKED in a transaction of its own, and marks each processed (creditProcessedAt) in the same transaction as the records
// it raised; a record is unique per event and rule, so that a replay raises nothing twice. A fact
// recorded by this capability itself (an upheld complaint) is applied at once, in its transaction.
import { prisma, type Tx } from '#app/db.server.ts'
import { creditRecordMachine } from '#app/domain/credit/credit-record-machine.server.ts'
import { countFires } from '#app/domain/credit/score.ts'
import { addDays } from '#app/domain/clock/china-time.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import { applyEvent, transact } from '#app/domain/engine/engine.server.ts'
import { SYSTEM } from '#app/domain/engine/machine.ts'
import type { PerformanceEvent } from '#app/generated/prisma/client.ts'
import { logger } from '#app/utils/logger.server.ts'

/** The kinds agreed between the capabilities that record them and the rule table. */
export const PERFORMANCE_EVENT_KINDS = [
  'AWARD_DECLINED',
  'WINNER_ABANDONED',
  'SERVICE_OVERDUE',
  'SERVICE_OVERDUE_SEVERE',
  'DELIVERABLE_RETURNED',
  'COMPLETED_ON_TIME',
  'OWNER_PAYMENT_OVERDUE',
  'COMPLAINT_UPHELD',
  'RATING_FIVE_STARS',
] as const

export type PerformanceFact = {
  organizationId: string
  kind: (typeof PERFORMANCE_EVENT_KINDS)[number]
  announcementId?: string | null
  detail: string
  occurredAt: Date
}

/** How many events of `kinds` count for `event` under a rule: up to and including it, in its window and scope. */
async function countFor(
  tx: Tx,
  event: PerformanceEvent,
  kinds: string[],
  rule: { countWindowDays: number | null; countPerAnnouncement: boolean },
): Promise<number> {
  const since = rule.countWindowDays ? addDays(event.occurredAt, -rule.countWindowDays) : null
  return tx.performanceEvent.count({
    where: {
      organizationId: event.organizationId,
      kind: { in: kinds },
      ...(rule.countPerAnnouncement ? { announcementId: event.announcementId } : {}),
      ...(since ? { occurredAt: { gt: since } } : {}),
      OR: [{ occurredAt: { lt: event.occurredAt } }, { occurredAt: event.occurredAt, id: { lte: event.id } }],
    },
  })
}

/**
 * Applies the rules that `event` triggers and marks it processed; answers the ids of the records
 * raised. Runs inside the caller's transaction, with the event row locked by the caller.
 */
export async function applyCreditRules(tx: Tx, event: PerformanceEvent, at: Date): Promise<string[]> {
  const triggers = await tx.creditRuleTrigger.findMany({
    where: { eventKind: event.kind, rule: { active: true } },
    include: { rule: { include: { triggers: { select: { eventKind: true } } } } },
    orderBy: { rule: { sortOrder: 'asc' } },
  })
  const raised: string[] = []
  for (const { rule } of triggers) {
    if (rule.countPerAnnouncement && !event.announcementId) continue
    const count =
      rule.countThreshold === 1
        ? 1
        : await countFor(
            tx,
            event,
            rule.triggers.map((t) => t.eventKind),
            rule,
          )
    if (!countFires(count, rule.countThreshold)) continue
    const already = await tx.creditRecord.findFirst({
      where: { performanceEventId: event.id, ruleCode: rule.code },
      select: { id: true },
    })
    if (already) continue
    const organization = await tx.organization.findUnique({ where: { id: event.organizationId }, select: { type: true } })
    if (rule.subjectType && rule.subjectType !== organization?.type) continue
    const announcement = event.announcementId
      ? await tx.announcement.findUnique({ where: { id: event.announcementId }, select: { serviceItemCode: true } })
      : null
    const applied = await applyEvent(tx, creditRecordMachine, { organizationId: event.organizationId }, 'raise', SYSTEM, {
      ruleCode: rule.code,
      evidence: rule.countThreshold > 1 ? `${event.detail}（累计第 ${count} 次）` : event.detail,
      occurredAt: event.occurredAt,
      announcementId: event.announcementId,
      serviceItemCode: announcement?.serviceItemCode ?? null,
      performanceEventId: event.id,
    })
    raised.push(applied.id)
  }
  await tx.performanceEvent.update({ where: { id: event.id }, data: { creditProcessedAt: at } })
  return raised
}

/** Records a fact of this capability (e.g. an upheld complaint) and applies the rules to it at once. */
export async function recordPerformanceFact(tx: Tx, fact: PerformanceFact, at: Date): Promise<string[]> {
  const event = await tx.performanceEvent.create({
    data: {
      organizationId: fact.organizationId,
      kind: fact.kind,
      announcementId: fact.announcementId ?? null,
      detail: fact.detail.slice(0, 500),
      occurredAt: fact.occurredAt,
    },
  })
  return applyCreditRules(tx, event, at)
}

const BATCH = 50

/**
 * Consumes every unprocessed event, oldest first, one transaction each (an event whose rules fail
 * is logged and left for the next run, never blocking the others); answers how many were processed.
 */
export async function processPerformanceEvents(at: Date = now()): Promise<number> {
  let processed = 0
  const failed = new Set<string>()
  for (;;) {
    const rows = await prisma.$queryRaw<Array<{ id: string }>>`
      SELECT id FROM PerformanceEvent WHERE creditProcessedAt IS NULL ORDER BY occurredAt, id LIMIT ${BATCH + failed.size}`
    const ids = rows.map((r) => r.id).filter((id) => !failed.has(id))
    if (ids.length === 0) return processed
    let progressed = false
    for (const id of ids) {
      try {
        const done = await transact(async (tx) => {
          const [claimed] = await tx.$queryRaw<Array<{ id: string }>>`
            SELECT id FROM PerformanceEvent WHERE id = ${id} AND creditProcessedAt IS NULL FOR UPDATE SKIP LOCKED`
          if (!claimed) return false
          await applyCreditRules(tx, await tx.performanceEvent.findUniqueOrThrow({ where: { id } }), at)
          return true
        })
        if (done) processed += 1
        progressed = true
      } catch (error) {
        failed.add(id)
        logger.error({ err: error, performanceEventId: id }, 'credit rules failed for a performance event')
      }
    }
    if (!progressed) return processed
  }
}
