// The one way a status changes (STYLE.md). `applyEvent` locks the row, asks the machine's table
// whether this actor may apply this event now, does the event's work, writes the status and the
// nextCheckAt the table derives, and appends the audit entry — all inside the caller's transaction.
// `transition` does the same in a transaction of its own; `transact` opens one whose after-commit
// hooks (job kicks: e-mails, fan-out, search sync) run once it has committed.
//
// Deadlines (DESIGN §8, ProZorro's chronograph): every scheduled row keeps nextCheckAt; `runDue`
// claims due rows of every machine in due-time order, across kinds, and applies each one's due event
// in a transaction of its own. A step that throws is rolled back alone: its row is retried with
// backoff (1 s, 5 s, 30 s, 2 min, 5 min) and after MAX_ATTEMPTS it is stuck — no longer claimed,
// shown on the admin's deadline page with its error, retried when the admin says so — so one bad
// row never delays another. A StuckError (e.g. a sealed price whose key this host lacks) is stuck at
// once: retrying cannot help until someone acts.
import { prisma, type Tx } from '#app/db.server.ts'
import { audit } from '#app/domain/audit/audit.server.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import { DomainError, notFound } from '#app/domain/errors.ts'
import { publishTransition } from '#app/domain/events/transitions.server.ts'
import {
  SYSTEM,
  dueEvent,
  isScheduled,
  nextCheckAt,
  refusal,
  roleRefusal,
  targets,
  type AnyMachine,
  type EventActor,
  type EventSpec,
} from '#app/domain/engine/machine.ts'
import { notify } from '#app/domain/notifications/notifications.server.ts'
import { requirePermission, type Actor } from '#app/domain/permissions/permissions.server.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
import { logger } from '#app/utils/logger.server.ts'

// ---------------------------------------------------------------------------------------------
// Transactions with after-commit hooks

const hooks = new WeakMap<object, Array<() => Promise<void>>>()
const DEADLOCK_RETRIES = 3

/** Whether a failed transaction may simply be run again (a deadlock or a lock wait timeout). */
export function isRetryableConflict(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2034') return true
  const text = error instanceof Error ? `${error.message} ${String((error as { cause?: unknown }).cause ?? '')}` : ''
  return /\b(1213|1205)\b|Deadlock found|Lock wait timeout/i.test(text)
}

/**
 * Runs `work` in one transaction (retried whole on a deadlock) and then its after-commit hooks.
 * A hook's failure is logged, never thrown: the change it follows has committed.
 */
export async function transact<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    let pending: Array<() => Promise<void>> = []
    try {
      const result = await prisma.$transaction(async (tx) => {
        pending = []
        hooks.set(tx, pending)
        return work(tx)
      })
      for (const hook of pending) {
        await hook().catch((error: unknown) => logger.error({ err: error }, 'after-commit hook failed'))
      }
      return result
    } catch (error) {
      if (attempt >= DEADLOCK_RETRIES || !isRetryableConflict(error)) throw error
    }
  }
}

/** Work to do once the transaction `tx` (opened with `transact`) has committed. */
export function afterCommit(tx: Tx, hook: () => Promise<void>): void {
  const list = hooks.get(tx)
  if (!list) throw new Error('afterCommit needs a transaction opened with transact()')
  list.push(hook)
}

// ---------------------------------------------------------------------------------------------
// Applying an event

type RowOf<M extends AnyMachine> = NonNullable<Awaited<ReturnType<M['load']>>>
type KeyOf<M extends AnyMachine> = Parameters<M['load']>[1]
export type EventName<M extends AnyMachine> = keyof M['events'] & string
/* eslint-disable @typescript-eslint/no-explicit-any -- inference over any machine's specs */
type InputOf<M extends AnyMachine, K extends EventName<M>> =
  M['events'][K] extends EventSpec<any, any, infer I, any, any> ? I : never
type ResultOf<M extends AnyMachine, K extends EventName<M>> =
  M['events'][K] extends EventSpec<any, any, any, any, infer R> ? R : never
/* eslint-enable @typescript-eslint/no-explicit-any */

export type Applied<M extends AnyMachine, K extends EventName<M>> = {
  id: string
  from: string
  to: string
  result: ResultOf<M, K>
}

