// /blacklist — the public blacklist (黑名单): the entries in force now, who decided them, why and
// until when; searchable by name or USCC. A blacklisted firm cannot bid, be directly selected or be
// awarded while its entry is in force.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { BlacklistStatusBadge } from '#app/components/credit.tsx'
import { ErrorPage } from '#app/components/error-page.tsx'
import { inputClass } from '#app/components/form-fields.tsx'
import { Pagination } from '#app/components/pagination.tsx'
import { primaryButton, sectionClass } from '#app/components/workflow.tsx'
import { formatBeijingDate } from '#app/domain/clock/china-time.ts'
import { listActiveBlacklist } from '#app/domain/credit/blacklist.server.ts'
import { BLACKLIST_SOURCE_LABELS } from '#app/utils/credit-labels.ts'
import { parseSearchParams } from '#app/utils/web.server.ts'
import { PaginationSchema, z } from '#app/utils/zod.ts'

export const meta: MetaFunction = () => [{ title: '黑名单 — 中介服务网上超市' }]

const Query = PaginationSchema.extend({ q: z.string().trim().max(100).optional().catch(undefined) })

export async function loader({ request }: LoaderFunctionArgs) {
  const query = parseSearchParams(request, Query)
  const { items, total } = await listActiveBlacklist({ ...query, q: query.q || undefined })
  return { items, total, page: query.page, pageSize: query.pageSize, q: query.q ?? '' }
}

export default function BlacklistPage() {
  const { items, total, page, pageSize, q } = useLoaderData<typeof loader>()
  return (
    <div className="space-y-5">
      <h1 className="text-2xl font-bold text-slate-900">黑名单</h1>
      <p className="text-sm text-slate-600">
        被列入黑名单的中介机构在期限内不能参与报名、被直接选取或确定成交。期满或经信用修复后移出。
        <Link to="/credit-rules" className="ml-2 text-blue-800 hover:underline">
          信用规则
        </Link>
      </p>
      <Form method="get" className="flex flex-wrap items-end gap-3">
        <label className="text-sm">
          机构名称或统一社会信用代码
          <input name="q" defaultValue={q} className={inputClass} />
        </label>
        <button type="submit" className={primaryButton}>
          查询
        </button>
      </Form>
      <p className="text-sm text-slate-500">执行中 {total} 条</p>
      {items.length === 0 ? (
        <p className="text-sm text-slate-600">目前没有执行中的黑名单。</p>
      ) : (
        <ul className="space-y-3" data-testid="blacklist">
          {items.map((e) => (
            <li key={e.id} className={sectionClass} data-testid={`blacklist-${e.intermediaryId}`}>
              <div className="flex flex-wrap items-center gap-2">
                <BlacklistStatusBadge status={e.status} />
                <Link to={`/intermediaries/${e.intermediaryId}`} className="font-semibold text-slate-900 hover:underline">
                  {e.intermediaryName}
                </Link>
                <span className="font-mono text-xs text-slate-500">{e.uscc}</span>
              </div>
              <p className="mt-2 text-sm text-slate-700">理由：{e.reason}</p>
              <p className="mt-1 text-sm text-slate-600">
                期限：{formatBeijingDate(e.startsAt)} 至 {formatBeijingDate(e.endsAt)} · {BLACKLIST_SOURCE_LABELS[e.source]}
                {e.decidedBy ? `（${e.decidedBy}）` : ''}
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
