// /supervision/qualifications — the self-declared qualifications a department may review: of the
// types its field governs, of firms in its region and below (the admin: all), to verify (核验) or
// reject with a reason; also lists verified and rejected ones by status.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { CsrfInput } from '#app/components/csrf-input.tsx'
import { ErrorPage } from '#app/components/error-page.tsx'
import { FormErrors, inputClass } from '#app/components/form-fields.tsx'
import { Pagination } from '#app/components/pagination.tsx'
import { requireWebActor } from '#app/domain/accounts/session.server.ts'
import { formatBeijingDate } from '#app/domain/clock/china-time.ts'
import { listQualificationsForReview, reviewQualification } from '#app/domain/intermediaries/qualifications.server.ts'
import { answerFor } from '#app/utils/form-answer.ts'
import { readCheckedForm, runFormAction } from '#app/utils/forms.server.ts'
import { QUALIFICATION_STATUS_CLASSES, QUALIFICATION_STATUS_LABELS } from '#app/utils/intermediary-labels.ts'
import { orErrorPage, parseSearchParams } from '#app/utils/web.server.ts'
import { PaginationSchema, z } from '#app/utils/zod.ts'

export const meta: MetaFunction = () => [{ title: '资质核验 — 中介服务网上超市' }]

const Query = PaginationSchema.extend({
  status: z.enum(['SELF_DECLARED', 'VERIFIED', 'REJECTED']).catch('SELF_DECLARED').default('SELF_DECLARED'),
})

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireWebActor(request)
  const query = parseSearchParams(request, Query)
  const { items, total } = await orErrorPage(listQualificationsForReview(actor, query))
  return { items, total, page: query.page, pageSize: query.pageSize, status: query.status }
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readCheckedForm(request)
  const actor = await requireWebActor(request)
  const intent = String(formData.get('intent') ?? '')
  const id = String(formData.get('qualificationId') ?? '')
  if (intent !== 'verify' && intent !== 'reject') throw new Response('未知的操作', { status: 400 })
  const reason = String(formData.get('reason') ?? '')
  const failed = await runFormAction(`review-${id}`, () => reviewQualification(actor, id, intent, reason))
  return failed ?? redirect(new URL(request.url).pathname + new URL(request.url).search)
}

const TABS = [
  ['SELF_DECLARED', '待核验'],
  ['VERIFIED', '已核验'],
  ['REJECTED', '已驳回'],
] as const

export default function SupervisionQualifications() {
  const { items, total, page, pageSize, status } = useLoaderData<typeof loader>()
  const actionData = useActionData()
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold text-slate-900">资质核验</h1>
      <nav className="flex gap-4 text-sm">
        <Link to="/supervision/intermediaries" className="text-blue-800 hover:underline">
          入驻机构
        </Link>
        {TABS.map(([value, label]) =>
          value === status ? (
            <span key={value} className="font-semibold text-blue-800">
              {label}
            </span>
          ) : (
            <Link key={value} to={`?status=${value}`} className="text-blue-800 hover:underline">
              {label}
            </Link>
          ),
        )}
      </nav>
      <p className="text-sm text-slate-500">共 {total} 项</p>
      <ul className="space-y-3" data-testid="review-list">
        {items.map((q) => {
          const answer = answerFor(actionData, `review-${q.id}`)
          return (
            <li key={q.id} className="rounded-lg bg-white p-4 shadow-sm" data-testid={`review-${q.id}`}>
              <h2 className="font-semibold text-slate-900">
                <Link to={`/intermediaries/${q.organizationId}`} className="hover:underline">
                  {q.organizationName}
                </Link>
                ：{q.typeName}（{q.level}）
                <span className={`ml-2 rounded px-1.5 py-0.5 text-xs ${QUALIFICATION_STATUS_CLASSES[q.displayStatus]}`}>
                  {QUALIFICATION_STATUS_LABELS[q.displayStatus]}
                </span>
              </h2>
              <p className="mt-1 text-sm text-slate-700">
                证书编号 {q.certificateNo} · 发证机关 {q.issuer} · 有效期 {formatBeijingDate(q.validFrom)} 至 {formatBeijingDate(q.validTo)}
              </p>
              <p className="mt-1 text-sm">
                {q.scan ? (
                  <a href={`/qualifications/${q.id}/scan`} className="text-blue-800 hover:underline">
                    查看扫描件
                  </a>
                ) : (
                  <span className="text-slate-500">未上传扫描件</span>
                )}
                {q.review?.note ? <span className="ml-3 text-slate-600">审核意见：{q.review.note}</span> : null}
              </p>
              <div className="mt-2 flex flex-wrap items-end gap-3">
                {q.status !== 'VERIFIED' ? (
                  <Form method="post">
                    <CsrfInput />
                    <input type="hidden" name="intent" value="verify" />
                    <input type="hidden" name="qualificationId" value={q.id} />
                    <button
                      type="submit"
                      data-testid="verify-submit"
                      className="rounded bg-green-700 px-3 py-2 text-sm text-white hover:bg-green-800"
                    >
                      核验通过
                    </button>
                  </Form>
                ) : null}
                {q.status !== 'REJECTED' ? (
                  <Form method="post" className="flex flex-1 flex-wrap items-end gap-2">
                    <CsrfInput />
                    <input type="hidden" name="intent" value="reject" />
                    <input type="hidden" name="qualificationId" value={q.id} />
                    <label className="min-w-64 flex-1 text-sm">
                      驳回理由
                      <input
                        name="reason"
                        required
                        maxLength={500}
                        className={inputClass}
                        data-testid="reject-reason"
                      />
                    </label>
                    <button
                      type="submit"
                      data-testid="reject-submit"
                      className="rounded bg-red-700 px-3 py-2 text-sm text-white hover:bg-red-800"
                    >
                      驳回
                    </button>
                  </Form>
                ) : null}
              </div>
              <FormErrors errors={answer ? [answer.message, ...Object.values(answer.fieldErrors).flat()] : undefined} />
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
