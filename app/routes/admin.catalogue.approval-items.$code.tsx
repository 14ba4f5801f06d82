import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import {
  CheckboxField,
  FormErrors,
  SelectField,
  SubmitButton,
  TextareaField,
  TextField,
} from '#app/components/admin-form.tsx'
import { AdminTrail, DoneNotice } from '#app/components/admin-page.tsx'
import { CsrfInput } from '#app/components/csrf-input.tsx'
import { ErrorPage } from '#app/components/error-page.tsx'
import { InactiveBadge, RequiredBadge } from '#app/components/status-badge.tsx'
import {
  listApprovalLinksForAdmin,
  MANAGE_CATALOGUE,
  saveApprovalServiceLink,
  setApprovalItemActive,
  setApprovalServiceLinkActive,
  updateApprovalItem,
} from '#app/domain/catalogue/catalogue-admin.server.ts'
import { getApprovalItem, listFields, listServiceItemChoices } from '#app/domain/catalogue/catalogue.server.ts'
import { APPROVAL_KIND_LABELS } from '#app/utils/catalogue-labels.ts'
import { ApprovalItemFields } from '#app/domain/catalogue/schemas.ts'
import { lastResultFor } from '#app/utils/form-result.ts'
import { formReply, readCheckedForm, runForForm } from '#app/utils/forms.server.ts'
import { orErrorPage, requireWebPermission } from '#app/utils/web.server.ts'
import { z } from '#app/utils/zod.ts'

export const meta: MetaFunction = () => [{ title: '编辑行政审批事项 — 平台管理' }]

const LinkForm = z.object({
  serviceItemCode: z.string({ error: '请选择中介服务事项' }).min(1, '请选择中介服务事项'),
  required: z.boolean().optional(),
  note: z.string().max(500, '不能超过 500 个字符').optional(),
})
const ActiveForm = z.object({ active: z.enum(['true', 'false']) })
const LinkActiveForm = ActiveForm.extend({ serviceItemCode: z.string().min(1) })

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireWebPermission(request, MANAGE_CATALOGUE)
  const code = params.code ?? ''
  const item = await orErrorPage(getApprovalItem(code))
  const [links, fields, serviceItems] = await Promise.all([
    listApprovalLinksForAdmin(code),
    listFields(),
    listServiceItemChoices(),
  ])
  return { item, links, fields, serviceItems }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await readCheckedForm(request)
  const actor = await requireWebPermission(request, MANAGE_CATALOGUE)
  const code = params.code ?? ''
  const intent = String(formData.get('intent') ?? '')
  const back = redirect(`/admin/catalogue/approval-items/${encodeURIComponent(code)}?saved=1`)

  if (intent === 'update') {
    const submission = parseWithZod(formData, { schema: ApprovalItemFields })
    if (submission.status !== 'success') return formReply(intent, submission)
    return (await runForForm(intent, submission, () => updateApprovalItem(actor, code, submission.value))) ?? back
  }
  if (intent === 'save-link') {
    const submission = parseWithZod(formData, { schema: LinkForm })
    if (submission.status !== 'success') return formReply(intent, submission)
    const { serviceItemCode, required, note } = submission.value
    const work = () =>
      saveApprovalServiceLink(actor, { approvalItemCode: code, serviceItemCode, required: required ?? false, note })
    return (await runForForm(intent, submission, work)) ?? back
  }
  if (intent === 'set-active') {
    const submission = parseWithZod(formData, { schema: ActiveForm })
    if (submission.status !== 'success') return formReply(intent, submission)
    return (
      (await runForForm(intent, submission, () =>
        setApprovalItemActive(actor, code, submission.value.active === 'true'),
      )) ?? back
    )
  }
  if (intent === 'set-link-active') {
    const submission = parseWithZod(formData, { schema: LinkActiveForm })
    if (submission.status !== 'success') return formReply(intent, submission)
    const { serviceItemCode, active } = submission.value
    return (
      (await runForForm(intent, submission, () =>
        setApprovalServiceLinkActive(actor, code, serviceItemCode, active === 'true'),
      )) ?? back
    )
  }
  throw new Response('未知的操作', { status: 400 })
}

