import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { FormErrors, SelectField, SubmitButton, TextField } from '#app/components/admin-form.tsx'
import { AdminTrail, DoneNotice } from '#app/components/admin-page.tsx'
import { CsrfInput } from '#app/components/csrf-input.tsx'
import { ErrorPage } from '#app/components/error-page.tsx'
import { InactiveBadge } from '#app/components/status-badge.tsx'
import {
  addQualificationLevel,
  createQualificationType,
  MANAGE_CATALOGUE,
  setQualificationTypeActive,
  updateQualificationType,
} from '#app/domain/catalogue/catalogue-admin.server.ts'
import { listFields, listQualificationTypes } from '#app/domain/catalogue/catalogue.server.ts'
import { lastResultFor } from '#app/utils/form-result.ts'
import { formReply, readCheckedForm, runForForm } from '#app/utils/forms.server.ts'
import { requireWebPermission } from '#app/utils/web.server.ts'
import { z } from '#app/utils/zod.ts'

export const meta: MetaFunction = () => [{ title: '资质类型管理 — 平台管理' }]

const NO_FIELD = '未指定（仅平台管理员可核验）'
const rowInputClass = 'rounded border border-slate-300 px-3 py-1.5 text-sm'

const CreateForm = z.object({
  code: z.string({ error: '请填写编码' }).min(1, '请填写编码'),
  name: z.string({ error: '请填写名称' }).min(1, '请填写名称'),
  issuingAuthority: z.string({ error: '请填写发证机关' }).min(1, '请填写发证机关'),
  /** The field whose departments verify this type; empty: the platform admin only. */
  fieldCode: z.string().optional(),
  /** Levels from highest to lowest, separated by commas, 、 or spaces. */
  levels: z.string().optional(),
})
const UpdateForm = z.object({
  typeCode: z.string().min(1),
  name: z.string({ error: '请填写名称' }).min(1, '请填写名称'),
  issuingAuthority: z.string({ error: '请填写发证机关' }).min(1, '请填写发证机关'),
  fieldCode: z.string().optional(),
})
const LevelForm = z.object({
  typeCode: z.string().min(1),
  level: z.string({ error: '请填写等级名称' }).min(1, '请填写等级名称'),
})
const ActiveForm = z.object({ typeCode: z.string().min(1), active: z.enum(['true', 'false']) })

export async function loader({ request }: LoaderFunctionArgs) {
  await requireWebPermission(request, MANAGE_CATALOGUE)
  const [types, fields] = await Promise.all([listQualificationTypes({ includeInactive: true }), listFields()])
  return { types, fields }
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readCheckedForm(request)
  const actor = await requireWebPermission(request, MANAGE_CATALOGUE)
  const intent = String(formData.get('intent') ?? '')
  const back = redirect('/admin/catalogue/qualification-types?saved=1')
  if (intent === 'create') {
    const submission = parseWithZod(formData, { schema: CreateForm })
    if (submission.status !== 'success') return formReply(intent, submission)
    const { levels, ...type } = submission.value
    const levelList = (levels ?? '').split(/[,，、\s]+/).filter(Boolean)
    return (
      (await runForForm(intent, submission, () => createQualificationType(actor, { ...type, levels: levelList }))) ??
      back
    )
  }
  if (intent === 'update') {
    const submission = parseWithZod(formData, { schema: UpdateForm })
    if (submission.status !== 'success') return formReply(intent, submission)
    const { typeCode, ...fields } = submission.value
    return (await runForForm(intent, submission, () => updateQualificationType(actor, typeCode, fields))) ?? back
  }
  if (intent === 'add-level') {
    const submission = parseWithZod(formData, { schema: LevelForm })
    if (submission.status !== 'success') return formReply(intent, submission)
    return (
      (await runForForm(intent, submission, () =>
        addQualificationLevel(actor, submission.value.typeCode, submission.value.level),
      )) ?? back
    )
  }
  if (intent === 'set-active') {
    const submission = parseWithZod(formData, { schema: ActiveForm })
    if (submission.status !== 'success') return formReply(intent, submission)
    const { typeCode, active } = submission.value
    return (
      (await runForForm(intent, submission, () => setQualificationTypeActive(actor, typeCode, active === 'true'))) ??
      back
    )
  }
  throw new Response('未知的操作', { status: 400 })
}

