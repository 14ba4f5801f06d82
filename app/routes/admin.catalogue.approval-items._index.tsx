import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { FormErrors, SelectField, SubmitButton, TextareaField, TextField } from '#app/components/admin-form.tsx'
import { AdminTrail } from '#app/components/admin-page.tsx'
import { CsrfInput } from '#app/components/csrf-input.tsx'
import { ErrorPage } from '#app/components/error-page.tsx'
import { Pagination } from '#app/components/pagination.tsx'
import { SearchForm } from '#app/components/search-form.tsx'
import { InactiveBadge } from '#app/components/status-badge.tsx'
import { createApprovalItem, MANAGE_CATALOGUE } from '#app/domain/catalogue/catalogue-admin.server.ts'
import { listApprovalItems, listFields } from '#app/domain/catalogue/catalogue.server.ts'
import { APPROVAL_KIND_LABELS } from '#app/utils/catalogue-labels.ts'
import { ApprovalItemInput } from '#app/domain/catalogue/schemas.ts'
import { CatalogueQuery } from '#app/utils/catalogue-query.ts'
import { lastResultFor } from '#app/utils/form-result.ts'
import { formReply, readCheckedForm, runForForm } from '#app/utils/forms.server.ts'
import { parseSearchParams, requireWebPermission } from '#app/utils/web.server.ts'

export const meta: MetaFunction = () => [{ title: '行政审批事项管理 — 平台管理' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireWebPermission(request, MANAGE_CATALOGUE)
  const query = parseSearchParams(request, CatalogueQuery)
  const [{ items, total }, fields] = await Promise.all([
    listApprovalItems({ ...query, includeInactive: true }),
    listFields(),
  ])
  return { items, total, page: query.page, pageSize: query.pageSize, q: query.q ?? '', fields }
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readCheckedForm(request)
  const actor = await requireWebPermission(request, MANAGE_CATALOGUE)
  const submission = parseWithZod(formData, { schema: ApprovalItemInput })
  if (submission.status !== 'success') return formReply('create', submission)
  const failed = await runForForm('create', submission, () => createApprovalItem(actor, submission.value))
  return failed ?? redirect(`/admin/catalogue/approval-items/${encodeURIComponent(submission.value.code)}?saved=1`)
}

export default function AdminApprovalItems() {
  const { items, total, page, pageSize, q, fields } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, f] = useForm({
    id: 'create-approval-item',
    lastResult: lastResultFor(actionData, 'create'),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ApprovalItemInput }),
    shouldValidate: 'onBlur',
  })
  return (
    <div className="space-y-6">
      <AdminTrail here="行政审批事项" />
      <h1 className="text-2xl font-bold text-slate-900">行政审批事项管理</h1>
      <SearchForm q={q} label="搜索审批事项" placeholder="名称或编码（含已停用）" />
      <div className="overflow-x-auto rounded-lg bg-white shadow-sm">
        <table className="w-full min-w-[36rem] text-left text-sm">
          <thead className="border-b border-slate-200 text-slate-500">
            <tr>
              <th className="p-3 font-medium">编码</th>
              <th className="p-3 font-medium">名称</th>
              <th className="p-3 font-medium">审批部门</th>
              <th className="p-3 font-medium">类型</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {items.map((item) => (
              <tr key={item.code}>
                <td className="p-3 text-slate-500">{item.code}</td>
                <td className="p-3">
                  <Link to={encodeURIComponent(item.code)} className="text-blue-800 hover:underline">
                    {item.name}
                  </Link>
                  <InactiveBadge active={item.active} />
                </td>
                <td className="p-3">{item.department}</td>
                <td className="p-3">{APPROVAL_KIND_LABELS[item.kind]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination page={page} pageSize={pageSize} total={total} />

      <section className="rounded-lg bg-white p-6 shadow-sm">
        <h2 className="text-lg font-semibold text-slate-900">新增行政审批事项</h2>
        <Form method="post" {...getFormProps(form)} className="mt-4 grid gap-4 sm:grid-cols-2">
          <CsrfInput />
          <div className="sm:col-span-2">
            <FormErrors id={form.errorId} errors={form.errors} />
          </div>
          <TextField
            label="事项编码"
            meta={f.code}
            placeholder="如 SP-ECO-002"
            hint="大写字母、数字和“-”，保存后不可修改"
          />
          <TextField label="事项名称" meta={f.name} />
          <TextField label="审批部门" meta={f.department} placeholder="如 生态环境主管部门" />
          <SelectField
            label="所属领域"
            meta={f.fieldCode}
            placeholder="请选择"
            options={fields.map((x) => ({ value: x.code, label: x.name }))}
          />
          <SelectField
            label="事项类型"
            meta={f.kind}
            options={Object.entries(APPROVAL_KIND_LABELS).map(([value, label]) => ({ value, label }))}
          />
          <TextareaField label="设定依据" meta={f.legalBasis} className="sm:col-span-2" />
          <div className="sm:col-span-2">
            <SubmitButton>新增</SubmitButton>
          </div>
        </Form>
      </section>
    </div>
  )
}

export function ErrorBoundary() {
  return <ErrorPage />
}
