// The stored credit score of each organization (CreditStanding) and its history (CreditScoreChange).
// Every change of a credit record recomputes the score in the same transaction (`recomputeStanding`,
// called by the credit record machine); a nightly pass recomputes everyone (jobs/credit.ts). The
// arithmetic is pure (score.ts); this module reads the records, serializes concurrent changes of one
// organization on its row, and writes the score, the history and the search document's outbox row.
import { prisma, type Tx } from '#app/db.server.ts'
import { BASE_STANDING, standingOf, type Standing } from '#app/domain/credit/score.ts'
import type { CreditLevel } from '#app/domain/credit/level.ts'
import { enqueueSearchSync } from '#app/domain/intermediaries/search-sync.server.ts'

export type CreditStanding = Standing

/** Credit score and level of each organization (every id given is in the map; no row: 100, A). */
export async function creditOf(
  organizationIds: readonly string[],
  db: Pick<Tx, 'creditStanding'> = prisma,
): Promise<Map<string, CreditStanding>> {
  const ids = [...new Set(organizationIds)]
  const rows = ids.length
    ? await db.creditStanding.findMany({ where: { organizationId: { in: ids } }, select: { organizationId: true, score: true, level: true } })
    : []
  const stored = new Map(rows.map((r) => [r.organizationId, { score: r.score, level: r.level as CreditLevel }]))
  return new Map(organizationIds.map((id) => [id, stored.get(id) ?? BASE_STANDING]))
}

export type StandingChange = {
  organizationId: string
  organizationType: string
  before: Standing
  after: Standing
  changed: boolean
}

/**
 * Recomputes one organization's score from its records as they stand in this transaction. The
 * organization's row is locked (the credit record machine locks it before the record, so that two
 * records of one firm taking effect at once are summed one after the other), and the records are
 * read with a locking read: the latest committed rows, not the transaction's snapshot. A changed
 * score is stored with a history row and the directory document is refreshed.
 */
export async function recomputeStanding(
  tx: Tx,
  organizationId: string,
  at: Date,
  cause: { cause: string; creditRecordId?: string | null },
): Promise<StandingChange> {
  const [organization] = await tx.$queryRaw<Array<{ type: string }>>`
    SELECT type FROM Organization WHERE id = ${organizationId} FOR UPDATE`
  if (!organization) throw new Error(`organization ${organizationId} does not exist`)
  const [records, [stored]] = await Promise.all([
    tx.$queryRaw<Array<{ points: number; status: string; expiresAt: Date }>>`
      SELECT points, status, expiresAt FROM CreditRecord
       WHERE organizationId = ${organizationId} AND status = 'EFFECTIVE' LOCK IN SHARE MODE`,
    tx.$queryRaw<Array<{ score: number; level: string }>>`
      SELECT score, level FROM CreditStanding WHERE organizationId = ${organizationId} FOR UPDATE`,
  ])
  const before: Standing = stored ? { score: Number(stored.score), level: stored.level as CreditLevel } : BASE_STANDING
  const after = standingOf(
    records.map((r) => ({ points: Number(r.points), status: r.status, expiresAt: new Date(r.expiresAt) })),
    at,
  )
  const changed = after.score !== before.score || after.level !== before.level
  if (changed) {
    await tx.creditStanding.upsert({
      where: { organizationId },
      create: { organizationId, score: after.score, level: after.level },
      update: { score: after.score, level: after.level },
    })
    await tx.creditScoreChange.create({
      data: {
        organizationId,
        previousScore: before.score,
        score: after.score,
        level: after.level,
        cause: cause.cause.slice(0, 64),
        creditRecordId: cause.creditRecordId ?? null,
        at,
      },
    })
    if (organization.type === 'INTERMEDIARY') await enqueueSearchSync(tx, organizationId)
  }
  return { organizationId, organizationType: organization.type, before, after, changed }
}

export type ScorePoint = { at: string; score: number; level: CreditLevel; cause: string }

/** The history of a score, oldest first, starting from the base score at the first change. */
export async function scoreHistory(organizationId: string, db: Pick<Tx, 'creditScoreChange'> = prisma): Promise<ScorePoint[]> {
  const rows = await db.creditScoreChange.findMany({
    where: { organizationId },
    orderBy: [{ at: 'asc' }, { id: 'asc' }],
    take: 500,
  })
  return rows.map((r) => ({ at: r.at.toISOString(), score: r.score, level: r.level as CreditLevel, cause: r.cause }))
}
