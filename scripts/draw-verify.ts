// `npm run draw:verify <announcementId> [--json]`: recomputes a past draw and ranking from the
// published inputs only (the stored, public result and the announcement's published terms), the
// way any bidder or auditor could with the algorithm of app/domain/draw/draw.ts:
//   1. SHA-256(seed) equals the commitment published when the announcement was published;
//   2. the draw input from seed, nonces, announcement id and USCCs;
//   3. the draw order and its pick;
//   4. the coefficient (最优价中选);
//   5. the whole ranking, by running the pure select() on the opened prices (SCORE: credit, rating
//      and technical points are taken from the published score parts, which are rounded to 0.01).
// Exit 0 when everything matches, 1 when anything does not, 2 for an unknown announcement or one
// without a draw. It reads the database directly and needs no secret (DATABASE_URL, or the
// embedded MariaDB).
import mysql from 'mysql2/promise'
import type { StoredResult } from '#app/domain/award/ranking.server.ts'
import { select, type Candidate, type RankedCandidate } from '#app/domain/award/selection.ts'
import { commitSeed, drawCoefficient, drawInput, rankByDraw } from '#app/domain/draw/draw.ts'
import { METHOD_LABELS } from '#app/utils/announcement-labels.ts'
import { formatYuan, parseYuan } from '#app/utils/money.ts'
import { ensureDatabase } from '#scripts/environment.ts'

type Check = { name: string; label: string; ok: boolean; expected?: unknown; actual?: unknown; note?: string }

type AnnouncementRow = {
  id: string
  title: string
  status: string
  method: string
  seedCommitment: string | null
  weightPrice: number | null
  weightCredit: number | null
  weightRating: number | null
  weightTechnical: number | null
  result: string | null
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)
const close = (a: number | undefined, b: number | undefined) =>
  a !== undefined && b !== undefined && Math.abs(a - b) <= 0.011

