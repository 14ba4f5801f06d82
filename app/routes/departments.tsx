import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { ErrorPage } from '#app/components/error-page.tsx'
import { Pagination } from '#app/components/pagination.tsx'
import { listDepartments } from '#app/domain/departments/departments.server.ts'
import { parseSearchParams } from '#app/utils/web.server.ts'
import { PaginationSchema } from '#app/utils/zod.ts'

export const meta: MetaFunction = () => [{ title: '行业主管部门 — 中介服务网上超市' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const query = parseSearchParams(request, PaginationSchema)
  const { items, total } = await listDepartments(query)
  return { items, total, page: query.page, pageSize: query.pageSize }
}

export default function DepartmentsPage() {
  const { items, total, page, pageSize } = useLoaderData<typeof loader>()
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold text-slate-900">行业主管部门</h1>
      <p className="text-sm text-slate-600">谁主管谁监管：各部门负责监管本行政区域内所列中介服务事项的中介机构。</p>
      {items.length === 0 ? (
        <p className="rounded bg-white p-6 text-slate-600 shadow-sm">暂无行业主管部门。</p>
      ) : (
        <ul className="grid gap-4 md:grid-cols-2" data-testid="departments">
          {items.map((department) => (
            <li key={department.id} className="rounded-lg bg-white p-5 shadow-sm">
              <h2 className="font-semibold text-slate-900">{department.name}</h2>
              <p className="text-xs text-slate-500">
                {department.fieldName} · {department.regionName}（{department.regionCode}）
              </p>
              <ul className="mt-3 space-y-1 text-sm">
                {department.serviceItems.map((service) => (
                  <li key={service.code}>
                    <Link
                      to={`/catalogue/service-items/${encodeURIComponent(service.code)}`}
                      className="text-blue-800 hover:underline"
                    >
                      {service.name}
                    </Link>
                  </li>
                ))}
              </ul>
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
