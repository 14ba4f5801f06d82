// /login: e-mail and password (the same authenticateWithPassword as POST /api/v1/auth/token, with
// the same throttling). A user with several organizations acts for the oldest membership.
// `redirectTo` is honoured only for paths on this site.
import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod, type SubmissionResult } from '@conform-to/zod/v4'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { CsrfInput } from '#app/components/csrf-input.tsx'
import { ErrorPage } from '#app/components/error-page.tsx'
import { Field, FormErrors, inputClass } from '#app/components/form-fields.tsx'
import { CredentialsSchema } from '#app/domain/accounts/schemas.ts'
import { getWebActor, startWebSession } from '#app/domain/accounts/session.server.ts'
import { authenticateWithPassword, SignInThrottledError } from '#app/domain/accounts/sign-in.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import { clientAddressOf } from '#app/utils/client-address.server.ts'
import { safeRedirectPath } from '#app/utils/redirect.ts'
import { readCheckedForm } from '#app/utils/forms.server.ts'
import { z } from '#app/utils/zod.ts'

export const meta: MetaFunction = () => [{ title: '登录 — 中介服务网上超市' }]

// Not strict: the form also carries the CSRF token and redirectTo.
const LoginFormSchema = z.object({ email: CredentialsSchema.shape.email, password: CredentialsSchema.shape.password })

type ActionData = { result: SubmissionResult<string[]> }

export async function loader({ request }: LoaderFunctionArgs) {
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get('redirectTo'))
  if (await getWebActor(request)) throw redirect(redirectTo)
  return { redirectTo }
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readCheckedForm(request)
  const redirectTo = safeRedirectPath(formData.get('redirectTo'))
  const submission = parseWithZod(formData, { schema: LoginFormSchema })
  if (submission.status !== 'success') {
    return data({ result: submission.reply({ hideFields: ['password'] }) }, { status: 400 })
  }
  try {
    const signedIn = await authenticateWithPassword(submission.value, clientAddressOf(request))
    const cookie = await startWebSession(signedIn.userId, signedIn.organizationId)
    return redirect(redirectTo, { headers: { 'Set-Cookie': cookie } })
  } catch (error) {
    if (!(error instanceof DomainError)) throw error
    const headers: HeadersInit =
      error instanceof SignInThrottledError ? { 'Retry-After': String(error.retryAfterSeconds) } : {}
    return data(
      { result: submission.reply({ formErrors: [error.message], hideFields: ['password'] }) },
      { status: error.status, headers },
    )
  }
}

export default function LoginPage() {
  const { redirectTo } = useLoaderData<typeof loader>()
  const actionData = useActionData() as ActionData | undefined
  const [form, fields] = useForm({
    id: 'login',
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LoginFormSchema }),
    shouldValidate: 'onBlur',
  })
  return (
    <div className="mx-auto max-w-md space-y-6">
      <h1 className="text-2xl font-bold text-slate-900">登录</h1>
      <Form
        method="post"
        {...getFormProps(form)}
        className="space-y-4 rounded-lg bg-white p-6 shadow-sm"
        data-testid="login-form"
      >
        <CsrfInput />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field
          label="电子邮箱"
          htmlFor={fields.email.id}
          required
          errorId={fields.email.errorId}
          name={fields.email.name}
          errors={fields.email.errors}
        >
          <input
            {...getInputProps(fields.email, { type: 'email' })}
            key={fields.email.key}
            autoComplete="username"
            className={inputClass}
          />
        </Field>
        <Field
          label="密码"
          htmlFor={fields.password.id}
          required
          errorId={fields.password.errorId}
          name={fields.password.name}
          errors={fields.password.errors}
        >
          <input
            {...getInputProps(fields.password, { type: 'password' })}
            key={fields.password.key}
            autoComplete="current-password"
            className={inputClass}
          />
        </Field>
        <button
          type="submit"
          data-testid="login-submit"
          className="w-full rounded bg-blue-700 px-4 py-2.5 font-medium text-white hover:bg-blue-800"
        >
          登录
        </button>
        <p className="text-sm text-slate-600">
          还没有账号？
          <Link to="/register" className="text-blue-700 underline">
            注册机构
          </Link>
        </p>
      </Form>
    </div>
  )
}

export function ErrorBoundary() {
  return <ErrorPage />
}
