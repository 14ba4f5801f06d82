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
import { createServiceItem, MANAGE_CATALOGUE } from '#app/domain/catalogue/catalogue-admin.server.ts'
import { listFields, listQualificationTypes, listServiceItems } from '#app/domain/catalogue/catalogue.server.ts'
import { CatalogueQuery } from '#app/utils/catalogue-query.ts'
import { lastResultFor } from '#app/utils/form-result.ts'
import { formReply, readCheckedForm, runForForm } from '#app/utils/forms.server.ts'
import {
  FEE_BASIS_OPTIONS,
  NewServiceItemForm,
  qualificationOptions,
  splitQualification,
} from '#app/utils/service-item-form.ts'
import { parseSearchParams, requireWebPermission } from '#app/utils/web.server.ts'

export const meta: MetaFunction = () => [{ title: '中介服务事项管理 — 平台管理' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireWebPermission(request, MANAGE_CATALOGUE)
  const query = parseSearchParams(request, CatalogueQuery)
  const [{ items, total }, fields, qualificationTypes] = await Promise.all([
    listServiceItems({ ...query, includeInactive: true }),
    listFields(),
    listQualificationTypes(),
  ])
  return { items, total, page: query.page, pageSize: query.pageSize, q: query.q ?? '', fields, qualificationTypes }
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readCheckedForm(request)
  const actor = await requireWebPermission(request, MANAGE_CATALOGUE)
  const submission = parseWithZod(formData, { schema: NewServiceItemForm })
  if (submission.status !== 'success') return formReply('create', submission)
  const { qualification, ...fields } = submission.value
  const failed = await runForForm('create', submission, () =>
    createServiceItem(actor, { ...fields, ...splitQualification(qualification) }),
  )
  return (
    failed ?? redirect(`/admin/catalogue/service-items/${encodeURIComponent(fields.code.trim().toUpperCase())}?saved=1`)
  )
}

export default function AdminServiceItems() {
  const { items, total, page, pageSize, q, fields, qualificationTypes } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, f] = useForm({
    id: 'create-service-item',
    lastResult: lastResultFor(actionData, 'create'),
    defaultValue: { feeBasis: 'MARKET' },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: NewServiceItemForm }),
    shouldValidate: 'onBlur',
  })
  return (
    <div className="space-y-6">
      <AdminTrail here="中介服务事项" />
      <h1 className="text-2xl font-bold text-slate-900">中介服务事项管理</h1>
      <SearchForm q={q} label="搜索中介服务事项" placeholder="名称或编码（含已停用）" />
      <div className="overflow-x-auto rounded-lg bg-white shadow-sm">
        <table className="w-full min-w-[36rem] text-left text-sm">
          <thead className="border-b border-slate-200 text-slate-500">
            <tr>
              <th className="p-3 font-medium">编码</th>
              <th className="p-3 font-medium">名称</th>
              <th className="p-3 font-medium">主管部门</th>
              <th className="p-3 font-medium">资质要求</th>
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
                <td className="p-3">
                  {item.qualification ? `${item.qualification.typeName} ${item.qualification.minLevel}` : '无'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination page={page} pageSize={pageSize} total={total} />

      <section className="rounded-lg bg-white p-6 shadow-sm">
        <h2 className="text-lg font-semibold text-slate-900">新增中介服务事项</h2>
        <Form method="post" {...getFormProps(form)} className="mt-4 grid gap-4 sm:grid-cols-2">
          <CsrfInput />
          <div className="sm:col-span-2">
            <FormErrors id={form.errorId} errors={form.errors} />
          </div>
          <TextField
            label="事项编码"
            meta={f.code}
            placeholder="如 ZJ-ECO-002"
            hint="大写字母、数字和“-”，保存后不可修改"
          />
          <TextField label="事项名称" meta={f.name} />
          <TextField label="行业主管部门" meta={f.department} />
          <SelectField
            label="所属领域"
            meta={f.fieldCode}
            placeholder="请选择"
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
