// The credit repair application's state machine (信用修复, DESIGN §6). The blacklisted firm applies
// with a statement of correction and evidence (the `repair` event of its blacklist entry, after the
// minimum period); the department that decided the entry — for an automatic entry, any department
// supervising one of the firm's service items in its region — approves it, which ends the entry
// early (recorded; the score is not restored: the records keep counting until they expire), or
// rejects it with a reason (the firm may apply again).
//
//   PENDING --decide (the deciding department, a reason)--> APPROVED (the entry is lifted) | REJECTED
import type { Tx } from '#app/db.server.ts'
import { lockRow } from '#app/domain/announcements/machine.server.ts'
import { blacklistMachine, type Subject } from '#app/domain/credit/blacklist-machine.server.ts'
import { applyEvent } from '#app/domain/engine/engine.server.ts'
import { defineMachine, type LoadOptions } from '#app/domain/engine/machine.ts'
import { invalid } from '#app/domain/errors.ts'
import { intermediaryResource } from '#app/domain/intermediaries/access.server.ts'
import { nameOf } from '#app/domain/intermediaries/qualification-machine.server.ts'
import { notify } from '#app/domain/notifications/notifications.server.ts'
import { can, hasPermission, type Actor, type Permission } from '#app/domain/permissions/permissions.server.ts'
import type { BlacklistEntry, Prisma, RepairApplication } from '#app/generated/prisma/client.ts'
import type { RepairStatus } from '#app/generated/prisma/enums.ts'
import { REPAIR_STATUS_LABELS } from '#app/utils/credit-labels.ts'

export const DECIDE_REPAIR = 'decide:credit-repair' satisfies Permission

export type RepairRow = {
  status: RepairStatus
  application: RepairApplication
  entry: BlacklistEntry
  subject: Subject
}

async function load(db: Tx, id: string, { lock }: LoadOptions): Promise<RepairRow | null> {
  const found = await db.repairApplication.findUnique({ where: { id }, select: { blacklistEntryId: true } })
  if (!found) return null
  // The entry first, then the application: the order the entry's `repair` event locks them in.
  if (!(await lockRow(db, 'BlacklistEntry', found.blacklistEntryId, lock))) return null
  if (!(await lockRow(db, 'RepairApplication', id, lock))) return null
  const [application, entry] = await Promise.all([
    db.repairApplication.findUnique({ where: { id } }),
    db.blacklistEntry.findUnique({ where: { id: found.blacklistEntryId } }),
  ])
  if (!application || !entry) return null
  const subject = await intermediaryResource(db, entry.organizationId)
  return { status: application.status, application, entry, subject }
}

/** The department that decided the entry; for an automatic one, a competent department of the firm. */
export function mayDecideRepair(actor: Actor, row: Pick<RepairRow, 'entry' | 'subject'>): boolean {
  if (row.entry.issuedByOrganizationId)
    return actor.organizationId === row.entry.issuedByOrganizationId && hasPermission(actor, DECIDE_REPAIR)
  return can(actor, DECIDE_REPAIR, row.subject)
}

export const repairMachine = defineMachine<
  RepairRow,
  RepairStatus,
  { decide: { input: { approve: boolean; reason: string }; result: void } },
  Prisma.RepairApplicationUncheckedUpdateInput
>({
  entity: 'RepairApplication',
  statusLabels: REPAIR_STATUS_LABELS,
  notFound: '未找到该信用修复申请',
  load,
  idOf: (row) => row.application.id,
  write: async (tx, id, data) => {
    await tx.repairApplication.update({ where: { id }, data })
  },
  events: {
    decide: {
      label: '审核信用修复申请',
      from: ['PENDING'],
      to: ['APPROVED', 'REJECTED'],
      by: mayDecideRepair,
      role: (actor) => hasPermission(actor, DECIDE_REPAIR),
      forbidden: '只有作出黑名单决定的主管部门可以审核该信用修复申请',
      stateConflict: '该信用修复申请已审核',
      run: async ({ tx, row, at, actor, input }) => {
        const reason = input.reason.trim()
        if (!reason) throw invalid('审核信用修复申请须填写理由', { reason: ['请填写理由'] })
        await notify(tx, {
          organizationId: row.entry.organizationId,
          kind: input.approve ? 'repair-approved' : 'repair-rejected',
          title: input.approve ? '信用修复申请已通过' : '信用修复申请未通过',
          body: `${nameOf(actor)}${input.approve ? '通过' : '未通过'}了贵机构的信用修复申请，理由：${reason}`,
          link: '/account/credit',
          dedupeKey: `repair-decided:${row.application.id}`,
        })
        const lift = input.approve && row.entry.status === 'ACTIVE'
        return {
          to: input.approve ? 'APPROVED' : 'REJECTED',
          set: {
            decisionReason: reason.slice(0, 1000),
            decidedAt: at,
            decidedByOrganizationId: actor.organizationId,
            decidedByUserId: actor.userId,
          },
          audit: { blacklistEntryId: row.entry.id, organizationId: row.entry.organizationId, approve: input.approve, reason },
          after: lift
            ? async () =>
                void (await applyEvent(tx, blacklistMachine, row.entry.id, 'lift', actor, {
                  reason: `信用修复申请通过：${reason}`,
                  repairApplicationId: row.application.id,
                }))
            : undefined,
        }
      },
    },
  },
})
