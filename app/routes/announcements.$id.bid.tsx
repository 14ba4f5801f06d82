// /announcements/{id}/bid — an intermediary's sealed bid: whether it is eligible (and why not), the
// bid form (a price, except for 随机抽取; an optional nonce for the verifiable draw), revision or
// re-confirmation after an amendment, and withdrawal, all until the deadline. Afterwards a clear
// message, and once the bids are opened its own price and validity. The same BidInput schema and
// domain functions as POST/PUT/DELETE /api/v1/announcements/{id}/bids(/mine); a refusal (422 not
// eligible or above the ceiling, 409 after the deadline) is shown in Chinese and changes nothing.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { CsrfInput } from '#app/components/csrf-input.tsx'
import { ErrorPage } from '#app/components/error-page.tsx'
import { Field, FormErrors, inputClass } from '#app/components/form-fields.tsx'
import {
  AnnouncementCrumbs,
  AnnouncementSummary,
  dangerButton,
  Done,
  headingClass,
  linkClass,
  Note,
  primaryButton,
  sectionClass,
} from '#app/components/workflow.tsx'
import { yuanText } from '#app/components/announcement-view.tsx'
import { prisma } from '#app/db.server.ts'
import { can } from '#app/domain/permissions/permissions.server.ts'
import { requireWebActor } from '#app/domain/accounts/session.server.ts'
import { getAnnouncement } from '#app/domain/announcements/announcements.server.ts'
import { BidInput } from '#app/domain/announcements/schemas.ts'
import { checkEligibility } from '#app/domain/bidding/eligibility.server.ts'
import { reviseBid, submitBid, withdrawBid } from '#app/domain/bidding/bids.server.ts'
import { now, syncClock } from '#app/domain/clock/clock.server.ts'

import { readCheckedForm } from '#app/utils/forms.server.ts'
import { formatBeijingTime } from '#app/domain/clock/china-time.ts'
import { orErrorPage } from '#app/utils/web.server.ts'
import { parseFormInput, runWorkflowAction } from '#app/utils/workflow-forms.server.ts'
import {
  bidInputFromForm,
  formValues,
  NONCE_EXPLANATION,
  valueOf,
  workflowAnswerFor,
  type WorkflowAnswer,
} from '#app/utils/workflow-forms.ts'

export const meta: MetaFunction = () => [{ title: '报名 — 中介服务网上超市' }]

