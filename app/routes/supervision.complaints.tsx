// /supervision/complaints — the complaints inbox: a department's complaints (open ones first by
// deadline, with the days left), the admin's escalated and unrouted ones; each opens its page to decide.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { ComplaintStatusBadge } from '#app/components/credit.tsx'
import { ErrorPage } from '#app/components/error-page.tsx'
import { inputClass } from '#app/components/form-fields.tsx'
import { Pagination } from '#app/components/pagination.tsx'
import { primaryButton, sectionClass } from '#app/components/workflow.tsx'
import { requireWebActor } from '#app/domain/accounts/session.server.ts'
import { formatBeijingTime } from '#app/domain/clock/china-time.ts'
import { syncClock } from '#app/domain/clock/clock.server.ts'
import { complaintInbox } from '#app/domain/complaints/complaints.server.ts'
import { orErrorPage, parseSearchParams } from '#app/utils/web.server.ts'
import { PaginationSchema, z } from '#app/utils/zod.ts'

export const meta: MetaFunction = () => [{ title: '投诉办理 — 中介服务网上超市' }]

const Query = PaginationSchema.extend({
  status: z.enum(['SUBMITTED', 'ESCALATED', 'UPHELD', 'REJECTED']).optional().catch(undefined),
})

export async function loader({ request }: LoaderFunctionArgs) {
  await syncClock()
  const actor = await requireWebActor(request)
  const query = parseSearchParams(request, Query)
  const { items, total } = await orErrorPage(complaintInbox(actor, query))
  return { items, total, page: query.page, pageSize: query.pageSize, status: query.status ?? '' }
}

export default function ComplaintInboxPage() {
  const { items, total, page, pageSize, status } = useLoaderData<typeof loader>()
  return (
    <div className="space-y-5">
      <h1 className="text-2xl font-bold text-slate-900">投诉办理</h1>
      <nav className="flex flex-wrap gap-4 text-sm">
        <Link to="/supervision/intermediaries" className="text-blue-800 hover:underline">
          入驻机构
        </Link>
        <Link to="/supervision/credit" className="text-blue-800 hover:underline">
          信用监管
        </Link>
        <span className="font-semibold text-blue-800">投诉办理</span>
      </nav>
      <Form method="get" className="flex flex-wrap items-end gap-3">
        <label className="text-sm">
          状态
          <select name="status" defaultValue={status} className={inputClass}>
            <option value="">全部</option>
            <option value="SUBMITTED">办理中</option>
            <option value="ESCALATED">逾期已督办</option>
            <option value="UPHELD">投诉成立</option>
            <option value="REJECTED">投诉不成立</option>
          </select>
        </label>
        <button type="submit" className={primaryButton}>
          筛选
        </button>
      </Form>
      <p className="text-sm text-slate-500">共 {total} 件</p>
      {items.length === 0 ? (
        <p className="text-sm text-slate-600">暂无投诉。</p>
      ) : (
        <ul className="space-y-3" data-testid="complaint-inbox">
          {items.map((c) => (
            <li key={c.id} className={sectionClass} data-testid={`inbox-${c.id}`}>
              <div className="flex flex-wrap items-center gap-2 text-sm">
                <ComplaintStatusBadge status={c.status} />
                <Link to={`/complaints/${c.id}`} className="font-semibold text-slate-900 hover:underline">
                  关于{c.subject.name}的投诉
                </Link>
                {c.announcement ? <span className="text-slate-500">公告：{c.announcement.title}</span> : null}
              </div>
              <p className="mt-1 text-xs text-slate-500">
                提交于 {formatBeijingTime(c.createdAt)} · 办理期限 {formatBeijingTime(c.dueAt)}
                {c.overdue ? <span className="ml-1 font-medium text-red-700">已逾期</span> : null}
                {c.departmentName ? ` · ${c.departmentName}` : ' · 无对应主管部门'}
              </p>
              <p className="mt-1 line-clamp-2 text-sm text-slate-700">{c.reason}</p>
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
