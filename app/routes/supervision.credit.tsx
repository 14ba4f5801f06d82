// /supervision/credit — the department's credit workspace: record a violation (or a commendation)
// of a firm it supervises, with evidence and an optional evidence file; review contested records;
// put a firm on the blacklist; decide credit repair applications. The admin sees the contested
// records and repairs it may act on. The same schemas and domain calls as the API.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { BlacklistStatusBadge, CreditRecordCard, pointsText, RepairStatusBadge, YesNoFieldset } from '#app/components/credit.tsx'
import { CsrfInput } from '#app/components/csrf-input.tsx'
import { ErrorPage } from '#app/components/error-page.tsx'
import { ErrorList, Field, FormErrors, inputClass } from '#app/components/form-fields.tsx'
import { dangerButton, Done, headingClass, primaryButton, sectionClass } from '#app/components/workflow.tsx'
import { requireWebActor } from '#app/domain/accounts/session.server.ts'
import { chinaDate, formatBeijingDate, formatBeijingTime } from '#app/domain/clock/china-time.ts'
import { now, syncClock } from '#app/domain/clock/clock.server.ts'
import { addToBlacklist, decideRepair, entriesDecidedBy, pendingRepairsFor } from '#app/domain/credit/blacklist.server.ts'
import { creditWorkspaceRecords, listCreditRules, recordCredit, reviewCreditRecord } from '#app/domain/credit/credit-records.server.ts'
import { BlacklistInput, RepairDecisionInput, ReviewInput } from '#app/domain/credit/schemas.ts'
import { listSupervisedIntermediaries } from '#app/domain/intermediaries/suspension.server.ts'
import { hasPermission } from '#app/domain/permissions/permissions.server.ts'
import { readCheckedForm, uploadedFileOf } from '#app/utils/forms.server.ts'
import { orErrorPage } from '#app/utils/web.server.ts'
import { parseFormInput, runWorkflowAction } from '#app/utils/workflow-forms.server.ts'
import { booleanField, formValues, numberField, optionalField, valueOf, workflowAnswerFor } from '#app/utils/workflow-forms.ts'

