// The in-app inbox (and the e-mail outbox a mailer sends from). Notifications are written inside the
// transaction of the change they announce; a dedupe key makes a repeated job run notify once.
import type { Tx } from '#app/db.server.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import { Prisma } from '#app/generated/prisma/client.ts'

export type NotificationInput = {
  organizationId: string
  userId?: string | null
  kind: string
  title: string
  body: string
  link?: string | null
  /** the same key twice creates one notification */
  dedupeKey?: string | null
  /** also queue an e-mail to these addresses */
  emailTo?: string[]
}

export async function notify(tx: Tx, input: NotificationInput): Promise<boolean> {
  try {
    await tx.notification.create({
      data: {
        organizationId: input.organizationId,
        userId: input.userId ?? null,
        kind: input.kind,
        title: input.title,
        body: input.body,
        link: input.link ?? null,
        dedupeKey: input.dedupeKey ?? null,
      },
    })
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return false
    throw error
  }
  for (const toAddress of input.emailTo ?? []) {
    await tx.emailOutbox.create({
      data: { toAddress, subject: input.title, body: input.body, nextAttemptAt: now() },
    })
  }
  return true
}
