// /announcements/{id}/objections — objections (质疑) to a result: a bidder files one during the
// publicity period and, not satisfied with the owner's answer, escalates it to the competent
// department; that department decides escalated ones (decision + upheld or not). The owner answers on
// the manage page. Who filed an objection is not shown to others. The same schemas and domain
// functions as the objection endpoints of /api/v1.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { CsrfInput } from '#app/components/csrf-input.tsx'
import { ErrorPage } from '#app/components/error-page.tsx'
import { Field, FormErrors, inputClass } from '#app/components/form-fields.tsx'
import {
  AnnouncementCrumbs,
  AnnouncementStatusBadge,
  Done,
  headingClass,
  linkClass,
  ObjectionStatusBadge,
  primaryButton,
  secondaryButton,
  sectionClass,
  UpheldFieldset,
} from '#app/components/workflow.tsx'
import { requireWebActor } from '#app/domain/accounts/session.server.ts'
import { getAnnouncement } from '#app/domain/announcements/announcements.server.ts'
import { ObjectionDecisionInput, ObjectionInput } from '#app/domain/announcements/schemas.ts'
import {
  decideObjection,
  escalateObjection,
  fileObjection,
  listObjections,
} from '#app/domain/award/objections.server.ts'
import { syncClock } from '#app/domain/clock/clock.server.ts'
import { readCheckedForm } from '#app/utils/forms.server.ts'
import { formatBeijingTime } from '#app/domain/clock/china-time.ts'
import { orErrorPage } from '#app/utils/web.server.ts'
import { parseFormInput, runWorkflowAction } from '#app/utils/workflow-forms.server.ts'
import { booleanField, formValues, optionalField, valueOf, workflowAnswerFor } from '#app/utils/workflow-forms.ts'

