import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { ErrorPage } from '#app/components/error-page.tsx'
import { InactiveBadge, RequiredBadge } from '#app/components/status-badge.tsx'
import { getApprovalItem } from '#app/domain/catalogue/catalogue.server.ts'
import { APPROVAL_KIND_LABELS } from '#app/utils/catalogue-labels.ts'
import { orErrorPage } from '#app/utils/web.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.item.name} — 行政审批事项` : '行政审批事项' },
]

export async function loader({ params }: LoaderFunctionArgs) {
  const item = await orErrorPage(getApprovalItem(params.code ?? ''))
  return { item }
}

export default function ApprovalItemPage() {
  const { item } = useLoaderData<typeof loader>()
  return (
    <div className="space-y-6">
      <nav className="text-sm text-slate-500">
        <Link to="/catalogue/approval-items" className="hover:underline">
          行政审批事项
        </Link>{' '}
        / {item.code}
      </nav>
      <section className="rounded-lg bg-white p-6 shadow-sm">
        <h1 className="text-2xl font-bold text-slate-900">
          {item.name}
          <InactiveBadge active={item.active} />
        </h1>
        <dl className="mt-4 grid gap-x-6 gap-y-3 text-sm sm:grid-cols-[8rem_1fr]">
          <dt className="text-slate-500">事项编码</dt>
          <dd>{item.code}</dd>
          <dt className="text-slate-500">审批部门</dt>
          <dd>{item.department}</dd>
          <dt className="text-slate-500">所属领域</dt>
          <dd>{item.fieldName}</dd>
          <dt className="text-slate-500">事项类型</dt>
          <dd>{APPROVAL_KIND_LABELS[item.kind]}</dd>
          <dt className="text-slate-500">设定依据</dt>
          <dd className="whitespace-pre-line">{item.legalBasis}</dd>
        </dl>
        {!item.active ? (
          <p className="mt-4 rounded bg-amber-50 p-3 text-sm text-amber-800">该审批事项已停用，仅供查阅。</p>
        ) : null}
      </section>
      <section className="rounded-lg bg-white p-6 shadow-sm">
        <h2 className="text-lg font-semibold text-slate-900">办理该审批需要的中介服务</h2>
        {item.serviceItems.length === 0 ? (
          <p className="mt-3 text-sm text-slate-600">办理该审批事项无需中介服务。</p>
        ) : (
          <div className="mt-3 overflow-x-auto">
            <table className="w-full min-w-[32rem] text-left text-sm" data-testid="required-services">
              <thead className="border-b border-slate-200 text-slate-500">
                <tr>
                  <th className="py-2 pr-4 font-medium">中介服务事项</th>
                  <th className="py-2 pr-4 font-medium">编码</th>
                  <th className="py-2 pr-4 font-medium">是否必需</th>
                  <th className="py-2 font-medium">说明</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {item.serviceItems.map((service) => (
                  <tr key={service.code}>
                    <td className="py-2 pr-4">
                      <Link
                        to={`/catalogue/service-items/${encodeURIComponent(service.code)}`}
                        className="text-blue-800 hover:underline"
                      >
                        {service.name}
                      </Link>
                      <InactiveBadge active={service.active} />
                    </td>
                    <td className="py-2 pr-4 text-slate-500">{service.code}</td>
                    <td className="py-2 pr-4">
                      <RequiredBadge required={service.required} />
                    </td>
                    <td className="py-2 text-slate-600">{service.note ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="mt-4 text-xs text-slate-500">项目业主可自主选择中介服务机构，任何部门不得强制指定或变相指定。</p>
      </section>
    </div>
  )
}

export function ErrorBoundary() {
  return <ErrorPage />
}