/** Loads the row as `event` locks it and applies the event to it (404 when unknown or not visible). */
export async function applyEvent<M extends AnyMachine, K extends EventName<M>>(
  tx: Tx,
  machine: M,
  key: KeyOf<M>,
  event: K,
  actor: EventActor,
  ...[input]: InputOf<M, K> extends undefined | void ? [input?: InputOf<M, K>] : [input: InputOf<M, K>]
): Promise<Applied<M, K>> {
  const spec = machine.events[event] as EventSpec<RowOf<M>, string, unknown, unknown, unknown>
  const refusedRole = roleRefusal(spec, actor)
  if (refusedRole) throw refusedRole
  const row = (await machine.load(tx, key, { lock: spec.lock ?? 'update', actor })) as RowOf<M> | null
  if (!row) throw notFound(machine.notFound)
  return applyToRow(tx, machine, row, event, actor, input, now())
}

/** Applies every due event of one row now, one transaction each (explicit triggers; concurrent calls queue). */
export async function advanceRow(machine: AnyMachine, id: string): Promise<number> {
  let steps = 0
  for (let i = 0; i < 20; i++) {
    const applied = await transact(async (tx) => {
      const row = (await machine.load(tx, id, { lock: 'update', actor: SYSTEM })) as RowOf<AnyMachine> | null
      const at = now()
      const event = row ? dueEvent(machine, row, at) : null
      if (!row || !event) return false
      await applyToRow(tx, machine, row, event, SYSTEM, undefined, at)
      return true
    })
    if (!applied) break
    steps += 1
  }
  return steps
}

/** `applyEvent` in a transaction of its own (with its after-commit hooks). */
export function transition<M extends AnyMachine, K extends EventName<M>>(
  machine: M,
  key: KeyOf<M>,
  event: K,
  actor: EventActor,
  ...rest: InputOf<M, K> extends undefined | void ? [input?: InputOf<M, K>] : [input: InputOf<M, K>]
): Promise<Applied<M, K>> {
  return transact((tx) => applyEvent(tx, machine, key, event, actor, ...rest))
}

async function applyToRow<M extends AnyMachine, K extends EventName<M>>(
  tx: Tx,
  machine: M,
  row: RowOf<M>,
  event: K,
  actor: EventActor,
  input: unknown,
  at: Date,
): Promise<Applied<M, K>> {
  const spec = machine.events[event] as EventSpec<RowOf<M>, string, unknown, Record<string, unknown>, unknown>
  const refused = refusal(machine, spec, row, actor, at)
  if (refused) throw refused
  const outcome = (await spec.run?.({ tx, row, at, actor, input })) ?? {}
  const allowed = targets(spec.to)
  const to = outcome.to ?? (allowed.length === 1 ? allowed[0]! : undefined)
  if (to === undefined || !allowed.includes(to)) {
    throw new Error(`${machine.entity}.${event}: reached ${String(to)}, the table allows ${allowed.join(' | ')}`)
  }
  const id = outcome.createdId ?? machine.idOf(row)
  if (!id) throw new Error(`${machine.entity}.${event}: no row to write (a virtual row must be created by the work)`)
  const set = outcome.set ?? {}
  // A row the work created starts in `to`; otherwise the status is written here and nowhere else.
  const statusChange = outcome.createdId === undefined && to !== row.status ? { status: to } : {}
  if (Object.keys(statusChange).length > 0 || Object.keys(set).length > 0) {
    await machine.write(tx, id, { ...set, ...statusChange })
  }
  if (isScheduled(machine)) await reschedule(tx, machine, id)
  await audit(tx, {
    // Sealed events carry no actor: who bid stays secret until the opening lists every bid.
    actor: machine.sealed ? null : actor,
    entityType: machine.entity,
    entityId: id,
    action: event,
    sealed: machine.sealed,
    ...(machine.sealed
      ? { after: outcome.audit }
      : { before: { status: row.status }, after: { status: to, ...outcome.audit } }),
  })
  await outcome.after?.()
  // The public news of this change (OCDS releases, webhook events), in this transaction.
  await publishTransition(
    tx,
    { entity: machine.entity, id, event, from: row.status, to, at },
    { afterCommit: (hook) => (hooks.has(tx) ? afterCommit(tx, hook) : undefined) },
  )
  return { id, from: row.status, to, result: outcome.result as ResultOf<M, K> }
}

/**
 * Writes the nextCheckAt that the table derives from the row as it now stands (after an event of
 * this row, or of another aggregate that changes when this one is due, e.g. an objection closing
 * makes the award due), and clears the row's record of failed steps.
 */
export async function reschedule(tx: Tx, machine: AnyMachine, id: string): Promise<Date | null> {
  const row = (await machine.load(tx, id, { lock: 'none', actor: SYSTEM })) as { status: string } | null
  if (!row) return null
  const next = nextCheckAt(machine, row)
  const stored = machine.storedCheckAt?.(row) ?? null
  if ((next?.getTime() ?? null) !== (stored?.getTime() ?? null)) await machine.write(tx, id, { nextCheckAt: next })
  await tx.$executeRaw`DELETE FROM ScheduleFailure WHERE entityType = ${machine.entity} AND entityId = ${id}`
  return next
}

