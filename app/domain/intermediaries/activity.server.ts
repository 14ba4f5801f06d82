// Signs of life of an intermediary's entry (see activity-machine.server.ts): every sign-in, bid and
// profile update calls `touchActivity` in its transaction. It costs one read while the entry is
// active and was touched within the day; otherwise it moves lastActiveAt (at most once a day) or
// wakes an asked or dormant entry.
import { prisma, type Tx } from '#app/db.server.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import { applyEvent, reschedule } from '#app/domain/engine/engine.server.ts'
import { allowedEvents, SYSTEM } from '#app/domain/engine/machine.ts'
import { notFound } from '#app/domain/errors.ts'
import { activityMachine, type WakeInput } from '#app/domain/intermediaries/activity-machine.server.ts'
import { requireOwnIntermediary } from '#app/domain/intermediaries/access.server.ts'
import type { Actor } from '#app/domain/permissions/permissions.server.ts'
import type { EntryActivityStatus } from '#app/generated/prisma/enums.ts'

const TOUCH_PRECISION_MS = 24 * 3600_000

export async function touchActivity(tx: Tx, organizationId: string, at: Date, via: WakeInput['via']): Promise<void> {
  const [row] = await tx.$queryRaw<Array<{ type: string; status: EntryActivityStatus | null; lastActiveAt: Date | null }>>`
    SELECT o.type, a.status, a.lastActiveAt FROM Organization o LEFT JOIN EntryActivity a ON a.id = o.id WHERE o.id = ${organizationId}`
  if (!row || row.type !== 'INTERMEDIARY') return
  if (row.status === 'ASKED' || row.status === 'DORMANT') {
    await applyEvent(tx, activityMachine, organizationId, 'wake', SYSTEM, { via })
    return
  }
  if (row.status === 'ACTIVE' && row.lastActiveAt && at.getTime() - new Date(row.lastActiveAt).getTime() < TOUCH_PRECISION_MS) return
  if (row.status === null) {
    await tx.$executeRaw`INSERT IGNORE INTO EntryActivity (id, lastActiveAt, updatedAt) VALUES (${organizationId}, ${at}, ${at})`
  } else {
    await tx.entryActivity.update({ where: { id: organizationId }, data: { lastActiveAt: at } })
  }
  await reschedule(tx, activityMachine, organizationId)
}

export type ActivityView = {
  status: EntryActivityStatus
  lastActiveAt: string
  askedAt: string | null
  dormantAt: string | null
  allowedActions: string[]
}

/** The acting intermediary's activity state (its entry page shows it). */
export async function ownActivity(actor: Actor): Promise<ActivityView> {
  const id = requireOwnIntermediary(actor, 'read:profile')
  const row = await activityMachine.load(prisma, id, { lock: 'none', actor })
  if (!row) throw notFound('尚无入驻活跃记录')
  return {
    status: row.status,
    lastActiveAt: row.lastActiveAt.toISOString(),
    askedAt: row.askedAt?.toISOString() ?? null,
    dormantAt: row.dormantAt?.toISOString() ?? null,
    allowedActions: allowedEvents(activityMachine, row, actor, now()),
  }
}

/** The organizations among `ids` whose entries are dormant (the directory's 休眠). */
export async function dormantAmong(ids: readonly string[], db: Pick<Tx, 'entryActivity'> = prisma): Promise<Set<string>> {
  if (ids.length === 0) return new Set()
  const rows = await db.entryActivity.findMany({ where: { id: { in: [...ids] }, status: 'DORMANT' }, select: { id: true } })
  return new Set(rows.map((r) => r.id))
}
