// /supervision/intermediaries — a department sees the entries of its fields (its service items, its
// region and below), the admin sees all; filter by status or name/USCC; suspend or reinstate an
// entry with a reason (public, recorded, nothing deleted).
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { CsrfInput } from '#app/components/csrf-input.tsx'
import { ErrorPage } from '#app/components/error-page.tsx'
import { ErrorList, FormErrors, inputClass } from '#app/components/form-fields.tsx'
import { Pagination } from '#app/components/pagination.tsx'
import { requireWebActor } from '#app/domain/accounts/session.server.ts'
import { formatBeijingTime } from '#app/domain/clock/china-time.ts'
import {
  listSupervisedIntermediaries,
  reinstateIntermediary,
  suspendIntermediary,
} from '#app/domain/intermediaries/suspension.server.ts'
import { answerFor } from '#app/utils/form-answer.ts'
import { readCheckedForm, runFormAction } from '#app/utils/forms.server.ts'
import { ORGANIZATION_STATUS_LABELS } from '#app/utils/intermediary-labels.ts'
import { orErrorPage, parseSearchParams } from '#app/utils/web.server.ts'
import { PaginationSchema, z } from '#app/utils/zod.ts'

export const meta: MetaFunction = () => [{ title: '中介机构监管 — 中介服务网上超市' }]

const Query = PaginationSchema.extend({
  status: z.enum(['ACTIVE', 'SUSPENDED']).optional().catch(undefined),
  q: z.string().trim().max(100).optional(),
})

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireWebActor(request)
  const query = parseSearchParams(request, Query)
  const { items, total } = await orErrorPage(listSupervisedIntermediaries(actor, { ...query, q: query.q || undefined }))
  return { items, total, page: query.page, pageSize: query.pageSize, status: query.status ?? '', q: query.q ?? '' }
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readCheckedForm(request)
  const actor = await requireWebActor(request)
  const intent = String(formData.get('intent') ?? '')
  const id = String(formData.get('organizationId') ?? '')
  const reason = String(formData.get('reason') ?? '')
  const change = intent === 'suspend' ? suspendIntermediary : intent === 'reinstate' ? reinstateIntermediary : null
  if (!change) throw new Response('未知的操作', { status: 400 })
  const failed = await runFormAction(`status-${id}`, () => change(actor, id, { reason }))
  return failed ?? redirect(new URL(request.url).pathname + new URL(request.url).search)
}

export default function SupervisionIntermediaries() {
  const { items, total, page, pageSize, status, q } = useLoaderData<typeof loader>()
  const actionData = useActionData()
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold text-slate-900">中介机构监管</h1>
      <nav className="flex gap-4 text-sm">
        <span className="font-semibold text-blue-800">入驻机构</span>
        <Link to="/supervision/qualifications" className="text-blue-800 hover:underline">
          待核验资质
        </Link>
      </nav>
      <Form method="get" className="flex flex-wrap items-end gap-3" data-testid="supervision-filter">
        <label className="text-sm">
          名称或统一社会信用代码
          <input name="q" defaultValue={q} className={inputClass} />
        </label>
        <label className="text-sm">
          状态
          <select name="status" defaultValue={status} className={inputClass}>
            <option value="">全部</option>
            <option value="ACTIVE">正常</option>
            <option value="SUSPENDED">已暂停</option>
          </select>
        </label>
        <button type="submit" className="rounded bg-blue-700 px-4 py-2 text-white hover:bg-blue-800">
          筛选
        </button>
      </Form>
      <p className="text-sm text-slate-500">共 {total} 家</p>
      <ul className="space-y-3" data-testid="supervision-intermediaries">
        {items.map((o) => {
          const answer = answerFor(actionData, `status-${o.id}`)
          const suspended = o.status === 'SUSPENDED'
          return (
            <li key={o.id} className="rounded-lg bg-white p-4 shadow-sm" data-testid={`supervised-${o.id}`}>
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <h2 className="font-semibold text-slate-900">
                  <Link to={`/intermediaries/${o.id}`} className="hover:underline">
                    {o.name}
                  </Link>
                  <span
                    className={`ml-2 rounded px-1.5 py-0.5 text-xs ${suspended ? 'bg-red-50 text-red-700' : 'bg-green-50 text-green-800'}`}
                  >
                    {ORGANIZATION_STATUS_LABELS[o.status]}
                  </span>
                </h2>
                <span className="font-mono text-xs text-slate-500">{o.uscc}</span>
              </div>
              <p className="mt-1 text-sm text-slate-600">
                {o.regionName} · {o.listedAt ? `入驻于 ${formatBeijingTime(o.listedAt)}` : '尚未完成入驻'} · 待核验资质{' '}
                {o.pendingQualifications} 项
              </p>
              <p className="mt-1 text-sm text-slate-700">
                {o.serviceItems.map((s) => s.name).join('、') || '未选择服务事项'}
              </p>
              {o.statusReason ? (
                <p className="mt-1 text-sm text-slate-600">
                  {suspended ? '暂停理由' : '最近一次恢复理由'}：{o.statusReason}
                  {o.statusChangedAt ? `（${formatBeijingTime(o.statusChangedAt)}）` : ''}
                </p>
              ) : null}
              <Form method="post" className="mt-2 flex flex-wrap items-end gap-2">
                <CsrfInput />
                <input type="hidden" name="organizationId" value={o.id} />
                <input type="hidden" name="intent" value={suspended ? 'reinstate' : 'suspend'} />
                <label className="min-w-64 flex-1 text-sm">
                  {suspended ? '恢复理由' : '暂停理由'}
                  <input name="reason" required maxLength={500} className={inputClass} data-testid="status-reason" />
                  <ErrorList name="reason" errors={answer?.fieldErrors.reason} />
                </label>
                <button
                  type="submit"
                  data-testid={suspended ? 'reinstate-submit' : 'suspend-submit'}
                  className={`rounded px-3 py-2 text-sm text-white ${suspended ? 'bg-green-700 hover:bg-green-800' : 'bg-red-700 hover:bg-red-800'}`}
                >
                  {suspended ? '恢复入驻' : '暂停入驻'}
                </button>
              </Form>
              <FormErrors errors={answer ? [answer.message] : undefined} />
            </li>
          )
        })}
      </ul>
      <Pagination page={page} pageSize={pageSize} total={total} />
    </div>
  )
}

export function ErrorBoundary() {
  return <ErrorPage />
}
