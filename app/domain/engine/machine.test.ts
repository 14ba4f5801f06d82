// The pure questions of a machine's table: who may apply what now (in the order that hides state
// from strangers), which deadline event is due, and when a row must be looked at next.
import { describe, expect, test } from 'vitest'
import {
  SYSTEM,
  allowedEvents,
  defineMachine,
  dueEvent,
  nextCheckAt,
  refusal,
  roleRefusal,
  type AnyMachine,
  type EventSpec,
} from '#app/domain/engine/machine.ts'
import type { Actor } from '#app/domain/permissions/permissions.server.ts'

type Row = { id: string; status: 'OPEN' | 'CLOSED' | 'DONE'; owner: string; closesAt: Date; remindAt: Date | null }

const actor = (organizationId: string, roleName = 'owner.admin'): Actor => ({
  userId: `u-${organizationId}`,
  userName: 'x',
  email: 'x@example.com',
  organizationId,
  organizationName: 'x',
  organizationType: 'OWNER',
  organizationStatus: 'ACTIVE',
  roleName,
  permissions: new Set(),
  department: null,
})

const machine = defineMachine<
  Row,
  Row['status'],
  { edit: { input: void; result: void }; close: { input: void; result: void }; remind: { input: void; result: void } },
  Record<string, unknown>
>({
  entity: 'Thing',
  table: 'Thing',
  statusLabels: { OPEN: '进行中', CLOSED: '已截止', DONE: '已完成' },
  notFound: '未找到',
  load: async () => null,
  idOf: (row) => row.id,
  storedCheckAt: () => null,
  write: async () => {},
  events: {
    edit: {
      label: '修改',
      from: ['OPEN'],
      to: 'OPEN',
      by: (a, row) => a.organizationId === row.owner,
      role: (a) => a.roleName === 'owner.admin',
      forbidden: '只有所有者可以修改',
      guard: (row, at) => (at < row.closesAt ? null : '已过截止时间'),
    },
    close: { label: '截止', from: ['OPEN'], to: 'CLOSED', by: 'system', dueAt: (row) => row.closesAt },
    remind: {
      label: '提醒',
      from: ['OPEN', 'CLOSED'],
      to: ['OPEN', 'CLOSED'],
      by: 'system',
      dueAt: (row) => row.remindAt,
    },
  },
})

const row: Row = {
  id: 't1',
  status: 'OPEN',
  owner: 'org-a',
  closesAt: new Date('2026-12-10T00:00:00Z'),
  remindAt: new Date('2026-12-08T00:00:00Z'),
}
const before = new Date('2026-12-07T00:00:00Z')
const spec = (name: keyof typeof machine.events) =>
  machine.events[name] as EventSpec<Row, Row['status'], unknown, unknown, unknown>

describe('refusal', () => {
  test('the owner may edit an open row before its deadline', () => {
    expect(refusal(machine, spec('edit'), row, actor('org-a'), before)).toBeNull()
  })
  test('a stranger is refused 403 even when the state is wrong too: the state stays hidden', () => {
    const refused = refusal(machine, spec('edit'), { ...row, status: 'DONE' }, actor('org-b'), before)
    expect([refused?.status, refused?.message]).toEqual([403, '只有所有者可以修改'])
  })
  test('the owner in a wrong state gets 409 naming the state', () => {
    const refused = refusal(machine, spec('edit'), { ...row, status: 'DONE' }, actor('org-a'), before)
    expect([refused?.status, refused?.message]).toEqual([409, '当前为「已完成」状态，不能修改'])
  })
  test('a guard that says no is a 409 with its reason', () => {
    const refused = refusal(machine, spec('edit'), row, actor('org-a'), new Date('2026-12-11T00:00:00Z'))
    expect([refused?.status, refused?.message]).toEqual([409, '已过截止时间'])
  })
  test('a role that may never apply the event is refused before any row is read', () => {
    expect(roleRefusal(spec('edit'), actor('org-a', 'owner.member'))?.status).toBe(403)
    expect(roleRefusal(spec('edit'), actor('org-a'))).toBeNull()
    expect(roleRefusal(spec('edit'), SYSTEM)).toBeNull()
  })
  test('a deadline event is the platform’s alone', () => {
    expect(refusal(machine, spec('close'), row, actor('org-a'), before)?.status).toBe(403)
    expect(refusal(machine, spec('close'), row, SYSTEM, before)).toBeNull()
  })
})

describe('allowedActions', () => {
  test('lists exactly the events the refusal lets through, never a deadline event', () => {
    expect(allowedEvents(machine, row, actor('org-a'), before)).toEqual(['edit'])
    expect(allowedEvents(machine, row, actor('org-b'), before)).toEqual([])
    expect(allowedEvents(machine, row, actor('org-a', 'owner.member'), before)).toEqual([])
    expect(allowedEvents(machine, row, null, before)).toEqual([])
    expect(allowedEvents(machine, row, actor('org-a'), new Date('2026-12-11T00:00:00Z'))).toEqual([])
  })
})

describe('deadlines', () => {
  test('nextCheckAt is the earliest due instant of the system events of the state', () => {
    expect(nextCheckAt(machine, row)).toEqual(row.remindAt)
    expect(nextCheckAt(machine, { ...row, remindAt: null })).toEqual(row.closesAt)
    expect(nextCheckAt(machine, { ...row, status: 'CLOSED', remindAt: null })).toBeNull()
    expect(nextCheckAt(machine, { ...row, status: 'DONE' })).toBeNull()
  })
  test('the due event is the first of the table that is due', () => {
    expect(dueEvent(machine, row, before)).toBeNull()
    expect(dueEvent(machine, row, new Date('2026-12-08T00:00:00Z'))).toBe('remind')
    expect(dueEvent(machine, { ...row, remindAt: null }, new Date('2026-12-10T00:00:00Z'))).toBe('close')
    expect(dueEvent(machine, row, new Date('2026-12-11T00:00:00Z'))).toBe('close')
  })
  test('a table with a scheduled event that is not the system’s is refused', () => {
    expect(() =>
      defineMachine({
        ...machine,
        events: { ...machine.events, edit: { ...machine.events.edit, dueAt: () => null } },
      } as AnyMachine),
    ).toThrow(/only system events are scheduled/)
  })
})
