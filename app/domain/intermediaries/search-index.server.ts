// Keeping the intermediary search index in step with the database.
//
// Every change that affects a directory entry writes a SearchOutbox row in its own transaction
// (search-sync.server.ts). processSearchOutbox() claims unprocessed rows in id order with
// FOR UPDATE SKIP LOCKED (so several processes may run it at once), rebuilds the documents of the
// organizations they name from the current database state, applies them to the index, and marks the
// rows processed; on failure the rows stay unprocessed with attempts + 1 and are retried.
//
// Where it runs: the embedded index (the default) lives inside the web process, so only the web
// process may apply rows to it — `npm start` runs the search-sync task itself, and a separate
// `npm run worker` skips that task (it would mark rows processed in an index nobody reads). With
// Meilisearch the index is shared and any process may apply rows. searchDirectory() also applies
// pending rows before answering, so API answers are fresh even between two ticks of the task.
import { prisma, type Tx } from '#app/db.server.ts'
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
const REBUILD_BATCH_SIZE = 500
const BOUNDARY_SETTING_KEY = 'search.boundariesCheckedAt'

const state = singleton('search-index-sync', () => ({
  /** The outbox run in progress in this process (runs are serialized per process). */
  running: null as Promise<number> | null,
  initialized: false,
  /** false in a separate worker process when the index is the embedded, in-process one. */
  appliesHere: true,
}))

/** The search index of this process's configuration (embedded unless MEILI_HOST is set). */
export function searchIndex(): IntermediarySearch {
  return createIntermediarySearch(env())
}

async function readyIndex(): Promise<IntermediarySearch> {
  const index = searchIndex()
  if (!state.initialized) {
    await index.init()
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

type ClaimedRow = { id: bigint; entityType: string; entityId: string }

async function applyOrganizations(tx: Tx, organizationIds: string[]): Promise<void> {
  if (organizationIds.length === 0) return
  const index = await readyIndex()
  const { documents, unlisted } = await buildSearchDocuments(organizationIds, tx)
  if (documents.length > 0) await index.upsert(documents)
  if (unlisted.length > 0) await index.remove(unlisted)
}

/** One batch: claim, apply, mark. Returns the number of rows claimed. */
async function processBatch(limit: number): Promise<number> {
  return prisma.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<ClaimedRow[]>`
        SELECT id, entityType, entityId FROM SearchOutbox
        WHERE processedAt IS NULL AND attempts < ${OUTBOX_MAX_ATTEMPTS}
        ORDER BY id LIMIT ${limit}
        FOR UPDATE SKIP LOCKED`
      if (rows.length === 0) return 0
      const rowIds = rows.map((row) => row.id)
      const organizationIds = [
        ...new Set(rows.filter((row) => row.entityType === 'Organization').map((row) => row.entityId)),
      ]
      try {
        await applyOrganizations(tx, organizationIds)
        await tx.searchOutbox.updateMany({
          where: { id: { in: rowIds } },
          data: { processedAt: now(), attempts: { increment: 1 } },
        })
      } catch (error) {
        logger.error(
          { err: error, rows: rowIds.length, organizations: organizationIds.length },
          'search outbox batch failed; will retry',
        )
        await tx.searchOutbox.updateMany({ where: { id: { in: rowIds } }, data: { attempts: { increment: 1 } } })
      }
      return rows.length
    },
    { timeout: 60_000, maxWait: 10_000 },
  )
}

/**
 * Applies pending outbox rows to the index, up to `maxBatches` batches. Runs one at a time per
 * process: a call made while another is in progress waits for it, then runs. Returns rows claimed.
 */
export async function processSearchOutbox(options: { maxBatches?: number; batchSize?: number } = {}): Promise<number> {
  if (!state.appliesHere) return 0
  while (state.running) await state.running.catch(() => 0)
  const run = (async () => {
    let total = 0
    for (let batch = 0; batch < (options.maxBatches ?? 10); batch++) {
      const claimed = await processBatch(options.batchSize ?? OUTBOX_BATCH_SIZE)
      total += claimed
      if (claimed < (options.batchSize ?? OUTBOX_BATCH_SIZE)) break
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
  if (state.running || (await hasPendingSearchSync())) await processSearchOutbox({ maxBatches: 5 })
}

/** Clears the index and indexes every intermediary again, in batches. Returns documents indexed. */
export async function rebuildSearchIndex(options: { log?: (message: string) => void } = {}): Promise<number> {
  const index = await readyIndex()
  await index.clear()
  let cursor: string | undefined
  let indexed = 0
  for (;;) {
    const batch = await prisma.organization.findMany({
      where: { type: 'INTERMEDIARY', ...(cursor ? { id: { gt: cursor } } : {}) },
      orderBy: { id: 'asc' },
      take: REBUILD_BATCH_SIZE,
      select: { id: true },
    })
    if (batch.length === 0) break
    const { documents } = await buildSearchDocuments(batch.map((row) => row.id))
    if (documents.length > 0) await index.upsert(documents)
    indexed += documents.length
    cursor = batch[batch.length - 1]!.id
    options.log?.(`indexed ${indexed} intermediaries`)
  }
  logger.info({ indexed, kind: index.kind }, 'search index rebuilt')
  return indexed
}

/** At start: rebuild when the index is empty (the embedded index always is after a restart). */
export async function rebuildSearchIndexIfEmpty(): Promise<{ rebuilt: boolean; indexed: number }> {
  const index = await readyIndex()
  if ((await index.count()) > 0) return { rebuilt: false, indexed: 0 }
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