async function requireIntermediary(request: Request) {
  const actor = await requireWebActor(request)
  if (!can(actor, 'create:bid', { organizationId: actor.organizationId }))
    throw new Response('仅中介机构可以报名', { status: 403 })
  return actor
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await syncClock()
  const actor = await requireIntermediary(request)
  const a = await orErrorPage(getAnnouncement(actor, params.id ?? ''))
  const at = now()
  const eligibility = await checkEligibility(
    prisma,
    actor.organizationId,
    { serviceItemCode: a.serviceItemCode, ownerOrganizationId: a.owner.id },
    at,
  )
  // The forms are the events the bid's machine would accept from this firm now.
  const allowed = new Set(a.allowedActions)
  return {
    a,
    eligibility,
    may: { bid: allowed.has('bid'), revise: allowed.has('reviseBid'), withdraw: allowed.has('withdrawBid') },
    deadlinePassed: at.getTime() >= new Date(a.deadline).getTime(),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  await syncClock()
  const formData = await readCheckedForm(request)
  const actor = await requireIntermediary(request)
  const id = params.id ?? ''
  const intent = String(formData.get('intent') ?? '')
  const values = formValues(formData)
  const done = (what: string) => redirect(`/announcements/${id}/bid?done=${what}`)
  if (intent === 'withdraw')
    return (await runWorkflowAction(intent, values, () => withdrawBid(actor, id))) ?? done('withdrawn')
  if (intent !== 'submit' && intent !== 'revise') throw new Response('未知的操作', { status: 400 })
  const parsed = parseFormInput(intent, BidInput, bidInputFromForm(formData), values)
  if (!parsed.ok) return parsed.answer
  const work = intent === 'submit' ? () => submitBid(actor, id, parsed.value) : () => reviseBid(actor, id, parsed.value)
  return (await runWorkflowAction(intent, values, work)) ?? done(intent === 'submit' ? 'submitted' : 'revised')
}

const DONE_MESSAGES: Record<string, string> = {
  submitted: '报名成功。报价已密封保存，截止前任何人（包括业主和平台）都看不到。',
  revised: '已保存新的报价（以最后一次为准）。',
  withdrawn: '已撤回报名。截止前可再次报名。',
}

function BidFields({
  answer,
  lottery,
  fixedPrice,
  ceiling,
  confirm,
}: {
  answer: WorkflowAnswer | undefined
  lottery: boolean
  fixedPrice: string | null
  ceiling: string | null
  confirm?: boolean
}) {
  const errors = answer?.fieldErrors ?? {}
  return (
    <>
      <FormErrors errors={answer ? [answer.message] : undefined} />
      {lottery ? (
        <p className="text-sm text-slate-700">随机抽取按业主给定的固定价格 {yuanText(fixedPrice)} 承接，无需报价。</p>
      ) : (
        <Field
          label={confirm ? '报价（元，请重新填写以确认）' : '报价（元）'}
          htmlFor="bid-price"
          required
          name="price"
          errors={errors.price}
          hint={ceiling ? `不得高于最高限价 ${yuanText(ceiling)}；最多两位小数` : '最多两位小数'}
        >
          <input
            id="bid-price"
            name="price"
            inputMode="decimal"
            defaultValue={valueOf(answer, 'price')}
            placeholder="如 98000.00"
            autoComplete="off"
            className={`${inputClass} max-w-xs`}
            data-testid="bid-price"
          />
        </Field>
      )}
      <Field label="随机数（可不填）" htmlFor="bid-nonce" name="nonce" errors={errors.nonce} hint={NONCE_EXPLANATION}>
        <input
          id="bid-nonce"
          name="nonce"
          defaultValue={valueOf(answer, 'nonce')}
          maxLength={64}
          autoComplete="off"
          className={`${inputClass} max-w-md font-mono`}
        />
      </Field>
    </>
  )
}

export default function BidPage() {
  const { a, eligibility, may, deadlinePassed } = useLoaderData<typeof loader>()
  const actionData = useActionData()
  const [searchParams] = useSearchParams()
  const done = DONE_MESSAGES[searchParams.get('done') ?? '']
  const submit = workflowAnswerFor(actionData, 'submit')
  const revise = workflowAnswerFor(actionData, 'revise')
  const withdraw = workflowAnswerFor(actionData, 'withdraw')
  const lottery = a.method === 'LOTTERY'
  const bid = a.myBid
  const active = bid?.status === 'ACTIVE'
  const biddingOpen = may.bid || may.revise || may.withdraw
  // A refusal whose form is no longer on the page (e.g. the deadline passed meanwhile) is shown on top.
  const shown = [may.bid && submit, may.revise && revise, may.withdraw && withdraw].filter(Boolean)
  const orphan = [submit, revise, withdraw].find((answer) => answer && !shown.includes(answer))
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <AnnouncementCrumbs announcement={a} here="报名" />
      {done ? <Done>{done}</Done> : null}
      <FormErrors errors={orphan ? [orphan.message] : undefined} />

      <AnnouncementSummary
        announcement={a}
        facts={
          <>
            <dt className="text-slate-500">项目业主</dt>
            <dd>{a.owner.name}</dd>
            <dt className="text-slate-500">中介服务事项</dt>
            <dd>{a.serviceItemName}</dd>
            <dt className="text-slate-500">{lottery ? '固定价格' : '最高限价'}</dt>
            <dd>{yuanText(lottery ? a.fixedPrice : a.priceCeiling)}</dd>
            {a.priceFloor ? (
              <>
                <dt className="text-slate-500">最低限价</dt>
                <dd data-testid="price-floor">{yuanText(a.priceFloor)}（低于最低限价的报价不予接受）</dd>
              </>
            ) : null}
            <dt className="text-slate-500">报名截止</dt>
            <dd>{formatBeijingTime(a.deadline)}（北京时间，以服务器时间为准）</dd>
            <dt className="text-slate-500">资质要求</dt>
            <dd>{a.qualificationRequirement ?? '无'}</dd>
          </>
        }
      />

      <section className={sectionClass} data-testid="eligibility">
        <h2 className={headingClass}>报名资格</h2>
        {eligibility.eligible ? (
          <p className="mt-2 text-sm text-green-800" data-testid="eligible">
            贵机构符合报名条件。
          </p>
        ) : (
          <p className="mt-2 text-sm text-red-700" data-testid="not-eligible">
            贵机构目前不符合报名条件：{eligibility.reason}
          </p>
        )}
        <p className="mt-1 text-xs text-slate-500">
          报名条件只有服务事项依法要求的资质（如有），以及：已入驻、提供该服务事项、未被暂停或列入黑名单、不是本项目业主。开启报名和确定中选时将再次核验。
        </p>
      </section>

      {a.method === 'DIRECT' ? (
        <Note testId="direct-note">
          本公告为直接选取，不接受报名。
          {a.directIntermediary ? (
            <Link to={`/announcements/${a.id}/direct`} className="ml-1 text-blue-800 underline">
              被选取的机构请在此答复
            </Link>
          ) : null}
        </Note>
      ) : !biddingOpen ? (
        <section className={sectionClass} data-testid="bidding-closed">
          <h2 className={headingClass}>{deadlinePassed || a.status !== 'PUBLISHED' ? '报名已截止' : '不在报名阶段'}</h2>
          <p className="mt-2 text-sm text-slate-700">
            {a.status === 'CANCELLED'
              ? `公告已终止${a.statusReason ? `：${a.statusReason}` : '。'}`
              : `报名截止时间为 ${formatBeijingTime(a.deadline)}，截止后不能再报名、修改或撤回。`}
          </p>
          {bid && active ? (
            <p className="mt-2 text-sm text-slate-700" data-testid="my-bid-result">
              贵机构的报名：{bid.price !== null ? `报价 ${yuanText(bid.price)}` : '报价密封中，开启后显示'}
              {bid.valid === false ? `；无效：${bid.invalidReason ?? ''}` : bid.valid ? '；有效' : ''}
              {bid.needsReconfirmation ? '；公告变更后未重新确认' : ''}
            </p>
          ) : null}
          {a.openedAt && ['PUBLICITY', 'AWARDED', 'FAILED'].includes(a.status) ? (
            <p className="mt-2 text-sm">
              <Link to={`/announcements/${a.id}/result`} className={linkClass}>
                查看选取结果
              </Link>
              {a.status === 'PUBLICITY' && active ? (
                <>
                  {' · '}
                  <Link to={`/announcements/${a.id}/objections`} className={linkClass}>
                    对结果提出质疑
                  </Link>
                </>
              ) : null}
            </p>
          ) : null}
        </section>
      ) : active && bid ? (
        <>
          <section className={sectionClass} data-testid="my-bid">
            <h2 className={headingClass}>贵机构的报名</h2>
            <p className="mt-2 text-sm text-slate-700">
              已报名（第 {bid.version} 版，最后修改于 {formatBeijingTime(bid.updatedAt)}）
              {bid.price !== null ? (
                <>
                  ，当前报价 <span data-testid="my-bid-price">{yuanText(bid.price)}</span>
                </>
              ) : null}
              。报价已密封保存，开启前只有贵机构自己能看到，业主、其他机构和平台都看不到。
            </p>
            <MyBidHistory versions={bid.versions} />
            <p className="mt-1 text-xs text-slate-500">
              贵机构的随机数：<span className="font-mono">{bid.nonce}</span>
            </p>
            {bid.needsReconfirmation ? (
              <div className="mt-3">
                <Note testId="needs-reconfirmation">
                  业主已发布变更公告。请在截止前按变更后的公告重新确认报名（重新填写报价），否则报名将视为无效。
                </Note>
              </div>
            ) : null}
            {may.revise ? (
              <Form method="post" className="mt-4 space-y-4">
                <CsrfInput />
                <input type="hidden" name="intent" value="revise" />
                <BidFields
                  answer={revise}
                  lottery={lottery}
                  fixedPrice={a.fixedPrice}
                  ceiling={a.priceCeiling}
                  confirm={bid.needsReconfirmation}
                />
                <button type="submit" className={primaryButton} data-testid="bid-revise">
                  {bid.needsReconfirmation ? '重新确认报名' : '修改报价'}
                </button>
              </Form>
            ) : null}
          </section>
          {may.withdraw ? (
            <section className={sectionClass}>
              <h2 className={headingClass}>撤回报名</h2>
              <Form method="post" className="mt-3 space-y-3">
                <CsrfInput />
                <FormErrors errors={withdraw ? [withdraw.message] : undefined} />
                <p className="text-sm text-slate-600">撤回后截止前仍可再次报名。</p>
                <button
                  type="submit"
                  name="intent"
                  value="withdraw"
                  className={dangerButton}
                  data-testid="bid-withdraw"
                >
                  撤回报名
                </button>
              </Form>
            </section>
          ) : null}
        </>
      ) : may.bid ? (
        <section className={sectionClass} data-testid="bid-form-section">
          <h2 className={headingClass}>{bid?.status === 'WITHDRAWN' ? '再次报名' : '报名并报价'}</h2>
          <Form method="post" className="mt-3 space-y-4" data-testid="bid-form">
            <CsrfInput />
            <input type="hidden" name="intent" value="submit" />
            <BidFields answer={submit} lottery={lottery} fixedPrice={a.fixedPrice} ceiling={a.priceCeiling} />
            <p className="text-xs text-slate-500">
              报价以密文保存，截止时由系统统一开启；截止前可修改或撤回，以最后一次为准。
            </p>
            <button type="submit" className={primaryButton} data-testid="bid-submit">
              {lottery ? '报名' : '提交报价'}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  )
}

const VERSION_ACTIONS: Record<string, string> = {
  SUBMIT: '报名',
  REVISE: '修改报价',
  CONFIRM: '重新确认',
  WITHDRAW: '撤回',
  ACCEPT: '确认承接',
}

/** The firm's own versions with its own prices (nobody else sees them before the opening). */
function MyBidHistory({
  versions,
}: {
  versions: Array<{ version: number; action: string; price: string | null; at: string }>
}) {
  if (versions.length === 0) return null
  return (
    <table className="mt-3 w-full text-left text-sm" data-testid="my-bid-versions">
      <caption className="text-left text-xs text-slate-500">报名记录（仅贵机构可见）</caption>
      <thead>
        <tr className="text-slate-500">
          <th className="py-1 font-normal">版本</th>
          <th className="py-1 font-normal">操作</th>
          <th className="py-1 font-normal">报价</th>
          <th className="py-1 font-normal">时间（北京时间）</th>
        </tr>
      </thead>
      <tbody>
        {versions.map((v) => (
          <tr key={v.version} className="border-t border-slate-100">
            <td className="py-1">第 {v.version} 版</td>
            <td className="py-1">{VERSION_ACTIONS[v.action] ?? v.action}</td>
            <td className="py-1">{v.price !== null ? yuanText(v.price) : '—'}</td>
            <td className="py-1">{formatBeijingTime(v.at)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export function ErrorBoundary() {
  return <ErrorPage />
}
