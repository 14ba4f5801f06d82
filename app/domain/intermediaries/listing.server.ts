// Facts about an intermediary's public listing that the directory, the search documents and the
// profile page share: which qualifications count (verified and unexpired), which blacklist entry is
// active, and the province → city → county trail of a region code.
import { prisma, type Tx } from '#app/db.server.ts'
import { chinaDate, dateColumn, dateOfColumn } from '#app/domain/clock/china-time.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import { Prisma } from '#app/generated/prisma/client.ts'

/** Prisma client or a transaction: reads work in both. */
export type Reader = Tx

export const defaultReader: Reader = prisma

/** The DATE column value of today in China, for comparisons with Qualification.validTo. */
export function todayAsDateColumn(at: Date = now()): Date {
  return dateColumn(chinaDate(at))
}

/** A qualification counts for the listing (and eligibility) when verified and not expired. */
export function currentVerifiedQualificationWhere(at: Date = now()): Prisma.QualificationWhereInput {
  return { status: 'VERIFIED', validTo: { gte: todayAsDateColumn(at) } }
}

export function isExpired(validTo: Date, at: Date = now()): boolean {
  return dateOfColumn(validTo) < chinaDate(at)
}

/** A blacklist entry is active from startsAt (inclusive) to endsAt (exclusive) unless lifted. */
export function activeBlacklistWhere(at: Date = now()): Prisma.BlacklistEntryWhereInput {
  return { startsAt: { lte: at }, endsAt: { gt: at }, liftedAt: null }
}

/** The same rule as {@link activeBlacklistWhere}, as a condition on a BlacklistEntry alias in raw SQL. */
export function activeBlacklistSql(alias: string, at: Date): Prisma.Sql {
  const column = (name: string) => Prisma.raw(`${alias}.${name}`)
  return Prisma.sql`${column('startsAt')} <= ${at} AND ${column('endsAt')} > ${at} AND ${column('liftedAt')} IS NULL`
}

export type RegionTrail = { codes: string[]; names: string[] }

/**
 * The trail from the province down to each region (['510000', '510100', '510107'] with their names),
 * following Region.parentCode, so that counties directly under a province get a two-step trail.
 */
export async function regionTrails(
  codes: readonly string[],
  db: Reader = defaultReader,
): Promise<Map<string, RegionTrail>> {
  const known = new Map<string, { name: string; parentCode: string | null }>()
  let wanted = [...new Set(codes)]
  for (let depth = 0; depth < 4 && wanted.length > 0; depth++) {
    const rows = await db.region.findMany({
      where: { code: { in: wanted } },
      select: { code: true, name: true, parentCode: true },
    })
    for (const row of rows) known.set(row.code, { name: row.name, parentCode: row.parentCode })
    wanted = [...new Set(rows.flatMap((row) => (row.parentCode && !known.has(row.parentCode) ? [row.parentCode] : [])))]
  }
  const trails = new Map<string, RegionTrail>()
  for (const code of new Set(codes)) {
    const trail: RegionTrail = { codes: [], names: [] }
    let current: string | null = code
    while (current && trail.codes.length < 4) {
      const region = known.get(current)
      if (!region) break
      trail.codes.unshift(current)
      trail.names.unshift(region.name)
      current = region.parentCode
    }
    if (trail.codes.length === 0) trail.codes.push(code)
    trails.set(code, trail)
  }
  return trails
}