export const meta: MetaFunction = () => [{ title: '信用监管 — 中介服务网上超市' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await syncClock()
  const actor = await requireWebActor(request)
  if (!hasPermission(actor, 'read:supervision')) throw new Response('无权访问', { status: 403 })
  const mayRecord = hasPermission(actor, 'record:credit-record')
  const mayBlacklist = hasPermission(actor, 'decide:blacklist')
  const [queue, repairs, decided, rules, firms] = await Promise.all([
    orErrorPage(creditWorkspaceRecords(actor)),
    pendingRepairsFor(actor),
    mayBlacklist ? entriesDecidedBy(actor) : Promise.resolve([]),
    listCreditRules(),
    mayRecord || mayBlacklist
      ? orErrorPage(listSupervisedIntermediaries(actor, { page: 1, pageSize: 100 })).then((r) => r.items)
      : [],
  ])
  return {
    queue,
    repairs,
    decided,
    rules: rules.filter((r) => r.departmentMayRecord),
    firms: firms.map((f) => ({ id: f.id, name: f.name, uscc: f.uscc })),
    mayRecord,
    mayBlacklist,
    today: chinaDate(now()),
  }
}

export async function action({ request }: ActionFunctionArgs) {
  await syncClock()
  const formData = await readCheckedForm(request)
  const actor = await requireWebActor(request)
  const intent = String(formData.get('intent') ?? '')
  const values = formValues(formData)
  const done = (what: string) => redirect(`/supervision/credit?done=${what}`)
  switch (intent) {
    case 'record': {
      const input = {
        intermediaryId: optionalField(formData, 'intermediaryId') ?? '',
        ruleCode: optionalField(formData, 'ruleCode') ?? '',
        evidence: optionalField(formData, 'evidence') ?? '',
        points: numberField(formData, 'points'),
      }
      const file = await uploadedFileOf(formData)
      return (await runWorkflowAction('record', values, () => recordCredit(actor, input, file))) ?? done('recorded')
    }
    case 'review': {
      const id = optionalField(formData, 'recordId') ?? ''
      const input = { upheld: booleanField(formData, 'upheld'), reason: optionalField(formData, 'reason') ?? '' }
      const parsed = parseFormInput(`review-${id}`, ReviewInput, input, values)
      if (!parsed.ok) return parsed.answer
      return (await runWorkflowAction(`review-${id}`, values, () => reviewCreditRecord(actor, id, parsed.value))) ?? done('reviewed')
    }
    case 'blacklist': {
      const input = {
        intermediaryId: optionalField(formData, 'intermediaryId') ?? '',
        reason: optionalField(formData, 'reason') ?? '',
        evidence: optionalField(formData, 'evidence') ?? '',
        startsAt: optionalField(formData, 'startsAt') ?? '',
        endsAt: optionalField(formData, 'endsAt') ?? '',
      }
      const parsed = parseFormInput('blacklist', BlacklistInput, input, values)
      if (!parsed.ok) return parsed.answer
      return (await runWorkflowAction('blacklist', values, () => addToBlacklist(actor, parsed.value))) ?? done('blacklisted')
    }
    case 'decide-repair': {
      const id = optionalField(formData, 'applicationId') ?? ''
      const input = { approve: booleanField(formData, 'approve'), reason: optionalField(formData, 'reason') ?? '' }
      const parsed = parseFormInput(`repair-${id}`, RepairDecisionInput, input, values)
      if (!parsed.ok) return parsed.answer
      return (await runWorkflowAction(`repair-${id}`, values, () => decideRepair(actor, id, parsed.value))) ?? done('repair-decided')
    }
    default:
      throw new Response('未知的操作', { status: 400 })
  }
}

const DONE: Record<string, string> = {
  recorded: '信用记录已登记，异议期满后生效；已通知该机构。',
  reviewed: '复核意见已记录并通知该机构。',
  blacklisted: '已列入黑名单并公开；期限内该机构不能参与报名、被直接选取或确定成交。',
  'repair-decided': '信用修复申请已审核并通知该机构。',
}

function FirmSelect({ firms, value, errors }: { firms: Array<{ id: string; name: string; uscc: string }>; value: string; errors?: string[] }) {
  return (
    <>
      <select id="firm" name="intermediaryId" defaultValue={value} className={inputClass}>
        <option value="">请选择本部门监管的中介机构</option>
        {firms.map((f) => (
          <option key={f.id} value={f.id}>
            {f.name}（{f.uscc}）
          </option>
        ))}
      </select>
      <ErrorList name="intermediaryId" errors={errors} />
    </>
  )
}

export default function SupervisionCreditPage() {
  const { queue, repairs, decided, rules, firms, mayRecord, mayBlacklist, today } = useLoaderData<typeof loader>()
  const actionData = useActionData()
  const [searchParams] = useSearchParams()
  const done = DONE[searchParams.get('done') ?? '']
  const record = workflowAnswerFor(actionData, 'record')
  const blacklist = workflowAnswerFor(actionData, 'blacklist')
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold text-slate-900">信用监管</h1>
      <nav className="flex flex-wrap gap-4 text-sm">
        <Link to="/supervision/intermediaries" className="text-blue-800 hover:underline">
          入驻机构
        </Link>
        <span className="font-semibold text-blue-800">信用监管</span>
        <Link to="/supervision/complaints" className="text-blue-800 hover:underline">
          投诉办理
        </Link>
        <Link to="/credit-rules" className="text-blue-800 hover:underline">
          信用规则
        </Link>
      </nav>
      {done ? <Done>{done}</Done> : null}

      {mayRecord ? (
        <section className={sectionClass} data-testid="record-form">
          <h2 className={headingClass}>记录信用</h2>
          {/* Keyed by the confirmation, so that a successful submission starts an empty form. */}
          <Form key={searchParams.get('done') ?? ''} method="post" encType="multipart/form-data" className="mt-3 space-y-3">
            <CsrfInput />
            <input type="hidden" name="intent" value="record" />
            <FormErrors errors={record ? [record.message] : undefined} />
            <Field label="中介机构" htmlFor="firm" required>
              <FirmSelect firms={firms} value={valueOf(record, 'intermediaryId')} errors={record?.fieldErrors.intermediaryId} />
            </Field>
            <Field label="信用规则" htmlFor="rule" required name="ruleCode" errors={record?.fieldErrors.ruleCode}>
              <select id="rule" name="ruleCode" defaultValue={valueOf(record, 'ruleCode')} className={inputClass}>
                <option value="">请选择</option>
                {rules.map((r) => (
                  <option key={r.code} value={r.code}>
                    {r.description}（{pointsText(r.points)} 分）
                  </option>
                ))}
              </select>
            </Field>
            <Field label="分值（可选，情节较轻时可减轻，不得超过规则分值）" htmlFor="points" name="points" errors={record?.fieldErrors.points}>
              <input id="points" name="points" type="number" step="1" defaultValue={valueOf(record, 'points')} className={inputClass} />
            </Field>
            <Field label="证据" htmlFor="evidence" required name="evidence" hint="文书名称、文号和查实的事实" errors={record?.fieldErrors.evidence}>
              <textarea id="evidence" name="evidence" rows={3} defaultValue={valueOf(record, 'evidence')} className={inputClass} />
            </Field>
            <Field label="证据文件（可选，PDF、JPG 或 PNG，不超过 10 MiB）" htmlFor="evidence-file" name="file" errors={record?.fieldErrors.file}>
              <input id="evidence-file" name="file" type="file" accept="application/pdf,image/jpeg,image/png" />
            </Field>
            <button type="submit" className={primaryButton} data-testid="record-submit">
              登记信用记录
            </button>
          </Form>
        </section>
      ) : null}

      <section className={sectionClass} data-testid="contested-records">
        <h2 className={headingClass}>待复核的异议</h2>
        {queue.contested.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">暂无待复核的异议。</p>
        ) : (
          <ul className="mt-3 space-y-3">
            {queue.contested.map((r) => {
              const answer = workflowAnswerFor(actionData, `review-${r.id}`)
              return (
                <CreditRecordCard key={r.id} record={r} showOrganization>
                  <Form method="post" className="mt-3 space-y-2">
                    <CsrfInput />
                    <input type="hidden" name="intent" value="review" />
                    <input type="hidden" name="recordId" value={r.id} />
                    <FormErrors errors={answer ? [answer.message] : undefined} />
                    <YesNoFieldset name="upheld" legend="复核结论" yes="维持记录（异议不成立）" no="撤销记录（异议成立）" checked={valueOf(answer, 'upheld')} errors={answer?.fieldErrors.upheld} />
                    <Field label="复核理由" htmlFor={`review-${r.id}`} required name="reason" errors={answer?.fieldErrors.reason}>
                      <textarea id={`review-${r.id}`} name="reason" rows={2} defaultValue={valueOf(answer, 'reason')} className={inputClass} />
                    </Field>
                    <button type="submit" className={primaryButton}>
                      作出复核意见
                    </button>
                  </Form>
                </CreditRecordCard>
              )
            })}
          </ul>
        )}
      </section>

      {mayBlacklist ? (
        <section className={sectionClass} data-testid="blacklist-form">
          <h2 className={headingClass}>列入黑名单</h2>
          <p className="mt-1 text-sm text-slate-600">适用于提供虚假材料、串通报价、行贿、拒不整改等严重失信行为。决定公开，期限内该机构不能参与报名、被直接选取或确定成交。</p>
          <Form key={searchParams.get('done') ?? ''} method="post" className="mt-3 space-y-3">
            <CsrfInput />
            <input type="hidden" name="intent" value="blacklist" />
            <FormErrors errors={blacklist ? [blacklist.message] : undefined} />
            <Field label="中介机构" htmlFor="firm" required>
              <FirmSelect firms={firms} value={valueOf(blacklist, 'intermediaryId')} errors={blacklist?.fieldErrors.intermediaryId} />
            </Field>
            <Field label="列入理由" htmlFor="bl-reason" required name="reason" errors={blacklist?.fieldErrors.reason}>
              <input id="bl-reason" name="reason" maxLength={500} defaultValue={valueOf(blacklist, 'reason')} className={inputClass} />
            </Field>
            <Field label="证据" htmlFor="bl-evidence" required name="evidence" errors={blacklist?.fieldErrors.evidence}>
              <textarea id="bl-evidence" name="evidence" rows={2} defaultValue={valueOf(blacklist, 'evidence')} className={inputClass} />
            </Field>
            <div className="grid gap-3 sm:grid-cols-2">
              <Field label="开始日期" htmlFor="bl-start" required name="startsAt" errors={blacklist?.fieldErrors.startsAt}>
                <input id="bl-start" name="startsAt" type="date" defaultValue={valueOf(blacklist, 'startsAt', today)} className={inputClass} />
              </Field>
              <Field label="结束日期" htmlFor="bl-end" required name="endsAt" errors={blacklist?.fieldErrors.endsAt}>
                <input id="bl-end" name="endsAt" type="date" defaultValue={valueOf(blacklist, 'endsAt')} className={inputClass} />
              </Field>
            </div>
            <button type="submit" className={dangerButton} data-testid="blacklist-submit">
              列入黑名单
            </button>
          </Form>
        </section>
      ) : null}

      <section className={sectionClass} data-testid="pending-repairs">
        <h2 className={headingClass}>待审核的信用修复申请</h2>
        {repairs.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">暂无待审核的申请。</p>
        ) : (
          <ul className="mt-3 space-y-3">
            {repairs.map((entry) =>
              entry.repairApplications
                .filter((a) => a.allowedActions.includes('decide'))
                .map((a) => {
                  const answer = workflowAnswerFor(actionData, `repair-${a.id}`)
                  return (
                    <li key={a.id} className="rounded border border-slate-200 p-3 text-sm" data-testid={`repair-${a.id}`}>
                      <div className="flex flex-wrap items-center gap-2">
                        <RepairStatusBadge status={a.status} />
                        <Link to={`/intermediaries/${entry.intermediaryId}`} className="font-semibold hover:underline">
                          {entry.intermediaryName}
                        </Link>
                        <span className="text-slate-500">黑名单理由：{entry.reason}</span>
                      </div>
                      <p className="mt-1 text-slate-700">整改情况：{a.statement}</p>
                      <p className="mt-1 text-slate-700">证明材料：{a.evidence}</p>
                      <Form method="post" className="mt-2 space-y-2">
                        <CsrfInput />
                        <input type="hidden" name="intent" value="decide-repair" />
                        <input type="hidden" name="applicationId" value={a.id} />
                        <FormErrors errors={answer ? [answer.message] : undefined} />
                        <YesNoFieldset name="approve" legend="审核结论" yes="通过（提前移出黑名单）" no="不通过" checked={valueOf(answer, 'approve')} errors={answer?.fieldErrors.approve} />
                        <Field label="审核理由" htmlFor={`repair-reason-${a.id}`} required name="reason" errors={answer?.fieldErrors.reason}>
                          <textarea id={`repair-reason-${a.id}`} name="reason" rows={2} defaultValue={valueOf(answer, 'reason')} className={inputClass} />
                        </Field>
                        <button type="submit" className={primaryButton}>
                          作出审核意见
                        </button>
                      </Form>
                    </li>
                  )
                }),
            )}
          </ul>
        )}
      </section>

      {decided.length > 0 ? (
        <section className={sectionClass}>
          <h2 className={headingClass}>本部门作出的黑名单决定</h2>
          <ul className="mt-3 divide-y divide-slate-100 text-sm">
            {decided.map((e) => (
              <li key={e.id} className="flex flex-wrap items-center gap-2 py-2">
                <BlacklistStatusBadge status={e.status} />
                <Link to={`/intermediaries/${e.intermediaryId}`} className="hover:underline">
                  {e.intermediaryName}
                </Link>
                <span className="text-slate-600">{e.reason}</span>
                <span className="text-xs text-slate-500">
                  {formatBeijingDate(e.startsAt)} 至 {formatBeijingDate(e.endsAt)}
                  {e.liftedAt ? `，${formatBeijingTime(e.liftedAt)} 经信用修复移出` : ''}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {queue.recent.length > 0 ? (
        <section className={sectionClass}>
          <h2 className={headingClass}>本部门最近登记的信用记录</h2>
          <ul className="mt-3 space-y-2">
            {queue.recent.map((r) => (
              <CreditRecordCard key={r.id} record={r} showOrganization />
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  )
}

export function ErrorBoundary() {
  return <ErrorPage />
}
