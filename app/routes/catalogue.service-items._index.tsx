import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { ErrorPage } from '#app/components/error-page.tsx'
import { Pagination } from '#app/components/pagination.tsx'
import { SearchForm } from '#app/components/search-form.tsx'
import { listServiceItems } from '#app/domain/catalogue/catalogue.server.ts'
import { CatalogueQuery } from '#app/utils/catalogue-query.ts'
import { parseSearchParams } from '#app/utils/web.server.ts'

export const meta: MetaFunction = () => [{ title: '中介服务事项 — 中介服务网上超市' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const query = parseSearchParams(request, CatalogueQuery)
  const { items, total } = await listServiceItems(query)
  return { items, total, page: query.page, pageSize: query.pageSize, q: query.q ?? '' }
}

export default function ServiceItemsPage() {
  const { items, total, page, pageSize, q } = useLoaderData<typeof loader>()
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold text-slate-900">中介服务事项</h1>
      <p className="text-sm text-slate-600">行政审批所需的中介服务清单，含行业主管部门和资质要求。</p>
      <SearchForm q={q} label="搜索中介服务事项" placeholder="输入名称或编码，如“水土保持”" />
      {items.length === 0 ? (
        <p className="rounded bg-white p-6 text-slate-600 shadow-sm">没有找到符合条件的中介服务事项。</p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg bg-white shadow-sm" data-testid="service-items">
          {items.map((item) => (
            <li key={item.code} className="flex flex-col gap-1 p-4 sm:flex-row sm:items-center sm:justify-between">
              <div>
                <Link
                  to={`/catalogue/service-items/${encodeURIComponent(item.code)}`}
                  className="font-medium text-blue-800 hover:underline"
                >
                  {item.name}
                </Link>
                <p className="text-xs text-slate-500">
                  {item.code} · {item.department}
                </p>
              </div>
              <span className="w-fit text-xs text-slate-600">
                {item.qualification
                  ? `资质要求：${item.qualification.typeName}${item.qualification.minLevel}及以上`
                  : '无资质要求'}
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
