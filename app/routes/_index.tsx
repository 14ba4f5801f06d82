import type { MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { formatBeijingTime as beijingTime } from '#app/domain/clock/china-time.ts'
import { latestCheckpoint } from '#app/domain/transparency/log.server.ts'

export const meta: MetaFunction = () => [{ title: '中介服务网上超市 — 首页' }]

const STEPS = [
  ['网上展示', '中介机构零门槛、零限制入驻，服务、资质、承诺公开展示'],
  ['网上竞价', '项目业主在线发布采购公告，中介机构密封报价'],
  ['网上中标', '按公开规则和可验证的随机抽取确定中选机构，结果公示'],
  ['网上评价', '服务完成后双方互评，信用记录与黑名单向社会公开'],
]

export async function loader() {
  // The home page never fails for the log: without a signing key it simply shows none.
  const latest = await latestCheckpoint().catch(() => null)
  return { checkpoint: latest && { treeSize: latest.treeSize, rootHash: latest.rootHash, timestamp: latest.timestamp } }
}

export default function Index() {
  const { checkpoint } = useLoaderData<typeof loader>()
  return (
    <div className="space-y-10">
      <section className="rounded-lg bg-white p-8 shadow-sm">
        <h1 className="text-3xl font-bold text-slate-900">中介服务网上超市</h1>
        <p className="mt-3 max-w-3xl text-slate-600">
          为企业和政府部门办理行政审批所需的环评、水保、安评、测绘等中介服务提供网上交易平台。
          中介机构“零门槛、零限制”入驻；企业自主选择中介服务机构，政府部门不得强制指定或变相指定。
        </p>
        <Form method="get" action="/catalogue/approval-items" className="mt-6 flex max-w-xl gap-2">
          <label htmlFor="home-q" className="sr-only">
            搜索审批事项
          </label>
          <input
            id="home-q"
            name="q"
            placeholder="输入审批事项名称，如“环境影响评价”"
            className="flex-1 rounded border border-slate-300 px-3 py-2"
          />
          <button type="submit" className="rounded bg-blue-700 px-4 py-2 text-white hover:bg-blue-800">
            查找所需中介服务
          </button>
        </Form>
      </section>
      <section className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {STEPS.map(([title, text]) => (
          <div key={title} className="rounded-lg bg-white p-5 shadow-sm">
            <h2 className="font-semibold text-blue-800">{title}</h2>
            <p className="mt-2 text-sm text-slate-600">{text}</p>
          </div>
        ))}
      </section>
      <section className="flex flex-wrap gap-3 text-sm">
        <Link
          to="/catalogue/approval-items"
          className="rounded border border-blue-700 px-4 py-2 text-blue-800 hover:bg-blue-50"
        >
          浏览行政审批事项
        </Link>
        <Link
          to="/catalogue/service-items"
          className="rounded border border-blue-700 px-4 py-2 text-blue-800 hover:bg-blue-50"
        >
          浏览中介服务事项
        </Link>
        <Link to="/register" className="rounded bg-blue-700 px-4 py-2 text-white hover:bg-blue-800">
          中介机构 / 项目业主注册
        </Link>
      </section>
      {checkpoint ? (
        <section className="rounded-lg bg-white p-5 text-sm shadow-sm" data-testid="home-checkpoint">
          <h2 className="font-semibold text-slate-900">透明日志最新检查点</h2>
          <p className="mt-1 text-slate-600">
            平台每一次状态变化都记入公开的透明日志（RFC 9162），任何人可用签名检查点和证明独立核验。
          </p>
          <dl className="mt-2 grid gap-1 sm:grid-cols-[8rem_1fr]">
            <dt className="text-slate-500">记录条数</dt>
            <dd>{checkpoint.treeSize}</dd>
            <dt className="text-slate-500">根哈希</dt>
            <dd className="break-all font-mono text-xs">{checkpoint.rootHash}</dd>
            <dt className="text-slate-500">签名时间</dt>
            <dd>{beijingTime(checkpoint.timestamp)}（北京时间）</dd>
          </dl>
          <a href="/api/v1/transparency/checkpoint" className="mt-2 inline-block text-blue-800 hover:underline">
            签名检查点（JSON）
          </a>
        </section>
      ) : null}
    </div>
  )
}
