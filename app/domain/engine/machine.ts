// One state machine per aggregate (STYLE.md): a table of events, each read like a line of a
// procedure document —
//   PUBLISHED --close (system, due at the deadline)--> EVALUATING
// — and the pure questions every caller asks of it: may this actor apply this event to this row now
// (`refusal`, whose answer also makes `allowedActions`), which deadline event is due (`dueEvent`), and
// when the row must be looked at next (`nextCheckAt`, derived from the table, never written by hand).
// The one function that applies an event inside a transaction is in engine.server.ts.
import type { Tx } from '#app/db.server.ts'
import { conflict, forbidden, type DomainError } from '#app/domain/errors.ts'
import type { Actor } from '#app/domain/permissions/permissions.server.ts'

/** The actor of deadline-driven steps and of the platform's own follow-ups. */
export type System = { readonly system: true; readonly userId: null; readonly organizationId: null }
export const SYSTEM: System = Object.freeze({ system: true, userId: null, organizationId: null })
export type EventActor = Actor | System
export const isSystem = (actor: EventActor | null): actor is System => actor !== null && 'system' in actor

/** What an event's work tells the engine. */
export type Outcome<S extends string, Set, Result> = {
  /** the state reached, when the event lists several */
  to?: S
  /** further columns of this row to write with the status (never `status` or `nextCheckAt`) */
  set?: Set
  /** the id of a row the work created (events from a virtual state such as a bid not yet made) */
  createdId?: string
  /** what the audit entry records beside the status change */
  audit?: Record<string, unknown>
  /** returned to the caller */
  result?: Result
  /** work on other aggregates once this row's status is written (e.g. the announcement an objection decides) */
  after?: () => Promise<void>
}

export type EventContext<R, I> = {
  tx: Tx
  row: R
  at: Date
  actor: EventActor
  input: I
}

/**
 * Who may apply an event: `system` (deadlines, applied by the ticker alone), `internal` (applied by
 * another aggregate's event on the platform's behalf, never offered to a user), or a predicate over
 * the actor and the row (permission and ownership).
 */
export type Who<R> = 'system' | 'internal' | ((actor: Actor, row: R) => boolean)

export type EventSpec<R, S extends string, I, Set, Result> = {
  /** Chinese name of the action, for messages */
  label: string
  from: readonly S[]
  /** the state reached; with several, the work picks one (`Outcome.to`) */
  to: S | readonly S[]
  by: Who<R>
  /**
   * Whether the actor's role may ever apply this event, checked before the row is even read (so a
   * firm asking to publish gets 403, not the 404 that hides another owner's draft)
   */
  role?: (actor: Actor) => boolean
  /** the refusal when `by` (or `role`) says no (403) */
  forbidden?: string
  /** the refusal when the row is in another state (409 with this sentence, or this error; a generic 409 otherwise) */
  stateConflict?: string | DomainError | ((row: R) => string | DomainError)
  /** for `system` events: the instant it becomes due, or null when it is not scheduled */
  dueAt?: (row: R) => Date | null
  /** conditions beyond the state: null when the event may proceed, otherwise why not (409 unless a DomainError says otherwise) */
  guard?: (row: R, at: Date, actor: Actor | null) => string | DomainError | null
  /** how the row is locked: `update` (FOR UPDATE, default) or `share` (many of these may run together) */
  lock?: 'update' | 'share'
  /** the work: other rows written, checks that need the database, the columns to write */
  run?: (ctx: EventContext<R, I>) => Promise<Outcome<S, Set, Result> | void>
}

export type EventTypes = Record<string, { input: unknown; result: unknown }>

export type LoadOptions = {
  /** none: a plain read (pages, allowedActions); update/share: locked; skip: FOR UPDATE SKIP LOCKED (the ticker) */
  lock: 'none' | 'update' | 'share' | 'skip'
  actor: EventActor | null
}

export type Machine<
  R extends { status: S },
  S extends string,
  E extends EventTypes,
  Set = Record<string, unknown>,
  Key = string,
