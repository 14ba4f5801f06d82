// /account/credit — the organization's own credit page: its score and level with their history (the
// chart rendered on the server, and a table), every credit record with its status (a pending
// negative record can be contested within its window), its blacklist entries and credit repair
// applications (applying once the minimum period has passed). The same domain calls as the API.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { BlacklistStatusBadge, CreditRecordCard, RepairStatusBadge, ScoreHistory } from '#app/components/credit.tsx'
import { CsrfInput } from '#app/components/csrf-input.tsx'
import { ErrorPage } from '#app/components/error-page.tsx'
import { Field, FormErrors, inputClass } from '#app/components/form-fields.tsx'
import { CreditLevelBadge } from '#app/components/intermediary-badges.tsx'
import { Done, headingClass, Note, primaryButton, secondaryButton, sectionClass } from '#app/components/workflow.tsx'
import { requireWebActor } from '#app/domain/accounts/session.server.ts'
import { formatBeijingDate, formatBeijingTime } from '#app/domain/clock/china-time.ts'
import { syncClock } from '#app/domain/clock/clock.server.ts'
import { applyForRepair } from '#app/domain/credit/blacklist.server.ts'
import { creditPage } from '#app/domain/credit/credit-page.server.ts'
import { contestCreditRecord } from '#app/domain/credit/credit-records.server.ts'
import { ContestInput, RepairInput } from '#app/domain/credit/schemas.ts'
import { readCheckedForm } from '#app/utils/forms.server.ts'
import { BLACKLIST_SOURCE_LABELS } from '#app/utils/credit-labels.ts'
import { parseFormInput, runWorkflowAction } from '#app/utils/workflow-forms.server.ts'
import { formValues, optionalField, valueOf, workflowAnswerFor } from '#app/utils/workflow-forms.ts'

