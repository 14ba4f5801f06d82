// /announcements/{id}/scores — an evaluator the owner named for a 综合评分 announcement with a
// technical weight scores every valid bid (0–100, two decimals) once, after the bids are opened and
// before the result; afterwards the page shows the evaluator's own scores, read-only. Before the
// opening nothing about the bids is shown (they are sealed). Only a named evaluator acting for the
// owner: anyone else gets 403 (404 for an unknown announcement or someone else's draft). The same
// schema and domain function as POST /api/v1/announcements/{id}/technical-scores.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { yuanText } from '#app/components/announcement-view.tsx'
import { CsrfInput } from '#app/components/csrf-input.tsx'
import { ErrorPage } from '#app/components/error-page.tsx'
import { ErrorList, FormErrors, inputClass } from '#app/components/form-fields.tsx'
import {
  AnnouncementCrumbs,
  AnnouncementSummary,
  Done,
  headingClass,
  Note,
  primaryButton,
  sectionClass,
} from '#app/components/workflow.tsx'
import { requireWebActor } from '#app/domain/accounts/session.server.ts'
import { TechnicalScoresInput } from '#app/domain/announcements/schemas.ts'
import { getScoringSheet, submitTechnicalScores } from '#app/domain/award/responses.server.ts'
import { syncClock } from '#app/domain/clock/clock.server.ts'

import { readCheckedForm } from '#app/utils/forms.server.ts'
import { formatBeijingTime } from '#app/domain/clock/china-time.ts'
import { orErrorPage } from '#app/utils/web.server.ts'
import { parseFormInput, runWorkflowAction } from '#app/utils/workflow-forms.server.ts'
import { formValues, numberField, valueOf, workflowAnswerFor, type WorkflowAnswer } from '#app/utils/workflow-forms.ts'

export const meta: MetaFunction = () => [{ title: '技术评分 — 中介服务网上超市' }]

const INTENT = 'score'

/** The signed-in user's scoring sheet; 403 unless a named evaluator, 404 for unknown or a draft. */
async function evaluatorSheet(request: Request, id: string) {
  const actor = await requireWebActor(request)
  const sheet = await orErrorPage(getScoringSheet(actor, id))
  return { actor, sheet }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await syncClock()
  const { sheet } = await evaluatorSheet(request, params.id ?? '')
  return { sheet }
}

/** The form's rows as TechnicalScoresInput: one hidden bidId per row and its `score.<bidId>` field. */
function scoresInputFromForm(formData: FormData) {
  const bidIds = formData.getAll('bidId').filter((v): v is string => typeof v === 'string')
  return {
    bidIds,
    input: { scores: bidIds.map((bidId) => ({ bidId, score: numberField(formData, `score.${bidId}`) })) },
  }
}

/** The schema reports a row as `scores.<index>.score`; the page shows it beside that bid's field. */
function rowErrors(fieldErrors: Record<string, string[]>, bidIds: string[]) {
  const errors: Record<string, string[]> = {}
  for (const [path, messages] of Object.entries(fieldErrors)) {
    const row = /^scores\.(\d+)\./.exec(path)
    const key = row && bidIds[Number(row[1])] !== undefined ? `score.${bidIds[Number(row[1])]}` : path
    ;(errors[key] ??= []).push(...messages)
  }
  return errors
}

export async function action({ request, params }: ActionFunctionArgs) {
  await syncClock()
  const formData = await readCheckedForm(request)
  const id = params.id ?? ''
  const { actor } = await evaluatorSheet(request, id)
  if (formData.get('intent') !== INTENT) throw new Response('未知的操作', { status: 400 })
  const values = formValues(formData)
  const { bidIds, input } = scoresInputFromForm(formData)
  const parsed = parseFormInput(INTENT, TechnicalScoresInput, input, values)
  if (!parsed.ok) {
    const answer: WorkflowAnswer = {
      ...parsed.answer.data,
      fieldErrors: rowErrors(parsed.answer.data.fieldErrors, bidIds),
    }
    return data(answer, parsed.answer.init ?? undefined)
  }
  return (
    (await runWorkflowAction(INTENT, values, () => submitTechnicalScores(actor, id, parsed.value.scores))) ??
    redirect(`/announcements/${id}/scores?done=submitted`)
  )
}

const th = 'py-1 pr-3 font-medium'