> = {
  /** the aggregate's name: the audit entity type and the schedule's kind */
  entity: string
  /** the table whose `nextCheckAt` the ticker claims (machines with system events) */
  table?: string
  statusLabels: Record<S, string>
  notFound: string
  /** the row with the facts its guards read; null when unknown or not visible to the actor */
  load: (db: Tx, key: Key, options: LoadOptions) => Promise<R | null>
  /** the row's id (null for a virtual row not created yet) */
  idOf: (row: R) => string | null
  /** the stored nextCheckAt (machines with system events) */
  storedCheckAt?: (row: R) => Date | null
  /** writes status, nextCheckAt and further columns: the only writer of the status column */
  write: (tx: Tx, id: string, data: Set & { status?: S; nextCheckAt?: Date | null }) => Promise<void>
  /** audit entries without their actor and with only what the event records (sealed bids) */
  sealed?: boolean
  events: { [K in keyof E]: EventSpec<R, S, E[K]['input'], Set, E[K]['result']> }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyMachine = Machine<any, any, any, any, any>

/** Declares a machine (kept as a function for inference and one place to check the table). */
export function defineMachine<R extends { status: S }, S extends string, E extends EventTypes, Set, Key = string>(
  machine: Machine<R, S, E, Set, Key>,
): Machine<R, S, E, Set, Key> {
  for (const [name, spec] of Object.entries(machine.events) as Array<
    [string, EventSpec<R, S, unknown, Set, unknown>]
  >) {
    if (spec.dueAt && spec.by !== 'system')
      throw new Error(`${machine.entity}.${name}: only system events are scheduled`)
    if (spec.by === 'system' && !spec.dueAt) throw new Error(`${machine.entity}.${name}: a system event needs dueAt`)
  }
  return machine
}

/** The role check of an event, before its row is read: 403 for an actor whose role never may. */
export function roleRefusal(
  spec: { role?: (actor: Actor) => boolean; forbidden?: string },
  actor: EventActor,
): DomainError | null {
  if (!spec.role || isSystem(actor) || spec.role(actor)) return null
  return forbidden(spec.forbidden ?? '您无权办理此操作')
}

export const targets = <S extends string>(to: S | readonly S[]): readonly S[] => (typeof to === 'string' ? [to] : to)

/**
 * Why `actor` may not apply `event` to `row` at `at` (null: it may). In this order, so that a
 * stranger learns nothing of the state: not allowed (403), wrong state (409), a guard (409/422).
 */
export function refusal<R extends { status: S }, S extends string>(
  machine: Pick<AnyMachine, 'statusLabels'>,
  spec: EventSpec<R, S, unknown, unknown, unknown>,
  row: R,
  actor: EventActor,
  at: Date,
): DomainError | null {
  if (spec.by === 'system' && !isSystem(actor)) return forbidden('此操作由平台按期限自动办理')
  if (typeof spec.by === 'function' && (isSystem(actor) || !spec.by(actor, row) || (spec.role && !spec.role(actor))))
    return forbidden(spec.forbidden ?? '您无权办理此操作')
  if (!spec.from.includes(row.status)) {
    const stated = typeof spec.stateConflict === 'function' ? spec.stateConflict(row) : spec.stateConflict
    if (stated) return typeof stated === 'string' ? conflict(stated) : stated
    const label = (machine.statusLabels as Record<string, string>)[row.status] ?? row.status
    return conflict(`当前为「${label}」状态，不能${spec.label}`)
  }
  const guarded = spec.guard?.(row, at, isSystem(actor) ? null : actor) ?? null
  if (guarded === null) return null
  return typeof guarded === 'string' ? conflict(guarded) : guarded
}

/** The events this actor may apply now, by name: what pages render buttons from. */
export function allowedEvents<M extends AnyMachine>(
  machine: M,
  row: Parameters<M['load']> extends unknown[] ? NonNullable<Awaited<ReturnType<M['load']>>> : never,
  actor: Actor | null,
  at: Date,
): Array<keyof M['events'] & string> {
  if (!actor) return []
  const allowed: string[] = []
  for (const [name, spec] of Object.entries(machine.events) as Array<
    [string, EventSpec<unknown & { status: string }, string, unknown, unknown, unknown>]
  >) {
    if (typeof spec.by !== 'function') continue
    if (refusal(machine, spec, row, actor, at) === null) allowed.push(name)
  }
  return allowed as Array<keyof M['events'] & string>
}

/** The first system event (in table order) that is due for the row at `at`. */
export function dueEvent<M extends AnyMachine, R extends { status: string }>(
  machine: M,
  row: R,
  at: Date,
): (keyof M['events'] & string) | null {
  for (const [name, spec] of Object.entries(machine.events) as Array<
    [string, EventSpec<{ status: string }, string, unknown, unknown, unknown>]
  >) {
    if (spec.by !== 'system' || !spec.from.includes(row.status)) continue
    const due = spec.dueAt!(row)
    if (due && due.getTime() <= at.getTime()) return name as keyof M['events'] & string
  }
  return null
}

/** When the row must be looked at next: the earliest due instant of the system events of its state. */
export function nextCheckAt<R extends { status: string }>(machine: AnyMachine, row: R): Date | null {
  let earliest: Date | null = null
  for (const spec of Object.values(machine.events) as Array<
    EventSpec<{ status: string }, string, unknown, unknown, unknown>
  >) {
    if (spec.by !== 'system' || !spec.from.includes(row.status)) continue
    const due = spec.dueAt!(row)
    if (due && (!earliest || due.getTime() < earliest.getTime())) earliest = due
  }
  return earliest
}

/** Whether the machine has deadline events at all (only those rows are claimed by the ticker). */
export const isScheduled = (machine: AnyMachine) =>
  Object.values(machine.events).some((spec) => (spec as { by: unknown }).by === 'system')
