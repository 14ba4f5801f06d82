// /complaints/{id} — one complaint for its complainant, its subject, its department and the admin:
// the matter, the handling deadline, the outcome and reply; the department (or, once escalated, the
// admin) decides it here. The same schema and domain call as POST /api/v1/complaints/{id}/decide.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { ComplaintStatusBadge, YesNoFieldset } from '#app/components/credit.tsx'
import { CsrfInput } from '#app/components/csrf-input.tsx'
import { ErrorPage } from '#app/components/error-page.tsx'
import { Field, FormErrors, inputClass } from '#app/components/form-fields.tsx'
import { Done, headingClass, Note, primaryButton, sectionClass } from '#app/components/workflow.tsx'
import { requireWebActor } from '#app/domain/accounts/session.server.ts'
import { formatBeijingTime } from '#app/domain/clock/china-time.ts'
import { syncClock } from '#app/domain/clock/clock.server.ts'
import { decideComplaint, getComplaint } from '#app/domain/complaints/complaints.server.ts'
import { ComplaintDecisionInput } from '#app/domain/credit/schemas.ts'
import { readCheckedForm } from '#app/utils/forms.server.ts'
import { orErrorPage } from '#app/utils/web.server.ts'
import { parseFormInput, runWorkflowAction } from '#app/utils/workflow-forms.server.ts'
import { booleanField, formValues, optionalField, valueOf, workflowAnswerFor } from '#app/utils/workflow-forms.ts'

export const meta: MetaFunction = () => [{ title: '投诉 — 中介服务网上超市' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  await syncClock()
  const actor = await requireWebActor(request)
  return { complaint: await orErrorPage(getComplaint(actor, params.id ?? '')) }
}

export async function action({ request, params }: ActionFunctionArgs) {
  await syncClock()
  const formData = await readCheckedForm(request)
  const actor = await requireWebActor(request)
  const id = params.id ?? ''
  const values = formValues(formData)
  const upheld = booleanField(formData, 'upheld')
  const input = { outcome: upheld === undefined ? undefined : upheld ? 'UPHELD' : 'REJECTED', reply: optionalField(formData, 'reply') ?? '' }
  const parsed = parseFormInput('decide', ComplaintDecisionInput, input, values)
  if (!parsed.ok) return parsed.answer
  return (await runWorkflowAction('decide', values, () => decideComplaint(actor, id, parsed.value))) ?? redirect(`/complaints/${id}?done=decided`)
}

const DONE: Record<string, string> = {
  filed: '投诉已提交，已转行业主管部门办理。',
  decided: '投诉已办结，已通知投诉人和被投诉机构；处理结果公开（不公开投诉人）。',
}

export default function ComplaintPage() {
  const { complaint: c } = useLoaderData<typeof loader>()
  const answer = workflowAnswerFor(useActionData(), 'decide')
  const [searchParams] = useSearchParams()
  const done = DONE[searchParams.get('done') ?? '']
  return (
    <div className="mx-auto max-w-3xl space-y-5">
      <nav className="text-sm text-slate-500">
        <Link to="/complaints" className="hover:underline">
          投诉处理结果
        </Link>{' '}
        / 投诉
      </nav>
      {done ? <Done>{done}</Done> : null}
      <section className={sectionClass} data-testid="complaint">
        <div className="flex flex-wrap items-center gap-2">
          <ComplaintStatusBadge status={c.status} />
          {c.overdue ? <span className="rounded bg-red-50 px-1.5 py-0.5 text-xs text-red-700">已超过办理期限</span> : null}
        </div>
        <h1 className="mt-2 text-xl font-bold text-slate-900">关于{c.subject.name}的投诉</h1>
        <dl className="mt-3 grid gap-x-6 gap-y-1.5 text-sm sm:grid-cols-[8rem_1fr]">
          <dt className="text-slate-500">受理部门</dt>
          <dd>{c.departmentName ?? '平台管理员（无对应的行业主管部门）'}</dd>
          {c.announcement ? (
            <>
              <dt className="text-slate-500">涉及公告</dt>
              <dd>
                <Link to={`/announcements/${c.announcement.id}`} className="text-blue-800 hover:underline">
                  {c.announcement.title}
                </Link>
              </dd>
            </>
          ) : null}
          <dt className="text-slate-500">提交时间</dt>
          <dd>{formatBeijingTime(c.createdAt)}</dd>
          <dt className="text-slate-500">办理期限</dt>
          <dd data-testid="complaint-due">{formatBeijingTime(c.dueAt)}</dd>
          {c.escalatedAt ? (
            <>
              <dt className="text-slate-500">报平台督办</dt>
              <dd>{formatBeijingTime(c.escalatedAt)}</dd>
            </>
          ) : null}
        </dl>
        <p className="mt-3 whitespace-pre-line text-sm text-slate-800">{c.reason}</p>
        {c.reply ? (
          <div className="mt-3 rounded bg-slate-50 p-3 text-sm" data-testid="complaint-reply">
            <p className="font-medium">{c.outcome === 'UPHELD' ? '投诉成立' : '投诉不成立'}（{c.decidedAt ? formatBeijingTime(c.decidedAt) : ''}）</p>
            <p className="mt-1 whitespace-pre-line">{c.reply}</p>
            {c.creditRecordId ? <p className="mt-1 text-xs text-slate-600">已依信用规则记入被投诉机构的信用记录。</p> : null}
          </div>
        ) : null}
      </section>
      {c.allowedActions.includes('decide') ? (
        <section className={sectionClass} data-testid="complaint-decide">
          <h2 className={headingClass}>办结投诉</h2>
          {c.status === 'ESCALATED' ? <Note>该投诉已超过办理期限，请尽快办结。</Note> : null}
          <Form method="post" className="mt-3 space-y-3">
            <CsrfInput />
            <FormErrors errors={answer ? [answer.message] : undefined} />
            <YesNoFieldset name="upheld" legend="办理结果" yes="投诉成立（记入信用记录）" no="投诉不成立" checked={valueOf(answer, 'upheld')} errors={answer?.fieldErrors.outcome} />
            <Field label="答复" htmlFor="reply" required name="reply" hint="答复将公开（不含投诉人信息）" errors={answer?.fieldErrors.reply}>
              <textarea id="reply" name="reply" rows={4} defaultValue={valueOf(answer, 'reply')} className={inputClass} />
            </Field>
            <button type="submit" className={primaryButton} data-testid="complaint-decide-submit">
              办结
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  )
}

export function ErrorBoundary() {
  return <ErrorPage />
}
