// /account: the signed-in user, the organization they act for and their role; their API tokens with
// a form to create one (the value is shown once) and to revoke one.
import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod, type SubmissionResult } from '@conform-to/zod/v4'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { CsrfInput } from '#app/components/csrf-input.tsx'
import { ErrorPage } from '#app/components/error-page.tsx'
import { Field, FormErrors, inputClass } from '#app/components/form-fields.tsx'
import { describeAccount, listApiTokens } from '#app/domain/accounts/account.server.ts'
import { TokenNameSchema } from '#app/domain/accounts/schemas.ts'
import { requireWebActor } from '#app/domain/accounts/session.server.ts'
import { issueApiToken, revokeApiToken } from '#app/domain/accounts/tokens.server.ts'
import { formatBeijingTime } from '#app/domain/clock/china-time.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import { requirePermission } from '#app/domain/permissions/permissions.server.ts'
import { ORGANIZATION_TYPE_LABELS } from '#app/utils/navigation.ts'
import { readCheckedForm } from '#app/utils/forms.server.ts'
import { orErrorPage } from '#app/utils/web.server.ts'
import { z } from '#app/utils/zod.ts'

export const meta: MetaFunction = () => [{ title: '我的账号 — 中介服务网上超市' }]

const ROLE_LABELS: Record<string, string> = {
  'owner.admin': '项目业主管理员',
  'owner.member': '项目业主经办人',
  'intermediary.admin': '中介机构管理员',
  'intermediary.member': '中介机构经办人',
  'department.admin': '行业主管部门管理员',
  'department.member': '行业主管部门工作人员',
  'platform.admin': '平台管理员',
}

const STATUS_LABELS: Record<string, string> = { ACTIVE: '正常', SUSPENDED: '已暂停' }

const TokenAction = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('create-token'), name: TokenNameSchema }),
  z.object({ intent: z.literal('revoke-token'), tokenId: z.string().min(1).max(32) }),
])

