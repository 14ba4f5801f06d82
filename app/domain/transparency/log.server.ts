// The transparency log (DESIGN §7, API.md "Transparency log"): an RFC 9162 Merkle tree over public
// leaves of the audit entries, signed checkpoints, inclusion and consistency proofs.
//
// Leaf of an entry: canonical JSON `{ action, at, contentHash, entityId, entityType }`, where
// contentHash is the SHA-256 of the canonical JSON of the whole entry (actor, request, before,
// after stay private). A sealed entry (a bid before its opening) shows `entityType: "sealed"` and
// neither entity id nor action, so the log does not tell which announcement was bid on.
//
// The sequencer (`integratePending`, one active at a time: it takes the TransparencyHead row with
// FOR UPDATE SKIP LOCKED, a row no business transaction touches) reads the committed entries not
// integrated yet in id order, gives them the next leaf indexes, stores the hash of every complete
// subtree they complete and one signed checkpoint. An entry whose transaction commits after a
// later id's is simply integrated by a later batch: nothing is skipped, nothing re-ordered.
import crypto from 'node:crypto'
import { prisma, type Tx } from '#app/db.server.ts'
import { canonicalJson } from '#app/domain/audit/audit.server.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import { invalid, notFound } from '#app/domain/errors.ts'
import {
  consistencyRanges,
  inclusionRanges,
  subtreeHash,
  subtreeNodes,
  type NodeKey,
  type Range,
} from '#app/domain/transparency/merkle.ts'
import { logPublicKey, signCheckpoint } from '#app/domain/transparency/signing.server.ts'
import { Prisma } from '#app/generated/prisma/client.ts'

export const EMPTY_ROOT = crypto.createHash('sha256').digest('hex')

/** The columns of an audit entry that its content hash covers. */
export type EntryRow = {
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
  sealed: boolean | number
}

export const ENTRY_COLUMNS = Prisma.sql`id, at, actorUserId, actorOrganizationId, requestId, entityType, entityId, action, \`before\`, \`after\`, sealed`

/** SHA-256 of the canonical JSON of the full entry (private fields included). */
export function contentHash(row: EntryRow): string {
  const content = canonicalJson({
    id: row.id.toString(),
    at: row.at.toISOString(),
    actorUserId: row.actorUserId,
    actorOrganizationId: row.actorOrganizationId,
    requestId: row.requestId,
    entityType: row.entityType,
    entityId: row.entityId,
    action: row.action,
    before: row.before,
    after: row.after,
    sealed: Boolean(Number(row.sealed)),
  })
  return crypto.createHash('sha256').update(content, 'utf8').digest('hex')
}

/** The public text of an entry's leaf. */
export function leafText(row: EntryRow): string {
  const sealed = Boolean(Number(row.sealed))
  return canonicalJson({
    at: row.at.toISOString(),
    entityType: sealed ? 'sealed' : row.entityType,
    entityId: sealed ? null : row.entityId,
    action: sealed ? null : row.action,
    contentHash: contentHash(row),
  })
}

const sha = (data: Buffer) => crypto.createHash('sha256').update(data).digest()
export const leafHash = (leaf: string): Buffer => sha(Buffer.concat([Buffer.from([0]), Buffer.from(leaf, 'utf8')]))
export const nodeHash = (left: Buffer, right: Buffer): Buffer => sha(Buffer.concat([Buffer.from([1]), left, right]))

const keyOf = (k: NodeKey) => `${k.level}:${k.index}`

/** Stored subtree hashes by key (one statement). */
async function loadNodes(db: Tx | typeof prisma, keys: NodeKey[]): Promise<Map<string, Buffer>> {
  const found = new Map<string, Buffer>()
  const unique = [...new Map(keys.map((k) => [keyOf(k), k])).values()]
  for (let start = 0; start < unique.length; start += 500) {
    const chunk = unique.slice(start, start + 500)
    const rows = await db.$queryRaw<Array<{ level: number; idx: bigint; hash: string }>>`
      SELECT level, idx, hash FROM TransparencyNode
       WHERE ${Prisma.join(
         chunk.map((k) => Prisma.sql`(level = ${k.level} AND idx = ${k.index})`),
         ' OR ',
       )}`
    for (const row of rows) found.set(`${Number(row.level)}:${Number(row.idx)}`, Buffer.from(row.hash, 'hex'))
  }
  return found
}

/** A lookup of stored subtree hashes (throws for a node that is not stored). */
export type NodeLookup = (key: NodeKey) => Buffer