export const meta: MetaFunction = () => [{ title: '质疑 — 中介服务网上超市' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  await syncClock()
  const actor = await requireWebActor(request)
  const id = params.id ?? ''
  const a = await orErrorPage(getAnnouncement(actor, id))
  const objections = await listObjections(actor, id)
  // What the objection machine would accept from this actor now (filing here; answer, escalate and
  // decide on each objection).
  return { a, objections, mayFile: a.allowedActions.includes('object'), isBidder: a.myBid?.status === 'ACTIVE' }
}

export async function action({ request, params }: ActionFunctionArgs) {
  await syncClock()
  const formData = await readCheckedForm(request)
  const actor = await requireWebActor(request)
  const id = params.id ?? ''
  const intent = String(formData.get('intent') ?? '')
  const values = formValues(formData)
  const objectionId = optionalField(formData, 'objectionId') ?? ''
  const done = (what: string) => redirect(`/announcements/${id}/objections?done=${what}`)
  switch (intent) {
    case 'file': {
      const parsed = parseFormInput(intent, ObjectionInput, { reason: optionalField(formData, 'reason') ?? '' }, values)
      if (!parsed.ok) return parsed.answer
      return (
        (await runWorkflowAction(intent, values, () => fileObjection(actor, id, parsed.value.reason))) ?? done('filed')
      )
    }
    case 'escalate':
      return (
        (await runWorkflowAction(`escalate-${objectionId}`, values, () => escalateObjection(actor, id, objectionId))) ??
        done('escalated')
      )
    case 'decide': {
      const decideIntent = `decide-${objectionId}`
      const input = { decision: optionalField(formData, 'decision') ?? '', upheld: booleanField(formData, 'upheld') }
      const parsed = parseFormInput(decideIntent, ObjectionDecisionInput, input, values)
      if (!parsed.ok) return parsed.answer
      return (
        (await runWorkflowAction(decideIntent, values, () => decideObjection(actor, id, objectionId, parsed.value))) ??
        done('decided')
      )
    }
    default:
      throw new Response('未知的操作', { status: 400 })
  }
}

const DONE_MESSAGES: Record<string, string> = {
  filed: '质疑已提交，业主须在规定期限内答复；质疑办结前不能确定成交。',
  escalated: '已提请行业主管部门处理。',
  decided: '处理决定已作出并通知业主和质疑机构。',
}

export default function ObjectionsPage() {
  const { a, objections, mayFile, isBidder } = useLoaderData<typeof loader>()
  const actionData = useActionData()
  const [searchParams] = useSearchParams()
  const done = DONE_MESSAGES[searchParams.get('done') ?? '']
  const file = workflowAnswerFor(actionData, 'file')
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <AnnouncementCrumbs announcement={a} here="质疑" />
      {done ? <Done>{done}</Done> : null}
      <section className={sectionClass}>
        <div className="flex flex-wrap items-center gap-2">
          <AnnouncementStatusBadge status={a.status} />
          {a.publicityEndsAt ? (
            <span className="text-sm text-slate-600">公示期至 {formatBeijingTime(a.publicityEndsAt)}</span>
          ) : null}
        </div>
        <h1 className="mt-2 text-2xl font-bold text-slate-900">质疑：{a.title}</h1>
        <p className="mt-2 text-sm text-slate-600">
          参与报名的中介机构可在结果公示期内对中选结果提出质疑；业主答复，质疑机构不满意的可提请该服务事项的行业主管部门处理。质疑成立的，取消原中选结果并重新确定。
        </p>
        <p className="mt-2 flex flex-wrap gap-4 text-sm">
          {a.openedAt ? (
            <Link to={`/announcements/${a.id}/result`} className={linkClass}>
              查看选取结果
            </Link>
          ) : null}
          {a.isOwner ? (
            <Link to={`/announcements/${a.id}/manage`} className={linkClass}>
              到公告管理页答复质疑
            </Link>
          ) : null}
        </p>
      </section>

      {mayFile ? (
        <section className={sectionClass} data-testid="objection-form">
          <h2 className={headingClass}>提出质疑</h2>
          <Form method="post" className="mt-3 space-y-3">
            <CsrfInput />
            <input type="hidden" name="intent" value="file" />
            <FormErrors errors={file ? [file.message] : undefined} />
            <Field
              label="质疑事项和理由"
              htmlFor="o-reason"
              required
              name="reason"
              errors={file?.fieldErrors.reason}
              hint="请写明对哪一项结果有异议、理由和依据"
            >
              <textarea
                id="o-reason"
                name="reason"
                rows={5}
                defaultValue={valueOf(file, 'reason')}
                maxLength={5000}
                className={inputClass}
              />
            </Field>
            <button type="submit" className={primaryButton} data-testid="objection-submit">
              提交质疑
            </button>
          </Form>
        </section>
      ) : isBidder ? (
        <p className="text-sm text-slate-600" data-testid="objection-closed">
          {file ? <span className="text-red-700">{file.message} </span> : null}
          现在不能提出质疑：不在结果公示期内，或贵机构已有尚未办结的质疑。
        </p>
      ) : null}

      <section className={sectionClass} data-testid="objections-list">
        <h2 className={headingClass}>质疑及处理情况</h2>
        {objections.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">暂无质疑。</p>
        ) : (
          <ul className="mt-3 space-y-4">
            {objections.map((o) => {
              const escalate = workflowAnswerFor(actionData, `escalate-${o.id}`)
              const decide = workflowAnswerFor(actionData, `decide-${o.id}`)
              return (
                <li
                  key={o.id}
                  className="rounded border border-slate-200 p-3 text-sm"
                  data-testid={`objection-${o.id}`}
                >
                  <div className="flex flex-wrap items-center gap-2">
                    <ObjectionStatusBadge status={o.status} />
                    {o.mine ? (
                      <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">本机构提出</span>
                    ) : null}
                    <span className="text-xs text-slate-500">提出于 {formatBeijingTime(o.createdAt)}</span>
                  </div>
                  <p className="mt-2 whitespace-pre-line">{o.reason}</p>
                  {o.answer ? (
                    <p className="mt-2 text-slate-700">
                      业主答复{o.answeredAt ? `（${formatBeijingTime(o.answeredAt)}）` : ''}：{o.answer}
                    </p>
                  ) : null}
                  {o.decision ? (
                    <p className="mt-2 text-slate-700">
                      主管部门决定{o.decidedAt ? `（${formatBeijingTime(o.decidedAt)}）` : ''}：{o.decision}
                    </p>
                  ) : null}
                  {o.allowedActions.includes('escalate') ? (
                    <Form method="post" className="mt-3 space-y-2">
                      <CsrfInput />
                      <input type="hidden" name="objectionId" value={o.id} />
                      <FormErrors errors={escalate ? [escalate.message] : undefined} />
                      <p className="text-xs text-slate-600">
                        对业主答复不满意的，可在规定期限内提请行业主管部门处理；逾期未提请的，视为质疑不成立。
                      </p>
                      <button
                        type="submit"
                        name="intent"
                        value="escalate"
                        className={secondaryButton}
                        data-testid="objection-escalate"
                      >
                        提请主管部门处理
                      </button>
                    </Form>
                  ) : null}
                  {o.allowedActions.includes('decide') ? (
                    <Form method="post" className="mt-3 space-y-3" data-testid="decision-form">
                      <CsrfInput />
                      <input type="hidden" name="intent" value="decide" />
                      <input type="hidden" name="objectionId" value={o.id} />
                      <FormErrors errors={decide ? [decide.message] : undefined} />
                      <Field
                        label="处理决定"
                        htmlFor={`d-${o.id}`}
                        required
                        name="decision"
                        errors={decide?.fieldErrors.decision}
                      >
                        <textarea
                          id={`d-${o.id}`}
                          name="decision"
                          rows={3}
                          defaultValue={valueOf(decide, 'decision')}
                          className={inputClass}
                        />
                      </Field>
                      <UpheldFieldset checked={valueOf(decide, 'upheld')} errors={decide?.fieldErrors.upheld} />
                      <button type="submit" className={primaryButton}>
                        作出处理决定
                      </button>
                    </Form>
                  ) : null}
                </li>
              )
            })}
          </ul>
        )}
      </section>
    </div>
  )
}

export function ErrorBoundary() {
  return <ErrorPage />
}
