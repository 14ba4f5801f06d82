// The platform admin's view of deadline steps that failed: each row the engine could not move on,
// with its error, how often it was tried and when it is tried again; a stuck row is no longer tried
// until the admin retries it here (after mending what made it fail, e.g. a missing key).
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { CsrfInput } from '#app/components/csrf-input.tsx'
import { ErrorPage } from '#app/components/error-page.tsx'
import '#app/domain/deadlines/deadlines.server.ts'
import { listScheduleFailures, MAX_ATTEMPTS, retryScheduled } from '#app/domain/engine/engine.server.ts'
import type { FormAnswer } from '#app/utils/form-answer.ts'
import { readCheckedForm, runFormAction } from '#app/utils/forms.server.ts'
import { formatBeijingTime as beijingTime } from '#app/domain/clock/china-time.ts'
import { requireWebPermission } from '#app/utils/web.server.ts'

export const meta: MetaFunction = () => [{ title: '期限任务 — 平台管理' }]

const PERMISSION = 'manage:platform-rule'

const ENTITY_LINKS: Record<string, (id: string) => string> = {
  Announcement: (id) => `/announcements/${id}`,
}

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireWebPermission(request, PERMISSION)
  return { failures: await listScheduleFailures(actor), maxAttempts: MAX_ATTEMPTS }
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readCheckedForm(request)
  const actor = await requireWebPermission(request, PERMISSION)
  const entityType = String(formData.get('entityType') ?? '')
  const entityId = String(formData.get('entityId') ?? '')
  return (
    (await runFormAction('retry', () => retryScheduled(actor, entityType, entityId))) ??
    redirect('/admin/deadlines?retried=1')
  )
}

export default function Deadlines() {
  const { failures, maxAttempts } = useLoaderData<typeof loader>()
  const answer = useActionData<FormAnswer>()
  const [params] = useSearchParams()
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold text-slate-900">期限任务</h1>
      <p className="text-sm text-slate-600">
        截止、开启、评审、成交、质疑期限等到期事项由平台自动办理。办理失败的记录按 1 秒、5 秒、30 秒、2 分钟、5
        分钟重试； 连续 {maxAttempts} 次失败后暂停，不影响其他记录，待核查原因后在此重试。
      </p>
      {params.get('retried') ? (
        <p role="status" className="rounded border border-green-200 bg-green-50 p-3 text-sm text-green-900">
          已重新安排，平台将在下一次巡检时办理。
        </p>
      ) : null}
      {answer?.message ? (
        <p role="alert" className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          {answer.message}
        </p>
      ) : null}
      {failures.length === 0 ? (
        <p className="rounded-lg bg-white p-5 text-sm text-slate-600 shadow-sm" data-testid="no-failures">
          没有办理失败的到期事项。
        </p>
      ) : (
        <ul className="space-y-3" data-testid="failures">
          {failures.map((f) => (
            <li
              key={`${f.entityType}:${f.entityId}`}
              className="rounded-lg bg-white p-4 text-sm shadow-sm"
              data-testid="failure"
            >
              <div className="flex flex-wrap items-center gap-2">
                <span
                  className={`rounded px-1.5 py-0.5 text-xs font-medium ${f.stuckAt ? 'bg-red-100 text-red-900' : 'bg-amber-100 text-amber-900'}`}
                >
                  {f.stuckAt ? '已暂停' : '重试中'}
                </span>
                <span className="font-medium">
                  {ENTITY_LINKS[f.entityType] ? (
                    <a className="text-blue-800 underline" href={ENTITY_LINKS[f.entityType]!(f.entityId)}>
                      {f.entityType} {f.entityId}
                    </a>
                  ) : (
                    `${f.entityType} ${f.entityId}`
                  )}
                </span>
              </div>
              <p className="mt-2 break-words text-red-800" data-testid="failure-error">
                {f.lastError}
              </p>
              <p className="mt-1 text-xs text-slate-600">
                已尝试 {f.attempts} 次；首次失败 {beijingTime(f.firstFailedAt)}，最近 {beijingTime(f.lastFailedAt)}
                {f.retryAt ? `；下次重试 ${beijingTime(f.retryAt)}` : ''}（北京时间）
              </p>
              <Form method="post" className="mt-2">
                <CsrfInput />
                <input type="hidden" name="entityType" value={f.entityType} />
                <input type="hidden" name="entityId" value={f.entityId} />
                <button
                  type="submit"
                  className="rounded bg-blue-700 px-3 py-1.5 text-white hover:bg-blue-800"
                  data-testid="retry"
                >
                  重试
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

export function ErrorBoundary() {
  return <ErrorPage />
}
