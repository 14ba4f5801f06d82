import { execFile } from 'node:child_process'
import crypto from 'node:crypto'
import { promisify } from 'node:util'
import { describe, expect, test } from 'vitest'
import { prisma } from '#app/db.server.ts'
import { audit } from '#app/domain/audit/audit.server.ts'
import {
  consistencyProof,
  hashesOfRanges,
  inclusionProof,
  integrateAll,
  integratePending,
  latestCheckpoint,
  logEntry,
  storedRoot,
} from '#app/domain/transparency/log.server.ts'
import {
  consistencyRanges,
  inclusionRanges,
  verifyConsistency,
  verifyInclusion,
} from '#app/domain/transparency/merkle.ts'
import { checkNewCheckpoints, latestVerification, verifyLog } from '#app/domain/transparency/verify.server.ts'

const run = promisify(execFile)

// ---- an independent RFC 9162 implementation, straight from the definitions (§2.1.1, 2.1.3.1, 2.1.4.1) ----
const H = (...parts: Buffer[]) => crypto.createHash('sha256').update(Buffer.concat(parts)).digest()
const k = (n: number) => 2 ** Math.ceil(Math.log2(n) - 1) // largest power of two < n
function MTH(D: Buffer[]): Buffer {
  if (D.length === 0) return H()
  if (D.length === 1) return H(Buffer.from([0]), D[0]!)
  const s = k(D.length)
  return H(Buffer.from([1]), MTH(D.slice(0, s)), MTH(D.slice(s)))
}
function PATH(m: number, D: Buffer[]): Buffer[] {
  if (D.length === 1) return []
  const s = k(D.length)
  return m < s ? [...PATH(m, D.slice(0, s)), MTH(D.slice(s))] : [...PATH(m - s, D.slice(s)), MTH(D.slice(0, s))]
}
function SUBPROOF(m: number, D: Buffer[], b: boolean): Buffer[] {
  if (m === D.length) return b ? [] : [MTH(D)]
  const s = k(D.length)
  return m <= s
    ? [...SUBPROOF(m, D.slice(0, s), b), MTH(D.slice(s))]
    : [...SUBPROOF(m - s, D.slice(s), false), MTH(D.slice(0, s))]
}
const hex = (list: Buffer[]) => list.map((b) => b.toString('hex'))
const sha256 = async (data: Uint8Array) => new Uint8Array(crypto.createHash('sha256').update(data).digest())

async function appendEntries(count: number, label = 'Thing') {
  for (let i = 0; i < count; i++) {
    await prisma.$transaction((tx) =>
      audit(tx, {
        actor: { userId: 'u1', organizationId: 'o1' },
        entityType: label,
        entityId: `t${i}`,
        action: 'update',
        before: { b: 1, a: i },
        after: { a: i + 1 },
      }),
    )
  }
}

async function leafCount() {
  return prisma.auditEntry.count({ where: { leafIndex: { not: null } } })
}

