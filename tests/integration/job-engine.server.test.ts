// The job engine (jobs/engine.server.ts): Sidequest on this test file's own database, the inline
// fallback when no engine runs in the process, unique jobs, the deadlock / duplicate classification,
// the index it adds, e-mail dispatch (sent, retried, failed), and the drift check with Sidequest's
// tables present.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { DuplicatedJobError, Sidequest } from 'sidequest'
import mysql from 'mysql2/promise'
import { z } from 'zod'
import { prisma } from '#app/db.server.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import { notify } from '#app/domain/notifications/notifications.server.ts'
import type { Mailer, OutgoingEmail } from '#app/utils/mailer.server.ts'
import { dispatchDueEmails, EMAIL_MAX_ATTEMPTS, emailRetryDelayMs, kickEmailDispatch } from '#jobs/email-dispatch.ts'
import {
  classifyEnqueueError,
  defineJob,
  enqueueJob,
  ensureQueueStateIndex,
  jobEngineStarted,
  QUEUE_STATE_INDEX,
  retryOnDeadlock,
  startJobEngine,
  stopJobEngine,
} from '#jobs/engine.server.ts'
import { ZjcsJob } from '#jobs/sidequest.jobs.js'
import { diffModels, readDatabaseModel } from '#prisma/database-model.ts'
import { readSchemaModel } from '#prisma/schema-model.ts'
import { createOrganization } from '#tests/factories/index.ts'

const writeNotification = defineJob({
  name: 'test.write-notification',
  schema: z.object({ organizationId: z.string(), dedupeKey: z.string() }),
  timeoutMs: 10_000,
  handler: async ({ organizationId, dedupeKey }) => {
    await prisma.$transaction((tx) =>
      notify(tx, { organizationId, kind: 'test', title: '测试通知', body: '由任务写入', dedupeKey }),
    )
  },
})

/** A job that waits for the test to let it finish (so that it is still alive when enqueued again). */
const gate = { runs: 0, open: Promise.resolve(), release: () => {} }
const gatedJob = defineJob({
  name: 'test.gated',
  schema: z.object({}),
  timeoutMs: 10_000,
  handler: async () => {
    gate.runs += 1
    await gate.open
  },
})

function closeGate() {
  gate.open = new Promise<void>((resolve) => (gate.release = resolve))
}

async function eventually<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value) return value
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

async function notificationFor(dedupeKey: string) {
  return prisma.notification.findUnique({ where: { dedupeKey } })
}

type SidequestRow = { id: number; state: string; attempt: number; args: unknown }
async function sidequestJobs(jobName: string): Promise<SidequestRow[]> {
  const rows = await prisma.$queryRaw<Array<{ id: bigint; state: string; attempt: number; args: unknown }>>`
    SELECT id, state, attempt, args FROM sidequest_jobs WHERE JSON_UNQUOTE(JSON_EXTRACT(args, '$[0]')) = ${jobName} ORDER BY id`
  return rows.map((row) => ({
    ...row,
    id: Number(row.id),
    attempt: Number(row.attempt),
    args: typeof row.args === 'string' ? JSON.parse(row.args) : row.args,
  }))
}

async function queueEmail(overrides: { attempts?: number; nextAttemptAt?: Date } = {}) {
  return prisma.emailOutbox.create({
    data: {
      toAddress: `firm-${crypto.randomUUID()}@example.com`,
      subject: '资质即将到期',
      body: '贵机构的资质将于下月到期。',
      attempts: overrides.attempts ?? 0,
      nextAttemptAt: overrides.nextAttemptAt ?? new Date(now().getTime() - 1000),
    },
  })
}

const failingMailer: Mailer = {
  kind: 'smtp',
  send: async () => {
    throw new Error('451 4.3.0 temporary failure')
  },
}

function recordingMailer(): Mailer & { sent: OutgoingEmail[] } {
  const sent: OutgoingEmail[] = []
  return { kind: 'smtp', sent, send: async (email) => void sent.push(email) }
}

