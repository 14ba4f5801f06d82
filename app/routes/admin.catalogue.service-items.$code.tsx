import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { FormErrors, SelectField, SubmitButton, TextareaField, TextField } from '#app/components/admin-form.tsx'
import { AdminTrail, DoneNotice } from '#app/components/admin-page.tsx'
import { CsrfInput } from '#app/components/csrf-input.tsx'
import { ErrorPage } from '#app/components/error-page.tsx'
import { InactiveBadge, RequiredBadge } from '#app/components/status-badge.tsx'
import {
  MANAGE_CATALOGUE,
  setServiceItemActive,
  updateServiceItem,
} from '#app/domain/catalogue/catalogue-admin.server.ts'
import { getServiceItem, listFields, listQualificationTypes } from '#app/domain/catalogue/catalogue.server.ts'
import { lastResultFor } from '#app/utils/form-result.ts'
import { formReply, readCheckedForm, runForForm } from '#app/utils/forms.server.ts'
import {
  FEE_BASIS_OPTIONS,
  joinQualification,
  qualificationOptions,
  ServiceItemForm,
  splitQualification,
} from '#app/utils/service-item-form.ts'
import { orErrorPage, requireWebPermission } from '#app/utils/web.server.ts'
import { z } from '#app/utils/zod.ts'

export const meta: MetaFunction = () => [{ title: '编辑中介服务事项 — 平台管理' }]

const ActiveForm = z.object({ active: z.enum(['true', 'false']) })

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireWebPermission(request, MANAGE_CATALOGUE)
  const item = await orErrorPage(getServiceItem(params.code ?? ''))
  const [fields, qualificationTypes] = await Promise.all([listFields(), listQualificationTypes()])
  return { item, fields, qualificationTypes }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await readCheckedForm(request)
  const actor = await requireWebPermission(request, MANAGE_CATALOGUE)
  const code = params.code ?? ''
  const intent = String(formData.get('intent') ?? '')
  const back = redirect(`/admin/catalogue/service-items/${encodeURIComponent(code)}?saved=1`)
  if (intent === 'update') {
    const submission = parseWithZod(formData, { schema: ServiceItemForm })
    if (submission.status !== 'success') return formReply(intent, submission)
    const { qualification, ...fields } = submission.value
    return (
      (await runForForm(intent, submission, () =>
        updateServiceItem(actor, code, { ...fields, ...splitQualification(qualification) }),
      )) ?? back
    )
  }
  if (intent === 'set-active') {
    const submission = parseWithZod(formData, { schema: ActiveForm })
    if (submission.status !== 'success') return formReply(intent, submission)
    return (
      (await runForForm(intent, submission, () =>
        setServiceItemActive(actor, code, submission.value.active === 'true'),
      )) ?? back
    )
  }
  throw new Response('未知的操作', { status: 400 })
}

export default function AdminServiceItem() {
  const { item, fields, qualificationTypes } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const [form, f] = useForm({
    id: 'update-service-item',
    lastResult: lastResultFor(actionData, 'update'),
    defaultValue: {
      name: item.name,
      department: item.department,
      fieldCode: item.fieldCode,
      legalBasis: item.legalBasis,
      qualification: joinQualification(item.qualification?.typeCode ?? null, item.qualification?.minLevel ?? null),
      feeBasis: item.feeBasis,
      standardDays: String(item.standardDays),
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ServiceItemForm }),
    shouldValidate: 'onBlur',
  })
  const toggleErrors = lastResultFor(actionData, 'set-active')?.error?.[''] ?? []
  return (
    <div className="space-y-6">
      <AdminTrail parents={[{ to: '/admin/catalogue/service-items', label: '中介服务事项' }]} here={item.code} />
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-bold text-slate-900">
          {item.name}
          <InactiveBadge active={item.active} />
        </h1>
        <Link
          to={`/catalogue/service-items/${encodeURIComponent(item.code)}`}
          className="text-sm text-blue-800 hover:underline"
        >
          查看公开页面
        </Link>
      </div>
      <DoneNotice show={Boolean(searchParams.get('saved'))}>已保存。</DoneNotice>
      <FormErrors errors={toggleErrors} />

      <section className="rounded-lg bg-white p-6 shadow-sm">
        <h2 className="text-lg font-semibold text-slate-900">基本信息（编码 {item.code}）</h2>
        <Form method="post" {...getFormProps(form)} className="mt-4 grid gap-4 sm:grid-cols-2">
          <CsrfInput />
          <input type="hidden" name="intent" value="update" />
          <div className="sm:col-span-2">
            <FormErrors id={form.errorId} errors={form.errors} />
          </div>
          <TextField label="事项名称" meta={f.name} />
          <TextField label="行业主管部门" meta={f.department} />
          <SelectField
            label="所属领域"
            meta={f.fieldCode}
            options={fields.map((x) => ({ value: x.code, label: x.name }))}
          />
          <SelectField
            label="资质要求"
            meta={f.qualification}
            placeholder="无资质要求"
            options={qualificationOptions(qualificationTypes)}
            hint="仅限法律法规设定的资质"
          />
          <SelectField label="收费依据" meta={f.feeBasis} options={FEE_BASIS_OPTIONS} />
          <TextField label="标准服务时限（工作日）" meta={f.standardDays} type="number" />
          <TextareaField label="设定依据" meta={f.legalBasis} className="sm:col-span-2" />
          <div className="sm:col-span-2">
            <SubmitButton>保存</SubmitButton>
          </div>
        </Form>
        <Form method="post" className="mt-6 border-t border-slate-100 pt-4">
          <CsrfInput />
          <input type="hidden" name="intent" value="set-active" />
          <input type="hidden" name="active" value={item.active ? 'false' : 'true'} />
          {item.active ? (
            <SubmitButton tone="danger">停用该中介服务事项</SubmitButton>
          ) : (
            <SubmitButton tone="secondary">重新启用</SubmitButton>
          )}
          <p className="mt-1 text-xs text-slate-500">
            停用后不再出现在公开列表中，也不能再被关联或选择，但仍可按编码查阅。
          </p>
        </Form>
      </section>

      <section className="rounded-lg bg-white p-6 shadow-sm">
        <h2 className="text-lg font-semibold text-slate-900">需要该中介服务的审批事项</h2>
        <ul className="mt-3 divide-y divide-slate-100 text-sm">
          {item.approvalItems.map((approval) => (
            <li key={approval.code} className="flex flex-wrap items-center gap-2 py-2">
              <Link
                to={`/admin/catalogue/approval-items/${encodeURIComponent(approval.code)}`}
                className="text-blue-800 hover:underline"
              >
                {approval.name}
              </Link>
              <RequiredBadge required={approval.required} />
            </li>
          ))}
        </ul>
        <p className="mt-2 text-xs text-slate-500">关联在审批事项的编辑页面维护。</p>
      </section>
    </div>
  )
}

export function ErrorBoundary() {
  return <ErrorPage />
}
