// The state machine of an intermediary's entry (入驻, DESIGN §3): listed at once (零门槛), suspended
// and reinstated by a department supervising one of its service items in its region, or by the
// admin — always with a recorded, public reason. Nothing is ever deleted.
//
//   ACTIVE    --suspend (supervisor, a reason)-->   SUSPENDED   it cannot bid while suspended
//   SUSPENDED --reinstate (supervisor, a reason)--> ACTIVE
import type { Tx } from '#app/db.server.ts'
import { lockRow } from '#app/domain/announcements/machine.server.ts'
import { defineMachine, type EventContext, type LoadOptions } from '#app/domain/engine/machine.ts'
import { invalid } from '#app/domain/errors.ts'
import { intermediaryResource } from '#app/domain/intermediaries/access.server.ts'
import { ReasonInput } from '#app/domain/intermediaries/entry-schemas.ts'
import { nameOf } from '#app/domain/intermediaries/qualification-machine.server.ts'
import { enqueueSearchSync } from '#app/domain/intermediaries/search-sync.server.ts'
import { notify } from '#app/domain/notifications/notifications.server.ts'
import { can, type Permission, type Resource } from '#app/domain/permissions/permissions.server.ts'
import type { Prisma } from '#app/generated/prisma/client.ts'
import type { OrganizationStatus } from '#app/generated/prisma/enums.ts'
import { ORGANIZATION_STATUS_LABELS } from '#app/utils/intermediary-labels.ts'
import { fieldErrorsOf } from '#app/utils/zod.ts'

export const SUSPEND_ORGANIZATION = 'suspend:organization' satisfies Permission

export type EntryRow = { id: string; status: OrganizationStatus; resource: Resource }

async function load(db: Tx, id: string, { lock }: LoadOptions): Promise<EntryRow | null> {
  if (!(await lockRow(db, 'Organization', id, lock))) return null
  const resource = await intermediaryResource(db, id).catch(() => null)
  if (!resource || resource.type !== 'INTERMEDIARY') return null
  return { id, status: resource.status as OrganizationStatus, resource }
}

const SUPERVISORS_ONLY = '只有该机构所提供服务事项的行业主管部门或平台管理员可以暂停或恢复其入驻'

/** Suspension and reinstatement: the reason is recorded and public, the firm is told, the directory follows. */
function change(next: OrganizationStatus) {
  return async ({ tx, row, at, actor, input }: EventContext<EntryRow, unknown>) => {
    const parsed = ReasonInput.safeParse(input)
    if (!parsed.success)
      throw invalid(next === 'SUSPENDED' ? '暂停入驻须填写理由' : '恢复入驻须填写理由', fieldErrorsOf(parsed.error))
    const reason = parsed.data.reason
    await notify(tx, {
      organizationId: row.id,
      kind: next === 'SUSPENDED' ? 'organization-suspended' : 'organization-reinstated',
      title: next === 'SUSPENDED' ? '贵机构的入驻已被暂停' : '贵机构的入驻已恢复',
      body: `${nameOf(actor)}${next === 'SUSPENDED' ? '暂停了贵机构的入驻' : '恢复了贵机构的入驻'}，理由：${reason}`,
      link: '/account/entry',
    })
    await enqueueSearchSync(tx, row.id)
    return { set: { statusReason: reason, statusChangedAt: at }, audit: { statusReason: reason, statusChangedAt: at } }
  }
}

export const entryMachine = defineMachine<
  EntryRow,
  OrganizationStatus,
  { suspend: { input: unknown; result: void }; reinstate: { input: unknown; result: void } },
  Prisma.OrganizationUncheckedUpdateInput
>({
  entity: 'Organization',
  statusLabels: ORGANIZATION_STATUS_LABELS as Record<OrganizationStatus, string>,
  notFound: '未找到该中介机构',
  load,
  idOf: (row) => row.id,
  write: async (tx, id, data) => {
    await tx.organization.update({ where: { id }, data })
  },
  events: {
    suspend: {
      label: '暂停入驻',
      from: ['ACTIVE'],
      to: 'SUSPENDED',
      by: (actor, row) => can(actor, SUSPEND_ORGANIZATION, row.resource),
      forbidden: SUPERVISORS_ONLY,
      stateConflict: '该机构已处于暂停状态',
      run: change('SUSPENDED'),
    },
    reinstate: {
      label: '恢复入驻',
      from: ['SUSPENDED'],
      to: 'ACTIVE',
      by: (actor, row) => can(actor, SUSPEND_ORGANIZATION, row.resource),
      forbidden: SUPERVISORS_ONLY,
      stateConflict: '该机构未被暂停',
      run: change('ACTIVE'),
    },
  },
})
