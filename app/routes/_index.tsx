import type { MetaFunction } from '@remix-run/node'
import { Form, Link } from '@remix-run/react'

export const meta: MetaFunction = () => [{ title: '中介服务网上超市 — 首页' }]

const STEPS = [
  ['网上展示', '中介机构零门槛、零限制入驻，服务、资质、承诺公开展示'],
  ['网上竞价', '项目业主在线发布采购公告，中介机构密封报价'],
  ['网上中标', '按公开规则和可验证的随机抽取确定中选机构，结果公示'],
  ['网上评价', '服务完成后双方互评，信用记录与黑名单向社会公开'],
]

export default function Index() {
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
    </div>
  )
}
