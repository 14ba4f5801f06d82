// /announcements/new — an owner drafts (and may publish at once) a purchase announcement for one
// service item that one approval item of its project needs. Step 1 (a GET form) picks the project
// and the approval item; step 2 offers only the service items that approval item needs. There is no
// field for eligibility conditions: the service item's legal qualification requirement is shown as
// fixed text and applied by the platform. For 综合评分 with a technical weight the owner names
// evaluators among its own users (checkboxes). The same AnnouncementInput schema and domain
// functions as POST /api/v1/announcements and /publish. Works without JavaScript.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { CsrfInput } from '#app/components/csrf-input.tsx'
import { ErrorPage } from '#app/components/error-page.tsx'
import { ErrorList, Field, FormErrors, inputClass } from '#app/components/form-fields.tsx'
import { RequiredBadge } from '#app/components/status-badge.tsx'
import { Note, primaryButton, secondaryButton, sectionClass } from '#app/components/workflow.tsx'
import { requireWebActor } from '#app/domain/accounts/session.server.ts'
import {
  createAnnouncement,
  MANAGE_ANNOUNCEMENT,
  publishAnnouncement,
} from '#app/domain/announcements/announcements.server.ts'
import { platformRules } from '#app/domain/announcements/rules.server.ts'
import { addDays, chinaDate } from '#app/domain/clock/china-time.ts'
import { AnnouncementInput, METHODS } from '#app/domain/announcements/schemas.ts'
import { listEvaluatorCandidates } from '#app/domain/award/responses.server.ts'
import { getServiceItem } from '#app/domain/catalogue/catalogue.server.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import { can } from '#app/domain/permissions/permissions.server.ts'
import { approvalWalk, getProject, listProjects } from '#app/domain/projects/projects.server.ts'
import { FUNDING_LABELS, METHOD_DESCRIPTIONS, METHOD_LABELS } from '#app/utils/announcement-labels.ts'
import { readCheckedForm, runFormAction } from '#app/utils/forms.server.ts'
import { formatBeijingTime } from '#app/domain/clock/china-time.ts'
import { orErrorPage } from '#app/utils/web.server.ts'
import { parseFormInput, runWorkflowAction } from '#app/utils/workflow-forms.server.ts'
import {
  announcementInputFromForm,
  formValues,
  valueOf,
  valuesOf,
  workflowAnswerFor,
} from '#app/utils/workflow-forms.ts'

export const meta: MetaFunction = () => [{ title: '发布采购公告 — 中介服务网上超市' }]

