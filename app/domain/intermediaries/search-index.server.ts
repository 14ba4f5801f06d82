// Keeping the intermediary search index in step with the database.
//
// Every change that affects a directory entry writes a SearchOutbox row in its own transaction
// (search-sync.server.ts). processSearchOutbox() applies unprocessed rows in id order: it reads
// them, rebuilds the documents of the organizations they name from the current database state,
// applies them to the index, and marks the rows processed; on failure the rows stay unprocessed
// with attempts + 1 and are retried. Waiting for the index (a Meilisearch task can take seconds, or
// outlive the wait) happens outside any database transaction: one process at a time holds a lease
// (an AppSetting row, renewed per batch, expiring after OUTBOX_LEASE_MS on the application clock)
// instead of row locks held across the wait.
//
// Where it runs: the embedded index (the default) lives inside the web process, so only the web
// process may apply rows to it — `npm start` runs the search-sync task itself, and a separate
// `npm run worker` skips that task (it would mark rows processed in an index nobody reads). With
// Meilisearch the index is shared and any process may apply rows. searchDirectory() also applies
// pending rows before answering, so API answers are fresh even between two ticks of the task.
//
// Rebuilds fill a new index and swap it in (the port's rebuild()), so the live index is never
// empty; changes committed while it filled are applied again afterwards. An index found missing or
// stripped of its settings (the adapter's onReset) is rebuilt the same way, from the next tick.
import crypto from 'node:crypto'
import os from 'node:os'
import { prisma } from '#app/db.server.ts'
import { env } from '#app/env.server.ts'
import { chinaDate, dateColumn } from '#app/domain/clock/china-time.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import { enqueueSearchSync } from '#app/domain/intermediaries/search-sync.server.ts'
import { buildSearchDocuments } from '#app/domain/intermediaries/search-document.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import { singleton } from '#app/utils/singleton.server.ts'
import { createIntermediarySearch, type IntermediarySearch } from '#search/index.ts'

export const OUTBOX_BATCH_SIZE = 200
/** Rows that failed this often are left alone (visible in the table for an operator). */
export const OUTBOX_MAX_ATTEMPTS = 20
/** How long a process may hold the outbox without renewing (longer than a batch's waits). */
export const OUTBOX_LEASE_MS = 5 * 60_000
const LEASE_KEY = 'search.outboxLease'
const REBUILD_BATCH_SIZE = 500
const REBUILD_RETRY_MS = 30_000
const BOUNDARY_SETTING_KEY = 'search.boundariesCheckedAt'

const state = singleton('search-index-sync', () => ({
  /** The outbox run in progress in this process (runs are serialized per process). */
  running: null as Promise<number> | null,
  initialized: false,
  /** false in a separate worker process when the index is the embedded, in-process one. */
  appliesHere: true,
  /** Who this process is when it holds the outbox lease. */
  owner: `${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString('hex')}`,
  /** The index reported a reset: rebuild it at the next opportunity. */
  rebuildWanted: false,
  /** After a failed rebuild, not again before this (application clock, ms). */
  rebuildNotBefore: 0,
  rebuilding: null as Promise<number> | null,
}))

/** The search index of this process's configuration (embedded unless MEILI_HOST is set). */
export function searchIndex(): IntermediarySearch {
  return createIntermediarySearch(env(), { warn: (message, details) => logger.warn(details ?? {}, message) })
}

async function readyIndex(): Promise<IntermediarySearch> {
  const index = searchIndex()
  if (!state.initialized) {
    await index.init()
    index.onReset(() => {
      state.rebuildWanted = true
    })
    state.initialized = true
  }
  return index
}

/** True when the index is the embedded one, which only the process that holds it can update. */
export function usesEmbeddedIndex(): boolean {
  return searchIndex().kind === 'embedded'
}

/**
 * Called by `npm run worker`: with the embedded index the worker must leave the outbox to the web
 * process. Returns whether this process applies outbox rows.
 */
export function configureSeparateWorkerProcess(): boolean {
  state.appliesHere = !usesEmbeddedIndex()
  return state.appliesHere
}

export function outboxAppliedHere(): boolean {
  return state.appliesHere
}

type OutboxRow = { id: bigint; entityType: string; entityId: string }

async function applyOrganizations(organizationIds: string[]): Promise<void> {
  if (organizationIds.length === 0) return
  const index = await readyIndex()
  const { documents, unlisted } = await buildSearchDocuments(organizationIds)
  if (documents.length > 0) await index.upsert(documents)
  if (unlisted.length > 0) await index.remove(unlisted)
}

