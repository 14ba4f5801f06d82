// Sends the e-mails queued in EmailOutbox (written by notify() inside the transaction of the change
// they announce). The `email.dispatch` job claims due PENDING rows in small batches with
// SELECT … FOR UPDATE SKIP LOCKED, so several processes may run it at once; each row is sent, then
// marked SENT, or rescheduled with exponential backoff and marked FAILED after 8 attempts.
// Delivery is at least once: an e-mail accepted by the server just before its batch failed to
// commit is sent again.
//
// Who starts it: kickEmailDispatch() from the deadline ticker after transitions that notified, and
// every 30 s the worker task below (for every other e-mail, and for kicks that were lost or came
// while a run was finishing).
import { z } from 'zod'
import { prisma } from '#app/db.server.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import { mailer as defaultMailer, type Mailer } from '#app/utils/mailer.server.ts'
import { defineJob, enqueueJob } from '#jobs/engine.server.ts'
import { registerTask } from '#jobs/worker.ts'

export const EMAIL_BATCH_SIZE = 10
export const EMAIL_MAX_ATTEMPTS = 8
export const EMAIL_DISPATCH_TASK = 'email-dispatch'
const FIRST_RETRY_DELAY_MS = 60_000
const MAX_RETRY_DELAY_MS = 6 * 3600_000

/** The wait after the `attempts`-th failed attempt: 1, 2, 4 … minutes, at most 6 hours. */
export function emailRetryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_DELAY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_DELAY_MS)
}

export type EmailDispatchResult = { sent: number; retried: number; failed: number }

type ClaimedEmail = { id: string; toAddress: string; subject: string; body: string; attempts: number }

/** One batch: claim due rows, send each, record the outcome. Returns the counts and rows claimed. */
async function dispatchBatch(mailer: Mailer, batchSize: number): Promise<EmailDispatchResult & { claimed: number }> {
  return prisma.$transaction(
    async (tx) => {
      const at = now()
      const rows = await tx.$queryRaw<ClaimedEmail[]>`
        SELECT id, toAddress, subject, body, attempts FROM EmailOutbox
        WHERE status = 'PENDING' AND nextAttemptAt <= ${at}
        ORDER BY nextAttemptAt, id
        LIMIT ${batchSize}
        FOR UPDATE SKIP LOCKED`
      const result = { sent: 0, retried: 0, failed: 0, claimed: rows.length }
      for (const row of rows) {
        const attempts = Number(row.attempts) + 1
        try {
          await mailer.send({ to: row.toAddress, subject: row.subject, text: row.body })
          await tx.emailOutbox.update({ where: { id: row.id }, data: { status: 'SENT', attempts, sentAt: now() } })
          result.sent += 1
        } catch (error) {
          const gaveUp = attempts >= EMAIL_MAX_ATTEMPTS
          logger.warn({ err: error, emailId: row.id, attempts, gaveUp }, 'e-mail not sent')
          await tx.emailOutbox.update({
            where: { id: row.id },
            data: gaveUp
              ? { status: 'FAILED', attempts }
              : { attempts, nextAttemptAt: new Date(now().getTime() + emailRetryDelayMs(attempts)) },
          })
          if (gaveUp) result.failed += 1
          else result.retried += 1
        }
      }
      return result
    },
    { timeout: 180_000, maxWait: 10_000 },
  )
}

/**
 * Sends the due e-mails, batch after batch until none is due (or `maxBatches`, or `signal` aborts).
 * `mailer` is the test seam; by default the process's mailer (SMTP_URL, or the log).
 */
export async function dispatchDueEmails(
  options: { mailer?: Mailer; batchSize?: number; maxBatches?: number; signal?: AbortSignal } = {},
): Promise<EmailDispatchResult> {
  const mailer = options.mailer ?? defaultMailer()
  const batchSize = options.batchSize ?? EMAIL_BATCH_SIZE
  const total: EmailDispatchResult = { sent: 0, retried: 0, failed: 0 }
  for (let batch = 0; batch < (options.maxBatches ?? 50) && !options.signal?.aborted; batch++) {
    const { claimed, ...result } = await dispatchBatch(mailer, batchSize)
    total.sent += result.sent
    total.retried += result.retried
    total.failed += result.failed
    if (claimed < batchSize) break
  }
  return total
}

export const emailDispatchJob = defineJob({
  name: 'email.dispatch',
  schema: z.object({}),
  timeoutMs: 4 * 60_000,
  maxAttempts: 3,
  handler: async (_args, { signal }) => {
    await dispatchDueEmails({ signal })
  },
})

/** Call after a commit that queued e-mails: sends them soon. False when a dispatch is already queued. */
export function kickEmailDispatch(): Promise<boolean> {
  return enqueueJob(emailDispatchJob, {}, { uniqueKey: emailDispatchJob.name })
}

registerTask({
  name: EMAIL_DISPATCH_TASK,
  intervalMs: 30_000,
  run: async () => {
    await kickEmailDispatch()
  },
})
