// /logout: POST only (a GET never signs anyone out; its loader just goes home).
import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { ErrorPage } from '#app/components/error-page.tsx'
import { endWebSession } from '#app/domain/accounts/session.server.ts'
import { validateCsrf } from '#app/utils/csrf.server.ts'
import { rethrowAsHttpError } from '#app/utils/web-errors.server.ts'

export async function loader() {
  return redirect('/')
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData()
  await validateCsrf(request, formData).catch(rethrowAsHttpError)
  const cookie = await endWebSession(request)
  return redirect('/', { headers: { 'Set-Cookie': cookie } })
}

// Never shown in practice (the loader and the action both redirect); keeps this a page route so
// that the header's <Form action="/logout"> works with and without JavaScript.
export default function Logout() {
  return <p className="text-slate-600">正在退出登录…</p>
}

export function ErrorBoundary() {
  return <ErrorPage />
}