async function requireOwner(request: Request) {
  const actor = await requireWebActor(request)
  if (!can(actor, MANAGE_ANNOUNCEMENT, { organizationId: actor.organizationId })) {
    throw new Response('仅项目业主可以发布采购公告', { status: 403 })
  }
  return actor
}

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireOwner(request)
  const url = new URL(request.url)
  const projectId = url.searchParams.get('projectId') ?? ''
  const wantedApproval = url.searchParams.get('approvalItemCode') ?? ''
  const { items: projects } = await listProjects(actor, { page: 1, pageSize: 100 })
  const project = projectId ? await orErrorPage(getProject(actor, projectId)) : null
  const approvalItem =
    project?.approvalItems.find((a) => a.code === wantedApproval) ??
    (project?.approvalItems.length === 1 ? project.approvalItems[0]! : null)
  const needs = project && approvalItem ? await orErrorPage(approvalWalk(actor, project.id, approvalItem.code)) : []
  const services = await Promise.all(
    needs.map(async (need) => {
      const item = await getServiceItem(need.serviceItemCode)
      return {
        code: need.serviceItemCode,
        name: need.serviceItemName,
        required: need.required,
        covered: need.covered,
        standardDays: item.standardDays,
        qualification: item.qualification
          ? `${item.qualification.typeName}（${item.qualification.minLevel}及以上）`
          : null,
      }
    }),
  )
  const wantedService = url.searchParams.get('serviceItemCode')
  const serviceItemCode =
    services.find((s) => s.code === wantedService)?.code ??
    services.find((s) => s.required && !s.covered)?.code ??
    services[0]?.code ??
    ''
  const [rules, evaluatorCandidates] = await Promise.all([platformRules(), listEvaluatorCandidates(actor)])
  const earliest = addDays(now(), rules.minBiddingDays)
  // A suggested deadline: 17:00 China time on the day after the earliest allowed instant.
  const suggested = `${chinaDate(addDays(earliest, 1))}T17:00`
  return {
    projects: projects.map((p) => ({ id: p.id, name: p.name })),
    project: project && {
      id: project.id,
      name: project.name,
      funding: project.funding,
      approvalItems: project.approvalItems,
    },
    approvalItem,
    services,
    serviceItemCode,
    evaluatorCandidates,
    technicalScoringDays: rules.technicalScoringDays,
    minBiddingDays: rules.minBiddingDays,
    earliest: earliest.toISOString(),
    suggestedDeadline: suggested,
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readCheckedForm(request)
  const actor = await requireOwner(request)
  const values = formValues(formData)
  const parsed = parseFormInput('announcement', AnnouncementInput, announcementInputFromForm(formData), values)
  if (!parsed.ok) return parsed.answer
  let id = ''
  const failed = await runWorkflowAction('announcement', values, async () => {
    id = (await createAnnouncement(actor, parsed.value)).id
  })
  if (failed) return failed
  if (formData.get('intent') === 'publish') {
    // The draft is saved; should publishing be refused now (the rules are the ones just checked, so
    // only a race can do it), the manage page shows the draft and its 发布 button gives the reason.
    const notPublished = await runFormAction('publish', () => publishAnnouncement(actor, id))
    if (notPublished) return redirect(`/announcements/${id}/manage?notice=publish-failed`)
    return redirect(`/announcements/${id}?published=1`)
  }
  return redirect(`/announcements/${id}?saved=1`)
}

