// The browser-side recomputation (Web Crypto) must agree with the server's draw (node:crypto) on
// every input, and must notice any published value that does not follow from the others.
import { execFileSync } from 'node:child_process'
import crypto from 'node:crypto'
import { describe, expect, test } from 'vitest'
import {
  AVERAGE_PRICE_COEFFICIENTS,
  commitSeed,
  drawCoefficient,
  drawInput,
  drawKey,
  makeNonce,
  makeSeed,
  rankByDraw,
} from '#app/domain/draw/draw.ts'
import { checkDraw, drawKeyHex, drawShellCommands, type PublishedDraw } from '#app/utils/draw-check.ts'

const uscc = () => `91510107${crypto.randomBytes(5).toString('hex').toUpperCase()}`.slice(0, 18)

function serverDraw(count: number, withCoefficient = false): PublishedDraw {
  const seed = makeSeed()
  const nonces = Array.from({ length: count }, () => makeNonce())
  const usccs = Array.from({ length: count }, uscc).sort()
  const announcementId = `cm${crypto.randomBytes(8).toString('hex')}`
  const input = drawInput({ seed, nonces, subjectId: announcementId, usccs })
  const order = rankByDraw(input, 'winner', usccs)
  return {
    seed,
    seedCommitment: commitSeed(seed),
    inputs: { seed, nonces: [...nonces].sort(), announcementId, usccs },
    input,
    order,
    pick: order[0]!,
    ...(withCoefficient ? { coefficient: drawCoefficient(input) } : {}),
  }
}

describe('checkDraw (Web Crypto) against the server draw', () => {
  test('agrees on 40 random draws of 1–12 candidates, with and without the coefficient', async () => {
    for (let i = 0; i < 40; i++) {
      const draw = serverDraw(1 + (i % 12), i % 2 === 0)
      const result = await checkDraw(draw)
      expect(result.steps.filter((s) => !s.ok)).toEqual([])
      expect(result.ok).toBe(true)
    }
  })

  test('the HMAC key of a candidate is the same as the server key', async () => {
    const input = drawInput({ seed: makeSeed(), nonces: ['a'], subjectId: 'x', usccs: ['91510107MA6CXXXX0A'] })
    for (const candidate of AVERAGE_PRICE_COEFFICIENTS) {
      expect(await drawKeyHex(input, 'coefficient', candidate)).toBe(drawKey(input, 'coefficient', candidate))
    }
  })

  test('a seed that does not match its commitment fails the check', async () => {
    const draw = serverDraw(3)
    const other = makeSeed()
    const result = await checkDraw({ ...draw, seed: other, inputs: { ...draw.inputs, seed: other } })
    expect(result.ok).toBe(false)
    expect(result.steps[0]).toMatchObject({ ok: false })
  })

  test('a changed nonce, a swapped order, a wrong pick or a wrong coefficient each fail', async () => {
    const draw = serverDraw(4, true)
    const nonce = await checkDraw({
      ...draw,
      inputs: { ...draw.inputs, nonces: [...draw.inputs.nonces.slice(1), 'tampered'] },
    })
    expect(nonce.ok).toBe(false)
    const swapped = await checkDraw({ ...draw, order: [draw.order[1]!, draw.order[0]!, ...draw.order.slice(2)] })
    expect(swapped.ok).toBe(false)
    const pick = await checkDraw({ ...draw, pick: draw.order[1]! })
    expect(pick.ok).toBe(false)
    const coefficient = await checkDraw({ ...draw, coefficient: draw.coefficient === 95 ? 96 : 95 })
    expect(coefficient.ok).toBe(false)
    expect((await checkDraw(draw)).ok).toBe(true)
  })
})

describe('drawShellCommands', () => {
  test('the printed sha256sum and openssl commands reproduce the commitment, the input and every key', () => {
    const draw = serverDraw(3)
    const [commit, input, ...keys] = drawShellCommands(draw)
    const run = (command: string) => execFileSync('bash', ['-c', command], { encoding: 'utf8' })
    expect(run(commit!)).toContain(draw.seedCommitment)
    expect(run(input!)).toContain(draw.input)
    const sorted = [...draw.inputs.usccs].sort()
    keys.forEach((command, i) => expect(run(command)).toContain(drawKey(draw.input, 'winner', sorted[i]!)))
  })
})