/**
 * Takes (or renews) the outbox lease in a short transaction. False while another process holds an
 * unexpired one.
 */
async function takeLease(): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    await tx.appSetting.upsert({ where: { key: LEASE_KEY }, create: { key: LEASE_KEY, value: '' }, update: {} })
    const [row] = await tx.$queryRaw<Array<{ value: string }>>`SELECT value FROM AppSetting WHERE \`key\` = ${LEASE_KEY} FOR UPDATE`
    const [holder, until] = (row?.value ?? '').split('|')
    const at = now()
    if (holder && holder !== state.owner && Number(until) > at.getTime()) return false
    await tx.appSetting.update({ where: { key: LEASE_KEY }, data: { value: `${state.owner}|${at.getTime() + OUTBOX_LEASE_MS}` } })
    return true
  })
}

async function releaseLease(): Promise<void> {
  await prisma.appSetting.updateMany({ where: { key: LEASE_KEY, value: { startsWith: `${state.owner}|` } }, data: { value: '' } })
}

/** One batch: read, apply (waiting outside any transaction), mark. Returns the number of rows taken. */
async function processBatch(limit: number): Promise<number> {
  const rows = await prisma.$queryRaw<OutboxRow[]>`
    SELECT id, entityType, entityId FROM SearchOutbox
    WHERE processedAt IS NULL AND attempts < ${OUTBOX_MAX_ATTEMPTS}
    ORDER BY id LIMIT ${limit}`
  if (rows.length === 0) return 0
  const rowIds = rows.map((row) => row.id)
  const organizationIds = [...new Set(rows.filter((row) => row.entityType === 'Organization').map((row) => row.entityId))]
  try {
    await applyOrganizations(organizationIds)
    await prisma.searchOutbox.updateMany({ where: { id: { in: rowIds } }, data: { processedAt: now(), attempts: { increment: 1 } } })
  } catch (error) {
    logger.error({ err: error, rows: rowIds.length, organizations: organizationIds.length }, 'search outbox batch failed; will retry')
    await prisma.searchOutbox.updateMany({ where: { id: { in: rowIds } }, data: { attempts: { increment: 1 } } })
  }
  return rows.length
}

/**
 * Applies pending outbox rows to the index, up to `maxBatches` batches, while holding the outbox
 * lease (another process holding it: nothing to do here). Runs one at a time per process: a call
 * made while another is in progress waits for it, then runs. Returns rows taken.
 */
export async function processSearchOutbox(options: { maxBatches?: number; batchSize?: number } = {}): Promise<number> {
  if (!state.appliesHere) return 0
  while (state.running) await state.running.catch(() => 0)
  const run = (async () => {
    if (state.rebuildWanted && !state.rebuilding && now().getTime() >= state.rebuildNotBefore) void rebuildInBackground()
    let total = 0
    try {
      for (let batch = 0; batch < (options.maxBatches ?? 10); batch++) {
        if (!(await takeLease())) break
        const taken = await processBatch(options.batchSize ?? OUTBOX_BATCH_SIZE)
        total += taken
        if (taken < (options.batchSize ?? OUTBOX_BATCH_SIZE)) break
      }
    } finally {
      await releaseLease()
    }
    return total
  })()
  state.running = run
  try {
    return await run
  } finally {
    if (state.running === run) state.running = null
  }
}

/** Whether any outbox row waits (a cheap indexed look-up). */
export async function hasPendingSearchSync(): Promise<boolean> {
  const row = await prisma.searchOutbox.findFirst({
    where: { processedAt: null, attempts: { lt: OUTBOX_MAX_ATTEMPTS } },
    select: { id: true },
  })
  return row !== null
}

/** Before answering a search: apply what is pending so that the answer reflects the database. */
export async function catchUpSearchIndex(): Promise<void> {
  if (!state.appliesHere) return
  if (state.running || state.rebuildWanted || (await hasPendingSearchSync())) await processSearchOutbox({ maxBatches: 5 })
}

function rebuildInBackground(): Promise<number> {
  const run = rebuildSearchIndex()
    .catch((error: unknown) => {
      logger.error({ err: error }, 'search index rebuild after a reset failed; will retry')
      return 0
    })
    .finally(() => {
      if (state.rebuilding === run) state.rebuilding = null
    })
  state.rebuilding = run
  return run
}