export default function NewAnnouncementPage() {
  const {
    projects,
    project,
    approvalItem,
    services,
    serviceItemCode,
    evaluatorCandidates,
    technicalScoringDays,
    minBiddingDays,
    earliest,
    suggestedDeadline,
  } = useLoaderData<typeof loader>()
  const answer = workflowAnswerFor(useActionData(), 'announcement')
  const errors = answer?.fieldErrors ?? {}
  const value = (name: string, fallback = '') => valueOf(answer, name, fallback)
  const isPublic = project?.funding === 'PUBLIC'
  const chosenService = value('serviceItemCode', serviceItemCode)
  const chosenMethod = value('method')
  const standardDays = services.find((s) => s.code === chosenService)?.standardDays
  const invalid = (name: string) => (errors[name] ? true : undefined)
  const chosenEvaluators = valuesOf(answer, 'evaluatorUserIds') ?? []
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <nav className="text-sm text-slate-500">
        <Link to="/projects" className="hover:underline">
          我的项目
        </Link>
        {project ? (
          <>
            {' / '}
            <Link to={`/projects/${project.id}`} className="hover:underline">
              {project.name}
            </Link>
          </>
        ) : null}{' '}
        / 发布采购公告
      </nav>
      <h1 className="text-2xl font-bold text-slate-900">发布采购公告</h1>

      <Form
        method="get"
        className={`${sectionClass} grid gap-4 sm:grid-cols-[1fr_1fr_auto] sm:items-end`}
        data-testid="announcement-step-1"
      >
        <Field label="项目" htmlFor="s-projectId" required>
          <select id="s-projectId" name="projectId" defaultValue={project?.id ?? ''} className={inputClass}>
            <option value="">请选择项目</option>
            {projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="审批事项" htmlFor="s-approvalItemCode" required>
          <select
            id="s-approvalItemCode"
            name="approvalItemCode"
            defaultValue={approvalItem?.code ?? ''}
            className={inputClass}
            disabled={!project}
          >
            <option value="">{project ? '请选择审批事项' : '请先选择项目'}</option>
            {project?.approvalItems.map((a) => (
              <option key={a.code} value={a.code}>
                {a.name}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit" className={secondaryButton}>
          {project ? '确定' : '下一步'}
        </button>
        {projects.length === 0 ? (
          <p className="text-sm text-slate-600 sm:col-span-3">
            还没有项目，请先
            <Link to="/projects/new" className="text-blue-800 underline">
              新建项目
            </Link>
            。
          </p>
        ) : null}
      </Form>

      {project && approvalItem ? (
        <Form method="post" className={`${sectionClass} space-y-5`} data-testid="announcement-form">
          <CsrfInput />
          <input type="hidden" name="projectId" value={project.id} />
          <input type="hidden" name="approvalItemCode" value={approvalItem.code} />
          <FormErrors errors={answer ? [answer.message] : undefined} />
          <p className="text-sm text-slate-600">
            项目：{project.name}（{FUNDING_LABELS[project.funding]}）· 审批事项：{approvalItem.name}
          </p>

          <fieldset>
            <legend className="text-sm font-medium text-slate-700">
              中介服务事项<span className="ml-0.5 text-red-600">*</span>
            </legend>
            <p className="mt-0.5 text-xs text-slate-500">
              只能选择该审批事项所需的中介服务事项（以中介服务事项清单为准）。
            </p>
            {services.length === 0 ? <p className="mt-2 text-sm text-slate-600">该审批事项不需要中介服务。</p> : null}
            <div className="mt-2 space-y-2">
              {services.map((s) => (
                <label
                  key={s.code}
                  className="flex items-start gap-2 rounded border border-slate-200 p-2 text-sm has-[:checked]:border-blue-500 has-[:checked]:bg-blue-50/50"
                >
                  <input
                    type="radio"
                    name="serviceItemCode"
                    value={s.code}
                    defaultChecked={chosenService === s.code}
                    className="mt-1"
                    data-testid={`service-${s.code}`}
                  />
                  <span className="min-w-0">
                    <span className="font-medium">{s.name}</span> <RequiredBadge required={s.required} />
                    {s.covered ? <span className="ml-1 text-xs text-slate-500">（已有公告在办理）</span> : null}
                    <span className="mt-0.5 block text-xs text-slate-600" data-testid={`qualification-${s.code}`}>
                      报名条件（依法设定，不可增减）：
                      {s.qualification ? `须持有有效的${s.qualification}` : '无资质要求'}
                      ；已入驻、提供该服务、未被列入黑名单的中介机构均可报名。
                    </span>
                  </span>
                </label>
              ))}
            </div>
            <ErrorList name="serviceItemCode" errors={errors.serviceItemCode} />
          </fieldset>

          <Field label="公告标题" htmlFor="a-title" required name="title" errors={errors.title}>
            <input
              id="a-title"
              name="title"
              defaultValue={value('title')}
              maxLength={200}
              className={inputClass}
              aria-invalid={invalid('title')}
            />
          </Field>
          <Field label="服务范围和内容" htmlFor="a-scope" required name="scope" errors={errors.scope}>
            <textarea
              id="a-scope"
              name="scope"
              rows={4}
              defaultValue={value('scope')}
              maxLength={5000}
              className={inputClass}
              aria-invalid={invalid('scope')}
            />
          </Field>

          <fieldset>
            <legend className="text-sm font-medium text-slate-700">
              选取方式<span className="ml-0.5 text-red-600">*</span>
            </legend>
            {isPublic ? (
              <p className="mt-1 text-xs text-amber-800" data-testid="direct-disabled-note">
                本项目使用财政资金，依规定不得采用直接选取方式。
              </p>
            ) : null}
            <div className="mt-2 space-y-2">
              {METHODS.map((method) => {
                const disabled = method === 'DIRECT' && isPublic
                return (
                  <label
                    key={method}
                    className={`flex items-start gap-2 rounded border border-slate-200 p-2 text-sm ${disabled ? 'opacity-60' : 'has-[:checked]:border-blue-500 has-[:checked]:bg-blue-50/50'}`}
                  >
                    <input
                      type="radio"
                      name="method"
                      value={method}
                      defaultChecked={chosenMethod === method}
                      disabled={disabled}
                      className="mt-1"
                      data-testid={`method-${method}`}
                    />
                    <span>
                      <span className="font-medium">{METHOD_LABELS[method]}</span>
                      <span className="block text-xs text-slate-600">{METHOD_DESCRIPTIONS[method]}</span>
                    </span>
                  </label>
                )
              })}
            </div>
            <ErrorList name="method" errors={errors.method} />
          </fieldset>

          <div className="grid gap-4 sm:grid-cols-2">
            <Field
              label="最高限价（元）"
              htmlFor="a-priceCeiling"
              name="priceCeiling"
              errors={errors.priceCeiling}
              hint="竞价选取、最优价中选、综合评分时填写"
            >
              <input
                id="a-priceCeiling"
                name="priceCeiling"
                inputMode="decimal"
                defaultValue={value('priceCeiling')}
                placeholder="如 150000.00"
                className={inputClass}
                aria-invalid={invalid('priceCeiling')}
              />
            </Field>
            <Field
              label="最低限价（元，可不填）"
              htmlFor="a-priceFloor"
              name="priceFloor"
              errors={errors.priceFloor}
              hint="仅竞价选取：低于最低限价的报价不予接受，防止恶意低价；多家报价均为最低限价时随机抽取"
            >
              <input
                id="a-priceFloor"
                name="priceFloor"
                inputMode="decimal"
                defaultValue={value('priceFloor')}
                placeholder="如 90000.00"
                className={inputClass}
                aria-invalid={invalid('priceFloor')}
              />
            </Field>
            <Field
              label="固定价格（元）"
              htmlFor="a-fixedPrice"
              name="fixedPrice"
              errors={errors.fixedPrice}
              hint="随机抽取时必填；直接选取时可填"
            >
              <input
                id="a-fixedPrice"
                name="fixedPrice"
                inputMode="decimal"
                defaultValue={value('fixedPrice')}
                placeholder="如 80000.00"
                className={inputClass}
                aria-invalid={invalid('fixedPrice')}
              />
            </Field>
          </div>

          <Field
            label="直接选取的中介机构编号"
            htmlFor="a-directIntermediaryId"
            name="directIntermediaryId"
            errors={errors.directIntermediaryId}
            hint={
              isPublic
                ? '财政资金项目不得直接选取，本项不可填写。'
                : '仅直接选取时填写：中介机构展示页网址 /intermediaries/ 之后的编号。被选取的机构须在截止时间前确认承接。'
            }
          >
            <input
              id="a-directIntermediaryId"
              name="directIntermediaryId"
              defaultValue={value('directIntermediaryId')}
              disabled={isPublic}
              autoComplete="off"
              className={`${inputClass} font-mono disabled:bg-slate-100`}
              aria-invalid={invalid('directIntermediaryId')}
            />
          </Field>

          <fieldset>
            <legend className="text-sm font-medium text-slate-700">综合评分权重（%）</legend>
            <p className="mt-0.5 text-xs text-slate-500">
              仅综合评分时填写，各项合计 100，随公告公布。技术分可不填（即 0）；填写大于 0
              的技术分权重时须指定评审人员。
            </p>
            <div className="mt-2 grid grid-cols-2 gap-3 sm:grid-cols-4">
              {(
                [
                  ['price', '价格分'],
                  ['credit', '信用分'],
                  ['rating', '评价分'],
                  ['technical', '技术分'],
                ] as const
              ).map(([key, label]) => (
                <div key={key}>
                  <label htmlFor={`a-weights-${key}`} className="block text-xs text-slate-600">
                    {label}
                  </label>
                  <input
                    id={`a-weights-${key}`}
                    name={`weights.${key}`}
                    type="number"
                    min={0}
                    max={100}
                    step={1}
                    defaultValue={value(`weights.${key}`)}
                    className={inputClass}
                  />
                  <ErrorList name={`weights.${key}`} errors={errors[`weights.${key}`]} />
                </div>
              ))}
            </div>
            <ErrorList name="weights" errors={errors.weights} />
          </fieldset>

          <fieldset data-testid="evaluators">
            <legend className="text-sm font-medium text-slate-700">评审人员</legend>
            <p className="mt-0.5 text-xs text-slate-500" data-testid="evaluators-hint">
              {`仅综合评分且技术分权重大于 0 时需要选择（技术分权重为 0 时不能选择），最多 9 名，须为本单位的用户。报名开启后评审人员会收到通知，须在 ${technicalScoringDays} 日内登录平台为每个有效报名评定技术分（0–100），各评审人员评分的平均值按权重计入总分。`}
            </p>
            <div className="mt-2 grid gap-2 sm:grid-cols-2">
              {evaluatorCandidates.map((user) => (
                <label
                  key={user.id}
                  className="flex items-start gap-2 rounded border border-slate-200 p-2 text-sm has-[:checked]:border-blue-500 has-[:checked]:bg-blue-50/50"
                >
                  <input
                    type="checkbox"
                    name="evaluatorUserIds"
                    value={user.id}
                    defaultChecked={chosenEvaluators.includes(user.id)}
                    className="mt-1"
                    data-testid={`evaluator-${user.id}`}
                  />
                  <span className="min-w-0">
                    <span className="font-medium">{user.name}</span>
                    <span className="block truncate text-xs text-slate-600">{user.email}</span>
                  </span>
                </label>
              ))}
            </div>
            <ErrorList name="evaluatorUserIds" errors={errors.evaluatorUserIds} />
          </fieldset>

          <div className="grid gap-4 sm:grid-cols-2">
            <Field
              label="报名截止时间（北京时间）"
              htmlFor="a-deadline"
              required
              name="deadline"
              errors={errors.deadline}
              hint={`距发布不得少于 ${minBiddingDays} 日；现在发布的话，最早 ${formatBeijingTime(earliest)}`}
            >
              <input
                id="a-deadline"
                name="deadline"
                type="datetime-local"
                defaultValue={value('deadline', suggestedDeadline)}
                className={inputClass}
                aria-invalid={invalid('deadline')}
              />
            </Field>
            <Field
              label="服务时限（工作日）"
              htmlFor="a-serviceDays"
              required
              name="serviceDays"
              errors={errors.serviceDays}
              hint={standardDays ? `该服务事项的标准时限为 ${standardDays} 个工作日` : undefined}
            >
              <input
                id="a-serviceDays"
                name="serviceDays"
                type="number"
                min={1}
                max={3650}
                defaultValue={value('serviceDays', standardDays ? String(standardDays) : '')}
                className={inputClass}
                aria-invalid={invalid('serviceDays')}
              />
            </Field>
          </div>
          <Field label="付款方式" htmlFor="a-paymentTerms" name="paymentTerms" errors={errors.paymentTerms}>
            <textarea
              id="a-paymentTerms"
              name="paymentTerms"
              rows={2}
              defaultValue={value('paymentTerms')}
              maxLength={1000}
              className={inputClass}
              placeholder="如：合同签订后预付 30%，成果通过审批后付清"
            />
          </Field>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="联系人" htmlFor="a-contactName" name="contactName" errors={errors.contactName}>
              <input
                id="a-contactName"
                name="contactName"
                defaultValue={value('contactName')}
                maxLength={64}
                className={inputClass}
              />
            </Field>
            <Field label="联系电话" htmlFor="a-contactPhone" name="contactPhone" errors={errors.contactPhone}>
              <input
                id="a-contactPhone"
                name="contactPhone"
                type="tel"
                defaultValue={value('contactPhone')}
                maxLength={32}
                className={inputClass}
              />
            </Field>
          </div>

          <Note>
            草稿不公开，可在公告管理页发布或终止。发布后报名开始，报价全程密封，截止前任何人（包括业主和平台）都看不到报名机构、数量和报价。
          </Note>
          <div className="flex flex-wrap gap-3">
            <button type="submit" name="intent" value="draft" className={secondaryButton} data-testid="save-draft">
              保存草稿
            </button>
            <button type="submit" name="intent" value="publish" className={primaryButton} data-testid="save-publish">
              保存并发布
            </button>
          </div>
        </Form>
      ) : project ? (
        <p className="text-sm text-slate-600">请选择审批事项。</p>
      ) : null}
    </div>
  )
}

export function ErrorBoundary() {
  return <ErrorPage />
}
