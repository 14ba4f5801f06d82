// /projects/new — an owner creates a project: name, 投资项目代码, region, funding (财政资金 / 自有资金),
// description and the approval items it applies for (grouped by field). The same ProjectInput schema
// and createProject as POST /api/v1/projects. Works without JavaScript (the province is switched by
// a GET form, like on the register page).
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { CsrfInput } from '#app/components/csrf-input.tsx'
import { ProvinceSwitch, RegionOptions } from '#app/components/region-filter.tsx'
import { ErrorPage } from '#app/components/error-page.tsx'
import { ErrorList, Field, FormErrors, inputClass } from '#app/components/form-fields.tsx'
import { primaryButton, sectionClass } from '#app/components/workflow.tsx'
import { regionChoices } from '#app/domain/accounts/region-choices.server.ts'
import { requireWebActor } from '#app/domain/accounts/session.server.ts'
import { listApprovalItems, listFields } from '#app/domain/catalogue/catalogue.server.ts'
import { can } from '#app/domain/permissions/permissions.server.ts'
import { CREATE_PROJECT, createProject, ProjectInput } from '#app/domain/projects/projects.server.ts'
import { FUNDING_LABELS } from '#app/utils/announcement-labels.ts'
import { readCheckedForm } from '#app/utils/forms.server.ts'
import { parseFormInput, runWorkflowAction } from '#app/utils/workflow-forms.server.ts'
import { formValues, projectInputFromForm, valueOf, valuesOf, workflowAnswerFor } from '#app/utils/workflow-forms.ts'

export const meta: MetaFunction = () => [{ title: '新建项目 — 中介服务网上超市' }]

async function requireOwner(request: Request) {
  const actor = await requireWebActor(request)
  if (!can(actor, CREATE_PROJECT, { organizationId: actor.organizationId })) {
    throw new Response('仅项目业主可以创建项目', { status: 403 })
  }
  return actor
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOwner(request)
  const url = new URL(request.url)
  const [regions, approvalItems, fields] = await Promise.all([
    regionChoices(url.searchParams.get('province')),
    listApprovalItems({ page: 1, pageSize: 1000 }),
    listFields(),
  ])
  const groups = fields
    .map((field) => ({ ...field, items: approvalItems.items.filter((item) => item.fieldCode === field.code) }))
    .filter((group) => group.items.length > 0)
  return { regions, groups }
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readCheckedForm(request)
  const actor = await requireOwner(request)
  const values = formValues(formData)
  const parsed = parseFormInput('create', ProjectInput, projectInputFromForm(formData), values)
  if (!parsed.ok) return parsed.answer
  let id = ''
  const failed = await runWorkflowAction('create', values, async () => {
    id = (await createProject(actor, parsed.value)).id
  })
  return failed ?? redirect(`/projects/${id}?created=1`)
}

export default function NewProjectPage() {
  const { regions, groups } = useLoaderData<typeof loader>()
  const answer = workflowAnswerFor(useActionData(), 'create')
  const errors = answer?.fieldErrors ?? {}
  const chosen = valuesOf(answer, 'approvalItemCodes') ?? []
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <nav className="text-sm text-slate-500">
        <Link to="/projects" className="hover:underline">
          我的项目
        </Link>{' '}
        / 新建项目
      </nav>
      <h1 className="text-2xl font-bold text-slate-900">新建项目</h1>
      <p className="text-sm text-slate-600">
        选择项目拟申请的行政审批事项后，项目页会列出每个审批事项所需的中介服务事项（必需的在前），您可以逐项发布采购公告、自主选择中介机构。
      </p>

      <ProvinceSwitch label="项目所在省份" regions={regions} />

      <Form method="post" className={`${sectionClass} space-y-5`} data-testid="project-form">
        <CsrfInput />
        <FormErrors errors={answer ? [answer.message] : undefined} />
        <Field label="项目名称" htmlFor="p-name" required name="name" errors={errors.name}>
          <input
            id="p-name"
            name="name"
            defaultValue={valueOf(answer, 'name')}
            maxLength={200}
            className={inputClass}
            aria-invalid={errors.name ? true : undefined}
          />
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            label="投资项目代码"
            htmlFor="p-investmentCode"
            name="investmentCode"
            errors={errors.investmentCode}
            hint="投资项目在线审批监管平台赋予的代码，可不填"
          >
            <input
              id="p-investmentCode"
              name="investmentCode"
              defaultValue={valueOf(answer, 'investmentCode')}
              maxLength={64}
              autoComplete="off"
              className={`${inputClass} font-mono`}
            />
          </Field>
          <Field label="项目所在地" htmlFor="p-regionCode" required name="regionCode" errors={errors.regionCode}>
            <select
              id="p-regionCode"
              name="regionCode"
              defaultValue={valueOf(answer, 'regionCode')}
              className={inputClass}
            >
              <option value="">请选择{regions.province?.name ?? ''}的市、区（县）</option>
              <RegionOptions regions={regions} provinceSuffix="（省级）" citySuffix="（市级）" />
            </select>
          </Field>
        </div>
        <fieldset>
          <legend className="text-sm font-medium text-slate-700">
            资金来源<span className="ml-0.5 text-red-600">*</span>
          </legend>
          <div className="mt-1 flex flex-wrap gap-6">
            {(['PUBLIC', 'SELF'] as const).map((funding) => (
              <label key={funding} className="flex items-center gap-2 text-sm">
                <input
                  type="radio"
                  name="funding"
                  value={funding}
                  defaultChecked={valueOf(answer, 'funding') === funding}
                  data-testid={`funding-${funding}`}
                />
                {FUNDING_LABELS[funding]}
              </label>
            ))}
          </div>
          <p className="mt-1 text-xs text-slate-500">使用财政资金的项目不得采用直接选取方式选取中介机构。</p>
          <ErrorList name="funding" errors={errors.funding} />
        </fieldset>
        <Field label="项目简介" htmlFor="p-description" name="description" errors={errors.description}>
          <textarea
            id="p-description"
            name="description"
            rows={3}
            defaultValue={valueOf(answer, 'description')}
            maxLength={5000}
            className={inputClass}
          />
        </Field>
        <fieldset className="space-y-3">
          <legend className="text-sm font-medium text-slate-700">
            拟申请的行政审批事项<span className="ml-0.5 text-red-600">*</span>
          </legend>
          <ErrorList name="approvalItemCodes" errors={errors.approvalItemCodes} />
          {groups.map((group) => (
            <div key={group.code} className="rounded border border-slate-200 p-3">
              <p className="text-sm font-semibold text-slate-700">{group.name}</p>
              <div className="mt-2 grid gap-2 sm:grid-cols-2">
                {group.items.map((item) => (
                  <label key={item.code} className="flex items-start gap-2 text-sm">
                    <input
                      type="checkbox"
                      name="approvalItemCodes"
                      value={item.code}
                      defaultChecked={chosen.includes(item.code)}
                      data-testid={`approval-${item.code}`}
                      className="mt-1"
                    />
                    <span>
                      {item.name}
                      <span className="block text-xs text-slate-500">
                        {item.department} · {item.code}
                      </span>
                    </span>
                  </label>
                ))}
              </div>
            </div>
          ))}
        </fieldset>
        <button type="submit" className={primaryButton} data-testid="project-submit">
          创建项目
        </button>
      </Form>
    </div>
  )
}

export function ErrorBoundary() {
  return <ErrorPage />
}
