import { getCollectionProps, getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { FieldErrors, FormErrors, SelectField, SubmitButton, TextField } from '#app/components/admin-form.tsx'
import { AdminTrail, DoneNotice } from '#app/components/admin-page.tsx'
import { CsrfInput } from '#app/components/csrf-input.tsx'
import { ErrorPage } from '#app/components/error-page.tsx'
import { Pagination } from '#app/components/pagination.tsx'
import { listFields, listServiceItemChoices } from '#app/domain/catalogue/catalogue.server.ts'
import { createDepartment, listDepartments, MANAGE_DEPARTMENT } from '#app/domain/departments/departments.server.ts'
import { lastResultFor } from '#app/utils/form-result.ts'
import { formReply, readCheckedForm, runForForm } from '#app/utils/forms.server.ts'
import { parseSearchParams, requireWebPermission } from '#app/utils/web.server.ts'
import { PaginationSchema, z } from '#app/utils/zod.ts'

export const meta: MetaFunction = () => [{ title: '行业主管部门管理 — 平台管理' }]

const required = (message: string) => z.string({ error: message }).min(1, message)

const DepartmentForm = z.object({
  name: required('请填写部门名称'),
  uscc: required('请填写统一社会信用代码'),
  regionCode: required('请填写行政区划代码'),
  fieldCode: z.string().optional(),
  serviceItemCodes: z.array(z.string(), { error: '至少选择一个中介服务事项' }).min(1, '至少选择一个中介服务事项'),
  user: z.object({
    name: required('请填写管理员姓名'),
    email: required('请填写电子邮箱'),
    password: required('请设置初始密码'),
  }),
})

export async function loader({ request }: LoaderFunctionArgs) {
  await requireWebPermission(request, MANAGE_DEPARTMENT)
  const query = parseSearchParams(request, PaginationSchema)
  const [{ items, total }, fields, serviceItems] = await Promise.all([
    listDepartments(query),
    listFields(),
    listServiceItemChoices(),
  ])
  return { items, total, page: query.page, pageSize: query.pageSize, fields, serviceItems }
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readCheckedForm(request)
  const actor = await requireWebPermission(request, MANAGE_DEPARTMENT)
  const submission = parseWithZod(formData, { schema: DepartmentForm })
  const secret = { hideFields: ['user.password'] } // the password is never sent back to the browser
  if (submission.status !== 'success') return formReply('create', submission, secret)
  const failed = await runForForm('create', submission, () => createDepartment(actor, submission.value), secret)
  return failed ?? redirect('/admin/departments?created=1')
}

export default function AdminDepartments() {
  const { items, total, page, pageSize, fields, serviceItems } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const [form, f] = useForm({
    id: 'create-department',
    lastResult: lastResultFor(actionData, 'create'),
    defaultValue: { regionCode: '510000' },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: DepartmentForm }),
    shouldValidate: 'onBlur',
  })
  const user = f.user.getFieldset()
  return (
    <div className="space-y-6">
      <AdminTrail here="行业主管部门" />
      <h1 className="text-2xl font-bold text-slate-900">行业主管部门管理</h1>
      <DoneNotice show={Boolean(searchParams.get('created'))}>已创建主管部门及其管理员账号。</DoneNotice>
      <ul className="grid gap-4 md:grid-cols-2">
        {items.map((d) => (
          <li key={d.id} className="rounded-lg bg-white p-5 shadow-sm">
            <h2 className="font-semibold text-slate-900">{d.name}</h2>
            <p className="text-xs text-slate-500">
              {d.fieldName} · {d.regionName}（{d.regionCode}）
            </p>
            <p className="mt-2 text-sm text-slate-700">{d.serviceItems.map((s) => s.name).join('、')}</p>
          </li>
        ))}
      </ul>
      <Pagination page={page} pageSize={pageSize} total={total} />

      <section className="rounded-lg bg-white p-6 shadow-sm">
        <h2 className="text-lg font-semibold text-slate-900">创建行业主管部门</h2>
        <Form method="post" {...getFormProps(form)} className="mt-4 grid gap-4 sm:grid-cols-2">
          <CsrfInput />
          <div className="sm:col-span-2">
            <FormErrors id={form.errorId} errors={form.errors} />
          </div>
          <TextField label="部门名称" meta={f.name} placeholder="如 成都市生态环境局" />
          <TextField label="统一社会信用代码" meta={f.uscc} hint="机关的代码以 11 开头" />
          <TextField label="行政区划代码" meta={f.regionCode} hint="部门监管本区域及下级区域，如 510100（成都市）" />
          <SelectField
            label="所属领域"
            meta={f.fieldCode}
            placeholder="按所选第一个服务事项确定"
            options={fields.map((x) => ({ value: x.code, label: x.name }))}
          />
          <fieldset className="sm:col-span-2">
            <legend className="mb-1 text-sm font-medium text-slate-700">监管的中介服务事项</legend>
            <div className="grid gap-1 sm:grid-cols-2">
              {getCollectionProps(f.serviceItemCodes, {
                type: 'checkbox',
                options: serviceItems.map((s) => s.code),
              }).map((props) => {
                const service = serviceItems.find((s) => s.code === props.value)
                return (
                  <label key={props.key} className="flex items-center gap-2 text-sm">
                    <input {...props} key={props.key} className="h-4 w-4" />
                    {service?.name}（{props.value}）
                  </label>
                )
              })}
            </div>
            <FieldErrors id={f.serviceItemCodes.errorId} errors={f.serviceItemCodes.errors} />
          </fieldset>
          <h3 className="font-semibold text-slate-800 sm:col-span-2">部门管理员账号</h3>
          <TextField label="姓名" meta={user.name} />
          <TextField label="电子邮箱" meta={user.email} type="email" autoComplete="off" />
          <TextField
            label="初始密码"
            meta={user.password}
            type="password"
            autoComplete="new-password"
            hint="至少 10 个字符，请通过安全渠道告知部门"
          />
          <div className="sm:col-span-2">
            <SubmitButton>创建</SubmitButton>
          </div>
        </Form>
      </section>
    </div>
  )
}

export function ErrorBoundary() {
  return <ErrorPage />
}
