// /logout: POST only (a GET never signs anyone out; its loader just goes home).
import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { ErrorPage } from '#app/components/error-page.tsx'
import { endWebSession } from '#app/domain/accounts/session.server.ts'
import { readCheckedForm } from '#app/utils/forms.server.ts'

export async function loader() {
  return redirect('/')
}

export async function action({ request }: ActionFunctionArgs) {
  await readCheckedForm(request)
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
