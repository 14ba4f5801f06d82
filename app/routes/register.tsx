// /register: an owner or an intermediary registers its organization and first user (零门槛入驻),
// then is signed in. Validated by the same schema as POST /api/v1/auth/register (plus the password
// confirmation) and by the same domain function. Works without JavaScript.
import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import { parseWithZod, type SubmissionResult } from '@conform-to/zod/v4'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { CsrfInput } from '#app/components/csrf-input.tsx'
import { ProvinceSwitch, RegionOptions } from '#app/components/region-filter.tsx'
import { ErrorPage } from '#app/components/error-page.tsx'
import { ErrorList, Field, FormErrors, inputClass } from '#app/components/form-fields.tsx'
import { regionChoices } from '#app/domain/accounts/region-choices.server.ts'
import { registerOrganization } from '#app/domain/accounts/registration.server.ts'
import { MIN_PASSWORD_LENGTH, RegisterFormSchema } from '#app/domain/accounts/schemas.ts'
import { startWebSession } from '#app/domain/accounts/session.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import { readCheckedForm } from '#app/utils/forms.server.ts'

export const meta: MetaFunction = () => [{ title: '机构注册 — 中介服务网上超市' }]

type ActionData = { result: SubmissionResult<string[]> }

const HIDDEN_FIELDS = ['user.password', 'user.confirmPassword']

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  return { regions: await regionChoices(url.searchParams.get('province')) }
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readCheckedForm(request)
  const submission = parseWithZod(formData, { schema: RegisterFormSchema })
  if (submission.status !== 'success') {
    return data({ result: submission.reply({ hideFields: HIDDEN_FIELDS }) }, { status: 400 })
  }
  const { organization, user } = submission.value
  let created: { userId: string; organizationId: string }
  try {
    created = await registerOrganization({
      organization,
      user: { email: user.email, password: user.password, name: user.name },
    })
  } catch (error) {
    if (!(error instanceof DomainError)) throw error
    return data(
      {
        result: submission.reply({
          formErrors: [error.message],
          fieldErrors: error.fieldErrors,
          hideFields: HIDDEN_FIELDS,
        }),
      },
      { status: error.status },
    )
  }
  const cookie = await startWebSession(created.userId, created.organizationId)
  return redirect('/account', { headers: { 'Set-Cookie': cookie } })
}

