// Checking the log. Two checks, both from the database alone:
// - `verifyLog` (npm run audit:verify): recomputes every leaf from its audit entry, rebuilds the
//   tree leaf by leaf and, at each stored checkpoint's size, compares the recomputed root with the
//   checkpoint and checks its Ed25519 signature. Every checkpoint's root being the root of a prefix
//   of one leaf sequence is exactly what consistency between them means. It names the first entry
//   that does not match (or the first checkpoint, when the stored hashes were edited with it).
// - `checkNewCheckpoints` (the log monitor, run after each sequencer pass): checks each checkpoint
//   not yet checked against the previous checked one: the new leaves recomputed from their entries,
//   the root from the stored nodes, the signature, and a consistency proof verified with the RFC's
//   algorithm. GET /api/v1/audit/verify answers from its latest result (no rehash per request).
import crypto from 'node:crypto'
import { prisma } from '#app/db.server.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import {
  consistencyProof,
  EMPTY_ROOT,
  ENTRY_COLUMNS,
  leafHash,
  leafText,
  nodeHash,
  storedRoot,
  type EntryRow,
} from '#app/domain/transparency/log.server.ts'
import { verifyConsistency } from '#app/domain/transparency/merkle.ts'
import { checkpointSignatureValid } from '#app/domain/transparency/signing.server.ts'

const nodeSha256 = async (data: Uint8Array) => new Uint8Array(crypto.createHash('sha256').update(data).digest())

export type LogReport = {
  ok: boolean
  treeSize: number
  rootHash: string
  checkpoints: number
  /** entries committed but not integrated yet */
  pending: number
  /** the first entry (or checkpoint) that does not match */
  brokenAt?: { entryId?: string; leafIndex?: number; checkpoint?: number }
  reason?: string
}

/** Root of the leaves pushed so far, from the compact stack of complete subtrees (RFC 9162 shape). */
class TreeBuilder {
  private stack: Array<{ level: number; hash: Buffer }> = []
  size = 0
  push(hash: Buffer) {
    let node = { level: 0, hash }
    while (this.stack.length > 0 && this.stack.at(-1)!.level === node.level) {
      const left = this.stack.pop()!
      node = { level: node.level + 1, hash: nodeHash(left.hash, node.hash) }
    }
    this.stack.push(node)
    this.size += 1
  }
  root(): string {
    if (this.stack.length === 0) return EMPTY_ROOT
    let acc = this.stack.at(-1)!.hash
    for (let i = this.stack.length - 2; i >= 0; i--) acc = nodeHash(this.stack[i]!.hash, acc)
    return acc.toString('hex')
  }
}

export async function verifyLog(batchSize = 2000): Promise<LogReport> {
  const checkpoints = (await prisma.transparencyCheckpoint.findMany({ orderBy: { treeSize: 'asc' } })).map((c) => ({
    treeSize: Number(c.treeSize),
    rootHash: c.rootHash,
    timestamp: c.timestamp.toISOString(),
    signature: c.signature,
  }))
  const pending = await prisma.auditEntry.count({ where: { leafIndex: null } })
  const tree = new TreeBuilder()
  const report = (extra: Partial<LogReport> = {}): LogReport => ({
    ok: true,
    treeSize: tree.size,
    rootHash: tree.root(),
    checkpoints: checkpoints.length,
    pending,
    ...extra,
  })
  const broken = (brokenAt: LogReport['brokenAt'], reason: string) => report({ ok: false, brokenAt, reason })
  let next = 0 // the next checkpoint to reach
  const checkReached = (): LogReport | null => {
    while (next < checkpoints.length && checkpoints[next]!.treeSize === tree.size) {
      const c = checkpoints[next]!
      if (!checkpointSignatureValid(c, c.signature)) {
        return broken({ checkpoint: c.treeSize }, `检查点 ${c.treeSize} 的签名无效`)
      }
      if (c.rootHash !== tree.root()) {
        return broken(
          { checkpoint: c.treeSize },
          `检查点 ${c.treeSize} 的根哈希与由记录重算的不一致（第 ${checkpoints[next - 1]?.treeSize ?? 0}–${c.treeSize - 1} 条叶子之间或之前的记录及其存储的哈希被一并改动）`,
        )
      }
      next += 1
    }
    return null
  }
  for (let cursor = -1; ;) {
    const rows = await prisma.$queryRaw<Array<EntryRow & { leafIndex: bigint }>>`
      SELECT ${ENTRY_COLUMNS}, leafIndex FROM AuditEntry WHERE leafIndex > ${cursor} ORDER BY leafIndex LIMIT ${batchSize}`
    if (rows.length === 0) break
    const first = Number(rows[0]!.leafIndex)
    const last = Number(rows.at(-1)!.leafIndex)
    const stored = new Map(
      (
        await prisma.$queryRaw<Array<{ idx: bigint; hash: string }>>`
          SELECT idx, hash FROM TransparencyNode WHERE level = 0 AND idx BETWEEN ${first} AND ${last}`
      ).map((n) => [Number(n.idx), n.hash]),
    )
    for (const row of rows) {
      const index = Number(row.leafIndex)
      if (index !== tree.size) {
        return broken(
          { leafIndex: tree.size },
          `第 ${tree.size} 条叶子的审计记录缺失（被删除？），下一条是记录 ${row.id}`,
        )
      }
      const hash = leafHash(leafText(row))
      if (stored.get(index) !== hash.toString('hex')) {
        return broken(
          { entryId: row.id.toString(), leafIndex: index },
          `审计记录 ${row.id}（第 ${index} 条叶子）的内容与日志中的叶子哈希不一致（记录被改动）`,
        )
      }
      tree.push(hash)
      const failed = checkReached()
      if (failed) return failed
    }
    cursor = last
  }
  const failed = checkReached()
  if (failed) return failed
  if (next < checkpoints.length) {
    return broken(
      { leafIndex: tree.size },
      `检查点 ${checkpoints[next]!.treeSize} 之前的记录只剩 ${tree.size} 条（末尾的记录被删除？）`,
    )
  }
  return report()
}

