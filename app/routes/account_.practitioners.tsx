// /account/practitioners — an intermediary's practitioners (执业人员): add, edit, deactivate or
// reactivate (never delete). Active ones show on the public profile.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { CsrfInput } from '#app/components/csrf-input.tsx'
import { ErrorPage } from '#app/components/error-page.tsx'
import { ErrorList, FormErrors, inputClass } from '#app/components/form-fields.tsx'
import { requireWebActor } from '#app/domain/accounts/session.server.ts'
import {
  addPractitioner,
  listPractitioners,
  updatePractitioner,
} from '#app/domain/intermediaries/practitioners.server.ts'
import { answerFor } from '#app/utils/form-answer.ts'
import { readCheckedForm, runFormAction } from '#app/utils/forms.server.ts'
import { orErrorPage } from '#app/utils/web.server.ts'

export const meta: MetaFunction = () => [{ title: '执业人员 — 中介服务网上超市' }]

const FIELDS = ['name', 'certificateNo', 'title', 'specialty'] as const
type Fields = Record<(typeof FIELDS)[number], string>

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireWebActor(request)
  return { practitioners: await orErrorPage(listPractitioners(actor)) }
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readCheckedForm(request)
  const actor = await requireWebActor(request)
  const intent = String(formData.get('intent') ?? '')
  const id = String(formData.get('id') ?? '')
  const fields = Object.fromEntries(FIELDS.map((name) => [name, String(formData.get(name) ?? '')])) as Fields
  const back = redirect('/account/practitioners')
  if (intent === 'add') return (await runFormAction('add', () => addPractitioner(actor, fields))) ?? back
  if (intent === 'edit') return (await runFormAction(`edit-${id}`, () => updatePractitioner(actor, id, fields))) ?? back
  if (intent === 'set-active') {
    const active = formData.get('active') === 'true'
    return (await runFormAction(`edit-${id}`, () => updatePractitioner(actor, id, { active }))) ?? back
  }
  throw new Response('未知的操作', { status: 400 })
}

function Inputs({ values, errors }: { values?: Partial<Fields>; errors: Record<string, string[]> }) {
  const labels: Fields = { name: '姓名', certificateNo: '执业证书编号', title: '职称或执业资格', specialty: '专业' }
  return (
    <>
      {FIELDS.map((name) => (
        <label key={name} className="text-sm">
          {labels[name]}
          <input
            name={name}
            defaultValue={values?.[name] ?? ''}
            required={name !== 'specialty'}
            className={inputClass}
          />
          <ErrorList name={name} errors={errors[name]} />
        </label>
      ))}
    </>
  )
}

export default function PractitionersPage() {
  const { practitioners } = useLoaderData<typeof loader>()
  const actionData = useActionData()
  const add = answerFor(actionData, 'add')
  return (
    <div className="space-y-6">
      <nav className="text-sm text-slate-500">
        <Link to="/account/entry" className="hover:underline">
          入驻信息
        </Link>{' '}
        / 执业人员
      </nav>
      <h1 className="text-2xl font-bold text-slate-900">执业人员</h1>
      <ul className="space-y-3" data-testid="practitioners-list">
        {practitioners.map((p) => {
          const answer = answerFor(actionData, `edit-${p.id}`)
          return (
            <li key={p.id} className="rounded-lg bg-white p-4 shadow-sm" data-testid={`practitioner-${p.id}`}>
              <Form method="post" className="grid items-end gap-2 md:grid-cols-5">
                <CsrfInput />
                <input type="hidden" name="intent" value="edit" />
                <input type="hidden" name="id" value={p.id} />
                <Inputs values={{ ...p, specialty: p.specialty ?? '' }} errors={answer?.fieldErrors ?? {}} />
                <button type="submit" className="rounded border border-slate-300 px-3 py-2 text-sm hover:bg-slate-50">
                  保存
                </button>
              </Form>
              <Form method="post" className="mt-2 text-sm">
                <CsrfInput />
                <input type="hidden" name="intent" value="set-active" />
                <input type="hidden" name="id" value={p.id} />
                <input type="hidden" name="active" value={p.active ? 'false' : 'true'} />
                <span className="mr-3 text-slate-500">{p.active ? '在职（公开展示）' : '已停用（不公开展示）'}</span>
                <button type="submit" className="text-blue-800 hover:underline">
                  {p.active ? '停用' : '重新启用'}
                </button>
              </Form>
              <FormErrors errors={answer ? [answer.message] : undefined} />
            </li>
          )
        })}
      </ul>
      <Form
        method="post"
        className="grid items-end gap-2 rounded-lg bg-white p-5 shadow-sm md:grid-cols-5"
        data-testid="practitioner-form"
      >
        <CsrfInput />
        <input type="hidden" name="intent" value="add" />
        <h2 className="font-semibold text-slate-800 md:col-span-5">添加执业人员</h2>
        <div className="md:col-span-5">
          <FormErrors errors={add ? [add.message] : undefined} />
        </div>
        <Inputs errors={add?.fieldErrors ?? {}} />
        <button
          type="submit"
          data-testid="practitioner-submit"
          className="rounded bg-blue-700 px-3 py-2 text-sm text-white hover:bg-blue-800"
        >
          添加
        </button>
      </Form>
    </div>
  )
}

export function ErrorBoundary() {
  return <ErrorPage />
}
