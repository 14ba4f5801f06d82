// /admin/rules — the platform admin sets the platform rules (periods, counts) in one form; each
// value is checked against its range on the server (a refusal shows next to its field and changes
// nothing) and the change is audited by updatePlatformRules, the same function as the API's PUT.
import { getFormProps, getInputProps, useForm, type FieldMetadata } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { FieldErrors, FormErrors, SubmitButton } from '#app/components/admin-form.tsx'
import { AdminTrail } from '#app/components/admin-page.tsx'
import { CsrfInput } from '#app/components/csrf-input.tsx'
import { ErrorPage } from '#app/components/error-page.tsx'
import {
  platformRules,
  PlatformRulesForm,
  RULE_DEFAULTS,
  RULE_DESCRIPTIONS,
  RULE_LIMITS,
  RULE_NAMES,
  updatePlatformRules,
} from '#app/domain/announcements/rules.server.ts'
import { lastResultFor } from '#app/utils/form-result.ts'
import { formReply, readCheckedForm, runForForm } from '#app/utils/forms.server.ts'
import { requireWebPermission } from '#app/utils/web.server.ts'

export const meta: MetaFunction = () => [{ title: '平台规则 — 平台管理' }]

const MANAGE_RULES = 'manage:platform-rule'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireWebPermission(request, MANAGE_RULES)
  const rules = await platformRules()
  return {
    rules,
    definitions: RULE_NAMES.map((name) => ({
      name,
      description: RULE_DESCRIPTIONS[name],
      defaultValue: RULE_DEFAULTS[name],
      ...RULE_LIMITS[name],
    })),
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readCheckedForm(request)
  const actor = await requireWebPermission(request, MANAGE_RULES)
  const submission = parseWithZod(formData, { schema: PlatformRulesForm })
  if (submission.status !== 'success') return formReply('save', submission)
  const failed = await runForForm('save', submission, () => updatePlatformRules(actor, submission.value))
  return failed ?? redirect('/admin/rules?saved=1')
}

type Definition = ReturnType<typeof useLoaderData<typeof loader>>['definitions'][number]

function RuleField({ definition, meta }: { definition: Definition; meta: FieldMetadata<number> }) {
  return (
    <li className="grid gap-2 py-4 sm:grid-cols-[1fr_auto] sm:items-start">
      <div>
        <label htmlFor={meta.id} className="block text-sm font-medium text-slate-800">
          {definition.description}
        </label>
        <p className="mt-1 text-xs text-slate-500">
          {`${definition.name} · 可设 ${definition.min}–${definition.max} ${definition.unit} · 默认 ${definition.defaultValue}`}
        </p>
        <FieldErrors id={meta.errorId} errors={meta.errors} />
      </div>
      <div className="flex items-center gap-2">
        <input
          {...getInputProps(meta, { type: 'number' })}
          min={definition.min}
          max={definition.max}
          step={1}
          data-testid={`rule-${definition.name}`}
          className="w-28 rounded border border-slate-300 px-3 py-2 text-right text-sm aria-[invalid]:border-red-500"
        />
        <span className="w-12 text-sm text-slate-600">{definition.unit}</span>
      </div>
    </li>
  )
}

export default function AdminRules() {
  const { rules, definitions } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const [form, fields] = useForm({
    id: 'platform-rules',
    lastResult: lastResultFor(actionData, 'save'),
    defaultValue: rules,
  })
  return (
    <div className="space-y-6">
      <AdminTrail here="平台规则" />
      <h1 className="text-2xl font-bold text-slate-900">平台规则</h1>
      <p className="text-sm text-slate-600">
        修改后的规则适用于此后发布的公告和此后开始的事项；已在进行中的期限不变。每次修改都记入审计日志。
      </p>
      {searchParams.get('saved') ? (
        <p role="status" data-testid="rules-saved" className="rounded bg-green-50 p-3 text-sm text-green-800">
          平台规则已保存。
        </p>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="rounded-lg bg-white p-6 shadow-sm">
        <CsrfInput />
        <FormErrors id={form.errorId} errors={form.errors} />
        <ul className="divide-y divide-slate-100">
          {definitions.map((definition) => (
            <RuleField key={definition.name} definition={definition} meta={fields[definition.name]} />
          ))}
        </ul>
        <div className="pt-4">
          <SubmitButton>保存</SubmitButton>
        </div>
      </Form>
    </div>
  )
}

export function ErrorBoundary() {
  return <ErrorPage />
}