export default function AdminApprovalItem() {
  const { item, links, fields, serviceItems } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const [form, f] = useForm({
    id: 'update-approval-item',
    lastResult: lastResultFor(actionData, 'update'),
    defaultValue: {
      name: item.name,
      department: item.department,
      fieldCode: item.fieldCode,
      kind: item.kind,
      legalBasis: item.legalBasis,
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ApprovalItemFields }),
    shouldValidate: 'onBlur',
  })
  const [linkForm, l] = useForm({
    id: 'save-link',
    lastResult: lastResultFor(actionData, 'save-link'),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LinkForm }),
    shouldValidate: 'onBlur',
  })
  const toggleErrors = [lastResultFor(actionData, 'set-active'), lastResultFor(actionData, 'set-link-active')].flatMap(
    (r) => r?.error?.[''] ?? [],
  )
  return (
    <div className="space-y-6">
      <AdminTrail parents={[{ to: '/admin/catalogue/approval-items', label: '行政审批事项' }]} here={item.code} />
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-bold text-slate-900">
          {item.name}
          <InactiveBadge active={item.active} />
        </h1>
        <Link
          to={`/catalogue/approval-items/${encodeURIComponent(item.code)}`}
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
          <TextField label="审批部门" meta={f.department} />
          <SelectField
            label="所属领域"
            meta={f.fieldCode}
            options={fields.map((x) => ({ value: x.code, label: x.name }))}
          />
          <SelectField
            label="事项类型"
            meta={f.kind}
            options={Object.entries(APPROVAL_KIND_LABELS).map(([value, label]) => ({ value, label }))}
          />
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
            <SubmitButton tone="danger">停用该审批事项</SubmitButton>
          ) : (
            <SubmitButton tone="secondary">重新启用</SubmitButton>
          )}
          <p className="mt-1 text-xs text-slate-500">
            停用后不再出现在公开列表中，但仍可按编码查阅；已被引用的事项不能删除。
          </p>
        </Form>
      </section>

      <section className="rounded-lg bg-white p-6 shadow-sm">
        <h2 className="text-lg font-semibold text-slate-900">办理该审批需要的中介服务</h2>
        <div className="mt-3 overflow-x-auto">
          <table className="w-full min-w-[40rem] text-left text-sm" data-testid="admin-links">
            <thead className="border-b border-slate-200 text-slate-500">
              <tr>
                <th className="py-2 pr-3 font-medium">中介服务事项</th>
                <th className="py-2 pr-3 font-medium">是否必需</th>
                <th className="py-2 pr-3 font-medium">说明</th>
                <th className="py-2 font-medium">操作</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {links.map((link) => (
                <tr key={link.serviceItem.code} className={link.active ? '' : 'text-slate-400'}>
                  <td className="py-2 pr-3">
                    {link.serviceItem.name}（{link.serviceItem.code}）
                    <InactiveBadge active={link.serviceItem.active} />
                    {link.active ? null : <span className="ml-2 text-xs">关联已停用</span>}
                  </td>
                  <td className="py-2 pr-3">
                    <RequiredBadge required={link.required} />
                  </td>
                  <td className="py-2 pr-3">{link.note ?? '—'}</td>
                  <td className="py-2">
                    <Form method="post">
                      <CsrfInput />
                      <input type="hidden" name="intent" value="set-link-active" />
                      <input type="hidden" name="serviceItemCode" value={link.serviceItem.code} />
                      <input type="hidden" name="active" value={link.active ? 'false' : 'true'} />
                      <button type="submit" className="text-sm text-blue-800 hover:underline">
                        {link.active ? '停用关联' : '恢复关联'}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>

        <h3 className="mt-6 font-semibold text-slate-800">添加或修改关联</h3>
        <p className="text-xs text-slate-500">选择已关联的服务事项可修改其“必需”标记和说明。</p>
        <Form method="post" {...getFormProps(linkForm)} className="mt-3 grid gap-4 sm:grid-cols-2">
          <CsrfInput />
          <input type="hidden" name="intent" value="save-link" />
          <div className="sm:col-span-2">
            <FormErrors id={linkForm.errorId} errors={linkForm.errors} />
          </div>
          <SelectField
            label="中介服务事项"
            meta={l.serviceItemCode}
            placeholder="请选择"
            options={serviceItems.map((s) => ({ value: s.code, label: `${s.name}（${s.code}）` }))}
          />
          <TextField label="说明" meta={l.note} placeholder="如：位于地质灾害易发区的项目" />
          <CheckboxField label="办理该审批必需此项服务" meta={l.required} />
          <div className="sm:col-span-2">
            <SubmitButton>保存关联</SubmitButton>
          </div>
        </Form>
      </section>
    </div>
  )
}

export function ErrorBoundary() {
  return <ErrorPage />
}
