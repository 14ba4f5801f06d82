// /announcements/{id}/log — the announcement's entries in the public transparency log, with a
// button that checks them in the browser (signature of the latest checkpoint, each leaf's hash and
// inclusion proof, and for the opened bids' sealed entries that they were logged before the
// deadline). Without JavaScript the page lists the entries and the API paths to check by hand.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useState } from 'react'
import { formatBeijingTime as beijingTime } from '#app/domain/clock/china-time.ts'
import { ErrorPage } from '#app/components/error-page.tsx'
import { getWebActor } from '#app/domain/accounts/session.server.ts'
import { getAnnouncement } from '#app/domain/announcements/announcements.server.ts'
import { announcementLog } from '#app/domain/transparency/entity-log.server.ts'
import { checkLogEntries, type LogCheckResult } from '#app/utils/transparency-check.ts'
import { orErrorPage } from '#app/utils/web.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `透明日志：${data.title} — 采购公告` : '透明日志 — 采购公告' },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await getWebActor(request)
  const id = params.id ?? ''
  const announcement = await orErrorPage(getAnnouncement(actor, id))
  const items = await orErrorPage(announcementLog(actor, id))
  return {
    id,
    title: announcement.title,
    deadline: announcement.deadline,
    opened: Boolean(announcement.openedAt),
    items,
  }
}

const ACTION_LABELS: Record<string, string> = {
  create: '编制草稿',
  attach: '添加附件',
  detach: '删除附件',
  publish: '发布',
  amend: '变更公告',
  cancel: '终止',
  close: '截止报名',
  open: '开启报名',
  evaluate: '评审',
  award: '确定成交',
  decline: '放弃中选',
  exclude: '取消中选资格',
  reannounce: '重新发布',
  directResponse: '答复直接选取',
  expireDirect: '直接选取到期',
  technicalScores: '技术评分',
  bid: '报名（密封）',
  reviseBid: '修改报价（密封）',
  withdrawBid: '撤回报名（密封）',
}

type State =
  | { kind: 'idle' }
  | { kind: 'running' }
  | { kind: 'failed'; message: string }
  | { kind: 'done'; result: LogCheckResult }

export default function AnnouncementLogPage() {
  const { id, title, deadline, opened, items } = useLoaderData<typeof loader>()
  const [state, setState] = useState<State>({ kind: 'idle' })
  const check = () => {
    setState({ kind: 'running' })
    checkLogEntries(items, { sealedBefore: deadline }).then(
      (result) => setState({ kind: 'done', result }),
      (error: unknown) => setState({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
    )
  }
  const verdicts = state.kind === 'done' ? new Map(state.result.entries.map((e) => [e.index, e])) : null
  const allOk = state.kind === 'done' && state.result.signatureOk !== false && state.result.entries.every((e) => e.ok)
  return (
    <div className="space-y-5">
      <nav className="text-sm text-slate-500">
        <Link to="/announcements" className="hover:underline">
          采购公告
        </Link>{' '}
        /{' '}
        <Link to={`/announcements/${id}`} className="hover:underline">
          公告详情
        </Link>{' '}
        / 透明日志
      </nav>
      <section className="rounded-lg bg-white p-4 shadow-sm sm:p-5">
        <h1 className="text-xl font-bold text-slate-900 sm:text-2xl">透明日志：{title}</h1>
        <p className="mt-2 text-sm text-slate-600">
          本公告的每一次状态变化都记入平台的公开透明日志（RFC 9162 默克尔树，检查点经 Ed25519 签名）。
          {opened
            ? '报名已开启：下表也列出各报名的密封记录，可核对它们都记入于报名截止之前。'
            : '报名开启前，报名记录在日志中是密封的，不显示属于哪个公告。'}
        </p>
        <div className="mt-3 flex flex-wrap items-center gap-3">
          <button
            type="button"
            onClick={check}
            disabled={state.kind === 'running' || items.length === 0}
            className="rounded bg-blue-700 px-4 py-2 text-sm text-white hover:bg-blue-800 disabled:opacity-50"
            data-testid="log-verify"
          >
            在浏览器中验证
          </button>
          <span role="status" aria-live="polite" className="text-sm" data-testid="log-verdict" data-state={state.kind}>
            {state.kind === 'running'
              ? '正在验证…'
              : state.kind === 'failed'
                ? `验证失败：${state.message}`
                : state.kind === 'done'
                  ? `${allOk ? '验证通过 ✓' : '验证未通过 ✗'}（检查点：${state.result.checkpoint.treeSize} 条，根哈希 ${state.result.checkpoint.rootHash.slice(0, 16)}…；签名${state.result.signatureOk === null ? '：本浏览器不支持 Ed25519，未验证' : state.result.signatureOk ? '有效' : '无效'}）`
                  : null}
          </span>
        </div>
      </section>
      <section className="overflow-x-auto rounded-lg bg-white p-4 shadow-sm sm:p-5">
        {items.length === 0 ? (
          <p className="text-sm text-slate-600">日志中还没有本公告的记录（新的变化会在数秒内记入）。</p>
        ) : (
          <table className="w-full text-sm">
            <thead className="text-slate-500">
              <tr>
                <th className="py-1.5 pr-3 text-left font-medium">序号</th>
                <th className="py-1.5 pr-3 text-left font-medium">时间（北京时间）</th>
                <th className="py-1.5 pr-3 text-left font-medium">事项</th>
                <th className="py-1.5 pr-3 text-left font-medium">验证</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => {
                const verdict = verdicts?.get(item.index)
                return (
                  <tr key={item.index} className="border-t border-slate-100" data-testid="log-entry">
                    <td className="py-2 pr-3 font-mono">
                      <a href={`/api/v1/transparency/entries/${item.index}`} className="text-blue-800 hover:underline">
                        {item.index}
                      </a>
                    </td>
                    <td className="py-2 pr-3">{beijingTime(item.at)}</td>
                    <td className="py-2 pr-3">
                      {item.entityType === 'Objection' ? '质疑：' : ''}
                      {ACTION_LABELS[item.action] ?? item.action}
                    </td>
                    <td className="py-2 pr-3">{verdict ? (verdict.ok ? '✓' : `✗ ${verdict.reason}`) : '—'}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        )}
        <p className="mt-3 text-xs text-slate-500">
          手工核对：GET /api/v1/transparency/checkpoint 取得签名检查点，GET
          /api/v1/transparency/proof?index=序号&amp;treeSize=树大小 取得包含证明，按 RFC 9162 §2.1.3.2
          计算根哈希并与检查点比对。
        </p>
      </section>
    </div>
  )
}

export function ErrorBoundary() {
  return <ErrorPage />
}