export default function AdminQualificationTypes() {
  const { types, fields } = useLoaderData<typeof loader>()
  const fieldOptions = fields.map((field) => ({ value: field.code, label: field.name }))
  const fieldName = (code: string | null) => fields.find((field) => field.code === code)?.name
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const [form, f] = useForm({
    id: 'create-qualification-type',
    lastResult: lastResultFor(actionData, 'create'),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CreateForm }),
    shouldValidate: 'onBlur',
  })
  const rowReply =
    lastResultFor(actionData, 'update') ?? lastResultFor(actionData, 'add-level') ?? lastResultFor(actionData, 'set-active')
  const rowErrors = rowReply?.error ? Object.values(rowReply.error).flatMap((e) => e ?? []) : []
  return (
    <div className="space-y-6">
      <AdminTrail here="资质类型" />
      <h1 className="text-2xl font-bold text-slate-900">资质类型管理</h1>
      <DoneNotice show={Boolean(searchParams.get('saved'))}>已保存。</DoneNotice>
      <FormErrors errors={rowErrors} />
      <ul className="space-y-4">
        {types.map((type) => (
          <li key={type.code} className="rounded-lg bg-white p-5 shadow-sm">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h2 className="font-semibold text-slate-900">
                {type.name}（{type.code}）
                <InactiveBadge active={type.active} />
              </h2>
              <Form method="post">
                <CsrfInput />
                <input type="hidden" name="intent" value="set-active" />
                <input type="hidden" name="typeCode" value={type.code} />
                <input type="hidden" name="active" value={type.active ? 'false' : 'true'} />
                <button type="submit" className="text-sm text-blue-800 hover:underline">
                  {type.active ? '停用' : '重新启用'}
                </button>
              </Form>
            </div>
            <p className="text-xs text-slate-500">
              发证机关：{type.issuingAuthority} · 核验部门：
              <span data-testid={`type-field-${type.code}`}>
                {fieldName(type.fieldCode) ? `${fieldName(type.fieldCode)}领域主管部门（本辖区及下级）` : NO_FIELD}
              </span>
            </p>
            <p className="mt-2 text-sm">
              等级（由高到低）：{type.levels.length ? type.levels.map((l) => l.code).join(' > ') : '未设置'}
            </p>
            <details className="mt-3">
              <summary className="cursor-pointer text-sm text-blue-800">修改名称、发证机关或核验领域</summary>
              <Form method="post" className="mt-2 flex flex-wrap items-end gap-2">
                <CsrfInput />
                <input type="hidden" name="intent" value="update" />
                <input type="hidden" name="typeCode" value={type.code} />
                <label className="text-sm text-slate-700">
                  <span className="mb-1 block">名称</span>
                  <input name="name" required defaultValue={type.name} className={rowInputClass} />
                </label>
                <label className="text-sm text-slate-700">
                  <span className="mb-1 block">发证机关</span>
                  <input name="issuingAuthority" required defaultValue={type.issuingAuthority} className={rowInputClass} />
                </label>
                <label className="text-sm text-slate-700">
                  <span className="mb-1 block">核验领域</span>
                  <select name="fieldCode" defaultValue={type.fieldCode ?? ''} className={rowInputClass}>
                    <option value="">{NO_FIELD}</option>
                    {fieldOptions.map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.label}
                      </option>
                    ))}
                  </select>
                </label>
                <SubmitButton tone="secondary">保存</SubmitButton>
              </Form>
            </details>
            <Form method="post" className="mt-3 flex flex-wrap items-end gap-2">
              <CsrfInput />
              <input type="hidden" name="intent" value="add-level" />
              <input type="hidden" name="typeCode" value={type.code} />
              <label className="text-sm text-slate-700">
                <span className="mb-1 block">追加等级（排在最低）</span>
                <input name="level" required maxLength={32} className={rowInputClass} />
              </label>
              <SubmitButton tone="secondary">追加</SubmitButton>
            </Form>
          </li>
        ))}
      </ul>

      <section className="rounded-lg bg-white p-6 shadow-sm">
        <h2 className="text-lg font-semibold text-slate-900">新增资质类型</h2>
        <Form method="post" {...getFormProps(form)} className="mt-4 grid gap-4 sm:grid-cols-2">
          <CsrfInput />
          <input type="hidden" name="intent" value="create" />
          <div className="sm:col-span-2">
            <FormErrors id={form.errorId} errors={form.errors} />
          </div>
          <TextField label="编码" meta={f.code} placeholder="如 SURVEYING" />
          <TextField label="名称" meta={f.name} placeholder="如 测绘资质" />
          <TextField label="发证机关" meta={f.issuingAuthority} />
          <SelectField
            label="核验领域"
            meta={f.fieldCode}
            options={fieldOptions}
            placeholder={NO_FIELD}
            hint="该领域的行业主管部门核验本辖区及下级机构的此类资质"
          />
          <TextField label="等级（由高到低，用逗号或顿号分隔）" meta={f.levels} placeholder="甲级、乙级、丙级" />
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
