// /announcements/{id}/manage — the owner's desk for one announcement: publish a draft, amend it while
// bidding is open (reason + the changed fields; every bid must then be re-confirmed), cancel it with a
// public reason, re-announce after 流标, see the opened bids after the deadline, and answer objections
// (质疑), and add or remove attachments while it is a draft; for 综合评分 with a technical weight, which
// named evaluator has submitted scores. Only the owner's organization: anyone else gets 403 (404 for a draft).
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import type { InputHTMLAttributes, ReactNode } from 'react'
import { CsrfInput } from '#app/components/csrf-input.tsx'
import { yuanText } from '#app/components/announcement-view.tsx'
import { ErrorPage } from '#app/components/error-page.tsx'
import { Field, FormErrors, inputClass } from '#app/components/form-fields.tsx'
import {
  AnnouncementSummary,
  dangerButton,
  Done,
  headingClass,
  linkClass,
  Note,
  ObjectionStatusBadge,
  primaryButton,
  sectionClass,
  UpheldFieldset,
} from '#app/components/workflow.tsx'
import { requireWebActor } from '#app/domain/accounts/session.server.ts'
import {
  amendAnnouncement,
  cancelAnnouncement,
  getAnnouncement,
  publishAnnouncement,
  reannounce,
} from '#app/domain/announcements/announcements.server.ts'
import {
  AmendmentInput,
  ObjectionAnswerInput,
  ReannounceInput,
  ReasonInput,
} from '#app/domain/announcements/schemas.ts'
import { addAttachment, removeAttachment } from '#app/domain/announcements/attachments.server.ts'
import { OPENED_STATES } from '#app/domain/announcements/states.ts'
import { answerObjection, listObjections } from '#app/domain/award/objections.server.ts'
import { listEvaluators } from '#app/domain/award/responses.server.ts'
import { listOpenedBids } from '#app/domain/bidding/bids.server.ts'
import { FUNDING_LABELS } from '#app/utils/announcement-labels.ts'
import { chinaLocalToIso } from '#app/domain/clock/china-time.ts'
import { formAnswer, readCheckedForm, uploadedFileOf } from '#app/utils/forms.server.ts'
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from '#app/utils/file-type.ts'
import { formatBeijingTime } from '#app/domain/clock/china-time.ts'
import { orErrorPage } from '#app/utils/web.server.ts'
import { parseFormInput, runWorkflowAction } from '#app/utils/workflow-forms.server.ts'
import {
  amendmentInputFromForm,
  booleanField,
  formValues,
  optionalField,
  valueOf,
  workflowAnswerFor,
  type WorkflowAnswer,
} from '#app/utils/workflow-forms.ts'

export const meta: MetaFunction = () => [{ title: '公告管理 — 中介服务网上超市' }]