/** Every check of one stored result against the announcement's published terms (pure). */
function verifyStoredDraw(a: AnnouncementRow, result: StoredResult): { checks: Check[]; notes: string[] } {
  const draw = result.draw!
  const checks: Check[] = []
  const notes: string[] = []
  const check = (name: string, label: string, expected: unknown, actual: unknown, note?: string) =>
    checks.push({ name, label, ok: same(expected, actual), expected, actual, ...(note ? { note } : {}) })

  // 1. The seed against the commitment published at publication (and the copy in the result).
  check(
    'seedCommitment',
    '种子承诺 SHA-256(seed) = 发布时公布的承诺 / seed commitment published at publication',
    a.seedCommitment,
    commitSeed(draw.seed),
  )
  check(
    'resultCommitment',
    '结果中的承诺与发布时一致 / commitment in the result',
    a.seedCommitment,
    draw.seedCommitment,
  )
  check('inputSeed', '输入中的种子即公布的种子 / seed among the inputs', draw.seed, draw.inputs.seed)
  check('subject', '输入中的公告编号 / announcement id among the inputs', a.id, draw.inputs.announcementId)

  // 2. The inputs name exactly the ranked (valid, not excluded) bidders.
  const usccs = result.ranking.map((r) => r.uscc).sort()
  check(
    'usccs',
    '参与抽取的机构即参与排名的机构 / the drawn USCCs are the ranked firms',
    usccs,
    [...draw.inputs.usccs].sort(),
  )
  check('nonceCount', '每家机构一个随机数 / one nonce per ranked firm', usccs.length, draw.inputs.nonces.length)

  // 3. Input, order, pick.
  const input = drawInput({
    seed: draw.inputs.seed,
    nonces: draw.inputs.nonces,
    subjectId: draw.inputs.announcementId,
    usccs: draw.inputs.usccs,
  })
  check('input', '抽取输入 / draw input', input, draw.input)
  const order = rankByDraw(input, 'winner', draw.inputs.usccs)
  check('order', '抽取顺序 / draw order', order, draw.order)
  check('pick', '抽中 / pick', order[0], draw.pick)

  // 4. The coefficient of 最优价中选.
  if (a.method === 'AVERAGE_PRICE') {
    const coefficient = drawCoefficient(input)
    check('coefficient', '下浮系数（%）/ coefficient (%)', coefficient, draw.coefficient)
    check(
      'averageCoefficient',
      '基准价所用系数 / coefficient used for the base price',
      coefficient,
      result.averagePrice?.coefficient,
    )
  }

  // 5. The ranking, recomputed by select() from the opened prices.
  if (a.method === 'DIRECT') {
    notes.push('直接选取不排名 / direct selection has no ranking')
    return { checks, notes }
  }
  const byBidId = [...result.ranking].sort((x, y) => (x.bidId < y.bidId ? -1 : x.bidId > y.bidId ? 1 : 0)) // the evaluation's order
  const unpriced = byBidId.filter((r) => r.price === null || parseYuan(r.price) === null)
  if (unpriced.length > 0) {
    checks.push({
      name: 'ranking',
      label: '排名 / ranking',
      ok: false,
      note: `排名中有未公布价格的报名 / ranked bids without a price: ${unpriced.map((r) => r.bidId).join(', ')}`,
    })
    return { checks, notes }
  }
  const candidates: Candidate[] = byBidId.map((r) => ({
    bidId: r.bidId,
    uscc: r.uscc,
    price: parseYuan(r.price!)!,
    // Only SCORE reads these; they come from the published score parts (credit points = the
    // clamped credit score, rating points = average × 20, technical points = the mean).
    credit: r.score?.credit ?? 0,
    rating: r.score ? r.score.rating / 20 : null,
    technical: r.score ? r.score.technical : null,
  }))
  const weights = {
    price: a.weightPrice ?? 0,
    credit: a.weightCredit ?? 0,
    rating: a.weightRating ?? 0,
    technical: a.weightTechnical ?? 0,
  }
  if (a.method === 'SCORE') {
    notes.push(
      '综合评分：信用、评价、技术分取自公示的得分明细（已四舍五入到 0.01），价格分按开启的报价重新计算 / SCORE: credit, rating and technical points are taken from the published (rounded) score parts; price points are recomputed from the opened prices',
    )
  }
  const selection = select(
    a.method as Parameters<typeof select>[0],
    candidates,
    input,
    a.method === 'SCORE' ? weights : undefined,
  )
  const shape = (r: Pick<RankedCandidate, 'bidId' | 'rank' | 'drawRank' | 'withinBase'>) => ({
    bidId: r.bidId,
    rank: r.rank,
    drawRank: r.drawRank,
    ...(r.withinBase === undefined ? {} : { withinBase: r.withinBase }),
  })
  check(
    'ranking',
    '排名（由 select() 按开启的报价重算）/ ranking recomputed by select()',
    selection.ranking.map(shape),
    result.ranking.map((r) => shape({ ...r, drawRank: r.drawRank ?? 0 })),
  )
  if (a.method === 'SCORE') {
    const mismatched = selection.ranking.filter((r) => {
      const stored = result.ranking.find((s) => s.bidId === r.bidId)?.score
      return (
        !stored ||
        !(['total', 'price', 'credit', 'rating', 'technical'] as const).every((k) => close(r.score?.[k], stored[k]))
      )
    })
    checks.push({
      name: 'scores',
      label: '综合得分（误差 ≤ 0.01）/ scores within 0.01',
      ok: mismatched.length === 0,
      ...(mismatched.length ? { actual: mismatched.map((r) => r.bidId) } : {}),
    })
  }
  if (selection.averagePrice) {
    const ap = selection.averagePrice
    check(
      'averagePrice',
      '平均价、基准价与去掉最高最低后的报名 / average, base price and retained bids',
      { average: formatYuan(ap.average), base: formatYuan(ap.base), retainedBidIds: ap.retainedBidIds },
      result.averagePrice && {
        average: result.averagePrice.average,
        base: result.averagePrice.base,
        retainedBidIds: result.averagePrice.retainedBidIds,
      },
    )
  }
  check('winner', '中选 / winner', selection.ranking[0]?.bidId ?? null, result.winnerBidId)
  return { checks, notes }
}