export default function ScoresPage() {
  const { sheet } = useLoaderData<typeof loader>()
  const answer = workflowAnswerFor(useActionData(), INTENT)
  const [searchParams] = useSearchParams()
  const { announcement: a, mayScore, submittedAt, bids, scores } = sheet
  const errors = answer?.fieldErrors ?? {}
  const beforeOpening = a.status === 'DRAFT' || a.status === 'PUBLISHED'
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <AnnouncementCrumbs announcement={a} here="技术评分" />
      {searchParams.get('done') === 'submitted' && submittedAt ? <Done>评分已提交。</Done> : null}
      {/* A refusal whose form is no longer shown (e.g. already submitted) is shown on top. */}
      {answer && !mayScore ? <FormErrors errors={[answer.message]} /> : null}

      <AnnouncementSummary
        announcement={a}
        facts={
          <>
            <dt className="text-slate-500">报名截止</dt>
            <dd>{formatBeijingTime(a.deadline)}</dd>
            {a.openedAt ? (
              <>
                <dt className="text-slate-500">开启时间</dt>
                <dd>{formatBeijingTime(a.openedAt)}</dd>
              </>
            ) : null}
            {a.status === 'EVALUATING' && a.scoringEndsAt ? (
              <>
                <dt className="text-slate-500">评分截止</dt>
                <dd data-testid="scoring-ends">{formatBeijingTime(a.scoringEndsAt)}</dd>
              </>
            ) : null}
          </>
        }
      />

      <section className={sectionClass} data-testid="scoring">
        <h2 className={headingClass}>技术评分</h2>
        <div className="mt-3">
          {submittedAt ? (
            <SubmittedScores submittedAt={submittedAt} scores={scores} />
          ) : mayScore ? (
            bids.length === 0 ? (
              <p className="text-sm text-slate-600">没有有效报名，无需评分。</p>
            ) : (
              <Form method="post" className="space-y-4" data-testid="scoring-form">
                <CsrfInput />
                <input type="hidden" name="intent" value={INTENT} />
                <FormErrors errors={answer ? [answer.message] : undefined} />
                <ErrorList name="scores" errors={errors.scores} />
                <Note>
                  请为每个有效报名评定技术分（0–100，最多两位小数）。评分只能提交一次，提交后不能修改；各评审人员评分的平均值按公告公布的权重计入综合得分。
                </Note>
                <div className="overflow-x-auto">
                  <table className="w-full min-w-[32rem] text-left text-sm">
                    <thead className="text-xs text-slate-500">
                      <tr>
                        <th className={th}>中介机构</th>
                        <th className={th}>报价（元）</th>
                        <th className="py-1 font-medium">技术分（0–100）</th>
                      </tr>
                    </thead>
                    <tbody className="divide-y divide-slate-100">
                      {bids.map((b) => {
                        const name = `score.${b.bidId}`
                        return (
                          <tr key={b.bidId}>
                            <td className="py-2 pr-3">
                              <label htmlFor={`s-${b.bidId}`}>{b.intermediaryName}</label>
                              <input type="hidden" name="bidId" value={b.bidId} />
                            </td>
                            <td className="py-2 pr-3 tabular-nums">{yuanText(b.price)}</td>
                            <td className="w-40 py-2">
                              <input
                                id={`s-${b.bidId}`}
                                name={name}
                                type="number"
                                min={0}
                                max={100}
                                step={0.01}
                                inputMode="decimal"
                                required
                                defaultValue={valueOf(answer, name)}
                                className={inputClass}
                                aria-invalid={errors[name] ? true : undefined}
                                data-testid={`score-${b.bidId}`}
                              />
                              <ErrorList name={name} errors={errors[name]} />
                            </td>
                          </tr>
                        )
                      })}
                    </tbody>
                  </table>
                </div>
                <button type="submit" className={primaryButton} data-testid="submit-scores">
                  提交评分
                </button>
              </Form>
            )
          ) : beforeOpening ? (
            <p className="text-sm text-slate-600" data-testid="scoring-not-open">
              报名截止后平台开启报名，评分随即开始；届时您会收到通知。开启前报名情况密封，任何人都看不到。
            </p>
          ) : (
            <p className="text-sm text-slate-600" data-testid="scoring-closed">
              {a.status === 'FAILED'
                ? '本公告已流标，无需评分。'
                : a.status === 'CANCELLED'
                  ? '本公告已终止，无需评分。'
                  : '评审已结束，您未在评分期内提交评分。'}
            </p>
          )}
        </div>
      </section>
    </div>
  )
}

function SubmittedScores({
  submittedAt,
  scores,
}: {
  submittedAt: string
  scores: Array<{ bidId: string; intermediaryName: string; price: string | null; score: string }>
}) {
  return (
    <div className="space-y-3" data-testid="scores-submitted">
      <p className="text-sm">
        <span className="rounded bg-green-50 px-1.5 py-0.5 text-xs font-medium text-green-800">已提交</span>
        <span className="ml-2 text-slate-600">提交时间 {formatBeijingTime(submittedAt)}</span>
      </p>
      <table className="w-full text-left text-sm">
        <thead className="text-xs text-slate-500">
          <tr>
            <th className={th}>中介机构</th>
            <th className={th}>报价（元）</th>
            <th className="py-1 font-medium">技术分</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {scores.map((s) => (
            <tr key={s.bidId} data-testid={`submitted-${s.bidId}`}>
              <td className="py-2 pr-3">{s.intermediaryName}</td>
              <td className="py-2 pr-3 tabular-nums">{yuanText(s.price)}</td>
              <td className="py-2 tabular-nums">{s.score}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export function ErrorBoundary() {
  return <ErrorPage />
}