async function ownAnnouncement(request: Request, id: string) {
  const actor = await requireWebActor(request)
  const announcement = await orErrorPage(getAnnouncement(actor, id))
  if (!announcement.isOwner) throw new Response('只有发布该公告的项目业主可以管理', { status: 403 })
  return { actor, announcement }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = params.id ?? ''
  const { actor, announcement: a } = await ownAnnouncement(request, id)
  const opened = a.openedAt !== null && OPENED_STATES.includes(a.status)
  const [bids, objections, evaluators] = await Promise.all([
    opened ? orErrorPage(listOpenedBids(actor, id)) : Promise.resolve(null),
    listObjections(actor, id),
    orErrorPage(listEvaluators(actor, id)),
  ])
  // The buttons are the events the announcement's machine would accept from this owner now.
  const allowed = new Set(a.allowedActions)
  return {
    a,
    bids,
    objections,
    evaluators: evaluators.map((e) => ({ ...e, isMe: e.userId === actor.userId })),
    can: {
      publish: allowed.has('publish'),
      amend: allowed.has('amend'),
      cancel: allowed.has('cancel'),
      reannounce: allowed.has('reannounce'),
      attach: allowed.has('attach'),
      detach: allowed.has('detach'),
    },
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  if (Number(request.headers.get('Content-Length') ?? 0) > MAX_ATTACHMENT_BYTES + 64 * 1024) {
    return formAnswer('attach', '附件不得超过 20 MiB', { file: ['文件过大，不得超过 20 MiB'] }, 413)
  }
  const formData = await readCheckedForm(request)
  const id = params.id ?? ''
  const { actor } = await ownAnnouncement(request, id)
  const intent = String(formData.get('intent') ?? '')
  const values = formValues(formData)
  const done = (what: string) => redirect(`/announcements/${id}/manage?done=${what}`)
  switch (intent) {
    case 'publish':
      return (await runWorkflowAction(intent, values, () => publishAnnouncement(actor, id))) ?? done('published')
    case 'amend': {
      const parsed = parseFormInput(intent, AmendmentInput, amendmentInputFromForm(formData), values)
      if (!parsed.ok) return parsed.answer
      return (
        (await runWorkflowAction(intent, values, () => amendAnnouncement(actor, id, parsed.value))) ?? done('amended')
      )
    }
    case 'cancel': {
      const parsed = parseFormInput(intent, ReasonInput, { reason: optionalField(formData, 'reason') ?? '' }, values)
      if (!parsed.ok) return parsed.answer
      return (
        (await runWorkflowAction(intent, values, () => cancelAnnouncement(actor, id, parsed.value.reason))) ??
        done('cancelled')
      )
    }
    case 'reannounce': {
      const input = {
        deadline: chinaLocalToIso(optionalField(formData, 'deadline')),
        title: optionalField(formData, 'title'),
      }
      const parsed = parseFormInput(intent, ReannounceInput, input, values)
      if (!parsed.ok) return parsed.answer
      let copyId = ''
      const failed = await runWorkflowAction(intent, values, async () => {
        copyId = (await reannounce(actor, id, parsed.value)).id
      })
      return failed ?? redirect(`/announcements/${copyId}/manage?done=reannounced`)
    }
    case 'attach': {
      const file = await uploadedFileOf(formData)
      if (!file) return formAnswer(intent, '请选择附件文件', { file: ['请选择文件'] })
      return (await runWorkflowAction(intent, undefined, () => addAttachment(actor, id, file))) ?? done('attached')
    }
    case 'detach': {
      const fileId = optionalField(formData, 'fileId') ?? ''
      return (await runWorkflowAction(intent, undefined, () => removeAttachment(actor, id, fileId))) ?? done('detached')
    }
    case 'answer': {
      const objectionId = optionalField(formData, 'objectionId') ?? ''
      const answerIntent = `answer-${objectionId}`
      const input = { answer: optionalField(formData, 'answer') ?? '', upheld: booleanField(formData, 'upheld') }
      const parsed = parseFormInput(answerIntent, ObjectionAnswerInput, input, values)
      if (!parsed.ok) return parsed.answer
      return (
        (await runWorkflowAction(answerIntent, values, () => answerObjection(actor, id, objectionId, parsed.value))) ??
        done('answered')
      )
    }
    default:
      throw new Response('未知的操作', { status: 400 })
  }
}

const DONE_MESSAGES: Record<string, string> = {
  published: '公告已发布，报名开始。',
  amended: '变更公告已发布；已报名的机构须在截止前重新确认报名。',
  cancelled: '公告已终止，终止理由已公开。',
  reannounced: '已根据流标公告生成新的公告草稿，请核对后发布。',
  answered: '已答复质疑。',
  attached: '附件已上传。',
  detached: '附件已删除。',
}

/** The placeholder of an amendment field: the current value, or nothing. */
const current = (value: string | null) => (value ? `现为：${value}` : undefined)

/** One input of the amendment form: left empty, the current value (its placeholder) stays. */
function AmendField({
  answer,
  name,
  label,
  now,
  hint,
  required,
  ...input
}: {
  answer: WorkflowAnswer | undefined
  name: string
  label: string
  now?: string | null
  hint?: string
  required?: boolean
} & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <Field
      label={label}
      htmlFor={`m-${name}`}
      name={name}
      required={required}
      hint={hint}
      errors={answer?.fieldErrors[name]}
    >
      <input
        id={`m-${name}`}
        name={name}
        defaultValue={valueOf(answer, name)}
        placeholder={current(now ?? null)}
        className={inputClass}
        {...input}
      />
    </Field>
  )
}

function Errors({ answer }: { answer: WorkflowAnswer | undefined }) {
  return <FormErrors errors={answer ? [answer.message] : undefined} />
}

function Panel({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <section className={sectionClass} data-testid={testId}>
      <h2 className={headingClass}>{title}</h2>
      <div className="mt-3">{children}</div>
    </section>
  )
}