/** The log monitor: checks the checkpoints not checked yet, in order. Returns how many it checked. */
export async function checkNewCheckpoints(limit = 50): Promise<number> {
  const previous = await prisma.transparencyCheckpoint.findFirst({
    where: { verifiedAt: { not: null }, verifyError: null },
    orderBy: { treeSize: 'desc' },
  })
  const unchecked = await prisma.transparencyCheckpoint.findMany({
    where: { verifiedAt: null, treeSize: { gt: previous?.treeSize ?? 0 } },
    orderBy: { treeSize: 'asc' },
    take: limit,
  })
  let prevSize = previous ? Number(previous.treeSize) : 0
  let prevRoot = previous?.rootHash ?? EMPTY_ROOT
  for (const c of unchecked) {
    const size = Number(c.treeSize)
    const body = { treeSize: size, rootHash: c.rootHash, timestamp: c.timestamp.toISOString() }
    const problem = await checkOne(body, c.signature, prevSize, prevRoot)
    await prisma.transparencyCheckpoint.update({
      where: { treeSize: c.treeSize },
      data: { verifiedAt: now(), verifyError: problem },
    })
    if (problem) return unchecked.indexOf(c) + 1 // later ones wait until someone looks
    prevSize = size
    prevRoot = c.rootHash
  }
  return unchecked.length
}

async function checkOne(
  body: { treeSize: number; rootHash: string; timestamp: string },
  signature: string,
  prevSize: number,
  prevRoot: string,
): Promise<string | null> {
  if (!checkpointSignatureValid(body, signature)) return '签名无效'
  const rows = await prisma.$queryRaw<Array<EntryRow & { leafIndex: bigint; stored: string | null }>>`
    SELECT ${ENTRY_COLUMNS}, leafIndex, (SELECT hash FROM TransparencyNode n WHERE n.level = 0 AND n.idx = e.leafIndex) AS stored
      FROM AuditEntry e WHERE leafIndex >= ${prevSize} AND leafIndex < ${body.treeSize} ORDER BY leafIndex`
  if (rows.length !== body.treeSize - prevSize) return `第 ${prevSize}–${body.treeSize - 1} 条叶子的记录不全`
  for (const row of rows) {
    if (leafHash(leafText(row)).toString('hex') !== row.stored) return `审计记录 ${row.id} 与其叶子哈希不一致`
  }
  if ((await storedRoot(prisma, body.treeSize)) !== body.rootHash) return '根哈希与存储的节点不一致'
  if (prevSize > 0) {
    const { proof } = await consistencyProof(prevSize, body.treeSize)
    if (!(await verifyConsistency(nodeSha256, prevSize, body.treeSize, proof, prevRoot, body.rootHash))) {
      return `与检查点 ${prevSize} 不一致`
    }
  }
  return null
}

export type VerifyAnswer = { ok: boolean; treeSize: number; rootHash: string; checkedAt: string }

/** GET /api/v1/audit/verify: the latest checked checkpoint, and whether every check so far passed. */
export async function latestVerification(): Promise<VerifyAnswer> {
  const [latest, failed] = await Promise.all([
    prisma.transparencyCheckpoint.findFirst({ where: { verifiedAt: { not: null } }, orderBy: { treeSize: 'desc' } }),
    prisma.transparencyCheckpoint.findFirst({ where: { verifyError: { not: null } }, select: { treeSize: true } }),
  ])
  if (!latest) return { ok: failed === null, treeSize: 0, rootHash: EMPTY_ROOT, checkedAt: now().toISOString() }
  return {
    ok: failed === null,
    treeSize: Number(latest.treeSize),
    rootHash: latest.rootHash,
    checkedAt: latest.verifiedAt!.toISOString(),
  }
}
