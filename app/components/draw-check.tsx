// The browser-side check of a published draw: after hydration it recomputes the seed commitment,
// the draw input, the draw order (and the coefficient) with Web Crypto and says whether they match
// what the page shows. Without JavaScript the server-rendered text points to the command line and
// to /draw instead (progressive enhancement: the page is complete without it).
import { Link } from '@remix-run/react'
import { useEffect, useState } from 'react'
import { checkDraw, webCryptoAvailable, type DrawCheckResult, type PublishedDraw } from '#app/utils/draw-check.ts'

type State =
  | { kind: 'server' }
  | { kind: 'running' }
  | { kind: 'unsupported' }
  | { kind: 'failed'; message: string }
  | { kind: 'done'; result: DrawCheckResult }

export function DrawCheck({ draw, announcementId }: { draw: PublishedDraw; announcementId: string }) {
  const [state, setState] = useState<State>({ kind: 'server' })
  useEffect(() => {
    if (!webCryptoAvailable()) {
      setState({ kind: 'unsupported' })
      return
    }
    let current = true
    setState({ kind: 'running' })
    checkDraw(draw).then(
      (result) => current && setState({ kind: 'done', result }),
      (error: unknown) =>
        current && setState({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
    )
    return () => {
      current = false
    }
  }, [draw])

  const tone =
    state.kind === 'done'
      ? state.result.ok
        ? 'border-green-300 bg-green-50 text-green-900'
        : 'border-red-300 bg-red-50 text-red-900'
      : state.kind === 'failed'
        ? 'border-red-300 bg-red-50 text-red-900'
        : 'border-slate-200 bg-slate-50 text-slate-700'
  return (
    <div
      className={`rounded border p-3 text-sm ${tone}`}
      role="status"
      aria-live="polite"
      data-testid="draw-check"
      data-state={state.kind}
    >
      {state.kind === 'server' ? (
        <p>
          启用 JavaScript 后，本页会在您的浏览器中用 Web Crypto
          独立重新计算承诺值、抽取输入和抽取顺序。也可以在命令行运行{' '}
          <code className="rounded bg-white px-1 font-mono text-xs">npm run draw:verify {announcementId}</code>，或按{' '}
          <Link to="/draw" className="text-blue-800 underline">
            如何验证抽取结果
          </Link>{' '}
          中的命令手工复核。
        </p>
      ) : state.kind === 'running' ? (
        <p>正在浏览器中重新计算…</p>
      ) : state.kind === 'unsupported' ? (
        <p>
          当前浏览器或连接不支持 Web Crypto（非 HTTPS 连接时浏览器会禁用），无法在浏览器中验证。请运行{' '}
          <code className="font-mono text-xs">npm run draw:verify {announcementId}</code> 或按{' '}
          <Link to="/draw" className="text-blue-800 underline">
            如何验证抽取结果
          </Link>{' '}
          手工复核。
        </p>
      ) : state.kind === 'failed' ? (
        <p className="font-medium">验证失败：浏览器计算出错（{state.message}）</p>
      ) : (
        <>
          <p className="font-semibold" data-testid="draw-check-verdict">
            {state.result.ok ? '浏览器验证通过 ✓' : '验证失败 ✗：以下项目与公布的数据不一致'}
          </p>
          <ul className="mt-2 space-y-1 text-xs">
            {state.result.steps.map((step) => (
              <li key={step.label} className="break-all">
                <span aria-hidden="true">{step.ok ? '✓' : '✗'}</span> {step.label}
                {step.ok ? null : (
                  <span className="block pl-4">
                    公布：<span className="font-mono">{step.expected}</span>
                    <br />
                    计算：<span className="font-mono">{step.computed}</span>
                  </span>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  )
}
