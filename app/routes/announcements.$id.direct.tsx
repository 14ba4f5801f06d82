// /announcements/{id}/direct — the firm an owner named in a direct selection (直接选取) accepts or
// declines it before the deadline; and the winner of any announcement may decline the award here
// (with a reason: recorded in its performance record, and the next ranked bid takes it). Only those
// two firms: anyone else gets 403. Same schemas and domain functions as /direct-response and /decline.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { CsrfInput } from '#app/components/csrf-input.tsx'
import { ErrorPage } from '#app/components/error-page.tsx'
import { Field, FormErrors, inputClass } from '#app/components/form-fields.tsx'
import { yuanText } from '#app/components/announcement-view.tsx'
import {
  AnnouncementCrumbs,
  AnnouncementSummary,
  dangerButton,
  Done,
  headingClass,
  Note,
  primaryButton,
  sectionClass,
} from '#app/components/workflow.tsx'
import { can } from '#app/domain/permissions/permissions.server.ts'
import { requireWebActor } from '#app/domain/accounts/session.server.ts'
import { getAnnouncement } from '#app/domain/announcements/announcements.server.ts'
import { DirectResponseInput, ReasonInput } from '#app/domain/announcements/schemas.ts'
import { declineAward, respondToDirectSelection } from '#app/domain/award/responses.server.ts'
import { syncClock } from '#app/domain/clock/clock.server.ts'
import { readCheckedForm } from '#app/utils/forms.server.ts'
import { formatBeijingTime } from '#app/domain/clock/china-time.ts'
import { orErrorPage } from '#app/utils/web.server.ts'
import { parseFormInput, runWorkflowAction } from '#app/utils/workflow-forms.server.ts'
import { formValues, optionalField, valueOf, workflowAnswerFor } from '#app/utils/workflow-forms.ts'

export const meta: MetaFunction = () => [{ title: '直接选取与中选答复 — 中介服务网上超市' }]

async function involvedFirm(request: Request, id: string) {
  const actor = await requireWebActor(request)
  if (!can(actor, 'respond:direct-selection', { organizationId: actor.organizationId }))
    throw new Response('仅中介机构可以答复', { status: 403 })
  const a = await orErrorPage(getAnnouncement(actor, id))
  const named = a.method === 'DIRECT' && a.directIntermediary?.id === actor.organizationId
  // The winner is the one the machine lets decline the award.
  const winner = a.allowedActions.includes('decline')
  if (!named && !winner) throw new Response('贵机构不是本公告直接选取的机构或中选机构', { status: 403 })
  return { actor, a, named, winner }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await syncClock()
  const { a, named, winner } = await involvedFirm(request, params.id ?? '')
  return { a, named, winner, mayRespond: a.allowedActions.includes('directResponse') }
}

export async function action({ request, params }: ActionFunctionArgs) {
  await syncClock()
  const formData = await readCheckedForm(request)
  const id = params.id ?? ''
  const { actor } = await involvedFirm(request, id)
  const intent = String(formData.get('intent') ?? '')
  const values = formValues(formData)
  const done = (what: string) => redirect(`/announcements/${id}/direct?done=${what}`)
  if (intent === 'accept' || intent === 'decline') {
    const parsed = parseFormInput(
      'respond',
      DirectResponseInput,
      { accept: intent === 'accept', reason: optionalField(formData, 'reason') },
      values,
    )
    if (!parsed.ok) return parsed.answer
    const { accept, reason } = parsed.value
    return (
      (await runWorkflowAction('respond', values, () => respondToDirectSelection(actor, id, accept, reason))) ??
      done(intent === 'accept' ? 'accepted' : 'declined')
    )
  }
  if (intent === 'decline-award') {
    const parsed = parseFormInput(intent, ReasonInput, { reason: optionalField(formData, 'reason') ?? '' }, values)
    if (!parsed.ok) return parsed.answer
    return (
      (await runWorkflowAction(intent, values, () => declineAward(actor, id, parsed.value.reason))) ??
      redirect(`/announcements/${id}?declined=1`)
    )
  }
  throw new Response('未知的操作', { status: 400 })
}

