// The one hook through which a state change reaches the outside world. The engine (applyToRow in
// app/domain/engine/engine.server.ts) calls `publishTransition` for every event it applies, inside
// the event's transaction, after the status and the audit entry are written; each subscriber below
// decides from the aggregate, the event and the states whether the change is public news and
// writes its own rows in the same transaction (so nothing is published that did not commit, and
// nothing that committed is lost). Work that must wait for the commit (kicking a job) goes through
// `afterCommit`.
//
// To publish more: add the aggregate to the subscribers' own tables — the OCDS builders
// (app/domain/ocds/releases.server.ts) and the webhook event types (app/domain/webhooks/events.server.ts).
// Aggregates without a state machine (credit records, blacklist entries) call `publishEvent` of the
// webhook module from their own transaction.
import type { Tx } from '#app/db.server.ts'
import { writeOcdsRelease } from '#app/domain/ocds/releases.server.ts'
import { recordWebhookEvents } from '#app/domain/webhooks/events.server.ts'

export type Transition = {
  /** the machine's entity ("Announcement", "Bid", "Objection", later "Contract" …) */
  entity: string
  id: string
  event: string
  from: string
  to: string
  at: Date
}

export type TransitionContext = { afterCommit: (hook: () => Promise<void>) => void }

type Subscriber = (tx: Tx, t: Transition, context: TransitionContext) => Promise<void>

const SUBSCRIBERS: Subscriber[] = [writeOcdsRelease, recordWebhookEvents]

export async function publishTransition(tx: Tx, t: Transition, context: TransitionContext): Promise<void> {
  for (const subscriber of SUBSCRIBERS) await subscriber(tx, t, context)
}