// ---------------------------------------------------------------------------------------------
// The deadline engine

/** A step that cannot succeed until someone acts (the row is stuck at once, the admin is told). */
export class StuckError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'StuckError'
  }
}

export const BACKOFF_MS = [1_000, 5_000, 30_000, 120_000, 300_000] as const
export const MAX_ATTEMPTS = BACKOFF_MS.length + 1

const registry = new Map<string, AnyMachine>()

/** Makes a machine's deadlines part of the ticker's pass (each machine module registers itself). */
export function scheduleMachine(machine: AnyMachine): void {
  if (!machine.table || !machine.storedCheckAt)
    throw new Error(`${machine.entity}: a scheduled machine needs table and storedCheckAt`)
  registry.set(machine.entity, machine)
}

export function scheduledMachine(entity: string): AnyMachine | undefined {
  return registry.get(entity)
}

type Candidate = { kind: string; id: string; nextCheckAt: Date }

/** Due rows of every scheduled machine, earliest first (a plain read; each step locks its row). */
async function dueCandidates(at: Date, limit: number): Promise<Candidate[]> {
  const machines = [...registry.values()]
  if (machines.length === 0) return []
  const parts = machines.map(
    (m) => Prisma.sql`(SELECT ${m.entity} AS kind, id, nextCheckAt FROM ${Prisma.raw(`\`${m.table!}\``)}
       WHERE nextCheckAt IS NOT NULL AND nextCheckAt <= ${at} ORDER BY nextCheckAt LIMIT ${limit})`,
  )
  return prisma.$queryRaw<Candidate[]>`SELECT kind, id, nextCheckAt FROM (${Prisma.join(parts, ' UNION ALL ')}) due
    ORDER BY nextCheckAt, kind, id LIMIT ${limit}`
}

type StepResult = 'applied' | 'skipped' | 'failed'

async function stepRow(machine: AnyMachine, id: string, at: Date, wait: boolean): Promise<StepResult> {
  try {
    return await transact(async (tx) => {
      const row = (await machine.load(tx, id, { lock: wait ? 'update' : 'skip', actor: SYSTEM })) as {
        status: string
      } | null
      if (!row) return 'skipped' // taken by another worker (or gone)
      const stored = machine.storedCheckAt!(row)
      if (!stored || stored.getTime() > at.getTime()) return 'skipped' // done meanwhile
      const event = dueEvent(machine, row, at)
      if (!event) {
        await reschedule(tx, machine, id) // a stale nextCheckAt: derive it again
        return 'skipped'
      }
      await applyToRow(tx, machine, row as RowOf<AnyMachine>, event, SYSTEM, undefined, at)
      return 'applied'
    })
  } catch (error) {
    await recordFailure(machine, id, at, error)
    return 'failed'
  }
}

function describe(error: unknown): string {
  if (error instanceof DomainError || error instanceof StuckError) return error.message
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 4000)
  return String(error).slice(0, 4000)
}

/** Counts a failed step: retried after the backoff, stuck after MAX_ATTEMPTS (or at once). */
async function recordFailure(machine: AnyMachine, id: string, at: Date, error: unknown) {
  const message = describe(error)
  try {
    await transact(async (tx) => {
      const [previous] = await tx.$queryRaw<Array<{ attempts: number; firstFailedAt: Date }>>`
        SELECT attempts, firstFailedAt FROM ScheduleFailure WHERE entityType = ${machine.entity} AND entityId = ${id} FOR UPDATE`
      const attempts = (previous?.attempts ?? 0) + 1
      const stuck = error instanceof StuckError || attempts >= MAX_ATTEMPTS
      const retryAt = stuck ? null : new Date(at.getTime() + BACKOFF_MS[attempts - 1]!)
      const firstFailedAt = previous?.firstFailedAt ?? at
      await tx.$executeRaw`
        INSERT INTO ScheduleFailure (entityType, entityId, attempts, lastError, firstFailedAt, lastFailedAt, retryAt, stuckAt)
        VALUES (${machine.entity}, ${id}, ${attempts}, ${message}, ${firstFailedAt}, ${at}, ${retryAt}, ${stuck ? at : null})
        ON DUPLICATE KEY UPDATE attempts = VALUES(attempts), lastError = VALUES(lastError), lastFailedAt = VALUES(lastFailedAt),
          retryAt = VALUES(retryAt), stuckAt = VALUES(stuckAt)`
      await machine.write(tx, id, { nextCheckAt: retryAt })
      if (stuck) await tellAdmins(tx, machine.entity, id, message, firstFailedAt)
    })
  } catch (inner) {
    logger.error({ err: inner, entity: machine.entity, id }, 'could not record a failed deadline step')
  }
  logger.warn({ err: error, entity: machine.entity, id }, 'deadline step failed')
}

async function tellAdmins(tx: Tx, entity: string, id: string, message: string, since: Date) {
  const admins = await tx.organization.findMany({ where: { type: 'PLATFORM' }, select: { id: true } })
  for (const admin of admins) {
    await notify(tx, {
      organizationId: admin.id,
      kind: 'deadline-stuck',
      title: `期限任务已暂停：${entity} ${id}`,
      body: `平台多次办理该记录的到期事项均未成功，已暂停自动办理，请核查后重试。原因：${message}`,
      link: '/admin/deadlines',
      dedupeKey: `stuck:${entity}:${id}:${since.getTime()}:${admin.id}`,
    })
  }
}

export type DuePass = { applied: number; failed: number }

/**
 * One pass of the ticker: applies every due event, earliest first across all machines. With
 * `wait` (the test clock) a row held by a request is waited for instead of skipped, so that
 * everything due at this instant is done before the clock answers.
 */
export async function runDue(options: { wait?: boolean; limit?: number } = {}): Promise<DuePass> {
  const wait = options.wait ?? false
  const limit = options.limit ?? 1000
  const perRow = new Map<string, number>()
  const pass: DuePass = { applied: 0, failed: 0 }
  // One instant for the whole pass: what became due later (a retry after its backoff, say) is the
  // next pass's, so a failing row is tried at most once per pass.
  const at = now()
  while (pass.applied + pass.failed < limit) {
    const candidates = (await dueCandidates(at, 100)).filter((c) => (perRow.get(`${c.kind}:${c.id}`) ?? 0) < 20)
    if (candidates.length === 0) break
    let progressed = false
    for (const candidate of candidates) {
      const machine = registry.get(candidate.kind)!
      const result = await stepRow(machine, candidate.id, at, wait)
      const key = `${candidate.kind}:${candidate.id}`
      perRow.set(key, (perRow.get(key) ?? 0) + 1)
      if (result === 'applied') pass.applied += 1
      if (result === 'failed') pass.failed += 1
      if (result !== 'skipped') progressed = true
    }
    if (!progressed) break // everything left is held by other workers
  }
  return pass
}

// ---------------------------------------------------------------------------------------------
// The admin's view of failed steps

export type ScheduleFailureView = {
  entityType: string
  entityId: string
  attempts: number
  lastError: string
  firstFailedAt: string
  lastFailedAt: string
  retryAt: string | null
  stuckAt: string | null
}

export async function listScheduleFailures(actor: Actor): Promise<ScheduleFailureView[]> {
  requirePermission(actor, 'manage:platform-rule')
  const rows = await prisma.scheduleFailure.findMany({
    orderBy: [{ stuckAt: { sort: 'desc', nulls: 'last' } }, { lastFailedAt: 'desc' }],
    take: 200,
  })
  return rows.map((r) => ({
    entityType: r.entityType,
    entityId: r.entityId,
    attempts: r.attempts,
    lastError: r.lastError,
    firstFailedAt: r.firstFailedAt.toISOString(),
    lastFailedAt: r.lastFailedAt.toISOString(),
    retryAt: r.retryAt?.toISOString() ?? null,
    stuckAt: r.stuckAt?.toISOString() ?? null,
  }))
}

/** The admin retries a stuck (or failing) row: its due event is tried again on the next tick. */
export async function retryScheduled(actor: Actor, entityType: string, entityId: string): Promise<void> {
  requirePermission(actor, 'manage:platform-rule')
  const machine = registry.get(entityType)
  if (!machine) throw notFound('未找到该期限任务')
  await transact(async (tx) => {
    const row = await machine.load(tx, entityId, { lock: 'update', actor: SYSTEM })
    const failure = await tx.scheduleFailure.findUnique({ where: { entityType_entityId: { entityType, entityId } } })
    if (!row || !failure) throw notFound('未找到该期限任务')
    const next = await reschedule(tx, machine, entityId)
    await audit(tx, {
      actor,
      entityType,
      entityId,
      action: 'retry-deadline',
      before: { attempts: failure.attempts, lastError: failure.lastError, stuckAt: failure.stuckAt },
      after: { nextCheckAt: next },
    })
  })
}
