// The job engine for asynchronous side work (e-mails, search sync, later webhooks): Sidequest
// (`sidequest` + `@sidequest/mysql-backend`, both pinned to exactly 1.16.4) on the application's own
// database. Sidequest keeps its jobs in its own tables (sidequest_jobs, sidequest_queues and its
// knex migration bookkeeping; prisma/database-model.ts leaves them out of the drift check).
//
// The durable truth stays in our tables: a change writes its Notification / EmailOutbox /
// SearchOutbox rows inside its transaction, and the Sidequest job only executes the work those rows
// describe (claimed with FOR UPDATE SKIP LOCKED, so a lost or doubled job is harmless). Enqueue
// AFTER the commit, never inside a transaction: the enqueue uses a connection of its own and would
// neither see the uncommitted rows nor roll back with them.
//
// How it runs (checked on MariaDB 10.11 + Node 20.20; Sidequest declares Node ≥ 22.6):
// - in-process (`fork: false`) with the inline runner: Sidequest's worker threads cannot load .ts
//   files, and jobs need this process's state (the Prisma client, the embedded search index). One
//   plain-JavaScript job class (jobs/sidequest.jobs.js, manual job resolution) hands every job to
//   the registry below by name. Timeouts are therefore cooperative: handlers get an AbortSignal.
// - every job has a timeout (below the 10-minute stale limit), and stale jobs are released every
//   minute (`releaseStaleJobsIntervalMin: 1`; Sidequest has no heartbeat), so the jobs of a process
//   that died are retried.
// - its connections run READ COMMITTED and utf8mb4 whatever the server's defaults; an index on
//   sidequest_jobs (queue, state, available_at) is added after its migrations (its claim query
//   needs it); enqueue is retried on deadlock (errno 1213); a unique job that is already queued
//   fails with ER_DUP_ENTRY, which MariaDB words so that Sidequest does not recognise it as a
//   DuplicatedJobError: both mean "already queued" here.
// - no dashboard, and no signal handlers of its own (the caller stops it: stopJobEngine()).
//
// When the engine is not started in this process (integration tests that import the app, scripts),
// enqueueJob() runs the handler inline, awaited, at once: the same validation, the same handler.
//
// A new job: `export const fooJob = defineJob({ name: 'foo.bar', schema, timeoutMs, handler })` in a
// module under jobs/ that jobs/index.ts imports, then `await enqueueJob(fooJob, args)` after the commit.
import { fileURLToPath } from 'node:url'
import fs from 'node:fs'
import mysql from 'mysql2/promise'
import { configureLogger, DuplicatedJobError, Sidequest, type SidequestConfig, type SQLDriverConfig } from 'sidequest'
import { z } from 'zod'
import { env } from '#app/env.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import { singleton } from '#app/utils/singleton.server.ts'
import { DISPATCH_KEY, ZjcsJob } from '#jobs/sidequest.jobs.js'

export const DEFAULT_QUEUE = 'default'
/** Longest allowed job timeout: below Sidequest's stale limit for running jobs (10 minutes). */
export const MAX_JOB_TIMEOUT_MS = 5 * 60_000
export const QUEUE_STATE_INDEX = 'sidequest_jobs_queue_state_available_at_idx'
const ER_DUP_KEYNAME = 1061

export type JobContext = {
  /** Aborted when the job times out or is canceled (the inline runner cannot stop a job by force). */
  signal: AbortSignal
}

export type JobDefinition<T> = {
  /** e.g. "email.dispatch": lower-case words joined by dots */
  name: string
  /** The payload, validated when enqueued and again before it runs. Payloads are stored as JSON. */
  schema: z.ZodType<T>
  handler: (args: T, context: JobContext) => Promise<void>
  /** Sidequest aborts the job (context.signal) and may retry it after this long; ≤ MAX_JOB_TIMEOUT_MS. */
  timeoutMs: number
  /** Sidequest's attempts before the job is failed (default 5, exponential backoff from 1 s). */
  maxAttempts?: number
  queue?: string
}

type RegisteredJob = {
  name: string
  queue: string
  timeoutMs: number
  maxAttempts: number
  parse: (payload: unknown) => { success: true; data: unknown } | { success: false; error: z.ZodError }
  run: (args: unknown, context: JobContext) => Promise<void>
}

type DispatchOutcome = { ok: true } | { ok: false; reason: string }

const state = singleton('job-engine', () => ({
  jobs: new Map<string, RegisteredJob>(),
  started: false,
  starting: null as Promise<void> | null,
}))

const JOB_NAME = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/

/** Registers a job by name (a later definition of the same name replaces it) and returns it. */
export function defineJob<T>(definition: JobDefinition<T>): JobDefinition<T> {
  if (!JOB_NAME.test(definition.name)) throw new Error(`invalid job name ${definition.name}`)
  if (!(definition.timeoutMs > 0 && definition.timeoutMs <= MAX_JOB_TIMEOUT_MS)) {
    throw new Error(`job ${definition.name}: timeoutMs must be between 1 and ${MAX_JOB_TIMEOUT_MS}`)
  }
  state.jobs.set(definition.name, {
    name: definition.name,
    queue: definition.queue ?? DEFAULT_QUEUE,
    timeoutMs: definition.timeoutMs,
    maxAttempts: definition.maxAttempts ?? 5,
    parse: (payload) => definition.schema.safeParse(payload),
    run: (args, context) => definition.handler(args as T, context),
  })
  return definition
}