describe('enqueue errors, classified without a database', () => {
  const mysqlError = (errno: number, code: string, message: string) =>
    Object.assign(new Error(message), { errno, code })

  test('a deadlock (errno 1213) is retried; a duplicate entry (1062) or DuplicatedJobError means already queued', () => {
    expect(classifyEnqueueError(mysqlError(1213, 'ER_LOCK_DEADLOCK', 'Deadlock found when trying to get lock'))).toBe(
      'deadlock',
    )
    // MariaDB's wording, which Sidequest does not recognise as a DuplicatedJobError:
    const mariadbDuplicate = mysqlError(
      1062,
      'ER_DUP_ENTRY',
      "insert into `sidequest_jobs` … - Duplicate entry 'ab12' for key 'sidequest_jobs_unique_digest_unique'",
    )
    expect(classifyEnqueueError(mariadbDuplicate)).toBe('duplicate')
    expect(classifyEnqueueError(new DuplicatedJobError({ id: 1, class: 'ZjcsJob' } as never))).toBe('duplicate')
    expect(classifyEnqueueError(new Error('wrapped', { cause: mariadbDuplicate }))).toBe('duplicate')
    expect(classifyEnqueueError(mysqlError(1205, 'ER_LOCK_WAIT_TIMEOUT', 'Lock wait timeout exceeded'))).toBe('other')
    expect(classifyEnqueueError(new Error('boom'))).toBe('other')
    expect(classifyEnqueueError(null)).toBe('other')
  })

  test('an enqueue that deadlocks is tried again, a few times at most, and other errors are not retried', async () => {
    let calls = 0
    const deadlockTwice = async () => {
      calls += 1
      if (calls < 3) throw mysqlError(1213, 'ER_LOCK_DEADLOCK', 'Deadlock found when trying to get lock')
      return 'queued'
    }
    await expect(retryOnDeadlock(deadlockTwice, { baseDelayMs: 1 })).resolves.toBe('queued')
    expect(calls).toBe(3)

    calls = 0
    const alwaysDeadlock = async () => {
      calls += 1
      throw mysqlError(1213, 'ER_LOCK_DEADLOCK', 'Deadlock found when trying to get lock')
    }
    await expect(retryOnDeadlock(alwaysDeadlock, { attempts: 4, baseDelayMs: 1 })).rejects.toMatchObject({
      errno: 1213,
    })
    expect(calls).toBe(4)

    calls = 0
    const broken = async () => {
      calls += 1
      throw new Error('connection refused')
    }
    await expect(retryOnDeadlock(broken, { baseDelayMs: 1 })).rejects.toThrow('connection refused')
    expect(calls).toBe(1)
  })
})

describe('without a started engine (tests, scripts)', () => {
  test('enqueueJob runs the handler inline, awaited, before it returns', async () => {
    expect(jobEngineStarted()).toBe(false)
    const organization = await createOrganization()
    const dedupeKey = `inline-${crypto.randomUUID()}`
    await expect(enqueueJob(writeNotification, { organizationId: organization.id, dedupeKey })).resolves.toBe(true)
    expect(await notificationFor(dedupeKey)).toMatchObject({ organizationId: organization.id, kind: 'test' })
  })

  test('a payload that does not match the job schema is refused at enqueue, and nothing runs', async () => {
    const before = await prisma.notification.count()
    await expect(enqueueJob(writeNotification, { organizationId: 42 } as never)).rejects.toBeInstanceOf(z.ZodError)
    await expect(enqueueJob('test.no-such-job', {})).rejects.toThrow(/unknown job test.no-such-job/)
    expect(await prisma.notification.count()).toBe(before)
  })
})

describe('e-mail dispatch', () => {
  test('a due e-mail is sent once and marked SENT', async () => {
    const email = await queueEmail()
    const mailer = recordingMailer()
    await dispatchDueEmails({ mailer })
    expect(mailer.sent).toContainEqual({ to: email.toAddress, subject: email.subject, text: email.body })
    const row = await prisma.emailOutbox.findUniqueOrThrow({ where: { id: email.id } })
    expect(row).toMatchObject({ status: 'SENT', attempts: 1 })
    expect(row.sentAt).not.toBeNull()

    const again = recordingMailer()
    await dispatchDueEmails({ mailer: again })
    expect(again.sent.filter((sent) => sent.to === email.toAddress)).toEqual([])
  })

  test('a failed send is retried later with exponential backoff, and FAILED after 8 attempts', async () => {
    const email = await queueEmail()
    const before = now().getTime()
    await dispatchDueEmails({ mailer: failingMailer })
    let row = await prisma.emailOutbox.findUniqueOrThrow({ where: { id: email.id } })
    expect(row).toMatchObject({ status: 'PENDING', attempts: 1, sentAt: null })
    expect(row.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before + emailRetryDelayMs(1))
    expect(emailRetryDelayMs(2)).toBe(2 * emailRetryDelayMs(1))

    // Not due yet: a second run leaves it alone.
    await dispatchDueEmails({ mailer: failingMailer })
    row = await prisma.emailOutbox.findUniqueOrThrow({ where: { id: email.id } })
    expect(row.attempts).toBe(1)

    // Due again after its backoff, and the server accepts it now.
    await prisma.emailOutbox.update({
      where: { id: email.id },
      data: { nextAttemptAt: new Date(now().getTime() - 1000) },
    })
    const mailer = recordingMailer()
    await dispatchDueEmails({ mailer })
    row = await prisma.emailOutbox.findUniqueOrThrow({ where: { id: email.id } })
    expect(row).toMatchObject({ status: 'SENT', attempts: 2 })

    // The eighth failure gives up.
    const doomed = await queueEmail({ attempts: EMAIL_MAX_ATTEMPTS - 1 })
    await dispatchDueEmails({ mailer: failingMailer })
    expect(await prisma.emailOutbox.findUniqueOrThrow({ where: { id: doomed.id } })).toMatchObject({
      status: 'FAILED',
      attempts: EMAIL_MAX_ATTEMPTS,
      sentAt: null,
    })
  })
})

