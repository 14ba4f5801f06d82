// The append-only, hash-chained audit log. Each entry's hash covers the previous entry's hash and
// the entry's own content, so editing, deleting or reordering any row breaks the chain from there.
// Appending locks the single AuditHead row, so entries are numbered without gaps in commit order.
import crypto from 'node:crypto'
import type { Tx } from '#app/db.server.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import { currentRequestId } from '#app/utils/request-context.server.ts'

export const GENESIS_HASH = '0'.repeat(64)

export type AuditActor = { userId?: string | null; organizationId?: string | null }

export type AuditInput = {
  actor: AuditActor | null
  entityType: string
  entityId: string
  action: string
  before?: unknown
  after?: unknown
}

export type AuditContent = {
  id: bigint
  at: Date
  actorUserId: string | null
  actorOrganizationId: string | null
  requestId: string | null
  entityType: string
  entityId: string
  action: string
  before: string | null
  after: string | null
}

/** JSON with object keys sorted, so the stored text does not depend on property order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') return v.toString()
    if (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
    }
    return v
  })
}

/** The hash of one entry: SHA-256 over the previous hash and the entry's fields, one per line. */
export function entryHash(prevHash: string, entry: AuditContent): string {
  const lines = [
    prevHash,
    entry.id.toString(),
    entry.at.toISOString(),
    entry.actorUserId ?? '',
    entry.actorOrganizationId ?? '',
    entry.requestId ?? '',
    entry.entityType,
    entry.entityId,
    entry.action,
    entry.before ?? '',
    entry.after ?? '',
  ]
  return crypto.createHash('sha256').update(lines.join('\n')).digest('hex')
}

/** Appends one entry inside the caller's transaction. */
export async function audit(tx: Tx, input: AuditInput): Promise<void> {
  const [head] = await tx.$queryRaw<Array<{ lastId: bigint; hash: string }>>`
    SELECT lastId, hash FROM AuditHead WHERE id = 1 FOR UPDATE`
  if (!head) throw new Error('AuditHead row is missing; run the migrations')
  const entry: AuditContent = {
    id: BigInt(head.lastId) + 1n,
    at: now(),
    actorUserId: input.actor?.userId ?? null,
    actorOrganizationId: input.actor?.organizationId ?? null,
    requestId: currentRequestId() ?? null,
    entityType: input.entityType,
    entityId: input.entityId,
    action: input.action,
    before: input.before === undefined ? null : canonicalJson(input.before),
    after: input.after === undefined ? null : canonicalJson(input.after),
  }
  const hash = entryHash(head.hash, entry)
  // Every audited transaction holds the head's row lock from here to its commit, so this part is
  // kept to two raw statements (create/update would read the rows back: three more round trips
  // under the lock).
  await tx.$executeRaw`
    INSERT INTO AuditEntry (id, at, actorUserId, actorOrganizationId, requestId, entityType, entityId, action, \`before\`, \`after\`, prevHash, hash)
    VALUES (${entry.id}, ${entry.at}, ${entry.actorUserId}, ${entry.actorOrganizationId}, ${entry.requestId}, ${entry.entityType},
            ${entry.entityId}, ${entry.action}, ${entry.before}, ${entry.after}, ${head.hash}, ${hash})`
  await tx.$executeRaw`UPDATE AuditHead SET lastId = ${entry.id}, hash = ${hash} WHERE id = 1`
}

export type ChainReport =
  | { ok: true; entries: number; head: string }
  | { ok: false; entries: number; head: string; brokenAt: string; reason: string }

/** Recomputes the whole chain in id order and reports the first broken link. */
export async function verifyAuditChain(
  db: Pick<Tx, 'auditEntry' | 'auditHead'>,
  batchSize = 1000,
): Promise<ChainReport> {
  let prevHash = GENESIS_HASH
  let expectedId = 1n
  let count = 0
  let cursor = 0n
  for (;;) {
    const rows = await db.auditEntry.findMany({
      where: { id: { gt: cursor } },
      orderBy: { id: 'asc' },
      take: batchSize,
    })
    for (const row of rows) {
      const broken = (reason: string): ChainReport => ({
        ok: false,
        entries: count,
        head: prevHash,
        brokenAt: row.id.toString(),
        reason,
      })
      if (row.id !== expectedId) return broken(`entry ${expectedId} is missing`)
      if (row.prevHash !== prevHash) return broken('prevHash does not match the previous entry')
      if (entryHash(prevHash, row) !== row.hash) return broken('content does not match its hash')
      prevHash = row.hash
      expectedId += 1n
      count += 1
      cursor = row.id
    }
    if (rows.length < batchSize) break
  }
  const head = await db.auditHead.findUnique({ where: { id: 1 } })
  if (!head || head.hash !== prevHash || BigInt(head.lastId) !== expectedId - 1n) {
    return {
      ok: false,
      entries: count,
      head: prevHash,
      brokenAt: (expectedId - 1n).toString(),
      reason: 'the chain head does not match the last entry (entries removed from the end?)',
    }
  }
  return { ok: true, entries: count, head: prevHash }
}