const DONE_MESSAGES: Record<string, string> = {
  accepted: '已接受直接选取，结果进入公示。',
  declined: '已拒绝直接选取，业主将另行选取。',
}

export default function DirectPage() {
  const { a, named, winner, mayRespond } = useLoaderData<typeof loader>()
  const actionData = useActionData()
  const [searchParams] = useSearchParams()
  const done = DONE_MESSAGES[searchParams.get('done') ?? '']
  const respond = workflowAnswerFor(actionData, 'respond')
  const decline = workflowAnswerFor(actionData, 'decline-award')
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <AnnouncementCrumbs announcement={a} here="答复" />
      {done ? <Done>{done}</Done> : null}
      <AnnouncementSummary
        announcement={a}
        facts={
          <>
            <dt className="text-slate-500">项目业主</dt>
            <dd>{a.owner.name}</dd>
            <dt className="text-slate-500">中介服务事项</dt>
            <dd>{a.serviceItemName}</dd>
            <dt className="text-slate-500">价格</dt>
            <dd>{yuanText(a.fixedPrice ?? a.priceCeiling)}</dd>
            <dt className="text-slate-500">服务时限</dt>
            <dd>{a.serviceDays} 个工作日</dd>
            <dt className="text-slate-500">{a.method === 'DIRECT' ? '答复截止' : '报名截止'}</dt>
            <dd>{formatBeijingTime(a.deadline)}</dd>
          </>
        }
      />

      {named ? (
        <section className={sectionClass} data-testid="direct-response">
          <h2 className={headingClass}>直接选取</h2>
          {mayRespond ? (
            <Form method="post" className="mt-3 space-y-4">
              <CsrfInput />
              <FormErrors errors={respond ? [respond.message] : undefined} />
              <p className="text-sm text-slate-700">
                业主直接选取贵机构承接本项服务。请在截止时间前答复；逾期未答复的，本次选取失败。接受时平台将再次核验贵机构的承接资格。
              </p>
              <Field
                label="拒绝理由（拒绝时填写，可不填）"
                htmlFor="d-reason"
                name="reason"
                errors={respond?.fieldErrors.reason}
              >
                <input
                  id="d-reason"
                  name="reason"
                  defaultValue={valueOf(respond, 'reason')}
                  maxLength={500}
                  className={inputClass}
                />
              </Field>
              <div className="flex flex-wrap gap-3">
                <button
                  type="submit"
                  name="intent"
                  value="accept"
                  className={primaryButton}
                  data-testid="direct-accept"
                >
                  接受选取
                </button>
                <button
                  type="submit"
                  name="intent"
                  value="decline"
                  className={dangerButton}
                  data-testid="direct-decline"
                >
                  拒绝选取
                </button>
              </div>
            </Form>
          ) : (
            <p className="mt-2 text-sm text-slate-700">
              {a.directResponse === 'ACCEPTED'
                ? '贵机构已接受直接选取。'
                : a.directResponse === 'DECLINED'
                  ? '贵机构已拒绝直接选取。'
                  : '答复期限已过或公告已不在答复阶段。'}
              {respond ? <span className="ml-1 text-red-700">{respond.message}</span> : null}
            </p>
          )}
        </section>
      ) : null}

      {winner ? (
        <section className={sectionClass} data-testid="decline-award">
          <h2 className={headingClass}>放弃中选</h2>
          <div className="mt-3">
            <Note>
              贵机构为本公告的中选机构。放弃中选将记入贵机构的执业记录（影响信用），并由排名下一位的机构递补。
            </Note>
          </div>
          <Form method="post" className="mt-3 space-y-3">
            <CsrfInput />
            <input type="hidden" name="intent" value="decline-award" />
            <FormErrors errors={decline ? [decline.message] : undefined} />
            <Field label="放弃理由" htmlFor="w-reason" required name="reason" errors={decline?.fieldErrors.reason}>
              <input
                id="w-reason"
                name="reason"
                defaultValue={valueOf(decline, 'reason')}
                maxLength={500}
                className={inputClass}
              />
            </Field>
            <button type="submit" className={dangerButton} data-testid="decline-award-submit">
              放弃中选
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