/** Waits for a rebuild started after a reset, if one runs (tests, shutdown). */
export async function settleSearchRebuild(): Promise<void> {
  await state.rebuilding
}

/**
 * Builds a complete new index from every intermediary, in batches, and swaps it in; then applies
 * again the organizations changed while it filled. Returns documents indexed.
 */
export async function rebuildSearchIndex(options: { log?: (message: string) => void } = {}): Promise<number> {
  const index = await readyIndex()
  const wanted = state.rebuildWanted
  state.rebuildWanted = false
  const [mark] = await prisma.$queryRaw<Array<{ id: bigint | null }>>`SELECT MAX(id) AS id FROM SearchOutbox`
  let indexed = 0
  try {
    await index.rebuild(async (write) => {
      let cursor: string | undefined
      for (;;) {
        const batch = await prisma.organization.findMany({
          where: { type: 'INTERMEDIARY', ...(cursor ? { id: { gt: cursor } } : {}) },
          orderBy: { id: 'asc' },
          take: REBUILD_BATCH_SIZE,
          select: { id: true },
        })
        if (batch.length === 0) break
        const { documents } = await buildSearchDocuments(batch.map((row) => row.id))
        if (documents.length > 0) await write(documents)
        indexed += documents.length
        cursor = batch[batch.length - 1]!.id
        options.log?.(`indexed ${indexed} intermediaries`)
      }
    })
  } catch (error) {
    // A rebuild asked for by a reset is tried again, after a pause.
    if (wanted) {
      state.rebuildWanted = true
      state.rebuildNotBefore = now().getTime() + REBUILD_RETRY_MS
    }
    throw error
  }
  const changed = await prisma.searchOutbox.findMany({
    where: { id: { gt: mark?.id ?? 0n }, entityType: 'Organization' },
    distinct: ['entityId'],
    select: { entityId: true },
  })
  await applyOrganizations(changed.map((row) => row.entityId))
  logger.info({ indexed, reapplied: changed.length, kind: index.kind }, 'search index rebuilt')
  return indexed
}

/** At start: rebuild when the index is empty (the embedded index always is after a restart). */
export async function rebuildSearchIndexIfEmpty(): Promise<{ rebuilt: boolean; indexed: number }> {
  const index = await readyIndex()
  if ((await index.count()) > 0) return { rebuilt: false, indexed: 0 }
  if (!index.writable) {
    logger.warn('the search index is empty and this key may not write to it: not rebuilt')
    return { rebuilt: false, indexed: 0 }
  }
  const intermediaries = await prisma.organization.count({ where: { type: 'INTERMEDIARY' } })
  if (intermediaries === 0) return { rebuilt: false, indexed: 0 }
  return { rebuilt: true, indexed: await rebuildSearchIndex() }
}

/**
 * Directory entries that change with time alone, without a database write: a blacklist entry that
 * starts or ends, a verified qualification that expires (at midnight in China). Enqueues the
 * organizations whose entries crossed such a boundary since the last check. Returns how many.
 */
export async function enqueueTimeBoundaries(): Promise<number> {
  const at = now()
  return prisma.$transaction(async (tx) => {
    const setting = await tx.appSetting.findUnique({ where: { key: BOUNDARY_SETTING_KEY } })
    const saved = setting ? new Date(setting.value) : null
    const since = saved && !Number.isNaN(saved.getTime()) ? saved : null
    await tx.appSetting.upsert({
      where: { key: BOUNDARY_SETTING_KEY },
      create: { key: BOUNDARY_SETTING_KEY, value: at.toISOString() },
      update: { value: at.toISOString() },
    })
    if (!since || since >= at) return 0
    const [entries, qualifications] = await Promise.all([
      tx.blacklistEntry.findMany({
        where: { OR: [{ startsAt: { gt: since, lte: at } }, { endsAt: { gt: since, lte: at } }] },
        select: { organizationId: true },
      }),
      chinaDate(since) < chinaDate(at)
        ? tx.qualification.findMany({
            where: {
              status: 'VERIFIED',
              validTo: { gte: dateColumn(chinaDate(since)), lt: dateColumn(chinaDate(at)) },
            },
            select: { organizationId: true },
          })
        : Promise.resolve([]),
    ])
    const organizationIds = [...new Set([...entries, ...qualifications].map((row) => row.organizationId))]
    for (const id of organizationIds) await enqueueSearchSync(tx, id)
    return organizationIds.length
  })
}
