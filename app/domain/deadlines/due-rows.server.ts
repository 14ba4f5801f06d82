// The chronograph's claim loop (DESIGN §8), shared by every table with a `nextCheckAt`: claim the
// most overdue row with FOR UPDATE SKIP LOCKED (so concurrent workers take different rows), apply one
// step in the same transaction, repeat until nothing is due. With `wait` (the test clock) the claim
// waits for rows that requests hold instead of skipping them, so that everything due is applied
// before the clock answers. A step must move the row's nextCheckAt past `at` or clear it.
import { prisma, type Tx } from '#app/db.server.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import { Prisma } from '#app/generated/prisma/client.ts'

export type DueTable = 'Announcement' | 'Objection'
export type DrainOptions = { wait?: boolean; limit?: number }

export async function drainDue(
  table: DueTable,
  stepRow: (tx: Tx, id: string, at: Date) => Promise<void>,
  options: DrainOptions = {},
): Promise<number> {
  const lock = Prisma.raw(options.wait ? 'FOR UPDATE' : 'FOR UPDATE SKIP LOCKED')
  const limit = options.limit ?? 500
  let steps = 0
  while (steps < limit) {
    const claimed = await prisma.$transaction(async (tx) => {
      const at = now()
      const [due] = await tx.$queryRaw<Array<{ id: string }>>`
        SELECT id FROM ${Prisma.raw(`\`${table}\``)} WHERE nextCheckAt IS NOT NULL AND nextCheckAt <= ${at}
        ORDER BY nextCheckAt LIMIT 1 ${lock}`
      if (!due) return false
      await stepRow(tx, due.id, at)
      return true
    })
    if (!claimed) break
    steps += 1
  }
  return steps
}
