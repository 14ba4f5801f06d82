// /complaints — the public outcomes of complaints (投诉处理结果), anonymized: who was complained
// about, the department's reply and outcome, whether it was decided on time; never the complainant
// nor the complaint's text. Signed-in users file a complaint from here.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { ErrorPage } from '#app/components/error-page.tsx'
import { Pagination } from '#app/components/pagination.tsx'
import { sectionClass } from '#app/components/workflow.tsx'
import { formatBeijingTime } from '#app/domain/clock/china-time.ts'
import { complaintOutcomes } from '#app/domain/complaints/complaints.server.ts'
import { parseSearchParams } from '#app/utils/web.server.ts'
import { PaginationSchema } from '#app/utils/zod.ts'

export const meta: MetaFunction = () => [{ title: '投诉处理结果 — 中介服务网上超市' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const query = parseSearchParams(request, PaginationSchema)
  const { items, total } = await complaintOutcomes(query)
  return { items, total, page: query.page, pageSize: query.pageSize }
}

export default function ComplaintOutcomesPage() {
  const { items, total, page, pageSize } = useLoaderData<typeof loader>()
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold text-slate-900">投诉处理结果</h1>
        <Link to="/complaints/new" className="rounded bg-blue-700 px-4 py-2 text-sm text-white hover:bg-blue-800">
          我要投诉
        </Link>
      </div>
      <p className="text-sm text-slate-600">投诉由该服务事项的行业主管部门在 10 个工作日内办结，处理结果公开（不公开投诉人）；投诉查实的，依信用规则记入被投诉机构的信用记录。</p>
      {items.length === 0 ? (
        <p className="text-sm text-slate-600">暂无已办结的投诉。</p>
      ) : (
        <ul className="space-y-3" data-testid="complaint-outcomes">
          {items.map((c) => (
            <li key={c.id} className={sectionClass}>
              <div className="flex flex-wrap items-center gap-2 text-sm">
                <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${c.outcome === 'UPHELD' ? 'bg-amber-50 text-amber-800' : 'bg-slate-100 text-slate-600'}`}>
                  {c.outcome === 'UPHELD' ? '投诉成立' : '投诉不成立'}
                </span>
                <Link to={`/intermediaries/${c.subject.id}`} className="font-semibold text-slate-900 hover:underline">
                  {c.subject.name}
                </Link>
                {c.announcement ? <span className="text-slate-500">公告：{c.announcement.title}</span> : null}
              </div>
              <p className="mt-2 text-sm text-slate-700">答复：{c.reply}</p>
              <p className="mt-1 text-xs text-slate-500">
                {c.department ?? '平台'} 办结于 {formatBeijingTime(c.decidedAt)}
                {c.onTime ? '' : '（超期办结）'}
              </p>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={page} pageSize={pageSize} total={total} />
    </div>
  )
}

export function ErrorBoundary() {
  return <ErrorPage />
}
