// /account/entry — the entry wizard (入驻) of a signed-in intermediary. Step 1 picks the service
// items it offers, grouped by field; step 2 shows the credit commitment letter (信用承诺书) to accept
// and optional commitments per selected item. Submitting lists the firm at once, with no approval.
// Works without JavaScript: step 1 is a GET form that carries the choice to step 2.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { CsrfInput } from '#app/components/csrf-input.tsx'
import { ErrorPage } from '#app/components/error-page.tsx'
import { ErrorList, FormErrors, inputClass } from '#app/components/form-fields.tsx'
import { requireWebActor } from '#app/domain/accounts/session.server.ts'
import { formatBeijingTime } from '#app/domain/clock/china-time.ts'
import {
  COMMITMENT_LETTER_PARAGRAPHS,
  COMMITMENT_LETTER_TITLE,
  COMMITMENT_LETTER_VERSION,
} from '#app/domain/intermediaries/commitment-letter.ts'
import { getEntry, saveEntry, serviceItemsByField } from '#app/domain/intermediaries/entry.server.ts'
import { answerFor } from '#app/utils/form-answer.ts'
import { readCheckedForm, runFormAction } from '#app/utils/forms.server.ts'
import { orErrorPage } from '#app/utils/web.server.ts'

export const meta: MetaFunction = () => [{ title: '入驻信息 — 中介服务网上超市' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireWebActor(request)
  const entry = await orErrorPage(getEntry(actor))
  const fields = await serviceItemsByField()
  const url = new URL(request.url)
  const known = new Set(fields.flatMap((f) => f.serviceItems.map((s) => s.code)))
  const chosen = url.searchParams.getAll('services').filter((code) => known.has(code))
  const wantsStep2 = url.searchParams.get('step') === '2'
  const step = wantsStep2 && chosen.length > 0 ? 2 : 1
  return {
    entry,
    fields,
    step,
    nothingChosen: wantsStep2 && chosen.length === 0,
    selected: wantsStep2 ? chosen : entry.serviceItemCodes,
    done: url.searchParams.get('done') === '1',
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readCheckedForm(request)
  const actor = await requireWebActor(request)
  const serviceItemCodes = formData.getAll('serviceItemCodes').map(String)
  // Only the commitment rows the user filled in are sent; remember their row numbers for errors.
  const rows: number[] = []
  const commitments: Array<{ serviceItemCode: string; promisedDays: unknown; feeStandard: string }> = []
  for (let i = 0; formData.has(`commitments[${i}].serviceItemCode`); i++) {
    const promisedDays = String(formData.get(`commitments[${i}].promisedDays`) ?? '').trim()
    const feeStandard = String(formData.get(`commitments[${i}].feeStandard`) ?? '').trim()
    if (!promisedDays && !feeStandard) continue
    rows.push(i)
    commitments.push({
      serviceItemCode: String(formData.get(`commitments[${i}].serviceItemCode`)),
      promisedDays: promisedDays === '' ? undefined : promisedDays,
      feeStandard,
    })
  }
  const failed = await runFormAction('entry', () =>
    saveEntry(actor, {
      serviceItemCodes,
      commitmentAccepted: formData.get('commitmentAccepted') === 'on',
      commitments,
    }),
  )
  if (!failed) return redirect('/account/entry?done=1')
  // Map "commitments.<k>.field" back to the row number on the page.
  const errors = failed.data.fieldErrors
  for (const key of Object.keys(errors)) {
    const match = /^commitments\.(\d+)\.(.+)$/.exec(key)
    if (match) {
      const messages = errors[key]!
      delete errors[key]
      errors[`commitments[${rows[Number(match[1])]}].${match[2]}`] = messages
    }
  }
  return failed
}

export default function EntryWizard() {
  const { entry, fields, step, nothingChosen, selected, done } = useLoaderData<typeof loader>()
  const answer = answerFor(useActionData(), 'entry')
  const errors = answer?.fieldErrors ?? {}
  const names = new Map(fields.flatMap((f) => f.serviceItems.map((s) => [s.code, s] as const)))
  const commitmentOf = new Map(entry.commitments.map((c) => [c.serviceItemCode, c]))
  const backToStep1 = `/account/entry?${selected.map((code) => `services=${encodeURIComponent(code)}`).join('&')}`
  return (
    <div className="space-y-6">
      <nav className="text-sm text-slate-500">
        <Link to="/account" className="hover:underline">
          我的机构
        </Link>{' '}
        / 入驻信息
      </nav>
      <h1 className="text-2xl font-bold text-slate-900">入驻信息</h1>
      <p className="text-sm text-slate-600">
        中介服务机构“零门槛、零限制”入驻：选择提供的服务事项并签署信用承诺书后即公开展示，无需审批，不收取任何费用，不设注册资本、人数、成立年限和本地注册等条件。
      </p>

      {entry.listedAt ? (
        <div
          className="rounded border border-green-300 bg-green-50 p-4 text-sm text-green-900"
          data-testid="entry-listed"
          role="status"
        >
          <p className="font-medium">{done ? '入驻成功！' : null}已入驻，公开展示中。</p>
          <p className="mt-1">
            入驻时间：{formatBeijingTime(entry.listedAt)}
            {entry.commitment
              ? `；信用承诺书（${entry.commitment.version}）确认时间：${formatBeijingTime(entry.commitment.acceptedAt)}`
              : ''}
          </p>
          <p className="mt-1">
            <Link
              to={`/intermediaries/${entry.id}`}
              className="text-blue-800 underline"
              data-testid="entry-public-link"
            >
              查看本机构公开展示页
            </Link>
            <span className="mx-2 text-green-700">·</span>
            <Link to="/account/profile" className="text-blue-800 underline">
              完善机构信息
            </Link>
            <span className="mx-2 text-green-700">·</span>
            <Link to="/account/qualifications" className="text-blue-800 underline">
              申报资质
            </Link>
            <span className="mx-2 text-green-700">·</span>
            <Link to="/account/practitioners" className="text-blue-800 underline">
              执业人员
            </Link>
          </p>
          {entry.status === 'SUSPENDED' ? (
            <p className="mt-2 text-red-700">注意：本机构的入驻目前处于暂停状态。</p>
          ) : null}
        </div>
      ) : null}

      <ol className="flex gap-4 text-sm" aria-label="入驻步骤">
        <li className={step === 1 ? 'font-semibold text-blue-800' : 'text-slate-500'}>① 选择服务事项</li>
        <li className={step === 2 ? 'font-semibold text-blue-800' : 'text-slate-500'}>② 签署信用承诺书并提交</li>
      </ol>

      {step === 1 ? (
        <Form method="get" className="space-y-4 rounded-lg bg-white p-5 shadow-sm" data-testid="entry-step-1">
          <input type="hidden" name="step" value="2" />
          {nothingChosen ? <FormErrors errors={['请至少选择一项中介服务事项']} /> : null}
          {fields.map((field) => (
            <fieldset key={field.code} className="rounded border border-slate-200 p-3">
              <legend className="px-1 text-sm font-semibold text-slate-700">{field.name}</legend>
              <div className="grid gap-2 sm:grid-cols-2">
                {field.serviceItems.map((item) => (
                  <label key={item.code} className="flex items-start gap-2 text-sm">
                    <input
                      type="checkbox"
                      name="services"
                      value={item.code}
                      defaultChecked={selected.includes(item.code)}
                      data-testid={`entry-service-${item.code}`}
                      className="mt-1"
                    />
                    <span>
                      {item.name} <span className="text-xs text-slate-400">{item.code}</span>
                    </span>
                  </label>
                ))}
              </div>
            </fieldset>
          ))}
          <button
            type="submit"
            data-testid="entry-next"
            className="rounded bg-blue-700 px-4 py-2 text-white hover:bg-blue-800"
          >
            下一步
          </button>
        </Form>
      ) : (
        <Form method="post" className="space-y-5 rounded-lg bg-white p-5 shadow-sm" data-testid="entry-step-2">
          <CsrfInput />
          <FormErrors errors={answer ? [answer.message] : undefined} />
          <section>
            <h2 className="font-semibold text-slate-800">已选择的服务事项</h2>
            <ul className="mt-2 list-disc pl-5 text-sm">
              {selected.map((code) => (
                <li key={code}>
                  {names.get(code)?.name ?? code}
                  <input type="hidden" name="serviceItemCodes" value={code} />
                </li>
              ))}
            </ul>
            <ErrorList name="serviceItemCodes" errors={errors.serviceItemCodes} />
            <Link to={backToStep1} className="mt-2 inline-block text-sm text-blue-800 hover:underline">
              返回修改
            </Link>
          </section>

          <section>
            <h2 className="font-semibold text-slate-800">服务承诺（可选，可稍后填写）</h2>
            <p className="text-xs text-slate-500">
              承诺办理时限（工作日，1–365）和收费标准将在机构展示页和搜索结果中公开。
            </p>
            <div className="mt-2 space-y-3">
              {selected.map((code, i) => (
                <div key={code} className="grid gap-2 rounded border border-slate-200 p-3 sm:grid-cols-[1fr_8rem_2fr]">
                  <input type="hidden" name={`commitments[${i}].serviceItemCode`} value={code} />
                  <span className="text-sm">
                    {names.get(code)?.name ?? code}
                    <span className="block text-xs text-slate-400">
                      标准时限 {names.get(code)?.standardDays ?? '—'} 个工作日
                    </span>
                  </span>
                  <label className="text-sm">
                    承诺时限（工作日）
                    <input
                      type="number"
                      min={1}
                      max={365}
                      name={`commitments[${i}].promisedDays`}
                      defaultValue={commitmentOf.get(code)?.promisedDays ?? ''}
                      className={inputClass}
                    />
                    <ErrorList
                      name={`commitments[${i}].promisedDays`}
                      errors={errors[`commitments[${i}].promisedDays`]}
                    />
                  </label>
                  <label className="text-sm">
                    收费标准
                    <input
                      type="text"
                      name={`commitments[${i}].feeStandard`}
                      defaultValue={commitmentOf.get(code)?.feeStandard ?? ''}
                      placeholder="如：报告书 8 万元起，按项目规模协商"
                      className={inputClass}
                    />
                    <ErrorList
                      name={`commitments[${i}].feeStandard`}
                      errors={errors[`commitments[${i}].feeStandard`]}
                    />
                    <ErrorList errors={errors[`commitments[${i}].serviceItemCode`]} />
                  </label>
                </div>
              ))}
            </div>
          </section>

          <section>
            <h2 className="font-semibold text-slate-800">{COMMITMENT_LETTER_TITLE}</h2>
            <div
              className="mt-2 max-h-80 space-y-2 overflow-y-auto rounded border border-slate-200 bg-slate-50 p-4 text-sm leading-relaxed text-slate-800"
              data-testid="commitment-letter"
              tabIndex={0}
            >
              {COMMITMENT_LETTER_PARAGRAPHS.map((p) => (
                <p key={p}>{p}</p>
              ))}
              <p className="text-xs text-slate-500">版本：{COMMITMENT_LETTER_VERSION}</p>
            </div>
            <label className="mt-3 flex items-start gap-2 text-sm">
              <input type="checkbox" name="commitmentAccepted" data-testid="entry-accept-commitment" className="mt-1" />
              <span>本机构已阅读并同意遵守《{COMMITMENT_LETTER_TITLE}》，自愿接受监督和信用惩戒。</span>
            </label>
            <ErrorList name="commitmentAccepted" errors={errors.commitmentAccepted} />
          </section>

          <button
            type="submit"
            data-testid="entry-submit"
            className="rounded bg-blue-700 px-4 py-2 text-white hover:bg-blue-800"
          >
            {entry.listedAt ? '保存入驻信息' : '提交入驻'}
          </button>
        </Form>
      )}
    </div>
  )
}

export function ErrorBoundary() {
  return <ErrorPage />
}