export default function RegisterPage() {
  const { regions } = useLoaderData<typeof loader>()
  const actionData = useActionData() as ActionData | undefined
  const [form, fields] = useForm({
    id: 'register',
    lastResult: actionData?.result,
    defaultValue: { organization: { type: 'INTERMEDIARY' } },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RegisterFormSchema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  const org = fields.organization.getFieldset()
  const user = fields.user.getFieldset()

  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div>
        <h1 className="text-2xl font-bold text-slate-900">机构注册</h1>
        <p className="mt-2 text-sm text-slate-600">
          项目业主和中介机构均可自行注册。中介机构“零门槛、零限制”入驻：无需审批、不收费用，不设注册资本、人员数量、成立年限或本地注册等条件，注册后即可公开展示。
          已有账号？
          <Link to="/login" className="text-blue-700 underline">
            直接登录
          </Link>
        </p>
      </div>

      <ProvinceSwitch label="机构所在省份" regions={regions} />

      <Form
        method="post"
        {...getFormProps(form)}
        className="space-y-6 rounded-lg bg-white p-6 shadow-sm"
        data-testid="register-form"
      >
        <CsrfInput />
        <FormErrors id={form.errorId} errors={form.errors} />

        <fieldset className="space-y-4">
          <legend className="text-lg font-semibold text-slate-800">机构信息</legend>

          <div>
            <span className="block text-sm font-medium text-slate-700">
              机构类型<span className="ml-0.5 text-red-600">*</span>
            </span>
            <div className="mt-1 flex gap-6" role="radiogroup" aria-label="机构类型">
              {(
                [
                  ['OWNER', '项目业主'],
                  ['INTERMEDIARY', '中介机构'],
                ] as const
              ).map(([value, label]) => {
                const props = getInputProps(org.type, { type: 'radio', value })
                return (
                  <label key={value} className="flex items-center gap-2">
                    <input
                      {...props}
                      key={props.key}
                      id={`${org.type.id}-${value}`}
                      data-testid={`organization-type-${value}`}
                    />
                    {label}
                  </label>
                )
              })}
            </div>
            <ErrorList id={org.type.errorId} name={org.type.name} errors={org.type.errors} />
          </div>

          <Field
            label="统一社会信用代码"
            htmlFor={org.uscc.id}
            required
            errorId={org.uscc.errorId}
            name={org.uscc.name}
            errors={org.uscc.errors}
            hint="18 位，见营业执照或登记证书"
          >
            <input
              {...getInputProps(org.uscc, { type: 'text' })}
              key={org.uscc.key}
              maxLength={18}
              autoComplete="off"
              className={`${inputClass} font-mono uppercase`}
            />
          </Field>
          <Field
            label="机构名称"
            htmlFor={org.name.id}
            required
            errorId={org.name.errorId}
            name={org.name.name}
            errors={org.name.errors}
          >
            <input
              {...getInputProps(org.name, { type: 'text' })}
              key={org.name.key}
              autoComplete="organization"
              className={inputClass}
            />
          </Field>
          <Field
            label="所在地区"
            htmlFor={org.regionCode.id}
            required
            errorId={org.regionCode.errorId}
            name={org.regionCode.name}
            errors={org.regionCode.errors}
          >
            <select {...getSelectProps(org.regionCode)} key={org.regionCode.key} className={inputClass}>
              <option value="">请选择{regions.province?.name ?? ''}的市、区（县）</option>
              <RegionOptions regions={regions} provinceSuffix="（省级）" citySuffix="（市级）" />
            </select>
          </Field>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field
              label="法定代表人"
              htmlFor={org.legalRepresentative.id}
              errorId={org.legalRepresentative.errorId}
              name={org.legalRepresentative.name}
              errors={org.legalRepresentative.errors}
            >
              <input
                {...getInputProps(org.legalRepresentative, { type: 'text' })}
                key={org.legalRepresentative.key}
                className={inputClass}
              />
            </Field>
            <Field
              label="联系电话"
              htmlFor={org.contactPhone.id}
              errorId={org.contactPhone.errorId}
              name={org.contactPhone.name}
              errors={org.contactPhone.errors}
            >
              <input
                {...getInputProps(org.contactPhone, { type: 'tel' })}
                key={org.contactPhone.key}
                autoComplete="tel"
                className={inputClass}
              />
            </Field>
          </div>
          <Field
            label="地址"
            htmlFor={org.address.id}
            errorId={org.address.errorId}
            name={org.address.name}
            errors={org.address.errors}
          >
            <input
              {...getInputProps(org.address, { type: 'text' })}
              key={org.address.key}
              autoComplete="street-address"
              className={inputClass}
            />
          </Field>
        </fieldset>

        <fieldset className="space-y-4">
          <legend className="text-lg font-semibold text-slate-800">管理员账号</legend>
          <p className="text-sm text-slate-500">注册人将成为本机构的管理员，可在登录后为本机构添加其他经办人。</p>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field
              label="联系人姓名"
              htmlFor={user.name.id}
              required
              errorId={user.name.errorId}
              name={user.name.name}
              errors={user.name.errors}
            >
              <input
                {...getInputProps(user.name, { type: 'text' })}
                key={user.name.key}
                autoComplete="name"
                className={inputClass}
              />
            </Field>
            <Field
              label="电子邮箱"
              htmlFor={user.email.id}
              required
              errorId={user.email.errorId}
              name={user.email.name}
              errors={user.email.errors}
              hint="用于登录"
            >
              <input
                {...getInputProps(user.email, { type: 'email' })}
                key={user.email.key}
                autoComplete="email"
                className={inputClass}
              />
            </Field>
            <Field
              label="密码"
              htmlFor={user.password.id}
              required
              errorId={user.password.errorId}
              name={user.password.name}
              errors={user.password.errors}
              hint={`至少 ${MIN_PASSWORD_LENGTH} 个字符`}
            >
              <input
                {...getInputProps(user.password, { type: 'password' })}
                key={user.password.key}
                autoComplete="new-password"
                className={inputClass}
              />
            </Field>
            <Field
              label="确认密码"
              htmlFor={user.confirmPassword.id}
              required
              errorId={user.confirmPassword.errorId}
              name={user.confirmPassword.name}
              errors={user.confirmPassword.errors}
            >
              <input
                {...getInputProps(user.confirmPassword, { type: 'password' })}
                key={user.confirmPassword.key}
                autoComplete="new-password"
                className={inputClass}
              />
            </Field>
          </div>
        </fieldset>

        <button
          type="submit"
          data-testid="register-submit"
          className="w-full rounded bg-blue-700 px-4 py-2.5 font-medium text-white hover:bg-blue-800 sm:w-auto"
        >
          注册并登录
        </button>
      </Form>
    </div>
  )
}

export function ErrorBoundary() {
  return <ErrorPage />
}