async function load(id: string): Promise<AnnouncementRow | null> {
  const url = await ensureDatabase()
  const connection = await mysql.createConnection({ uri: url, charset: 'utf8mb4' })
  try {
    const [rows] = await connection.query<Array<AnnouncementRow & mysql.RowDataPacket>>(
      'SELECT id, title, status, method, seedCommitment, weightPrice, weightCredit, weightRating, weightTechnical, result FROM Announcement WHERE id = ?',
      [id],
    )
    return rows[0] ?? null
  } finally {
    await connection.end()
  }
}

const show = (value: unknown) =>
  Array.isArray(value) ? value.join(', ') : typeof value === 'string' ? value : JSON.stringify(value)

async function main(): Promise<number> {
  const args = process.argv.slice(2)
  const json = args.includes('--json')
  const id = args.find((arg) => !arg.startsWith('--'))
  const out = (line = '') => process.stdout.write(`${line}\n`)
  const refuse = (message: string) => {
    if (json) out(JSON.stringify({ announcementId: id ?? null, ok: false, error: message }))
    else process.stderr.write(`${message}\n`)
    return 2
  }
  if (!id) return refuse('用法 / usage: npm run draw:verify <announcementId> [--json]')
  const a = await load(id)
  if (!a || a.status === 'DRAFT') return refuse(`未找到公告 / unknown announcement: ${id}`)
  const result = a.result ? (JSON.parse(a.result) as StoredResult) : null
  if (!result?.draw) return refuse(`该公告没有抽取结果 / no draw for announcement ${id} (status ${a.status})`)

  const { checks, notes } = verifyStoredDraw(a, result)
  const ok = checks.every((c) => c.ok)
  if (json) {
    out(
      JSON.stringify(
        {
          announcementId: a.id,
          method: a.method,
          round: result.round,
          ok,
          pick: result.draw.pick,
          input: result.draw.input,
          winnerBidId: result.winnerBidId,
          checks,
          notes,
        },
        null,
        2,
      ),
    )
    return ok ? 0 : 1
  }
  const method = METHOD_LABELS[a.method as keyof typeof METHOD_LABELS] ?? a.method
  out(`抽取验证 / Draw verification — 公告 announcement ${a.id}「${a.title}」`)
  out(
    `  选取方式 method: ${method} (${a.method}), 第 ${result.round} 轮评审 round ${result.round}, 评审时间 evaluated at ${result.evaluatedAt}`,
  )
  out(`  种子 seed: ${result.draw.seed}`)
  out(`  承诺 commitment: ${a.seedCommitment}`)
  out(`  抽取输入 input: ${result.draw.input}`)
  out(`  抽中 pick: ${result.draw.pick}`)
  if (result.draw.coefficient !== undefined) out(`  系数 coefficient: ${result.draw.coefficient}%`)
  out('')
  for (const c of checks) {
    out(`  ${c.ok ? '✓' : '✗'} ${c.label}`)
    if (!c.ok) {
      if ('expected' in c) out(`      重算 recomputed: ${show(c.expected)}`)
      if ('actual' in c) out(`      公示 published:  ${show(c.actual)}`)
      if (c.note) out(`      ${c.note}`)
    }
  }
  for (const note of notes) out(`  注 note: ${note}`)
  out('')
  const failed = checks.filter((c) => !c.ok).length
  out(
    ok
      ? `结论：全部一致 / VERIFIED: all ${checks.length} checks match`
      : `结论：${failed} 项不一致 / MISMATCH: ${failed} of ${checks.length} checks failed`,
  )
  return ok ? 0 : 1
}

process.exit(await main())