describe('transparency log', () => {
  test('an audit entry is one insert: before/after as canonical JSON, no shared head row touched', async () => {
    const head = await prisma.auditHead.findUniqueOrThrow({ where: { id: 1 } })
    await prisma.$transaction((tx) =>
      audit(tx, {
        actor: { userId: 'u1', organizationId: 'o1' },
        entityType: 'Canon',
        entityId: 't1',
        action: 'update',
        before: { b: 1, a: 0 },
        after: { a: 1, b: 1 },
      }),
    )
    const row = await prisma.auditEntry.findFirstOrThrow({ where: { entityType: 'Canon', entityId: 't1' } })
    // stored as canonical JSON (sorted keys), whatever the property order given
    expect(row.before).toBe('{"a":0,"b":1}')
    expect(row).toMatchObject({ actorUserId: 'u1', actorOrganizationId: 'o1', sealed: false, leafIndex: null })
    expect(await prisma.auditHead.findUniqueOrThrow({ where: { id: 1 } })).toEqual(head)
  })

  test('proofs for every tree size 1..64 match an independent RFC 9162 implementation and verify', async () => {
    const before = await leafCount()
    await appendEntries(64 - before)
    // Integrated in uneven batches, so that new nodes are built on every shape of an old tree.
    for (const size of [1, 2, 3, 5, 8, 13, 21, 34, 55, 1000]) await integratePending({ batchSize: size })
    expect(await leafCount()).toBeGreaterThanOrEqual(64)

    // the leaves as a stranger reads them from the API text (the raw leaf bytes, hashed by the test itself)
    const leaves: Buffer[] = []
    for (let i = 0; i < 64; i++) {
      const entry = await logEntry(i)
      leaves.push(Buffer.from(entry.leaf, 'utf8'))
      expect(entry.leafHash).toBe(H(Buffer.from([0]), leaves[i]!).toString('hex'))
    }
    // every stored checkpoint is the root of a prefix
    for (const c of await prisma.transparencyCheckpoint.findMany({ where: { treeSize: { lte: 64 } } })) {
      expect(c.rootHash).toBe(MTH(leaves.slice(0, Number(c.treeSize))).toString('hex'))
    }
    // Every size from the stored nodes (read once); the served proofs (one query each) for a sample.
    const stored = new Map(
      (await prisma.transparencyNode.findMany()).map((n) => [`${n.level}:${n.idx}`, Buffer.from(n.hash, 'hex')]),
    )
    const get = ({ level, index }: { level: number; index: number }) => stored.get(`${level}:${index}`)!
    for (let n = 1; n <= 64; n++) {
      const D = leaves.slice(0, n)
      const root = MTH(D).toString('hex')
      expect(hashesOfRanges([[0, n]], get)).toEqual([root])
      for (let m = 0; m < n; m++) {
        const auditPath = hashesOfRanges(inclusionRanges(m, n), get)
        expect(auditPath).toEqual(hex(PATH(m, D)))
        expect(
          await verifyInclusion(
            sha256,
            { index: m, treeSize: n, leafHash: H(Buffer.from([0]), D[m]!).toString('hex'), auditPath },
            root,
          ),
        ).toBe(true)
      }
      for (let m = 1; m <= n; m++) {
        const proof = hashesOfRanges(consistencyRanges(m, n), get)
        expect(proof).toEqual(hex(SUBPROOF(m, D, true)))
        expect(await verifyConsistency(sha256, m, n, proof, MTH(leaves.slice(0, m)).toString('hex'), root)).toBe(true)
      }
    }
    for (const n of [1, 2, 7, 8, 9, 31, 64]) {
      expect(await storedRoot(prisma, n)).toBe(MTH(leaves.slice(0, n)).toString('hex'))
      for (const m of [0, Math.floor(n / 2), n - 1]) {
        expect(await inclusionProof(m, n)).toEqual({
          index: m,
          treeSize: n,
          leafHash: H(Buffer.from([0]), leaves[m]!).toString('hex'),
          auditPath: hex(PATH(m, leaves.slice(0, n))),
        })
        if (m > 0) expect((await consistencyProof(m, n)).proof).toEqual(hex(SUBPROOF(m, leaves.slice(0, n), true)))
      }
    }
    // the verifiers refuse a wrong proof
    const good = await inclusionProof(5, 13)
    const badPath = [...good.auditPath]
    badPath[1] = '00'.repeat(32)
    const root13 = MTH(leaves.slice(0, 13)).toString('hex')
    expect(await verifyInclusion(sha256, { ...good, auditPath: badPath }, root13)).toBe(false)
    expect(await verifyInclusion(sha256, { ...good, index: 6 }, root13)).toBe(false)
    const { proof } = await consistencyProof(7, 13)
    expect(
      await verifyConsistency(sha256, 7, 13, proof.slice(1), MTH(leaves.slice(0, 7)).toString('hex'), root13),
    ).toBe(false)
    expect(await verifyConsistency(sha256, 6, 13, proof, MTH(leaves.slice(0, 7)).toString('hex'), root13)).toBe(false)
  })

  test('the sequencer integrates an entry whose transaction commits late after the later ids, skipping none', async () => {
    await integrateAll()
    const start = await leafCount()
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    let inserted!: () => void
    const insertedA = new Promise<void>((resolve) => (inserted = resolve))
    // A takes the lower id and holds its transaction open; B takes the next id and commits first.
    const a = prisma.$transaction(async (tx) => {
      await audit(tx, { actor: null, entityType: 'Late', entityId: 'a', action: 'create' })
      inserted()
      await held
    })
    await insertedA
    await prisma.$transaction((tx) => audit(tx, { actor: null, entityType: 'Late', entityId: 'b', action: 'create' }))
    expect((await integratePending())!.integrated).toBe(1)
    const row = (id: string) => prisma.auditEntry.findFirstOrThrow({ where: { entityType: 'Late', entityId: id } })
    expect((await row('b')).leafIndex).toBe(BigInt(start))
    release()
    await a
    expect((await row('a')).id).toBeLessThan((await row('b')).id)
    expect((await row('a')).leafIndex).toBeNull() // committed after the batch: waiting, not skipped
    expect((await integratePending())!.integrated).toBe(1)
    expect((await row('a')).leafIndex).toBe(BigInt(start + 1))
    expect((await row('b')).leafIndex).toBe(BigInt(start)) // never re-ordered
    expect(await verifyLog()).toMatchObject({ ok: true, treeSize: start + 2, pending: 0 })
  })

  test('under interleaved commits and two concurrent sequencers every entry gets exactly one leaf, in order within each batch', async () => {
    await integrateAll()
    const start = await leafCount()
    const writers = Array.from({ length: 30 }, (_, i) =>
      prisma.$transaction(async (tx) => {
        await audit(tx, { actor: null, entityType: 'Race', entityId: String(i), action: 'create' })
        await new Promise((resolve) => setTimeout(resolve, crypto.randomInt(40)))
      }),
    )
    let done = false
    const sequencer = async () => {
      while (!done) {
        await integratePending({ batchSize: 7 })
        await new Promise((resolve) => setTimeout(resolve, 3))
      }
    }
    const sequencers = [sequencer(), sequencer()]
    await Promise.all(writers)
    done = true
    await Promise.all(sequencers)
    await integrateAll()
    const rows = await prisma.auditEntry.findMany({
      where: { leafIndex: { gte: start } },
      orderBy: { leafIndex: 'asc' },
    })
    expect(rows.map((r) => Number(r.leafIndex))).toEqual(rows.map((_, i) => start + i))
    expect(rows.filter((r) => r.entityType === 'Race')).toHaveLength(30)
    expect(await prisma.auditEntry.count({ where: { leafIndex: null } })).toBe(0)
    const report = await verifyLog()
    expect(report).toMatchObject({ ok: true, pending: 0 })
    // the checkpoints are consistent with each other, and the monitor agrees
    await checkNewCheckpoints(10_000)
    expect(await latestVerification()).toMatchObject({ ok: true, treeSize: report.treeSize, rootHash: report.rootHash })
  })

  test('a checkpoint is signed with the published Ed25519 key over the documented text', async () => {
    await appendEntries(1, 'Signed')
    await integrateAll()
    const c = await latestCheckpoint()
    const key = crypto.createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(c.publicKey, 'base64').toString('base64url') },
      format: 'jwk',
    })
    const text = `zjcs-transparency-log\n${c.treeSize}\n${c.rootHash}\n${c.timestamp}\n`
    expect(crypto.verify(null, Buffer.from(text), key, Buffer.from(c.signature, 'base64'))).toBe(true)
    expect(
      crypto.verify(
        null,
        Buffer.from(text.replace(c.rootHash, '0'.repeat(64))),
        key,
        Buffer.from(c.signature, 'base64'),
      ),
    ).toBe(false)
  })

  test('a sealed entry shows neither entity nor action in its leaf', async () => {
    await prisma.$transaction((tx) =>
      audit(tx, {
        actor: null,
        entityType: 'Bid',
        entityId: 'bid-secret-1',
        action: 'bid',
        after: { version: 1 },
        sealed: true,
      }),
    )
    await integrateAll()
    const row = await prisma.auditEntry.findFirstOrThrow({ where: { entityId: 'bid-secret-1' } })
    const { leaf } = await logEntry(Number(row.leafIndex))
    expect(JSON.parse(leaf)).toEqual({
      at: row.at.toISOString(),
      entityType: 'sealed',
      entityId: null,
      action: null,
      contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    })
    expect(leaf).not.toContain('bid-secret-1')
  })

  test('an edited entry is named by verifyLog and by npm run audit:verify; the monitor reports it', async () => {
    await appendEntries(3, 'Tamper')
    await integrateAll()
    await checkNewCheckpoints(10_000)
    expect((await latestVerification()).ok).toBe(true)
    const target = await prisma.auditEntry.findFirstOrThrow({ where: { entityType: 'Tamper' }, orderBy: { id: 'asc' } })
    await prisma.$executeRaw`UPDATE AuditEntry SET after = '{"a":999}' WHERE id = ${target.id}`
    expect(await verifyLog()).toMatchObject({
      ok: false,
      brokenAt: { entryId: target.id.toString(), leafIndex: Number(target.leafIndex) },
    })
    const result = await run('npx', ['tsx', 'scripts/audit-verify.ts'], { env: process.env }).catch(
      (error: { code: number; stdout: string }) => error,
    )
    expect('code' in result ? result.code : 0).toBe(1)
    expect(result.stdout).toContain(`BROKEN at entry ${target.id} (leaf ${target.leafIndex})`)

    // The monitor finds an edit among the entries of a checkpoint it has not checked yet.
    await appendEntries(1, 'Tamper2')
    await integrateAll()
    const late = await prisma.auditEntry.findFirstOrThrow({ where: { entityType: 'Tamper2' } })
    await prisma.$executeRaw`UPDATE AuditEntry SET action = 'delete' WHERE id = ${late.id}`
    await checkNewCheckpoints()
    expect((await latestVerification()).ok).toBe(false)
    await prisma.$executeRaw`UPDATE AuditEntry SET after = ${target.after} WHERE id = ${target.id}`
    await prisma.$executeRaw`UPDATE AuditEntry SET action = 'update' WHERE id = ${late.id}`
    expect(await verifyLog()).toMatchObject({ ok: true })
  })

  test('an entry edited together with its stored leaf hash breaks the signed checkpoint; a deleted entry leaves a gap', async () => {
    await appendEntries(2, 'Deep')
    await integrateAll()
    const target = await prisma.auditEntry.findFirstOrThrow({ where: { entityType: 'Deep' }, orderBy: { id: 'asc' } })
    await prisma.$executeRaw`UPDATE AuditEntry SET entityId = 'forged' WHERE id = ${target.id}`
    const { leafHash } = await logEntry(Number(target.leafIndex))
    await prisma.$executeRaw`UPDATE TransparencyNode SET hash = ${leafHash} WHERE level = 0 AND idx = ${target.leafIndex}`
    const report = await verifyLog()
    expect(report.ok).toBe(false)
    expect(report.brokenAt?.checkpoint).toBeGreaterThan(Number(target.leafIndex))
    await prisma.$executeRaw`DELETE FROM AuditEntry WHERE id = ${target.id}`
    expect(await verifyLog()).toMatchObject({ ok: false, brokenAt: { leafIndex: Number(target.leafIndex) } })
  })
})