/** MTH of each range from stored nodes: the proofs are lists of these. */
export function hashesOfRanges(ranges: readonly Range[], get: NodeLookup): string[] {
  return ranges.map((r) => subtreeHash(r, get, nodeHash).toString('hex'))
}

/** MTH of each range, from the stored nodes (one statement for all of them). */
async function rangeHashes(db: Tx | typeof prisma, ranges: readonly Range[]): Promise<string[]> {
  const nodes = await loadNodes(
    db,
    ranges.flatMap((r) => subtreeNodes(r)),
  )
  return hashesOfRanges(ranges, (k) => {
    const hash = nodes.get(keyOf(k))
    if (!hash) throw new Error(`transparency node ${keyOf(k)} is missing`)
    return hash
  })
}

/** The nodes of the old tree that new nodes are built on: the left sibling at each set bit of its size. */
function frontier(size: number): NodeKey[] {
  const keys: NodeKey[] = []
  for (let level = 0; 2 ** level <= size; level++) {
    const count = Math.floor(size / 2 ** level)
    if (count % 2 === 1) keys.push({ level, index: count - 1 })
  }
  return keys
}

export type Integration = { integrated: number; treeSize: number; rootHash: string }

/**
 * One sequencer batch: integrates up to `batchSize` committed entries, in id order, and stores a
 * signed checkpoint. Null when another sequencer holds the head (it does the work).
 */
export async function integratePending(options: { batchSize?: number } = {}): Promise<Integration | null> {
  const batchSize = options.batchSize ?? 2000
  return prisma.$transaction(
    async (tx) => {
      const [head] = await tx.$queryRaw<Array<{ treeSize: bigint; rootHash: string }>>`
        SELECT treeSize, rootHash FROM TransparencyHead WHERE id = 1 FOR UPDATE SKIP LOCKED`
      if (!head) return null
      const oldSize = Number(head.treeSize)
      const rows = await tx.$queryRaw<EntryRow[]>`
        SELECT ${ENTRY_COLUMNS} FROM AuditEntry WHERE leafIndex IS NULL ORDER BY id LIMIT ${batchSize}`
      if (rows.length === 0) return { integrated: 0, treeSize: oldSize, rootHash: head.rootHash }
      const newSize = oldSize + rows.length

      const nodes = await loadNodes(tx, frontier(oldSize))
      const created: Array<[number, number, Buffer]> = []
      const put = (level: number, index: number, hash: Buffer) => {
        nodes.set(`${level}:${index}`, hash)
        created.push([level, index, hash])
      }
      rows.forEach((row, i) => put(0, oldSize + i, leafHash(leafText(row))))
      for (let level = 1; 2 ** level <= newSize; level++) {
        const width = 2 ** level
        for (let index = Math.floor(oldSize / width); index < Math.floor(newSize / width); index++) {
          const left = nodes.get(`${level - 1}:${2 * index}`)
          const right = nodes.get(`${level - 1}:${2 * index + 1}`)
          if (!left || !right) throw new Error(`transparency node below ${level}:${index} is missing`)
          put(level, index, nodeHash(left, right))
        }
      }
      const rootHash = subtreeHash([0, newSize], (k) => nodes.get(keyOf(k))!, nodeHash).toString('hex')

      for (let start = 0; start < created.length; start += 1000) {
        const chunk = created.slice(start, start + 1000)
        await tx.$executeRaw`INSERT INTO TransparencyNode (level, idx, hash) VALUES ${Prisma.join(
          chunk.map(([level, index, hash]) => Prisma.sql`(${level}, ${index}, ${hash.toString('hex')})`),
        )}`
      }
      for (let start = 0; start < rows.length; start += 1000) {
        const chunk = rows.slice(start, start + 1000)
        await tx.$executeRaw`UPDATE AuditEntry SET leafIndex = CASE id ${Prisma.join(
          chunk.map((row, i) => Prisma.sql`WHEN ${row.id} THEN ${oldSize + start + i}`),
          ' ',
        )} END WHERE id IN (${Prisma.join(chunk.map((row) => row.id))})`
      }
      const timestamp = now()
      const signature = signCheckpoint({ treeSize: newSize, rootHash, timestamp: timestamp.toISOString() })
      await tx.$executeRaw`INSERT INTO TransparencyCheckpoint (treeSize, rootHash, timestamp, signature)
        VALUES (${newSize}, ${rootHash}, ${timestamp}, ${signature})`
      await tx.$executeRaw`UPDATE TransparencyHead SET treeSize = ${newSize}, rootHash = ${rootHash} WHERE id = 1`
      return { integrated: rows.length, treeSize: newSize, rootHash }
    },
    { timeout: 120_000, maxWait: 10_000 },
  )
}