export default function ManageAnnouncementPage() {
  const { a, bids, objections, evaluators, can } = useLoaderData<typeof loader>()
  const actionData = useActionData()
  const [searchParams] = useSearchParams()
  const done = DONE_MESSAGES[searchParams.get('done') ?? '']
  const publish = workflowAnswerFor(actionData, 'publish')
  const amend = workflowAnswerFor(actionData, 'amend')
  const cancel = workflowAnswerFor(actionData, 'cancel')
  const again = workflowAnswerFor(actionData, 'reannounce')
  const attach = workflowAnswerFor(actionData, 'attach') ?? workflowAnswerFor(actionData, 'detach')
  const fixedPriceMethod = a.method === 'LOTTERY' || a.method === 'DIRECT'
  // A refusal whose panel is no longer shown (the state changed meanwhile) is shown on top.
  const answered = objections.filter((o) => o.allowedActions.includes('answer')).map((o) => `answer-${o.id}`)
  const reply = actionData as WorkflowAnswer | undefined
  const panelShown = (intent: string) =>
    ({
      publish: can.publish,
      amend: can.amend,
      cancel: can.cancel,
      reannounce: can.reannounce,
      attach: can.attach,
      detach: can.detach,
    })[intent] ?? answered.includes(intent)
  const orphan = reply?.intent && !panelShown(reply.intent) ? reply : undefined
  return (
    <div className="space-y-6">
      <nav className="text-sm text-slate-500">
        <Link to="/projects" className="hover:underline">
          我的项目
        </Link>{' '}
        /{' '}
        <Link to={`/projects/${a.projectId}`} className="hover:underline">
          {a.projectName}
        </Link>{' '}
        / 公告管理
      </nav>
      {done ? <Done>{done}</Done> : null}
      <Errors answer={orphan} />
      {searchParams.get('notice') === 'publish-failed' ? (
        <Note testId="publish-failed">草稿已保存，但未能发布。请点击下方“发布”查看原因。</Note>
      ) : null}

      <AnnouncementSummary
        announcement={a}
        titleTestId="announcement-title"
        facts={
          <>
            <dt className="text-slate-500">审批事项</dt>
            <dd>{a.approvalItemName}</dd>
            <dt className="text-slate-500">中介服务事项</dt>
            <dd>{a.serviceItemName}</dd>
            <dt className="text-slate-500">资金来源</dt>
            <dd>{FUNDING_LABELS[a.funding]}</dd>
            <dt className="text-slate-500">{fixedPriceMethod ? '固定价格' : '最高限价'}</dt>
            <dd>{yuanText(fixedPriceMethod ? a.fixedPrice : a.priceCeiling)}</dd>
            {a.directIntermediary ? (
              <>
                <dt className="text-slate-500">直接选取</dt>
                <dd>
                  {a.directIntermediary.name}
                  {a.directResponse ? `（${a.directResponse === 'ACCEPTED' ? '已接受' : '已拒绝'}）` : ''}
                </dd>
              </>
            ) : null}
            <dt className="text-slate-500">报名截止</dt>
            <dd data-testid="deadline">{formatBeijingTime(a.deadline)}</dd>
            <dt className="text-slate-500">服务时限</dt>
            <dd>{a.serviceDays} 个工作日</dd>
            {a.publishedAt ? (
              <>
                <dt className="text-slate-500">发布时间</dt>
                <dd>{formatBeijingTime(a.publishedAt)}</dd>
              </>
            ) : null}
            {a.statusReason ? (
              <>
                <dt className="text-slate-500">说明</dt>
                <dd>{a.statusReason}</dd>
              </>
            ) : null}
          </>
        }
      >
        <p className="mt-3 flex flex-wrap gap-4 text-sm">
          <Link to={`/announcements/${a.id}`} className={linkClass}>
            查看公告页
          </Link>
          {['PUBLICITY', 'AWARDED', 'FAILED'].includes(a.status) && a.openedAt ? (
            <Link to={`/announcements/${a.id}/result`} className={linkClass}>
              查看选取结果
            </Link>
          ) : null}
          {a.previousId ? (
            <Link to={`/announcements/${a.previousId}/manage`} className={linkClass}>
              原（流标）公告
            </Link>
          ) : null}
        </p>
      </AnnouncementSummary>

      {can.publish ? (
        <Panel title="发布" testId="publish-panel">
          <Form method="post" className="space-y-3">
            <CsrfInput />
            <Errors answer={publish} />
            <p className="text-sm text-slate-600">
              发布后报名开始；平台生成抽取种子并公布其 SHA-256 承诺值，开启报名时公开种子，任何人都可复算抽取结果。
            </p>
            <button type="submit" name="intent" value="publish" className={primaryButton} data-testid="publish">
              发布
            </button>
          </Form>
        </Panel>
      ) : null}

      {can.attach || a.attachments.length > 0 ? (
        <Panel title="附件" testId="attachments-panel">
          <Errors answer={attach} />
          {a.attachments.length > 0 ? (
            <ul className="divide-y divide-slate-100 text-sm">
              {a.attachments.map((file) => (
                <li key={file.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                  <a href={`/announcements/${a.id}/attachments/${file.id}`} className={linkClass}>
                    {file.name}（{Math.max(1, Math.round(file.size / 1024))} KB）
                  </a>
                  {can.detach ? (
                    <Form method="post">
                      <CsrfInput />
                      <input type="hidden" name="fileId" value={file.id} />
                      <button
                        type="submit"
                        name="intent"
                        value="detach"
                        className="text-sm text-red-700 hover:underline"
                      >
                        删除
                      </button>
                    </Form>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-slate-500">尚未上传附件。</p>
          )}
          {can.attach && a.attachments.length < MAX_ATTACHMENTS ? (
            <Form method="post" encType="multipart/form-data" className="mt-3 flex flex-wrap items-center gap-2">
              <CsrfInput />
              <input type="hidden" name="intent" value="attach" />
              <input
                type="file"
                name="file"
                accept="application/pdf,image/jpeg,image/png"
                className="text-sm"
                aria-label="选择附件"
                data-testid="attachment-file"
              />
              <button type="submit" className={primaryButton} data-testid="attachment-upload">
                上传附件
              </button>
              <span className="text-xs text-slate-500">
                PDF、JPG 或 PNG，单个不超过 20 MiB，最多 {MAX_ATTACHMENTS} 个；发布后不能再增删。
              </span>
            </Form>
          ) : null}
        </Panel>
      ) : null}

      {can.amend ? (
        <Panel title="变更公告" testId="amend-panel">
          <Form method="post" className="space-y-4">
            <CsrfInput />
            <input type="hidden" name="intent" value="amend" />
            <Errors answer={amend} />
            <p className="text-sm text-slate-600">
              只填写需要变更的内容；留空的保持不变。变更后截止时间距变更发布不得少于规定天数，已报名的机构须重新确认报名。选取方式和服务事项不能变更。
            </p>
            <AmendField answer={amend} name="reason" label="变更理由" required maxLength={500} />
            <AmendField answer={amend} name="title" label="公告标题" now={a.title} maxLength={200} />
            <Field label="服务范围和内容" htmlFor="m-scope" name="scope" errors={amend?.fieldErrors.scope}>
              <textarea
                id="m-scope"
                name="scope"
                rows={3}
                defaultValue={valueOf(amend, 'scope')}
                placeholder={current(a.scope)}
                className={inputClass}
              />
            </Field>
            <div className="grid gap-4 sm:grid-cols-2">
              {fixedPriceMethod ? (
                <AmendField
                  answer={amend}
                  name="fixedPrice"
                  label="固定价格（元）"
                  now={a.fixedPrice}
                  inputMode="decimal"
                />
              ) : (
                <AmendField
                  answer={amend}
                  name="priceCeiling"
                  label="最高限价（元）"
                  now={a.priceCeiling}
                  inputMode="decimal"
                />
              )}
              {a.method === 'LOWEST_PRICE' ? (
                <AmendField
                  answer={amend}
                  name="priceFloor"
                  label="最低限价（元）"
                  now={a.priceFloor}
                  inputMode="decimal"
                />
              ) : null}
              <AmendField
                answer={amend}
                name="deadline"
                label="报名截止时间（北京时间）"
                hint={`现为 ${formatBeijingTime(a.deadline)}`}
                type="datetime-local"
              />
              <AmendField
                answer={amend}
                name="serviceDays"
                label="服务时限（工作日）"
                now={String(a.serviceDays)}
                type="number"
                min={1}
              />
              <AmendField answer={amend} name="paymentTerms" label="付款方式" now={a.paymentTerms} />
              <AmendField answer={amend} name="contactName" label="联系人" now={a.contactName} />
              <AmendField answer={amend} name="contactPhone" label="联系电话" now={a.contactPhone} type="tel" />
            </div>
            <button type="submit" className={primaryButton} data-testid="amend">
              发布变更公告
            </button>
          </Form>
          {a.amendments.length > 0 ? (
            <ol className="mt-4 space-y-1 text-sm text-slate-600">
              {a.amendments.map((m) => (
                <li key={m.number}>
                  第 {m.number} 号变更（{formatBeijingTime(m.createdAt)}）：{m.reason}
                </li>
              ))}
            </ol>
          ) : null}
        </Panel>
      ) : null}

      {can.reannounce ? (
        <Panel title="重新发布（流标后）" testId="reannounce-panel">
          <Form method="post" className="space-y-4">
            <CsrfInput />
            <input type="hidden" name="intent" value="reannounce" />
            <Errors answer={again} />
            <p className="text-sm text-slate-600">
              按原公告内容生成新的公告草稿，需设定新的报名截止时间。重新公告后有效报名仍不足的，可按实际有效报名继续选取。
            </p>
            <div className="grid gap-4 sm:grid-cols-2">
              <Field
                label="新的报名截止时间（北京时间）"
                htmlFor="r-deadline"
                required
                name="deadline"
                errors={again?.fieldErrors.deadline}
              >
                <input
                  id="r-deadline"
                  name="deadline"
                  type="datetime-local"
                  defaultValue={valueOf(again, 'deadline')}
                  className={inputClass}
                />
              </Field>
              <Field label="新的公告标题（可不填）" htmlFor="r-title" name="title" errors={again?.fieldErrors.title}>
                <input
                  id="r-title"
                  name="title"
                  defaultValue={valueOf(again, 'title')}
                  placeholder={a.title}
                  className={inputClass}
                />
              </Field>
            </div>
            <button type="submit" className={primaryButton} data-testid="reannounce">
              生成重新公告草稿
            </button>
          </Form>
        </Panel>
      ) : null}

      {bids ? (
        <Panel title={`开启后的报名（${bids.length} 家）`} testId="opened-bids">
          {bids.length === 0 ? (
            <p className="text-sm text-slate-600">没有有效报名。</p>
          ) : (
            <div className="overflow-x-auto">
              <table className="w-full min-w-[44rem] text-left text-sm">
                <thead className="text-xs text-slate-500">
                  <tr>
                    <th className="py-1 pr-3 font-medium">中介机构</th>
                    <th className="py-1 pr-3 font-medium">统一社会信用代码</th>
                    <th className="py-1 pr-3 font-medium">报价（元）</th>
                    <th className="py-1 pr-3 font-medium">有效性</th>
                    <th className="py-1 pr-3 font-medium">随机数</th>
                    <th className="py-1 font-medium">报名 / 最后修改</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {bids.map((b) => (
                    <tr key={b.bidId}>
                      <td className="py-2 pr-3">
                        <Link to={`/intermediaries/${b.intermediaryId}`} className={linkClass}>
                          {b.intermediaryName}
                        </Link>
                      </td>
                      <td className="py-2 pr-3 font-mono text-xs">{b.uscc}</td>
                      <td className="py-2 pr-3 tabular-nums">{b.price ?? '—'}</td>
                      <td className="py-2 pr-3">
                        {b.excluded ? (
                          <span className="text-red-700">已排除：{b.excludedReason}</span>
                        ) : b.valid === false ? (
                          <span className="text-red-700">无效：{b.invalidReason}</span>
                        ) : b.valid ? (
                          '有效'
                        ) : (
                          '待审查'
                        )}
                      </td>
                      <td className="max-w-[10rem] truncate py-2 pr-3 font-mono text-xs" title={b.nonce}>
                        {b.nonce}
                      </td>
                      <td className="py-2 text-xs text-slate-600">
                        {formatBeijingTime(b.submittedAt)} / {formatBeijingTime(b.lastChangedAt)}（共 {b.versions} 版）
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Panel>
      ) : a.status === 'PUBLISHED' ? (
        <Panel title="报名情况">
          <p className="text-sm text-slate-600">
            报名密封进行中：截止前任何人都看不到报名机构、数量和报价。截止后系统自动开启报名。
          </p>
        </Panel>
      ) : null}

      {evaluators.length > 0 ? (
        <Panel title="评审人员（技术评分）" testId="evaluators">
          <p className="text-sm text-slate-600">
            {a.status === 'DRAFT' || a.status === 'PUBLISHED'
              ? '报名开启后，以下评审人员将收到通知，为每个有效报名评定技术分。'
              : '全部评审人员提交评分后（或评分期届满时）产生选取结果。'}
          </p>
          <ul className="mt-2 divide-y divide-slate-100 text-sm">
            {evaluators.map((e) => (
              <li
                key={e.userId}
                className="flex flex-wrap items-center justify-between gap-2 py-2"
                data-testid={`evaluator-${e.userId}`}
              >
                <span>
                  {e.name} <span className="text-xs text-slate-500">{e.email}</span>
                </span>
                <span className="flex items-center gap-3">
                  {e.submittedAt ? (
                    <span className="text-green-800">已提交（{formatBeijingTime(e.submittedAt)}）</span>
                  ) : (
                    <span className="text-slate-500">未提交</span>
                  )}
                  {e.isMe ? (
                    <Link to={`/announcements/${a.id}/scores`} className={linkClass} data-testid="my-scores">
                      {e.submittedAt || a.status !== 'EVALUATING' ? '我的评分' : '前往评分'}
                    </Link>
                  ) : null}
                </span>
              </li>
            ))}
          </ul>
        </Panel>
      ) : null}

      {objections.length > 0 ? (
        <Panel title="质疑" testId="objections">
          <ul className="space-y-4">
            {objections.map((o) => {
              const reply = workflowAnswerFor(actionData, `answer-${o.id}`)
              return (
                <li
                  key={o.id}
                  className="rounded border border-slate-200 p-3 text-sm"
                  data-testid={`objection-${o.id}`}
                >
                  <div className="flex flex-wrap items-center gap-2">
                    <ObjectionStatusBadge status={o.status} />
                    <span className="text-xs text-slate-500">提出于 {formatBeijingTime(o.createdAt)}</span>
                  </div>
                  <p className="mt-2 whitespace-pre-line">{o.reason}</p>
                  {o.answer ? <p className="mt-2 text-slate-700">业主答复：{o.answer}</p> : null}
                  {o.decision ? <p className="mt-2 text-slate-700">主管部门决定：{o.decision}</p> : null}
                  {o.allowedActions.includes('answer') ? (
                    <Form method="post" className="mt-3 space-y-3">
                      <CsrfInput />
                      <input type="hidden" name="intent" value="answer" />
                      <input type="hidden" name="objectionId" value={o.id} />
                      <Errors answer={reply} />
                      <Field
                        label="答复内容"
                        htmlFor={`ans-${o.id}`}
                        required
                        name="answer"
                        errors={reply?.fieldErrors.answer}
                      >
                        <textarea
                          id={`ans-${o.id}`}
                          name="answer"
                          rows={3}
                          defaultValue={valueOf(reply, 'answer')}
                          className={inputClass}
                        />
                      </Field>
                      <UpheldFieldset
                        checked={valueOf(reply, 'upheld')}
                        errors={reply?.fieldErrors.upheld}
                        upheldLabel="成立（取消现中选结果，重新确定）"
                        rejectedLabel="不成立（维持原结果）"
                      />
                      <button type="submit" className={primaryButton}>
                        提交答复
                      </button>
                    </Form>
                  ) : null}
                </li>
              )
            })}
          </ul>
        </Panel>
      ) : null}

      {can.cancel ? (
        <Panel title="终止公告" testId="cancel-panel">
          <Form method="post" className="space-y-3">
            <CsrfInput />
            <input type="hidden" name="intent" value="cancel" />
            <Errors answer={cancel} />
            <Field
              label="终止理由（将公开）"
              htmlFor="c-reason"
              required
              name="reason"
              errors={cancel?.fieldErrors.reason}
            >
              <input
                id="c-reason"
                name="reason"
                defaultValue={valueOf(cancel, 'reason')}
                maxLength={500}
                className={inputClass}
              />
            </Field>
            <button type="submit" className={dangerButton} data-testid="cancel">
              终止公告
            </button>
          </Form>
        </Panel>
      ) : null}
    </div>
  )
}

export function ErrorBoundary() {
  return <ErrorPage />
}
