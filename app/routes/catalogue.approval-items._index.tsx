import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { ErrorPage } from '#app/components/error-page.tsx'
import { Pagination } from '#app/components/pagination.tsx'
import { SearchForm } from '#app/components/search-form.tsx'
import { listApprovalItems } from '#app/domain/catalogue/catalogue.server.ts'
import { APPROVAL_KIND_LABELS } from '#app/utils/catalogue-labels.ts'
import { CatalogueQuery } from '#app/utils/catalogue-query.ts'
import { parseSearchParams } from '#app/utils/web.server.ts'

export const meta: MetaFunction = () => [{ title: '行政审批事项 — 中介服务网上超市' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const query = parseSearchParams(request, CatalogueQuery)
  const { items, total } = await listApprovalItems(query)
  return { items, total, page: query.page, pageSize: query.pageSize, q: query.q ?? '' }
}

export default function ApprovalItemsPage() {
  const { items, total, page, pageSize, q } = useLoaderData<typeof loader>()
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold text-slate-900">行政审批事项</h1>
      <p className="text-sm text-slate-600">查找您要办理的审批事项，查看办理该审批需要哪些中介服务。</p>
      <SearchForm q={q} label="搜索审批事项" placeholder="输入名称或编码，如“环境影响评价”" />
      {items.length === 0 ? (
        <p className="rounded bg-white p-6 text-slate-600 shadow-sm">没有找到符合条件的审批事项。</p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg bg-white shadow-sm" data-testid="approval-items">
          {items.map((item) => (
            <li key={item.code} className="flex flex-col gap-1 p-4 sm:flex-row sm:items-center sm:justify-between">
              <div>
                <Link
                  to={`/catalogue/approval-items/${encodeURIComponent(item.code)}`}
                  className="font-medium text-blue-800 hover:underline"
                >
                  {item.name}
                </Link>
                <p className="text-xs text-slate-500">
                  {item.code} · {item.department}
                </p>
              </div>
              <span className="w-fit rounded bg-blue-50 px-2 py-0.5 text-xs text-blue-800">
                {APPROVAL_KIND_LABELS[item.kind]}
              </span>
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
