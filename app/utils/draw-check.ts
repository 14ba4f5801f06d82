// The verifiable draw recomputed with Web Crypto (crypto.subtle), so that a browser can check a
// published draw without trusting the server: the same algorithm as app/domain/draw/draw.ts (which
// uses node:crypto and must stay server-side), written against the standard API that browsers and
// Node ≥ 20 share. The unit test runs both on the same inputs.

export type PublishedDraw = {
  seed: string
  seedCommitment: string
  inputs: { seed: string; nonces: string[]; announcementId: string; usccs: string[] }
  input: string
  order: string[]
  pick: string
  coefficient?: number
}

export type DrawCheckStep = { label: string; ok: boolean; expected: string; computed: string }
export type DrawCheckResult = { ok: boolean; steps: DrawCheckStep[] }

const encoder = new TextEncoder()
const hex = (buffer: ArrayBuffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('')

/** Whether this environment has Web Crypto (plain-HTTP pages other than localhost do not). */
export function webCryptoAvailable(): boolean {
  return typeof globalThis.crypto !== 'undefined' && typeof globalThis.crypto.subtle !== 'undefined'
}

export async function sha256Hex(text: string): Promise<string> {
  return hex(await globalThis.crypto.subtle.digest('SHA-256', encoder.encode(text)))
}

/** The text hashed into the draw input: seed, sorted nonces, subject id, sorted USCCs, one per line. */
export function drawInputText(inputs: {
  seed: string
  nonces: readonly string[]
  subjectId: string
  usccs: readonly string[]
}): string {
  return [inputs.seed, ...[...inputs.nonces].sort(), inputs.subjectId, ...[...inputs.usccs].sort()].join('\n')
}

/** HMAC-SHA256 with the draw input's 64 hex characters (as UTF-8) as the key, hex digest. */
export async function drawKeyHex(input: string, purpose: string, candidate: string): Promise<string> {
  const key = await globalThis.crypto.subtle.importKey(
    'raw',
    encoder.encode(input),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  return hex(await globalThis.crypto.subtle.sign('HMAC', key, encoder.encode(`${purpose}:${candidate}`)))
}

/** The candidates in draw order with their keys (ascending by the hex key). */
export async function rankWithKeys(input: string, purpose: string, candidates: readonly string[]) {
  const keyed = await Promise.all(
    candidates.map(async (candidate) => ({ candidate, key: await drawKeyHex(input, purpose, candidate) })),
  )
  return keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
}

const COEFFICIENTS = ['95', '96', '97', '98']

/** Recomputes the commitment, the input, the order (and the coefficient) of a published draw. */
export async function checkDraw(draw: PublishedDraw): Promise<DrawCheckResult> {
  const steps: DrawCheckStep[] = []
  const commitment = await sha256Hex(draw.seed)
  steps.push({
    label: '种子承诺值 = SHA-256(种子)',
    ok: commitment === draw.seedCommitment,
    expected: draw.seedCommitment,
    computed: commitment,
  })
  const sameSeed = draw.inputs.seed === draw.seed
  steps.push({ label: '抽取输入中的种子即公开的种子', ok: sameSeed, expected: draw.seed, computed: draw.inputs.seed })
  const input = await sha256Hex(
    drawInputText({
      seed: draw.inputs.seed,
      nonces: draw.inputs.nonces,
      subjectId: draw.inputs.announcementId,
      usccs: draw.inputs.usccs,
    }),
  )
  steps.push({
    label: '抽取输入 = SHA-256(种子、随机数、公告编号、统一社会信用代码)',
    ok: input === draw.input,
    expected: draw.input,
    computed: input,
  })
  const order = (await rankWithKeys(input, 'winner', draw.inputs.usccs)).map((k) => k.candidate)
  steps.push({
    label: '抽取顺序',
    ok: order.join(',') === draw.order.join(','),
    expected: draw.order.join(' → '),
    computed: order.join(' → '),
  })
  steps.push({
    label: '抽取结果（顺序第一位）',
    ok: order[0] === draw.pick,
    expected: draw.pick,
    computed: order[0] ?? '',
  })
  if (draw.coefficient !== undefined) {
    const [first] = await rankWithKeys(input, 'coefficient', COEFFICIENTS)
    const coefficient = first ? Number(first.candidate) : NaN
    steps.push({
      label: '下浮系数（%）',
      ok: coefficient === draw.coefficient,
      expected: String(draw.coefficient),
      computed: String(coefficient),
    })
  }
  return { ok: steps.every((s) => s.ok), steps }
}

const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`

/**
 * Shell commands (sha256sum, openssl) that recompute a draw without this site: the commitment, the
 * input, and the HMAC key of every candidate; sorting the keys ascending gives the order.
 */
export function drawShellCommands(
  draw: { seed: string; inputs: PublishedDraw['inputs']; input: string },
  purpose = 'winner',
): string[] {
  const text = drawInputText({
    seed: draw.inputs.seed,
    nonces: draw.inputs.nonces,
    subjectId: draw.inputs.announcementId,
    usccs: draw.inputs.usccs,
  })
  return [
    `printf '%s' ${shellQuote(draw.seed)} | sha256sum`,
    `printf '%b' ${shellQuote(text.replace(/\n/g, '\\n'))} | sha256sum`,
    ...[...draw.inputs.usccs]
      .sort()
      .map(
        (uscc) =>
          `printf '%s' ${shellQuote(`${purpose}:${uscc}`)} | openssl dgst -sha256 -hmac ${shellQuote(draw.input)}`,
      ),
  ]
}
