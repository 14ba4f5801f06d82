// `npm run draw:verify <id>` recomputes a published draw and ranking from the public inputs: it
// confirms an untouched result (exit 0) and catches any edit of the stored inputs (exit 1).
import { execFile } from 'node:child_process'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { prisma } from '#app/db.server.ts'
import type { StoredResult } from '#app/domain/award/ranking.server.ts'
import {
  advanceClock,
  createListedIntermediary,
  createOwnerWithProject,
  publishedAnnouncement,
} from '#tests/factories/bidding.ts'
import { api } from '#tests/helpers/app.ts'

const root = path.resolve(import.meta.dirname, '../..')

function drawVerify(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'test',
    PATH: process.env.PATH,
    DATABASE_URL: process.env.DATABASE_URL,
    SESSION_SECRET: process.env.SESSION_SECRET,
    BID_PRICE_KEY: process.env.BID_PRICE_KEY,
  }
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/draw-verify.ts', ...args],
      { cwd: root, env, timeout: 30_000, encoding: 'utf8' },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? -1) : 0, stdout, stderr }),
    )
  })
}

/** Publishes, collects the bids at the given prices and moves the clock into the publicity period. */
async function announcementInPublicity(prices: string[], overrides: Record<string, unknown> = {}) {
  const { owner, projectId } = await createOwnerWithProject()
  const { id } = await publishedAnnouncement(owner, projectId, overrides)
  const firms = await Promise.all(prices.map(() => createListedIntermediary()))
  for (const [i, firm] of firms.entries()) {
    const bid = await api.post(`/api/v1/announcements/${id}/bids`, { price: prices[i] }, { token: firm.token })
    expect(bid.status, bid.text).toBe(201)
  }
  await advanceClock('P4DT1H')
  const result = await api.get(`/api/v1/announcements/${id}/result`)
  expect(result.status, result.text).toBe(200)
  expect(result.body.status).toBe('PUBLICITY')
  return { id, result: result.body as { draw: NonNullable<StoredResult['draw']>; winner: { uscc: string } } }
}

async function storedResult(id: string): Promise<StoredResult> {
  const row = await prisma.announcement.findUniqueOrThrow({ where: { id }, select: { result: true } })
  return JSON.parse(row.result!) as StoredResult
}

async function storeResult(id: string, result: StoredResult) {
  await prisma.announcement.update({ where: { id }, data: { result: JSON.stringify(result) } })
}

describe('npm run draw:verify', () => {
  test('an untouched LOWEST_PRICE result verifies (exit 0, the pick printed); one changed nonce fails it (exit 1)', async () => {
    const { id, result } = await announcementInPublicity(['120000.00', '98000.50', '110000.00'])

    const good = await drawVerify(id)
    expect(good.code, good.stdout + good.stderr).toBe(0)
    expect(good.stdout).toContain(`抽中 pick: ${result.draw.pick}`)
    expect(good.stdout).toContain(result.draw.input)
    expect(good.stdout).toContain('VERIFIED')
    expect(good.stdout).not.toContain('✗')

    const stored = await storedResult(id)
    const original = stored.draw!.inputs.nonces[1]!
    stored.draw!.inputs.nonces[1] = original.replace(/^./, (c) => (c === '0' ? '1' : '0'))
    await storeResult(id, stored)

    const bad = await drawVerify(id)
    expect(bad.code, bad.stdout + bad.stderr).toBe(1)
    expect(bad.stdout).toMatch(/✗ 抽取输入 \/ draw input/)
    expect(bad.stdout).toContain('MISMATCH')
  })

  test('a published price edited after the evaluation changes the recomputed ranking (exit 1, --json names the check)', async () => {
    const { id } = await announcementInPublicity(['120000.00', '98000.50', '110000.00'])
    const stored = await storedResult(id)
    // The winner's published price raised above the others: select() now ranks someone else first.
    stored.ranking[0]!.price = '130000.00'
    await storeResult(id, stored)

    const bad = await drawVerify(id, '--json')
    expect(bad.code, bad.stdout + bad.stderr).toBe(1)
    const report = JSON.parse(bad.stdout) as { ok: boolean; checks: Array<{ name: string; ok: boolean }> }
    expect(report.ok).toBe(false)
    expect(
      report.checks
        .filter((c) => !c.ok)
        .map((c) => c.name)
        .sort(),
    ).toEqual(['ranking', 'winner'])
    expect(report.checks.find((c) => c.name === 'input')!.ok).toBe(true) // the draw itself is intact
  })

  test('AVERAGE_PRICE: the coefficient and base price are recomputed too (--json, exit 0)', async () => {
    const { id, result } = await announcementInPublicity(['100000.00', '96000.00', '90000.00', '99000.00'], {
      method: 'AVERAGE_PRICE',
    })
    const good = await drawVerify(id, '--json')
    expect(good.code, good.stdout + good.stderr).toBe(0)
    const report = JSON.parse(good.stdout) as {
      ok: boolean
      pick: string
      checks: Array<{ name: string; ok: boolean; expected: unknown }>
    }
    expect(report.ok).toBe(true)
    expect(report.pick).toBe(result.draw.pick)
    expect(report.checks.find((c) => c.name === 'coefficient')).toMatchObject({
      ok: true,
      expected: result.draw.coefficient,
    })
    expect(report.checks.map((c) => c.name)).toEqual(
      expect.arrayContaining(['seedCommitment', 'input', 'order', 'pick', 'ranking', 'averagePrice', 'winner']),
    )
  })

  test('SCORE: the ranking is recomputed from the prices and the published score parts (exit 0)', async () => {
    const { id } = await announcementInPublicity(['120000.00', '98000.50', '110000.00'], {
      method: 'SCORE',
      weights: { price: 60, credit: 30, rating: 10 },
    })
    const good = await drawVerify(id, '--json')
    expect(good.code, good.stdout + good.stderr).toBe(0)
    const report = JSON.parse(good.stdout) as { checks: Array<{ name: string; ok: boolean }>; notes: string[] }
    expect(report.checks.filter((c) => ['ranking', 'scores', 'winner'].includes(c.name))).toEqual([
      expect.objectContaining({ name: 'ranking', ok: true }),
      expect.objectContaining({ name: 'scores', ok: true }),
      expect.objectContaining({ name: 'winner', ok: true }),
    ])
    expect(report.notes.join(' ')).toContain('SCORE')

    // A published credit part raised for the last-ranked firm: its total no longer adds up.
    const stored = await storedResult(id)
    stored.ranking.at(-1)!.score!.credit += 20
    await storeResult(id, stored)
    const bad = await drawVerify(id, '--json')
    expect(bad.code).toBe(1)
    expect(
      (JSON.parse(bad.stdout) as { checks: Array<{ name: string; ok: boolean }> }).checks.find(
        (c) => c.name === 'scores',
      )!.ok,
    ).toBe(false)
  })

  test('an unknown announcement, and one still open for bids (no draw yet), answer exit 2', async () => {
    const unknown = await drawVerify('no-such-announcement')
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('unknown announcement')

    const { owner, projectId } = await createOwnerWithProject()
    const { id } = await publishedAnnouncement(owner, projectId)
    const open = await drawVerify(id)
    expect(open.code).toBe(2)
    expect(open.stderr).toContain('no draw')
    expect(open.stdout).toBe('')
  })
})