function registered(name: string): RegisteredJob {
  const job = state.jobs.get(name)
  if (!job) throw new Error(`unknown job ${name} (is its module imported by jobs/index.ts?)`)
  return job
}

/** What a failed enqueue means: retry it (deadlock), it is already queued (duplicate), or neither. */
export function classifyEnqueueError(error: unknown): 'deadlock' | 'duplicate' | 'other' {
  if (error instanceof DuplicatedJobError) return 'duplicate'
  if (typeof error !== 'object' || error === null) return 'other'
  const { errno, code } = error as { errno?: unknown; code?: unknown }
  if (errno === 1213 || code === 'ER_LOCK_DEADLOCK') return 'deadlock'
  if (errno === 1062 || code === 'ER_DUP_ENTRY') return 'duplicate'
  if ('cause' in error && error.cause !== error) return classifyEnqueueError(error.cause)
  return 'other'
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Runs `operation`, again after a short random backoff when the database reports a deadlock. */
export async function retryOnDeadlock<T>(
  operation: () => Promise<T>,
  options: { attempts?: number; baseDelayMs?: number } = {},
): Promise<T> {
  const attempts = options.attempts ?? 4
  const baseDelayMs = options.baseDelayMs ?? 20
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation()
    } catch (error) {
      if (attempt >= attempts || classifyEnqueueError(error) !== 'deadlock') throw error
      const delay = Math.round(baseDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random()))
      logger.warn({ attempt, delay }, 'deadlock while enqueueing a job; retrying')
      await sleep(delay)
    }
  }
}

/** The payload as the job will see it (a JSON round trip) and its parsed value; throws a ZodError. */
function validatedPayload(job: RegisteredJob, args: unknown): { json: unknown; data: unknown } {
  const json: unknown = args === undefined ? undefined : JSON.parse(JSON.stringify(args))
  const parsed = job.parse(json)
  if (!parsed.success) throw parsed.error
  return { json, data: parsed.data }
}

export type EnqueueOptions = {
  /**
   * Queue at most one such job at a time: while a job with the same name, key and payload waits or
   * runs, enqueueJob returns false. (Sidequest's uniqueness hashes all the job's arguments, so the
   * payload is part of the identity: "kick" jobs use an empty payload and the key alone decides.)
   */
  uniqueKey?: string
}

/**
 * Queues a job; call it after the transaction that wrote the job's rows has committed. Returns
 * false when a unique job with the same key is already queued. Throws a ZodError for a payload that
 * does not match the job's schema. Without a started engine the handler runs here, awaited.
 */
export async function enqueueJob<T>(
  job: JobDefinition<T> | string,
  args: T,
  options: EnqueueOptions = {},
): Promise<boolean> {
  const definition = registered(typeof job === 'string' ? job : job.name)
  const payload = validatedPayload(definition, args)
  if (!state.started) {
    await definition.run(payload.data, { signal: new AbortController().signal })
    return true
  }
  const uniqueKey = options.uniqueKey ?? null
  try {
    await retryOnDeadlock(() =>
      Sidequest.build(ZjcsJob)
        .queue(definition.queue)
        .timeout(definition.timeoutMs)
        .maxAttempts(definition.maxAttempts)
        .unique(uniqueKey === null ? false : { withArgs: true })
        .enqueue(definition.name, payload.json, uniqueKey),
    )
    return true
  } catch (error) {
    if (uniqueKey !== null && classifyEnqueueError(error) === 'duplicate') return false
    throw error
  }
}

/** Called by ZjcsJob (jobs/sidequest.jobs.js) for every job this process runs. */
async function dispatch(name: string, payload: unknown, signal: AbortSignal): Promise<DispatchOutcome> {
  const job = registered(name)
  const parsed = job.parse(payload)
  if (!parsed.success) {
    const reason = `invalid payload for job ${name}: ${z.prettifyError(parsed.error)}`
    logger.error({ job: name }, reason)
    return { ok: false, reason }
  }
  try {
    await job.run(parsed.data, { signal })
  } catch (error) {
    logger.warn({ err: error, job: name }, 'job failed; Sidequest retries it with backoff')
    throw error
  }
  return { ok: true }
}

/** Knex settings for the backend: the app's database, READ COMMITTED and utf8mb4 on every connection. */
function backendConfig(databaseUrl: string): SQLDriverConfig {
  const url = new URL(databaseUrl)
  type Connection = { query: (sql: string, callback: (error: Error | null) => void) => void }
  return {
    client: 'mysql2',
    connection: {
      host: url.hostname,
      port: Number(url.port || 3306),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      database: url.pathname.slice(1),
      charset: 'utf8mb4',
      timezone: 'Z',
    },
    pool: {
      min: 0,
      max: 5,
      afterCreate: (connection: Connection, done: (error: Error | null, connection: Connection) => void) =>
        connection.query('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED', (error) => done(error, connection)),
    },
  }
}

