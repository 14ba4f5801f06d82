// The mailer port. Without SMTP_URL (development, tests, offline installs) an e-mail is written to
// the log — recipient and subject only, never the body, which may hold personal data. With SMTP_URL
// (smtp://user:pass@host:587 or smtps://…:465) it is sent through nodemailer, from MAIL_FROM.
// E-mails are not sent from here directly: they are queued in EmailOutbox inside the transaction
// of the change, and jobs/email-dispatch.ts sends them.
import nodemailer from 'nodemailer'
import { env, type Env } from '#app/env.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import { singleton } from '#app/utils/singleton.server.ts'

export type OutgoingEmail = { to: string; subject: string; text: string }

export type Mailer = {
  kind: 'log' | 'smtp'
  /** Resolves once the e-mail is accepted; rejects when it was not (the caller retries later). */
  send: (email: OutgoingEmail) => Promise<void>
}

export function logMailer(): Mailer {
  return {
    kind: 'log',
    send: async ({ to, subject }) => {
      logger.info({ to, subject }, 'e-mail (no SMTP_URL: logged, not sent)')
    },
  }
}

export function smtpMailer(smtpUrl: string, from: string): Mailer {
  // Short timeouts: a hung server must not hold the dispatch batch (its rows stay locked meanwhile).
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  })
  return {
    kind: 'smtp',
    send: async ({ to, subject, text }) => {
      await transport.sendMail({ from, to, subject, text })
    },
  }
}

export function createMailer(config: Pick<Env, 'SMTP_URL' | 'MAIL_FROM'> = env()): Mailer {
  return config.SMTP_URL ? smtpMailer(config.SMTP_URL, config.MAIL_FROM) : logMailer()
}

const holder = singleton('mailer', () => ({ mailer: undefined as Mailer | undefined }))

/** This process's mailer (from the environment, made on first use). */
export function mailer(): Mailer {
  holder.mailer ??= createMailer()
  return holder.mailer
}
