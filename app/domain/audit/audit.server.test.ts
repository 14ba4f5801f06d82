import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, test } from 'vitest'
import { prisma } from '#app/db.server.ts'
import { audit, entryHash, GENESIS_HASH, verifyAuditChain } from '#app/domain/audit/audit.server.ts'

const run = promisify(execFile)

async function appendSome(count: number) {
  for (let i = 0; i < count; i++) {
    await prisma.$transaction((tx) =>
      audit(tx, {
        actor: { userId: 'u1', organizationId: 'o1' },
        entityType: 'Thing',
        entityId: `t${i}`,
        action: 'update',
        before: { b: 1, a: i },
        after: { a: i + 1, b: 1 },
      }),
    )
  }
}

describe('audit chain', () => {
  test('entries are numbered without gaps and each hash covers the previous one', async () => {
    await appendSome(3)
    const rows = await prisma.auditEntry.findMany({ orderBy: { id: 'asc' } })
    expect(rows.map((r) => r.id)).toEqual(rows.map((_, i) => BigInt(i + 1)))
    expect(rows[0]!.prevHash).toBe(GENESIS_HASH)
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash)
    const first = rows.findIndex((r) => r.entityType === 'Thing' && r.entityId === 't0')
    // before/after are stored as canonical JSON (sorted keys), whatever the property order given
    expect(rows[first]!.before).toBe('{"a":0,"b":1}')
    // the hash is SHA-256 over the documented fields, recomputable by anyone
    const prev = first === 0 ? GENESIS_HASH : rows[first - 1]!.hash
    expect(entryHash(prev, rows[first]!)).toBe(rows[first]!.hash)
    expect(await verifyAuditChain(prisma)).toMatchObject({ ok: true, entries: rows.length })
  })

  test('concurrent appends keep one unbroken chain', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        prisma.$transaction((tx) => audit(tx, { actor: null, entityType: 'Race', entityId: String(i), action: 'create' })),
      ),
    )
    expect(await verifyAuditChain(prisma)).toMatchObject({ ok: true })
  })

  test('a hand-edited row breaks the chain at that entry, and audit:verify says so', async () => {
    await appendSome(2)
    const target = await prisma.auditEntry.findFirstOrThrow({ where: { entityType: 'Thing' }, orderBy: { id: 'asc' } })
    await prisma.$executeRaw`UPDATE AuditEntry SET after = '{"a":999}' WHERE id = ${target.id}`
    const report = await verifyAuditChain(prisma)
    expect(report).toMatchObject({ ok: false, brokenAt: target.id.toString() })

    const result = await run('npx', ['tsx', 'scripts/audit-verify.ts'], { env: process.env }).catch(
      (error: { code: number; stdout: string }) => error,
    )
    expect('code' in result ? result.code : 0).toBe(1)
    expect(result.stdout).toContain(`BROKEN at entry ${target.id}`)
  })

  test('a deleted last entry is detected through the chain head', async () => {
    await appendSome(1)
    await prisma.$executeRaw`DELETE FROM AuditEntry ORDER BY id DESC LIMIT 1`
    expect(await verifyAuditChain(prisma)).toMatchObject({ ok: false })
  })
})