describe('with the engine started on the same database', () => {
  beforeAll(async () => {
    await startJobEngine(process.env.DATABASE_URL!, { pollingIntervalMs: 50 })
  })

  afterAll(async () => {
    gate.release()
    await stopJobEngine()
  })

  test('a queued job is run by the engine and writes its row', async () => {
    expect(jobEngineStarted()).toBe(true)
    const organization = await createOrganization()
    const dedupeKey = `engine-${crypto.randomUUID()}`
    await expect(enqueueJob(writeNotification, { organizationId: organization.id, dedupeKey })).resolves.toBe(true)
    expect(await notificationFor(dedupeKey)).toBeNull() // queued, not run inline
    await eventually(() => notificationFor(dedupeKey))
    const job = await eventually(async () =>
      (await sidequestJobs(writeNotification.name)).find((row) => row.state === 'completed'),
    )
    expect(job.args).toEqual([writeNotification.name, { organizationId: organization.id, dedupeKey }, null])
  })

  test('a unique job enqueued twice is queued once: the second enqueue returns false and does not throw', async () => {
    closeGate()
    const runsBefore = gate.runs
    expect(await enqueueJob(gatedJob, {}, { uniqueKey: 'gated' })).toBe(true)
    expect(await enqueueJob(gatedJob, {}, { uniqueKey: 'gated' })).toBe(false)
    expect((await sidequestJobs(gatedJob.name)).length).toBe(1)
    gate.release()
    await eventually(async () => (await sidequestJobs(gatedJob.name)).every((job) => job.state === 'completed'))
    expect(gate.runs - runsBefore).toBe(1)
    // Once it has finished, the same key can be queued again.
    expect(await enqueueJob(gatedJob, {}, { uniqueKey: 'gated' })).toBe(true)
    await eventually(async () => (await sidequestJobs(gatedJob.name)).every((job) => job.state === 'completed'))
  })

  test('a job whose stored payload does not match its schema fails at once, without retries', async () => {
    // Enqueued past enqueueJob's validation, as a job written by an older version would be.
    const job = await Sidequest.build(ZjcsJob)
      .timeout(10_000)
      .enqueue(writeNotification.name, { organizationId: 7 }, null)
    const failed = await eventually(async () =>
      (await sidequestJobs(writeNotification.name)).find((row) => row.id === job.id && row.state === 'failed'),
    )
    expect(failed.attempt).toBe(1)
  })

  test('kickEmailDispatch sends the due e-mails through the engine', async () => {
    const email = await queueEmail()
    await kickEmailDispatch()
    await eventually(
      async () => (await prisma.emailOutbox.findUniqueOrThrow({ where: { id: email.id } })).status === 'SENT',
    )
  })

  test('Sidequest claims jobs through an index on (queue, state, available_at)', async () => {
    const rows = await prisma.$queryRaw<Array<{ columns: string }>>`
      SELECT GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) AS columns FROM information_schema.STATISTICS
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'sidequest_jobs' AND INDEX_NAME = ${QUEUE_STATE_INDEX}`
    expect(rows).toEqual([{ columns: 'queue,state,available_at' }])
    expect(await ensureQueueStateIndex(process.env.DATABASE_URL!)).toBe(false) // already there
  })

  test('the schema drift check still passes with the Sidequest tables in the database', async () => {
    const url = new URL(process.env.DATABASE_URL!)
    const connection = await mysql.createConnection(process.env.DATABASE_URL!)
    try {
      const [tables] = (await connection.query(`SHOW TABLES LIKE 'sidequest%'`)) as unknown as [
        Array<Record<string, string>>,
      ]
      expect(tables.map((row) => Object.values(row)[0]).sort()).toEqual([
        'sidequest_jobs',
        'sidequest_migrations',
        'sidequest_migrations_lock',
        'sidequest_queues',
      ])
      expect(diffModels(await readSchemaModel(), await readDatabaseModel(connection, url.pathname.slice(1)))).toEqual(
        [],
      )
    } finally {
      await connection.end()
    }
  })
})

test('after stopJobEngine, jobs run inline again', async () => {
  expect(jobEngineStarted()).toBe(false)
  const organization = await createOrganization()
  const dedupeKey = `after-stop-${crypto.randomUUID()}`
  await enqueueJob(writeNotification, { organizationId: organization.id, dedupeKey })
  expect(await notificationFor(dedupeKey)).not.toBeNull()
})
