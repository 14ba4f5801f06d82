// /account/subscriptions — an intermediary picks the service items (grouped by field) whose new
// purchase announcements it wants to hear of, besides those it offers (told anyway). The same
// SubscriptionsInput and domain functions as PUT /api/v1/me/subscriptions.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { CsrfInput } from '#app/components/csrf-input.tsx'
import { ErrorPage } from '#app/components/error-page.tsx'
import { ErrorList, FormErrors } from '#app/components/form-fields.tsx'
import { Done, primaryButton, sectionClass } from '#app/components/workflow.tsx'
import { requireWebActor } from '#app/domain/accounts/session.server.ts'
import { serviceItemsByField } from '#app/domain/intermediaries/entry.server.ts'
import {
  getSubscriptions,
  setSubscriptions,
  SubscriptionsInput,
} from '#app/domain/intermediaries/subscriptions.server.ts'
import { readCheckedForm } from '#app/utils/forms.server.ts'
import { orErrorPage } from '#app/utils/web.server.ts'
import { parseFormInput, runWorkflowAction } from '#app/utils/workflow-forms.server.ts'
import { formValues, valuesOf, workflowAnswerFor } from '#app/utils/workflow-forms.ts'

export const meta: MetaFunction = () => [{ title: '公告订阅 — 中介服务网上超市' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireWebActor(request)
  const subscriptions = await orErrorPage(getSubscriptions(actor))
  return { subscriptions, fields: await serviceItemsByField() }
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readCheckedForm(request)
  const actor = await requireWebActor(request)
  const values = formValues(formData)
  const input = {
    serviceItemCodes: formData.getAll('serviceItemCodes').filter((v): v is string => typeof v === 'string'),
  }
  const parsed = parseFormInput('save', SubscriptionsInput, input, values)
  if (!parsed.ok) return parsed.answer
  return (
    (await runWorkflowAction('save', values, () => setSubscriptions(actor, parsed.value.serviceItemCodes))) ??
    redirect('/account/subscriptions?saved=1')
  )
}

export default function SubscriptionsPage() {
  const { subscriptions, fields } = useLoaderData<typeof loader>()
  const answer = workflowAnswerFor(useActionData(), 'save')
  const [searchParams] = useSearchParams()
  const chosen = valuesOf(answer, 'serviceItemCodes') ?? subscriptions.serviceItemCodes
  const offered = new Set(subscriptions.offeredServiceItemCodes)
  return (
    <div className="mx-auto max-w-3xl space-y-5">
      <nav className="text-sm text-slate-500">
        <Link to="/account" className="hover:underline">
          我的机构
        </Link>{' '}
        / 公告订阅
      </nav>
      <h1 className="text-2xl font-bold text-slate-900">公告订阅</h1>
      <p className="text-sm text-slate-600">
        选择希望收到新采购公告通知的中介服务事项。贵机构在入驻信息中提供的服务事项，有新公告时总会通知，无需订阅。通知见
        <Link to="/account/notifications" className="text-blue-800 underline">
          通知
        </Link>
        页面。
      </p>
      {searchParams.get('saved') ? <Done>订阅已保存。</Done> : null}
      <Form method="post" className={`${sectionClass} space-y-4`} data-testid="subscriptions-form">
        <CsrfInput />
        <FormErrors errors={answer ? [answer.message] : undefined} />
        <ErrorList name="serviceItemCodes" errors={answer?.fieldErrors.serviceItemCodes} />
        {fields.map((field) => (
          <fieldset key={field.code} className="rounded border border-slate-200 p-3">
            <legend className="px-1 text-sm font-semibold text-slate-700">{field.name}</legend>
            <div className="grid gap-2 sm:grid-cols-2">
              {field.serviceItems.map((item) => (
                <label key={item.code} className="flex items-start gap-2 text-sm">
                  <input
                    type="checkbox"
                    name="serviceItemCodes"
                    value={item.code}
                    defaultChecked={chosen.includes(item.code)}
                    data-testid={`subscribe-${item.code}`}
                    className="mt-1"
                  />
                  <span>
                    {item.name}
                    {offered.has(item.code) ? (
                      <span className="ml-1 rounded bg-green-50 px-1 text-xs text-green-800">已提供，自动通知</span>
                    ) : null}
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
        ))}
        <button type="submit" className={primaryButton} data-testid="subscriptions-save">
          保存订阅
        </button>
      </Form>
    </div>
  )
}

export function ErrorBoundary() {
  return <ErrorPage />
}
