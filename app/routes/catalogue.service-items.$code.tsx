import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { ErrorPage } from '#app/components/error-page.tsx'
import { InactiveBadge, RequiredBadge } from '#app/components/status-badge.tsx'
import { getServiceItem } from '#app/domain/catalogue/catalogue.server.ts'
import { FEE_BASIS_LABELS } from '#app/utils/catalogue-labels.ts'
import { orErrorPage } from '#app/utils/web.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.item.name} — 中介服务事项` : '中介服务事项' },
]

export async function loader({ params }: LoaderFunctionArgs) {
  const item = await orErrorPage(getServiceItem(params.code ?? ''))
  return { item }
}

export default function ServiceItemPage() {
  const { item } = useLoaderData<typeof loader>()
  return (
    <div className="space-y-6">
      <nav className="text-sm text-slate-500">
        <Link to="/catalogue/service-items" className="hover:underline">
          中介服务事项
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
          <dt className="text-slate-500">行业主管部门</dt>
          <dd>{item.department}</dd>
          <dt className="text-slate-500">所属领域</dt>
          <dd>{item.fieldName}</dd>
          <dt className="text-slate-500">资质要求</dt>
          <dd data-testid="qualification">
            {item.qualification
              ? `${item.qualification.typeName}（${item.qualification.minLevel}及以上）`
              : '法律法规未设定资质要求，任何中介机构均可承接'}
          </dd>
          <dt className="text-slate-500">收费依据</dt>
          <dd>{FEE_BASIS_LABELS[item.feeBasis]}</dd>
          <dt className="text-slate-500">标准服务时限</dt>
          <dd>{item.standardDays} 个工作日</dd>
          <dt className="text-slate-500">设定依据</dt>
          <dd className="whitespace-pre-line">{item.legalBasis}</dd>
        </dl>
        {!item.active ? (
          <p className="mt-4 rounded bg-amber-50 p-3 text-sm text-amber-800">该中介服务事项已停用，仅供查阅。</p>
        ) : null}
        <p className="mt-4 text-xs text-slate-500">除上述法定资质要求外，不得设置其他限制条件。</p>
      </section>
      <section className="rounded-lg bg-white p-6 shadow-sm">
        <h2 className="text-lg font-semibold text-slate-900">需要该中介服务的审批事项</h2>
        {item.approvalItems.length === 0 ? (
          <p className="mt-3 text-sm text-slate-600">暂无关联的审批事项。</p>
        ) : (
          <ul className="mt-3 divide-y divide-slate-100 text-sm" data-testid="approval-items-needing">
            {item.approvalItems.map((approval) => (
              <li key={approval.code} className="flex flex-wrap items-center gap-2 py-2">
                <Link
                  to={`/catalogue/approval-items/${encodeURIComponent(approval.code)}`}
                  className="text-blue-800 hover:underline"
                >
                  {approval.name}
                </Link>
                <InactiveBadge active={approval.active} />
                <RequiredBadge required={approval.required} />
                {approval.note ? <span className="text-slate-500">{approval.note}</span> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  )
}

export function ErrorBoundary() {
  return <ErrorPage />
}