/** Sidequest's own logger (winston, on stdout): quieter than ours, it logs every job at info. */
function sidequestLogLevel(): string {
  const level = env().LOG_LEVEL
  if (level === 'debug' || level === 'trace') return 'debug'
  if (level === 'info' || level === 'warn') return 'warn'
  return 'error'
}

/** Adds the index Sidequest's claim query needs, unless an equivalent one exists. Returns whether it did. */
export async function ensureQueueStateIndex(databaseUrl: string): Promise<boolean> {
  const connection = await mysql.createConnection(databaseUrl)
  try {
    const [tables] = (await connection.query(
      `SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'sidequest_jobs'`,
    )) as unknown as [unknown[]]
    if (tables.length === 0)
      throw new Error('the Sidequest migrations did not create sidequest_jobs (see the log above)')
    const [indexes] = (await connection.query(
      `SELECT INDEX_NAME AS name, GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) AS columns
       FROM information_schema.STATISTICS
       WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'sidequest_jobs'
       GROUP BY INDEX_NAME`,
    )) as unknown as [Array<{ name: string; columns: string }>]
    if (indexes.some((index) => `${index.columns},`.startsWith('queue,state,available_at,'))) return false
    try {
      await connection.query(`CREATE INDEX ${QUEUE_STATE_INDEX} ON sidequest_jobs (queue, state, available_at)`)
    } catch (error) {
      if ((error as { errno?: number }).errno === ER_DUP_KEYNAME) return false // another process made it
      throw error
    }
    return true
  } finally {
    await connection.end()
  }
}

/**
 * Sidequest removes every SIGINT/SIGTERM listener of the process when it stops (even with its own
 * shutdown handling disabled): put back the ones that were there before.
 */
async function keepingSignalListeners<T>(operation: () => Promise<T>): Promise<T> {
  const signals = ['SIGINT', 'SIGTERM'] as const
  const saved = signals.map((signal) => [signal, process.listeners(signal)] as const)
  try {
    return await operation()
  } finally {
    for (const [signal, listeners] of saved) {
      const current = process.listeners(signal)
      for (const listener of listeners) if (!current.includes(listener)) process.on(signal, listener)
    }
  }
}

export type StartJobEngineOptions = {
  /** How often the engine looks for due jobs (ms); default 200. */
  pollingIntervalMs?: number
  /** Jobs run at once by this process; default 5. */
  concurrency?: number
}

/** Starts Sidequest in this process on `databaseUrl` (the app's DATABASE_URL). Idempotent. */
export async function startJobEngine(databaseUrl: string, options: StartJobEngineOptions = {}): Promise<void> {
  if (state.started) return
  state.starting ??= (async () => {
    const jobsFilePath = fileURLToPath(new URL('./sidequest.jobs.js', import.meta.url))
    if (!fs.existsSync(jobsFilePath)) throw new Error(`the job engine must be started from jobs/ (no ${jobsFilePath})`)
    const concurrency = options.concurrency ?? 5
    const loggerOptions = { level: sidequestLogLevel(), json: true }
    const config: SidequestConfig<'@sidequest/mysql-backend'> = {
      backend: { driver: '@sidequest/mysql-backend', config: backendConfig(databaseUrl) },
      dashboard: { enabled: false },
      fork: false,
      runner: 'inline',
      manualJobResolution: true,
      jobsFilePath,
      gracefulShutdown: false,
      releaseStaleJobsIntervalMin: 1,
      cleanupFinishedJobsIntervalMin: 60,
      cleanupFinishedJobsOlderThan: 7 * 24 * 3600_000,
      maxConcurrentJobs: concurrency,
      queues: [{ name: DEFAULT_QUEUE, concurrency, priority: 0, state: 'active' }],
      jobPollingInterval: options.pollingIntervalMs ?? 200,
      logger: loggerOptions,
    }
    // Sidequest logs its configuration before it applies `logger`: set the level first.
    configureLogger(loggerOptions)
    const globals = globalThis as Record<symbol, unknown>
    globals[DISPATCH_KEY] = dispatch
    await keepingSignalListeners(async () => {
      try {
        await Sidequest.configure(config) // runs Sidequest's migrations
        await ensureQueueStateIndex(databaseUrl)
        await Sidequest.start(config)
      } catch (error) {
        await Sidequest.stop().catch(() => {})
        throw error
      }
    })
    state.started = true
    logger.info({ jobs: [...state.jobs.keys()] }, 'job engine started')
  })().finally(() => {
    state.starting = null
  })
  await state.starting
}

/** Stops the engine after the jobs it runs have finished; enqueueJob then runs handlers inline again. */
export async function stopJobEngine(): Promise<void> {
  await state.starting?.catch(() => {})
  if (!state.started) return
  state.started = false
  await keepingSignalListeners(() => Sidequest.stop())
  logger.info('job engine stopped')
}

export function jobEngineStarted(): boolean {
  return state.started
}
