// /draw — 如何验证抽取结果: the verifiable draw explained for a reader without the source code, with
// a worked example computed on the server by the same functions the product uses (draw.ts), and the
// shell commands that recompute it anywhere.
import type { MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { ErrorPage } from '#app/components/error-page.tsx'
import {
  AVERAGE_PRICE_COEFFICIENTS,
  commitSeed,
  drawCoefficient,
  drawInput,
  drawKey,
  rankByDraw,
} from '#app/domain/draw/draw.ts'
import { drawInputText, drawShellCommands } from '#app/utils/draw-check.ts'

export const meta: MetaFunction = () => [{ title: '如何验证抽取结果 — 中介服务网上超市' }]

const EXAMPLE = {
  seed: '5d41402abc4b2a76b9719d911017c592ae2fd8e4c1a6b6d7e3f09c1a2b3c4d5e',
  nonces: ['k7Qx_2026', 'a1b2c3d4', 'f00d-beef'],
  announcementId: 'cmexample00000000000001',
  usccs: ['91510107MA6C9X2K3B', '91510100MA61R8UQ7N', '91510104MA6CA1TD5W'],
}

export function loader() {
  const seedCommitment = commitSeed(EXAMPLE.seed)
  const nonces = [...EXAMPLE.nonces].sort()
  const usccs = [...EXAMPLE.usccs].sort()
  const input = drawInput({ seed: EXAMPLE.seed, nonces, subjectId: EXAMPLE.announcementId, usccs })
  const keys = usccs.map((uscc) => ({ uscc, key: drawKey(input, 'winner', uscc) }))
  const order = rankByDraw(input, 'winner', usccs)
  const coefficientKeys = AVERAGE_PRICE_COEFFICIENTS.map((c) => ({
    coefficient: c,
    key: drawKey(input, 'coefficient', c),
  }))
  return {
    example: { ...EXAMPLE, nonces, usccs },
    seedCommitment,
    inputText: drawInputText({ seed: EXAMPLE.seed, nonces, subjectId: EXAMPLE.announcementId, usccs }),
    input,
    keys,
    order,
    coefficientKeys,
    coefficient: drawCoefficient(input),
    shellCommands: drawShellCommands({
      seed: EXAMPLE.seed,
      inputs: { seed: EXAMPLE.seed, nonces, announcementId: EXAMPLE.announcementId, usccs },
      input,
    }),
  }
}

const section = 'rounded-lg bg-white p-4 shadow-sm sm:p-5'
const heading = 'text-lg font-semibold text-slate-900'
const mono = 'break-all rounded bg-slate-50 p-2 font-mono text-xs text-slate-800'

const NODE_SCRIPT = `// node verify.mjs  （Node.js 20 及以上，将下面的值换成结果页公布的值）
import crypto from 'node:crypto'
const seed = '…', nonces = ['…'], announcementId = '…', usccs = ['…']
const sha256 = (t) => crypto.createHash('sha256').update(t, 'utf8').digest('hex')
console.log('承诺值', sha256(seed))
const input = sha256([seed, ...[...nonces].sort(), announcementId, ...[...usccs].sort()].join('\\n'))
console.log('抽取输入', input)
const key = (purpose, c) => crypto.createHmac('sha256', input).update(purpose + ':' + c, 'utf8').digest('hex')
const order = [...usccs].sort((a, b) => (key('winner', a) < key('winner', b) ? -1 : 1))
console.log('抽取顺序', order)
console.log('下浮系数', ['95', '96', '97', '98'].sort((a, b) => (key('coefficient', a) < key('coefficient', b) ? -1 : 1))[0])`

export default function DrawPage() {
  const d = useLoaderData<typeof loader>()
  return (
    <div className="mx-auto max-w-4xl space-y-5">
      <div>
        <h1 className="text-2xl font-bold text-slate-900">如何验证抽取结果</h1>
        <p className="mt-2 text-sm text-slate-700">
          平台上所有需要随机决定的事项——随机抽取选取中介机构、报价或得分相同时决定先后、最优价中选的下浮系数、双随机抽查——都使用同一套“可验证随机抽取”。它的每一个输入都会公开，任何人都可以用通用工具重新计算，核对结果没有被平台、业主或任何一家中介机构操纵。
        </p>
      </div>

      <section className={section}>
        <h2 className={heading}>四个步骤</h2>
        <ol className="mt-3 list-inside list-decimal space-y-3 text-sm text-slate-700">
          <li>
            <strong>发布时承诺。</strong>
            公告发布时，平台生成一个保密的随机种子（64 位十六进制字符），只公开它的 SHA-256
            值，称为“种子承诺值”，显示在公告页上。此后种子无法更改：换一个种子，承诺值就对不上了。
          </li>
          <li>
            <strong>报名机构加入随机数。</strong>
            每家报名机构可以自带一个随机数（不提供的由系统生成）。平台在报名截止前不知道各机构的随机数会是什么，机构也不知道种子，因此谁都无法事先算出结果。
          </li>
          <li>
            <strong>开启时计算抽取输入。</strong>
            报名开启后公开种子。抽取输入 =
            SHA-256（种子、按字典序排序的各随机数、公告编号、按字典序排序的有效报名机构统一社会信用代码，每项一行，以换行符连接，UTF-8
            编码，末尾不加换行），结果用小写十六进制表示。排序使报名先后顺序不影响结果。
          </li>
          <li>
            <strong>按抽取键排序。</strong>
            对每个候选项计算抽取键 = HMAC-SHA256（密钥为抽取输入的 64
            个十六进制字符，消息为“用途:候选项”），按抽取键从小到大排列，即抽取顺序，第一位为抽取结果。用途区分彼此独立的抽取：选取中介机构用{' '}
            <code className="font-mono">winner</code>，候选项为统一社会信用代码；最优价中选的下浮系数用{' '}
            <code className="font-mono">coefficient</code>，候选项为 95、96、97、98。
          </li>
        </ol>
        <p className="mt-3 text-sm text-slate-700">
          竞价选取、最优价中选和综合评分先按价格或得分排名，只有价格或得分相同时才按抽取顺序决定先后；随机抽取则直接以抽取顺序为排名。
        </p>
      </section>

      <section className={section} data-testid="draw-example">
        <h2 className={heading}>计算示例</h2>
        <p className="mt-1 text-sm text-slate-600">以下数值由平台实际使用的程序当场计算，可用下方命令逐项核对。</p>
        <dl className="mt-3 space-y-3 text-sm">
          <div>
            <dt className="font-medium text-slate-700">① 种子及其承诺值</dt>
            <dd className={`mt-1 ${mono}`}>
              种子：{d.example.seed}
              <br />
              承诺值：{d.seedCommitment}
            </dd>
          </div>
          <div>
            <dt className="font-medium text-slate-700">② 参与计算的文本（每项一行）</dt>
            <dd className={`mt-1 whitespace-pre-wrap ${mono}`}>{d.inputText}</dd>
            <dd className="mt-1 text-xs text-slate-500">
              第 1 行为种子，第 2–{1 + d.example.nonces.length} 行为排序后的随机数，第 {2 + d.example.nonces.length}{' '}
              行为公告编号，其余为排序后的统一社会信用代码。
            </dd>
          </div>
          <div>
            <dt className="font-medium text-slate-700">③ 抽取输入 = SHA-256(上述文本)</dt>
            <dd className={`mt-1 ${mono}`} data-testid="draw-example-input">
              {d.input}
            </dd>
          </div>
          <div>
            <dt className="font-medium text-slate-700">
              ④ 每家机构的抽取键 HMAC-SHA256(抽取输入, “winner:统一社会信用代码”)
            </dt>
            <dd className="mt-1 overflow-x-auto">
              <table className="w-full text-xs" data-testid="draw-example-keys">
                <thead className="text-slate-500">
                  <tr>
                    <th className="py-1 pr-3 text-left font-medium">统一社会信用代码</th>
                    <th className="py-1 pr-3 text-left font-medium">抽取键</th>
                    <th className="py-1 text-left font-medium">顺序</th>
                  </tr>
                </thead>
                <tbody className="font-mono">
                  {d.keys.map((k) => (
                    <tr key={k.uscc}>
                      <td className="py-1 pr-3">{k.uscc}</td>
                      <td className="break-all py-1 pr-3">{k.key}</td>
                      <td className="py-1">{d.order.indexOf(k.uscc) + 1}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </dd>
            <dd className="mt-1 text-slate-700" data-testid="draw-example-order">
              抽取顺序：{d.order.join(' → ')}；抽取结果为 <strong className="font-mono">{d.order[0]}</strong>。
            </dd>
          </div>
          <div>
            <dt className="font-medium text-slate-700">⑤ 最优价中选的下浮系数</dt>
            <dd className="mt-1 text-slate-700">
              {d.coefficientKeys.map((k) => (
                <span key={k.coefficient} className="block break-all font-mono text-xs">
                  coefficient:{k.coefficient} → {k.key}
                </span>
              ))}
              抽取键最小的为 <strong>{d.coefficient}%</strong>。
            </dd>
          </div>
        </dl>
      </section>

      <section className={section}>
        <h2 className={heading}>自己动手验证</h2>
        <ul className="mt-3 list-inside list-disc space-y-2 text-sm text-slate-700">
          <li>
            <strong>在浏览器中：</strong>打开任一公告的“中选结果”页，页面会在您的浏览器中用 Web Crypto
            独立重新计算并显示“浏览器验证通过 ✓”或“验证失败”。
          </li>
          <li>
            <strong>用本项目的命令：</strong>
            <code className="rounded bg-slate-100 px-1 font-mono text-xs">npm run draw:verify &lt;公告编号&gt;</code>
          </li>
          <li>
            <strong>用通用命令行工具（sha256sum、openssl）：</strong>
            上例的命令如下，第一条输出承诺值，第二条输出抽取输入，其余每条输出一家机构的抽取键。结果页上有针对该次抽取的同样命令。
          </li>
        </ul>
        <pre className="mt-2 overflow-x-auto rounded bg-slate-900 p-3 text-xs text-slate-100">
          {d.shellCommands.join('\n')}
        </pre>
        <p className="mt-3 text-sm text-slate-700">或用 Node.js：</p>
        <pre className="mt-2 overflow-x-auto rounded bg-slate-900 p-3 text-xs text-slate-100">{NODE_SCRIPT}</pre>
        <p className="mt-3 text-sm">
          <Link to="/announcements" className="text-blue-800 hover:underline">
            查看采购公告
          </Link>
        </p>
      </section>
    </div>
  )
}

export function ErrorBoundary() {
  return <ErrorPage />
}