type ActionData = {
  result: SubmissionResult<string[]>
  created?: { name: string; token: string; expiresAt: string }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireWebActor(request)
  const [account, tokens] = await Promise.all([describeAccount(actor), orErrorPage(listApiTokens(actor))])
  const at = now().getTime()
  return {
    account,
    tokens: tokens.map((t) => ({
      id: t.id,
      name: t.name,
      createdAt: formatBeijingTime(t.createdAt),
      expiresAt: formatBeijingTime(t.expiresAt),
      state: t.revokedAt
        ? ('revoked' as const)
        : t.expiresAt.getTime() <= at
          ? ('expired' as const)
          : ('active' as const),
      revokedAt: t.revokedAt ? formatBeijingTime(t.revokedAt) : null,
    })),
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readCheckedForm(request)
  const actor = await requireWebActor(request)
  const submission = parseWithZod(formData, { schema: TokenAction })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  try {
    requirePermission(actor, 'manage:token')
    if (submission.value.intent === 'create-token') {
      const issued = await issueApiToken({
        userId: actor.userId,
        organizationId: actor.organizationId,
        name: submission.value.name,
      })
      return data({
        result: submission.reply({ resetForm: true }),
        created: { name: submission.value.name, token: issued.token, expiresAt: formatBeijingTime(issued.expiresAt) },
      })
    }
    await revokeApiToken(actor, submission.value.tokenId)
    return data({ result: submission.reply({ resetForm: true }) })
  } catch (error) {
    if (!(error instanceof DomainError)) throw error
    return data(
      { result: submission.reply({ formErrors: [error.message], fieldErrors: error.fieldErrors }) },
      { status: error.status },
    )
  }
}

const TOKEN_STATE_LABELS = { active: '有效', expired: '已过期', revoked: '已吊销' } as const

export default function AccountPage() {
  const { account, tokens } = useLoaderData<typeof loader>()
  const actionData = useActionData() as ActionData | undefined
  const [form, fields] = useForm({
    id: 'create-token',
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: TokenAction }),
    shouldValidate: 'onBlur',
  })
  const { user, organization } = account
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-bold text-slate-900">我的账号</h1>

      <section className="grid gap-4 md:grid-cols-2">
        <div className="rounded-lg bg-white p-5 shadow-sm" data-testid="account-user">
          <h2 className="font-semibold text-slate-800">用户</h2>
          <dl className="mt-3 grid grid-cols-[6rem_1fr] gap-y-2 text-sm">
            <dt className="text-slate-500">姓名</dt>
            <dd data-testid="account-user-name">{user.name}</dd>
            <dt className="text-slate-500">电子邮箱</dt>
            <dd data-testid="account-user-email">{user.email}</dd>
            <dt className="text-slate-500">角色</dt>
            <dd data-testid="account-role">{account.roles.map((r) => ROLE_LABELS[r] ?? r).join('、')}</dd>
          </dl>
        </div>
        <div className="rounded-lg bg-white p-5 shadow-sm" data-testid="account-organization">
          <h2 className="font-semibold text-slate-800">所属机构</h2>
          <dl className="mt-3 grid grid-cols-[8rem_1fr] gap-y-2 text-sm">
            <dt className="text-slate-500">机构名称</dt>
            <dd data-testid="account-organization-name">{organization.name}</dd>
            <dt className="text-slate-500">机构类型</dt>
            <dd>{ORGANIZATION_TYPE_LABELS[organization.type] ?? organization.type}</dd>
            <dt className="text-slate-500">统一社会信用代码</dt>
            <dd className="font-mono" data-testid="account-organization-uscc">
              {organization.uscc}
            </dd>
            <dt className="text-slate-500">所在地区</dt>
            <dd>{organization.regionName}</dd>
            <dt className="text-slate-500">状态</dt>
            <dd>{STATUS_LABELS[organization.status] ?? organization.status}</dd>
          </dl>
        </div>
      </section>

      <section className="space-y-4 rounded-lg bg-white p-5 shadow-sm">
        <div>
          <h2 className="font-semibold text-slate-800">接口访问令牌</h2>
          <p className="mt-1 text-sm text-slate-500">
            令牌用于本机构的业务系统通过接口（/api/v1）以您的身份办理业务，请求时在 Authorization 头中携带“Bearer
            令牌”。令牌有效期 30 天，可随时吊销。
          </p>
        </div>

        {actionData?.created ? (
          <div className="rounded border border-green-300 bg-green-50 p-4 text-sm" data-testid="new-token">
            <p className="font-medium text-green-900">
              令牌“{actionData.created.name}”已创建，有效期至 {actionData.created.expiresAt}。
            </p>
            <p className="mt-1 text-green-900">请立即复制保存，离开本页后将无法再次查看：</p>
            <code className="mt-2 block break-all rounded bg-white p-2 font-mono" data-testid="new-token-value">
              {actionData.created.token}
            </code>
          </div>
        ) : null}

        <Form
          method="post"
          {...getFormProps(form)}
          className="flex flex-wrap items-end gap-3"
          data-testid="create-token-form"
        >
          <CsrfInput />
          <input type="hidden" name="intent" value="create-token" />
          <div className="min-w-64 flex-1">
            <Field
              label="令牌名称"
              htmlFor={fields.name.id}
              required
              errorId={fields.name.errorId}
              name={fields.name.name}
              errors={fields.name.errors}
            >
              <input
                {...getInputProps(fields.name, { type: 'text' })}
                key={fields.name.key}
                placeholder="如：本单位项目管理系统"
                className={inputClass}
              />
            </Field>
          </div>
          <button
            type="submit"
            data-testid="create-token-submit"
            className="rounded bg-blue-700 px-4 py-2 text-white hover:bg-blue-800"
          >
            创建令牌
          </button>
        </Form>
        <FormErrors id={form.errorId} errors={form.errors} />

        {tokens.length === 0 ? (
          <p className="text-sm text-slate-500" data-testid="tokens-empty">
            暂无令牌。
          </p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="tokens-table">
              <thead className="border-b text-slate-500">
                <tr>
                  <th className="py-2 pr-4 font-medium">名称</th>
                  <th className="py-2 pr-4 font-medium">创建时间</th>
                  <th className="py-2 pr-4 font-medium">有效期至</th>
                  <th className="py-2 pr-4 font-medium">状态</th>
                  <th className="py-2 font-medium">操作</th>
                </tr>
              </thead>
              <tbody>
                {tokens.map((t) => (
                  <tr key={t.id} className="border-b last:border-0" data-testid={`token-row-${t.id}`}>
                    <td className="py-2 pr-4">{t.name}</td>
                    <td className="py-2 pr-4">{t.createdAt}</td>
                    <td className="py-2 pr-4">{t.expiresAt}</td>
                    <td className="py-2 pr-4" data-testid="token-state">
                      {TOKEN_STATE_LABELS[t.state]}
                      {t.revokedAt ? `（${t.revokedAt}）` : ''}
                    </td>
                    <td className="py-2">
                      {t.state === 'active' ? (
                        <Form method="post">
                          <CsrfInput />
                          <input type="hidden" name="intent" value="revoke-token" />
                          <input type="hidden" name="tokenId" value={t.id} />
                          <button type="submit" className="text-red-700 hover:underline" data-testid="revoke-token">
                            吊销
                          </button>
                        </Form>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  )
}

export function ErrorBoundary() {
  return <ErrorPage />
}
