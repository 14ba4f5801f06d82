// The activity of an intermediary's entry (僵尸中介, DESIGN §3): an entry nobody has signed in to,
// bid from or updated for a year is asked to confirm that the firm still practises; without a
// confirmation within 30 days it is shown as 休眠 (dormant) in the directory and left out of random
// inspections, until the firm signs in again. Signing in is the confirmation the notice asks for
// (every API token and web session begins with one), and a bid or a profile update through a
// long-lived token counts as activity too. Nothing is deleted, and a dormant firm keeps every right.
// (Lotteries draw among registrants only, and registering is itself activity, so a dormant firm is
// never in a draw; inspections use `dormantSql` to leave dormant entries out.)
//
//   ACTIVE         --ask (system, a year after the last activity)--> ASKED     the firm is asked to sign in
//   ASKED          --sleep (system, 30 days after asking)-->          DORMANT   休眠 in the directory
//   ASKED, DORMANT --wake (internal: sign-in, bid, profile update)--> ACTIVE
import type { Tx } from '#app/db.server.ts'
import { lockRow } from '#app/domain/announcements/machine.server.ts'
import { addDays, formatBeijingTime } from '#app/domain/clock/china-time.ts'
import { scheduleMachine } from '#app/domain/engine/engine.server.ts'
import { defineMachine, type LoadOptions } from '#app/domain/engine/machine.ts'
import { enqueueSearchSync } from '#app/domain/intermediaries/search-sync.server.ts'
import { notify } from '#app/domain/notifications/notifications.server.ts'
import { Prisma, type EntryActivity } from '#app/generated/prisma/client.ts'
import type { EntryActivityStatus } from '#app/generated/prisma/enums.ts'
import { ACTIVITY_STATUS_LABELS } from '#app/utils/credit-labels.ts'

/** Silence after which the firm is asked to confirm (calendar days). */
export const ASK_AFTER_DAYS = 365
/** Days the firm has to confirm before its entry is shown as dormant. */
export const CONFIRM_DAYS = 30

export type ActivityRow = EntryActivity

async function load(db: Tx, id: string, { lock }: LoadOptions): Promise<ActivityRow | null> {
  if (!(await lockRow(db, 'EntryActivity', id, lock))) return null
  return db.entryActivity.findUnique({ where: { id } })
}

/**
 * What woke the entry. A bid wakes it as plain 'activity': the audit log must not tell that the firm
 * bid before the deadline (sealed bids).
 */
export type WakeInput = { via: 'sign-in' | 'profile' | 'activity' }

const awake = (at: Date) => ({ lastActiveAt: at, askedAt: null, dormantAt: null })

export const activityMachine = defineMachine<
  ActivityRow,
  EntryActivityStatus,
  {
    ask: { input: void; result: void }
    sleep: { input: void; result: void }
    wake: { input: WakeInput; result: void }
  },
  Prisma.EntryActivityUncheckedUpdateInput
>({
  entity: 'EntryActivity',
  table: 'EntryActivity',
  statusLabels: ACTIVITY_STATUS_LABELS,
  notFound: '未找到该机构的入驻活跃记录',
  load,
  idOf: (row) => row.id,
  storedCheckAt: (row) => row.nextCheckAt,
  write: async (tx, id, data) => {
    await tx.entryActivity.update({ where: { id }, data })
  },
  events: {
    ask: {
      label: '询问经营状态',
      from: ['ACTIVE'],
      to: 'ASKED',
      by: 'system',
      dueAt: (row) => addDays(row.lastActiveAt, ASK_AFTER_DAYS),
      run: async ({ tx, row, at }) => {
        const confirmBy = addDays(at, CONFIRM_DAYS)
        await notify(tx, {
          organizationId: row.id,
          kind: 'activity-confirm',
          title: '请确认贵机构仍在正常执业',
          body: `贵机构已一年未登录、报名或更新入驻信息。请在 ${formatBeijingTime(confirmBy)} 前登录平台确认；逾期未确认的，名录中将显示为“休眠”，不参加随机抽查，直至再次登录。`,
          link: '/account/entry',
          dedupeKey: `activity-confirm:${row.id}:${at.getTime()}`,
        })
        return { set: { askedAt: at }, audit: { lastActiveAt: row.lastActiveAt, confirmBy } }
      },
    },
    sleep: {
      label: '转为休眠',
      from: ['ASKED'],
      to: 'DORMANT',
      by: 'system',
      dueAt: (row) => (row.askedAt ? addDays(row.askedAt, CONFIRM_DAYS) : null),
      run: async ({ tx, row, at }) => {
        await enqueueSearchSync(tx, row.id)
        return { set: { dormantAt: at }, audit: { askedAt: row.askedAt } }
      },
    },
    wake: {
      label: '恢复活跃',
      from: ['ASKED', 'DORMANT'],
      to: 'ACTIVE',
      by: 'internal',
      run: async ({ tx, row, at, input }) => {
        await enqueueSearchSync(tx, row.id)
        return { set: awake(at), audit: { via: input.via } }
      },
    },
  },
})

scheduleMachine(activityMachine)

/** A raw SQL condition: the organization (alias.id) has a dormant entry. For inspections' candidate lists. */
export function dormantSql(organizationAlias: string): Prisma.Sql {
  return Prisma.sql`EXISTS (SELECT 1 FROM EntryActivity ea WHERE ea.id = ${Prisma.raw(`${organizationAlias}.id`)} AND ea.status = 'DORMANT')`
}
