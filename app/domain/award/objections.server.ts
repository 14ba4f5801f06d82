// Objections (质疑) during the publicity period: what routes call. Each action is an event of the
// objection's machine (objection-machine.server.ts); the list shows each objection with the events
// the caller may apply to it.
import { prisma } from '#app/db.server.ts'
import { objectionMachine } from '#app/domain/award/objection-machine.server.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import { transition } from '#app/domain/engine/engine.server.ts'
import { allowedEvents } from '#app/domain/engine/machine.ts'
import type { Actor } from '#app/domain/permissions/permissions.server.ts'
import type { ObjectionStatus } from '#app/generated/prisma/enums.ts'

export async function fileObjection(
  actor: Actor,
  announcementId: string,
  reason: string,
): Promise<{ id: string; status: ObjectionStatus }> {
  const applied = await transition(objectionMachine, { announcementId }, 'object', actor, { reason })
  return { id: applied.id, status: 'OPEN' }
}

export async function answerObjection(
  actor: Actor,
  announcementId: string,
  objectionId: string,
  input: { answer: string; upheld: boolean },
): Promise<{ id: string; status: string }> {
  const applied = await transition(objectionMachine, { announcementId, id: objectionId }, 'answer', actor, input)
  return { id: objectionId, status: applied.to }
}

export async function escalateObjection(
  actor: Actor,
  announcementId: string,
  objectionId: string,
): Promise<{ id: string; status: string }> {
  const applied = await transition(objectionMachine, { announcementId, id: objectionId }, 'escalate', actor)
  return { id: objectionId, status: applied.to }
}

export async function decideObjection(
  actor: Actor,
  announcementId: string,
  objectionId: string,
  input: { decision: string; upheld: boolean },
): Promise<{ id: string; status: string }> {
  const applied = await transition(objectionMachine, { announcementId, id: objectionId }, 'decide', actor, input)
  return { id: objectionId, status: applied.to }
}

export type ObjectionView = {
  id: string
  status: ObjectionStatus
  reason: string
  answer: string | null
  decision: string | null
  createdAt: string
  answeredAt: string | null
  escalatedAt: string | null
  decidedAt: string | null
  mine: boolean
  /** what the caller may do with it now: answer, escalate, decide */
  allowedActions: string[]
}

/** The objections of an announcement (public after evaluation; who filed one is not shown). */
export async function listObjections(actor: Actor | null, announcementId: string): Promise<ObjectionView[]> {
  const rows = await prisma.objection.findMany({ where: { announcementId }, orderBy: { createdAt: 'asc' } })
  const at = now()
  const allowed = await Promise.all(
    rows.map(async (o) => {
      const row = actor ? await objectionMachine.load(prisma, o.id, { lock: 'none', actor }) : null
      return row ? allowedEvents(objectionMachine, row, actor, at) : []
    }),
  )
  return rows.map((o, i) => ({
    id: o.id,
    status: o.status,
    reason: o.reason,
    answer: o.answer,
    decision: o.decision,
    createdAt: o.createdAt.toISOString(),
    answeredAt: o.answeredAt?.toISOString() ?? null,
    escalatedAt: o.escalatedAt?.toISOString() ?? null,
    decidedAt: o.decidedAt?.toISOString() ?? null,
    mine: actor?.organizationId === o.intermediaryId,
    allowedActions: allowed[i]!,
  }))
}