/** Integrates every committed entry (batch after batch); the worker's task and tests call it. */
export async function integrateAll(options: { batchSize?: number } = {}): Promise<Integration | null> {
  let last: Integration | null = null
  for (let i = 0; i < 1000; i++) {
    const batch = await integratePending(options)
    if (!batch) return last
    last = batch
    if (batch.integrated < (options.batchSize ?? 2000)) return batch
  }
  return last
}

// ---------------------------------------------------------------------------------------------
// The public API

export type CheckpointView = {
  treeSize: number
  rootHash: string
  timestamp: string
  signature: string
  publicKey: string
}

/** The latest signed checkpoint (the empty tree, signed now, before anything was integrated). */
export async function latestCheckpoint(): Promise<CheckpointView> {
  const row = await prisma.transparencyCheckpoint.findFirst({ orderBy: { treeSize: 'desc' } })
  const body = row
    ? { treeSize: Number(row.treeSize), rootHash: row.rootHash, timestamp: row.timestamp.toISOString() }
    : { treeSize: 0, rootHash: EMPTY_ROOT, timestamp: now().toISOString() }
  return { ...body, signature: row?.signature ?? signCheckpoint(body), publicKey: logPublicKey() }
}

async function currentSize(): Promise<number> {
  const head = await prisma.transparencyCheckpoint.findFirst({
    orderBy: { treeSize: 'desc' },
    select: { treeSize: true },
  })
  return head ? Number(head.treeSize) : 0
}

export async function logEntry(index: number): Promise<{ index: number; leaf: string; leafHash: string }> {
  const [row] = await prisma.$queryRaw<EntryRow[]>`SELECT ${ENTRY_COLUMNS} FROM AuditEntry WHERE leafIndex = ${index}`
  if (!row) throw notFound(`日志中没有第 ${index} 条记录`)
  const leaf = leafText(row)
  return { index, leaf, leafHash: leafHash(leaf).toString('hex') }
}

function requireSize(treeSize: number, size: number, field: string) {
  if (treeSize > size) throw invalid(`树大小 ${treeSize} 超过当前检查点（${size}）`, { [field]: [`不能大于 ${size}`] })
}

export async function inclusionProof(index: number, treeSize: number) {
  if (index >= treeSize) throw invalid('index 必须小于 treeSize', { index: ['必须小于 treeSize'] })
  requireSize(treeSize, await currentSize(), 'treeSize')
  const [leaf, ...auditPath] = await rangeHashes(prisma, [[index, index + 1], ...inclusionRanges(index, treeSize)])
  return { index, treeSize, leafHash: leaf!, auditPath }
}

export async function consistencyProof(first: number, second: number) {
  if (first > second) throw invalid('first 不能大于 second', { first: ['不能大于 second'] })
  requireSize(second, await currentSize(), 'second')
  return { first, second, proof: await rangeHashes(prisma, consistencyRanges(first, second)) }
}

/** MTH of the first `size` leaves from the stored nodes (the monitor and tests). */
export async function storedRoot(db: Tx | typeof prisma, size: number): Promise<string> {
  if (size === 0) return EMPTY_ROOT
  const [root] = await rangeHashes(db, [[0, size]])
  return root!
}

export type LogItem = { index: number; at: string; action: string; entityType: string; sealed: boolean }

/** The integrated entries about these entities (by type and ids), in log order. */
export async function logItemsOf(subjects: Array<{ entityType: string; entityIds: string[] }>): Promise<LogItem[]> {
  const parts = subjects
    .filter((s) => s.entityIds.length > 0)
    .map((s) => Prisma.sql`(entityType = ${s.entityType} AND entityId IN (${Prisma.join(s.entityIds)}))`)
  if (parts.length === 0) return []
  const rows = await prisma.$queryRaw<
    Array<{ leafIndex: bigint; at: Date; action: string; entityType: string; sealed: boolean | number }>
  >`SELECT leafIndex, at, action, entityType, sealed FROM AuditEntry
     WHERE leafIndex IS NOT NULL AND (${Prisma.join(parts, ' OR ')}) ORDER BY leafIndex`
  return rows.map((r) => ({
    index: Number(r.leafIndex),
    at: r.at.toISOString(),
    action: r.action,
    entityType: r.entityType,
    sealed: Boolean(Number(r.sealed)),
  }))
}
