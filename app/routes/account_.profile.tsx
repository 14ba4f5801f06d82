// /account/profile — an intermediary edits its public profile (简称、简介、地址、联系人、地区、网址);
// every save is audited and the public page shows when it was last updated.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { CsrfInput } from '#app/components/csrf-input.tsx'
import { RegionOptions } from '#app/components/region-filter.tsx'
import { ErrorPage } from '#app/components/error-page.tsx'
import { Field, FormErrors, inputClass } from '#app/components/form-fields.tsx'
import { regionChoices } from '#app/domain/accounts/region-choices.server.ts'
import { requireWebActor } from '#app/domain/accounts/session.server.ts'
import { formatBeijingTime } from '#app/domain/clock/china-time.ts'
import { getProfile, updateProfile } from '#app/domain/intermediaries/entry.server.ts'
import { answerFor } from '#app/utils/form-answer.ts'
import { readCheckedForm, runFormAction } from '#app/utils/forms.server.ts'
import { orErrorPage } from '#app/utils/web.server.ts'

export const meta: MetaFunction = () => [{ title: '机构信息 — 中介服务网上超市' }]

const FIELDS = [
  'shortName',
  'introduction',
  'address',
  'contactName',
  'contactPhone',
  'regionCode',
  'website',
  'contactEmail',
] as const

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireWebActor(request)
  const profile = await orErrorPage(getProfile(actor))
  return { profile, regions: await regionChoices(profile.regionCode.slice(0, 2) + '0000') }
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readCheckedForm(request)
  const actor = await requireWebActor(request)
  const input = Object.fromEntries(FIELDS.map((name) => [name, String(formData.get(name) ?? '')]))
  const failed = await runFormAction('profile', () => updateProfile(actor, input as { regionCode: string }))
  return failed ?? redirect('/account/profile?saved=1')
}

export default function ProfilePage() {
  const { profile, regions } = useLoaderData<typeof loader>()
  const answer = answerFor(useActionData(), 'profile')
  const errors = answer?.fieldErrors ?? {}
  const [searchParams] = useSearchParams()
  const text = (name: (typeof FIELDS)[number], label: string, props: { type?: string; placeholder?: string } = {}) => (
    <Field label={label} htmlFor={`profile-${name}`} name={name} errors={errors[name]}>
      <input
        id={`profile-${name}`}
        name={name}
        type={props.type ?? 'text'}
        defaultValue={profile[name] ?? ''}
        placeholder={props.placeholder}
        aria-invalid={errors[name] ? true : undefined}
        className={inputClass}
      />
    </Field>
  )
  return (
    <div className="space-y-6">
      <nav className="text-sm text-slate-500">
        <Link to="/account/entry" className="hover:underline">
          入驻信息
        </Link>{' '}
        / 机构信息
      </nav>
      <h1 className="text-2xl font-bold text-slate-900">机构信息</h1>
      <p className="text-sm text-slate-600" data-testid="profile-updated-at">
        {profile.name}（{profile.uscc}）· 最后更新：{formatBeijingTime(profile.updatedAt)}
      </p>
      {searchParams.get('saved') ? (
        <p role="status" className="rounded bg-green-50 p-3 text-sm text-green-800" data-testid="profile-saved">
          已保存，公开展示页将随之更新。
        </p>
      ) : null}
      <Form
        method="post"
        className="grid gap-4 rounded-lg bg-white p-5 shadow-sm md:grid-cols-2"
        data-testid="profile-form"
      >
        <CsrfInput />
        <div className="md:col-span-2">
          <FormErrors errors={answer ? [answer.message] : undefined} />
        </div>
        {text('shortName', '机构简称', { placeholder: '如：蜀安环评' })}
        <Field label="所在地区" htmlFor="profile-regionCode" required name="regionCode" errors={errors.regionCode}>
          <select id="profile-regionCode" name="regionCode" defaultValue={profile.regionCode} className={inputClass}>
            <RegionOptions regions={regions} provinceSuffix="" citySuffix="（市本级）" />
          </select>
        </Field>
        <div className="md:col-span-2">
          <Field label="机构简介" htmlFor="profile-introduction" name="introduction" errors={errors.introduction}>
            <textarea
              id="profile-introduction"
              name="introduction"
              rows={5}
              defaultValue={profile.introduction ?? ''}
              placeholder="主要业务范围、技术力量、代表业绩等"
              className={inputClass}
            />
          </Field>
        </div>
        {text('address', '办公地址')}
        {text('contactName', '联系人')}
        {text('contactPhone', '联系电话', { type: 'tel' })}
        {text('contactEmail', '联系邮箱', { type: 'email' })}
        {text('website', '网址', { type: 'url', placeholder: 'https://' })}
        <div className="md:col-span-2">
          <button
            type="submit"
            data-testid="profile-submit"
            className="rounded bg-blue-700 px-4 py-2 text-white hover:bg-blue-800"
          >
            保存
          </button>
        </div>
      </Form>
    </div>
  )
}

export function ErrorBoundary() {
  return <ErrorPage />
}