export const meta: MetaFunction = () => [{ title: '本机构信用 — 中介服务网上超市' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await syncClock()
  const actor = await requireWebActor(request)
  return { credit: await creditPage(actor, actor.organizationId) }
}

export async function action({ request }: ActionFunctionArgs) {
  await syncClock()
  const formData = await readCheckedForm(request)
  const actor = await requireWebActor(request)
  const intent = String(formData.get('intent') ?? '')
  const values = formValues(formData)
  const done = (what: string) => redirect(`/account/credit?done=${what}`)
  switch (intent) {
    case 'contest': {
      const id = optionalField(formData, 'recordId') ?? ''
      const parsed = parseFormInput(`contest-${id}`, ContestInput, { reason: optionalField(formData, 'reason') ?? '' }, values)
      if (!parsed.ok) return parsed.answer
      return (await runWorkflowAction(`contest-${id}`, values, () => contestCreditRecord(actor, id, parsed.value))) ?? done('contested')
    }
    case 'repair': {
      const id = optionalField(formData, 'entryId') ?? ''
      const input = { statement: optionalField(formData, 'statement') ?? '', evidence: optionalField(formData, 'evidence') ?? '' }
      const parsed = parseFormInput(`repair-${id}`, RepairInput, input, values)
      if (!parsed.ok) return parsed.answer
      return (await runWorkflowAction(`repair-${id}`, values, () => applyForRepair(actor, id, parsed.value))) ?? done('repair')
    }
    default:
      throw new Response('未知的操作', { status: 400 })
  }
}

const DONE: Record<string, string> = {
  contested: '异议已提交，主管部门复核前该记录不生效。',
  repair: '信用修复申请已提交，请等待作出黑名单决定的主管部门审核。',
}

export default function AccountCreditPage() {
  const { credit } = useLoaderData<typeof loader>()
  const actionData = useActionData()
  const [searchParams] = useSearchParams()
  const done = DONE[searchParams.get('done') ?? '']
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <nav className="text-sm text-slate-500">
        <Link to="/account" className="hover:underline">
          我的机构
        </Link>{' '}
        / 信用
      </nav>
      {done ? <Done>{done}</Done> : null}
      <section className={sectionClass} data-testid="own-credit">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-bold text-slate-900">{credit.name} 的信用</h1>
          <CreditLevelBadge level={credit.level} score={credit.score} />
        </div>
        <p className="mt-2 text-sm text-slate-600">
          信用分 {credit.score} 分，{credit.level} 级。新的信用记录在异议期（5 个工作日）内可提出异议；
          <Link to="/credit-rules" className="text-blue-800 hover:underline">
            查看信用规则
          </Link>
        </p>
        <ScoreHistory svg={credit.chartSvg} history={credit.history} />
      </section>

      <section className={sectionClass}>
        <h2 className={headingClass}>信用记录</h2>
        {credit.records.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">暂无信用记录。</p>
        ) : (
          <ul className="mt-3 space-y-3" data-testid="own-credit-records">
            {credit.records.map((record) => {
              const answer = workflowAnswerFor(actionData, `contest-${record.id}`)
              return (
                <CreditRecordCard key={record.id} record={record}>
                  {record.allowedActions.includes('contest') ? (
                    <Form method="post" className="mt-3 space-y-2" data-testid="contest-form">
                      <CsrfInput />
                      <input type="hidden" name="intent" value="contest" />
                      <input type="hidden" name="recordId" value={record.id} />
                      <FormErrors errors={answer ? [answer.message] : undefined} />
                      <Field label="异议理由" htmlFor={`contest-${record.id}`} required name="reason" errors={answer?.fieldErrors.reason}>
                        <textarea id={`contest-${record.id}`} name="reason" rows={3} defaultValue={valueOf(answer, 'reason')} className={inputClass} />
                      </Field>
                      <button type="submit" className={secondaryButton}>
                        提出异议
                      </button>
                    </Form>
                  ) : null}
                </CreditRecordCard>
              )
            })}
          </ul>
        )}
      </section>

      <section className={sectionClass}>
        <h2 className={headingClass}>黑名单与信用修复</h2>
        {credit.blacklist.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">未被列入黑名单。</p>
        ) : (
          <ul className="mt-3 space-y-3" data-testid="own-blacklist">
            {credit.blacklist.map((entry) => {
              const answer = workflowAnswerFor(actionData, `repair-${entry.id}`)
              return (
                <li key={entry.id} className="rounded border border-slate-200 p-3 text-sm" data-testid={`own-blacklist-${entry.id}`}>
                  <div className="flex flex-wrap items-center gap-2">
                    <BlacklistStatusBadge status={entry.status} />
                    <span className="text-slate-800">{entry.reason}</span>
                  </div>
                  <p className="mt-1 text-xs text-slate-500">
                    {BLACKLIST_SOURCE_LABELS[entry.source]}
                    {entry.decidedBy ? `（${entry.decidedBy}）` : ''} · {formatBeijingDate(entry.startsAt)} 至 {formatBeijingDate(entry.endsAt)}
                    {entry.liftedAt ? ` · ${formatBeijingTime(entry.liftedAt)} 提前移出` : ''}
                  </p>
                  {entry.repairApplications.length > 0 ? (
                    <ul className="mt-2 space-y-1">
                      {entry.repairApplications.map((a) => (
                        <li key={a.id} className="flex flex-wrap items-center gap-2 text-slate-700">
                          <RepairStatusBadge status={a.status} />
                          <span>信用修复申请（{formatBeijingTime(a.createdAt)}）</span>
                          {a.decisionReason ? <span className="text-slate-600">审核意见：{a.decisionReason}</span> : null}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                  {entry.allowedActions.includes('repair') ? (
                    <Form method="post" className="mt-3 space-y-2" data-testid="repair-form">
                      <CsrfInput />
                      <input type="hidden" name="intent" value="repair" />
                      <input type="hidden" name="entryId" value={entry.id} />
                      <FormErrors errors={answer ? [answer.message] : undefined} />
                      <Field label="整改情况说明" htmlFor={`statement-${entry.id}`} required name="statement" errors={answer?.fieldErrors.statement}>
                        <textarea id={`statement-${entry.id}`} name="statement" rows={3} defaultValue={valueOf(answer, 'statement')} className={inputClass} />
                      </Field>
                      <Field label="整改证明材料" htmlFor={`evidence-${entry.id}`} required name="evidence" errors={answer?.fieldErrors.evidence}>
                        <textarea id={`evidence-${entry.id}`} name="evidence" rows={2} defaultValue={valueOf(answer, 'evidence')} className={inputClass} />
                      </Field>
                      <button type="submit" className={primaryButton}>
                        申请信用修复
                      </button>
                    </Form>
                  ) : entry.status === 'ACTIVE' && entry.repairOpensAt ? (
                    <Note>
                      {entry.repairApplications.some((a) => a.status === 'PENDING')
                        ? '信用修复申请正在审核。'
                        : `列入黑名单满规定期限后可申请信用修复（${formatBeijingDate(entry.repairOpensAt)}起）。`}
                    </Note>
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
