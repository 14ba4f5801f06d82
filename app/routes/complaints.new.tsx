// /complaints/new?subject=&announcement= — a signed-in owner or intermediary files a complaint about
// an organization (named by the link it came from, or by its USCC), optionally about one of its
// announcements. The same schema and domain call as POST /api/v1/complaints.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { CsrfInput } from '#app/components/csrf-input.tsx'
import { ErrorPage } from '#app/components/error-page.tsx'
import { Field, FormErrors, inputClass } from '#app/components/form-fields.tsx'
import { headingClass, primaryButton, sectionClass } from '#app/components/workflow.tsx'
import { requireWebActor } from '#app/domain/accounts/session.server.ts'
import { syncClock } from '#app/domain/clock/clock.server.ts'
import { complaintTarget, fileComplaint } from '#app/domain/complaints/complaints.server.ts'
import { ComplaintInput } from '#app/domain/credit/schemas.ts'
import { readCheckedForm } from '#app/utils/forms.server.ts'
import { parseSearchParams } from '#app/utils/web.server.ts'
import { parseFormInput, runWorkflowAction } from '#app/utils/workflow-forms.server.ts'
import { formValues, optionalField, valueOf, workflowAnswerFor } from '#app/utils/workflow-forms.ts'
import { z } from '#app/utils/zod.ts'

export const meta: MetaFunction = () => [{ title: '投诉 — 中介服务网上超市' }]

const Query = z.object({
  subject: z.string().trim().max(32).optional().catch(undefined),
  announcement: z.string().trim().max(32).optional().catch(undefined),
})

export async function loader({ request }: LoaderFunctionArgs) {
  await requireWebActor(request)
  const query = parseSearchParams(request, Query)
  return complaintTarget(query)
}

export async function action({ request }: ActionFunctionArgs) {
  await syncClock()
  const formData = await readCheckedForm(request)
  const actor = await requireWebActor(request)
  const values = formValues(formData)
  const uscc = optionalField(formData, 'subjectUscc')
  const byUscc = uscc ? (await complaintTarget({ uscc })).subject : null
  if (uscc && !byUscc) {
    const message = '未找到该统一社会信用代码的中介机构或项目业主'
    return data({ intent: 'complaint', message, fieldErrors: { subjectOrganizationId: [message] }, values }, { status: 400 })
  }
  const subjectOrganizationId = optionalField(formData, 'subjectOrganizationId') ?? byUscc?.id
  const input = {
    subjectOrganizationId,
    announcementId: optionalField(formData, 'announcementId'),
    reason: optionalField(formData, 'reason') ?? '',
  }
  const parsed = parseFormInput('complaint', ComplaintInput, input, values)
  if (!parsed.ok) return parsed.answer
  let id = ''
  const failed = await runWorkflowAction('complaint', values, async () => {
    id = (await fileComplaint(actor, parsed.value)).id
  })
  return failed ?? redirect(`/complaints/${id}?done=filed`)
}

export default function NewComplaintPage() {
  const { subject, announcement } = useLoaderData<typeof loader>()
  const answer = workflowAnswerFor(useActionData(), 'complaint')
  return (
    <div className="mx-auto max-w-2xl space-y-5">
      <h1 className="text-2xl font-bold text-slate-900">投诉</h1>
      <section className={sectionClass}>
        <h2 className={headingClass}>投诉事项</h2>
        <p className="mt-1 text-sm text-slate-600">
          投诉将转该服务事项的行业主管部门，在 10 个工作日内办结并答复；处理结果公开，不公开投诉人。请如实填写，捏造事实的投诉不予受理。
        </p>
        <Form method="post" className="mt-4 space-y-3" data-testid="complaint-form">
          <CsrfInput />
          <FormErrors errors={answer ? [answer.message] : undefined} />
          {subject ? (
            <p className="text-sm">
              被投诉机构：<span className="font-semibold">{subject.name}</span>
              <input type="hidden" name="subjectOrganizationId" value={subject.id} />
            </p>
          ) : (
            <Field label="被投诉机构的统一社会信用代码" htmlFor="c-uscc" required name="subjectOrganizationId" errors={answer?.fieldErrors.subjectOrganizationId}>
              <input id="c-uscc" name="subjectUscc" maxLength={18} defaultValue={valueOf(answer, 'subjectUscc')} className={inputClass} />
            </Field>
          )}
          {announcement ? (
            <p className="text-sm">
              涉及公告：<span className="font-semibold">{announcement.title}</span>
              <input type="hidden" name="announcementId" value={announcement.id} />
            </p>
          ) : null}
          <Field label="投诉事项和理由" htmlFor="c-reason" required name="reason" hint="写明时间、经过和诉求，可附证据说明" errors={answer?.fieldErrors.reason}>
            <textarea id="c-reason" name="reason" rows={6} maxLength={5000} defaultValue={valueOf(answer, 'reason')} className={inputClass} />
          </Field>
          <button type="submit" className={primaryButton} data-testid="complaint-submit">
            提交投诉
          </button>
        </Form>
      </section>
    </div>
  )
}

export function ErrorBoundary() {
  return <ErrorPage />
}
