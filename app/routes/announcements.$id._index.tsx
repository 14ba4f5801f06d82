// /announcements/{id} — one purchase announcement: every public field, the amendments, the seed
// commitment of the draw, and the actions of the viewer's role (links to the bid, manage,
// objection and direct-selection pages). Sealed until the opening: no bid count, and a bidder sees
// only that it has bid, never a price. (Named `$id._index` so that /announcements/{id}/… pages are
// siblings, not children rendered inside this one.)
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import {
  AMENDMENT_FIELD_LABELS,
  AnnouncementStatusBadge,
  amendedValue,
  yuanText,
} from '#app/components/announcement-view.tsx'
import { ErrorPage } from '#app/components/error-page.tsx'
import { getWebActor } from '#app/domain/accounts/session.server.ts'
import { getAnnouncement, type AnnouncementView } from '#app/domain/announcements/announcements.server.ts'
import { OPENED_STATES } from '#app/domain/announcements/states.ts'
import { formatBeijingTime } from '#app/domain/clock/china-time.ts'
import { now, syncClock } from '#app/domain/clock/clock.server.ts'
import { regionTrails } from '#app/domain/intermediaries/listing.server.ts'
import { hasPermission, type Actor } from '#app/domain/permissions/permissions.server.ts'
import { FUNDING_LABELS, METHOD_DESCRIPTIONS, METHOD_LABELS } from '#app/utils/announcement-labels.ts'
import { orErrorPage } from '#app/utils/web.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.announcement.title} — 采购公告` : '采购公告 — 中介服务网上超市' },
]

type Action = { to: string; label: string; hint: string; testId: string; primary?: boolean }

const RESULT_STATES = ['PUBLICITY', 'AWARDED', 'FAILED']

/** The links the viewer may follow from here; each target page checks again on the server. */
function actionsFor(a: AnnouncementView, actor: Actor | null, biddingOpen: boolean): Action[] {
  const base = `/announcements/${a.id}`
  const actions: Action[] = []
  if (a.openedAt && RESULT_STATES.includes(a.status)) {
    actions.push({
      to: `${base}/result`,
      label: '中选结果与抽取证明',
      hint: '排名、无效报名及理由、可复核的随机抽取',
      testId: 'action-result',
    })
  }
  if (a.isOwner) {
    const hints: Record<string, string> = {
      DRAFT: '核对后发布公告',
      PUBLISHED: '发布变更公告或终止公告；截止前看不到任何报名',
      EVALUATING: '查看开启后的报名',
      PUBLICITY: '查看开启后的报名、答复质疑',
      AWARDED: '查看报名与成交结果',
      FAILED: '流标后可重新发布',
      CANCELLED: '公告已终止',
    }
    actions.push({
      to: `${base}/manage`,
      label: '管理本公告',
      hint: hints[a.status] ?? '',
      testId: 'action-manage',
      primary: true,
    })
    return actions
  }
  if (!actor) {
    if (biddingOpen && a.method !== 'DIRECT') {
      actions.push({
        to: `/login?redirectTo=${encodeURIComponent(`${base}/bid`)}`,
        label: '登录后报名',
        hint: '已入驻并提供该服务事项的中介机构均可报名，无需审批、不收取任何费用',
        testId: 'action-sign-in-to-bid',
        primary: true,
      })
    }
    return actions
  }
  // Signed in: the links follow the events the machines would accept from this actor now.
  const allowed = new Set(a.allowedActions)
  if (allowed.has('bid') || allowed.has('reviseBid') || allowed.has('withdrawBid')) {
    const bid = a.myBid
    const label =
      !bid || bid.status === 'WITHDRAWN' ? '我要报名' : bid.needsReconfirmation ? '重新确认报名' : '修改或撤回报名'
    actions.push({
      to: `${base}/bid`,
      label,
      hint: '截止前可修改或撤回，以最后一次为准',
      testId: 'action-bid',
      primary: true,
    })
  }
  if (allowed.has('directResponse')) {
    actions.push({
      to: `${base}/direct`,
      label: '答复直接选取',
      hint: '请在截止时间前确认是否承接',
      testId: 'action-direct',
      primary: true,
    })
  }
  if (allowed.has('object')) {
    actions.push({
      to: `${base}/objections`,
      label: '提出质疑',
      hint: '参与报名的机构可在公示期内对中选结果提出质疑',
      testId: 'action-objections',
    })
  }
  if (hasPermission(actor, 'decide:objection') && (a.status === 'PUBLICITY' || a.status === 'AWARDED')) {
    actions.push({
      to: `${base}/objections`,
      label: '质疑处理',
      hint: '行业主管部门处理提请的质疑',
      testId: 'action-objections',
    })
  }
  return actions
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await getWebActor(request)
  const announcement = await orErrorPage(getAnnouncement(actor, params.id ?? ''))
  await syncClock()
  const at = now()
  const biddingOpen = announcement.status === 'PUBLISHED' && at.getTime() < new Date(announcement.deadline).getTime()
  const trails = await regionTrails([announcement.regionCode])
  return {
    announcement,
    regionName: trails.get(announcement.regionCode)?.names.join(' ') ?? announcement.regionCode,
    biddingOpen,
    opened: announcement.openedAt !== null && OPENED_STATES.includes(announcement.status),
    actions: actionsFor(announcement, actor, biddingOpen),
    viewerIsIntermediary: hasPermission(actor, 'create:bid'),
  }
}

const section = 'rounded-lg bg-white p-4 shadow-sm sm:p-5'
const heading = 'text-lg font-semibold text-slate-900'
const dl = 'mt-3 grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-[9rem_1fr] sm:gap-y-2'
const dt = 'text-slate-500'
const dd = 'mb-2 break-words sm:mb-0'

const DIRECT_RESPONSE_LABELS: Record<string, string> = {
  ACCEPTED: '已确认承接',
  DECLINED: '已拒绝承接',
  EXPIRED: '未在截止前确认',
}

export default function AnnouncementPage() {
  const {
    announcement: a,
    regionName,
    biddingOpen,
    opened,
    actions,
    viewerIsIntermediary,
  } = useLoaderData<typeof loader>()
  return (
    <div className="space-y-5">
      <nav className="text-sm text-slate-500">
        <Link to="/announcements" className="hover:underline">
          采购公告
        </Link>{' '}
        / 公告详情
        <Link to={`/announcements/${a.id}/log`} className="float-right text-blue-800 hover:underline" data-testid="log-link">
          透明日志与验证
        </Link>
      </nav>

      <section className={section}>
        <div className="flex flex-wrap items-start gap-2">
          <AnnouncementStatusBadge status={a.status} />
          <h1
            className="min-w-0 flex-1 break-words text-xl font-bold text-slate-900 sm:text-2xl"
            data-testid="announcement-title"
          >
            {a.title}
          </h1>
        </div>
        <p className="mt-1 text-xs text-slate-500">
          公告编号 <span className="font-mono">{a.id}</span>
          {a.publishedAt ? ` · 发布于 ${formatBeijingTime(a.publishedAt)}` : ' · 尚未发布（草稿仅本单位可见）'}
        </p>

        {a.status === 'CANCELLED' || a.status === 'FAILED' ? (
          <div
            role="status"
            className="mt-4 rounded border border-red-200 bg-red-50 p-3 text-sm text-red-900"
            data-testid="status-reason"
          >
            <p className="font-medium">{a.status === 'CANCELLED' ? '本公告已终止' : '本公告流标'}</p>
            {a.statusReason ? (
              <p className="mt-1">
                {a.status === 'CANCELLED' ? '终止理由' : '原因'}：{a.statusReason}
              </p>
            ) : null}
          </div>
        ) : null}
        {a.previousId ? (
          <p className="mt-3 text-sm text-slate-600">
            本公告为流标后的重新发布，原公告：
            <Link to={`/announcements/${a.previousId}`} className="text-blue-800 hover:underline">
              查看原公告
            </Link>
          </p>
        ) : null}

        <div className="mt-4 grid gap-3 sm:grid-cols-3" data-testid="announcement-key-facts">
          <div className="rounded bg-slate-50 p-3">
            <p className="text-xs text-slate-500">报名截止（北京时间）</p>
            <p className="mt-1 font-semibold text-slate-900" data-testid="announcement-deadline">
              {formatBeijingTime(a.deadline)}
            </p>
            <p className="mt-0.5 text-xs text-slate-500">
              {biddingOpen ? '报名进行中' : a.status === 'DRAFT' ? '尚未发布' : '报名已截止'}
            </p>
          </div>
          <div className="rounded bg-slate-50 p-3">
            <p className="text-xs text-slate-500">{a.fixedPrice ? '固定价格' : '最高限价'}</p>
            <p className="mt-1 font-semibold text-slate-900" data-testid="announcement-price">
              {yuanText(a.fixedPrice ?? a.priceCeiling)}
            </p>
            <p className="mt-0.5 text-xs text-slate-500">
              {a.fixedPrice
                ? '按此价格成交，不另报价'
                : a.priceFloor
                  ? `报价不得高于此价，也不得低于最低限价 ${yuanText(a.priceFloor)}`
                  : '报价不得高于此价'}
            </p>
          </div>
          <div className="rounded bg-slate-50 p-3">
            <p className="text-xs text-slate-500">报名数</p>
            <p className="mt-1 font-semibold text-slate-900" data-testid="announcement-bid-count">
              {opened && a.bidCount !== null ? `${a.bidCount} 家` : '截止后公开'}
            </p>
            <p className="mt-0.5 text-xs text-slate-500">报名截止前不公开报名机构、数量和报价</p>
          </div>
        </div>

        {actions.length > 0 ? (
          <ul className="mt-4 flex flex-col gap-2 sm:flex-row sm:flex-wrap" data-testid="announcement-actions">
            {actions.map((action) => (
              <li key={action.testId}>
                <Link
                  to={action.to}
                  data-testid={action.testId}
                  className={
                    action.primary
                      ? 'block rounded bg-blue-700 px-4 py-2 text-center text-white hover:bg-blue-800'
                      : 'block rounded border border-blue-700 px-4 py-2 text-center text-blue-800 hover:bg-blue-50'
                  }
                >
                  {action.label}
                </Link>
                {action.hint ? <p className="mt-1 text-xs text-slate-500 sm:max-w-[16rem]">{action.hint}</p> : null}
              </li>
            ))}
          </ul>
        ) : null}
      </section>

      {viewerIsIntermediary ? <MyBidPanel myBid={a.myBid} opened={opened} /> : null}

      <section className={section}>
        <h2 className={heading}>项目与服务事项</h2>
        <dl className={dl}>
          <dt className={dt}>项目名称</dt>
          <dd className={dd} data-testid="announcement-project">
            {a.projectName}
          </dd>
          <dt className={dt}>项目业主</dt>
          <dd className={dd}>{a.owner.name}</dd>
          <dt className={dt}>项目所在地区</dt>
          <dd className={dd}>{regionName}</dd>
          <dt className={dt}>资金来源</dt>
          <dd className={dd}>{FUNDING_LABELS[a.funding]}</dd>
          <dt className={dt}>审批事项</dt>
          <dd className={dd}>
            <Link
              to={`/catalogue/approval-items/${encodeURIComponent(a.approvalItemCode)}`}
              className="text-blue-800 hover:underline"
            >
              {a.approvalItemName}
            </Link>
            <span className="ml-2 text-xs text-slate-500">{a.approvalItemCode}</span>
          </dd>
          <dt className={dt}>中介服务事项</dt>
          <dd className={dd}>
            <Link
              to={`/catalogue/service-items/${encodeURIComponent(a.serviceItemCode)}`}
              className="text-blue-800 hover:underline"
              data-testid="announcement-service-item"
            >
              {a.serviceItemName}
            </Link>
            <span className="ml-2 text-xs text-slate-500">{a.serviceItemCode}</span>
          </dd>
          <dt className={dt}>资格条件</dt>
          <dd className={dd} data-testid="announcement-qualification">
            {a.qualificationRequirement ? `本项目唯一资格条件：${a.qualificationRequirement}` : '无资质要求（零门槛）'}
            <p className="mt-0.5 text-xs text-slate-500">
              资格条件只能是该中介服务事项依法要求的资质，业主不得另设注册资本、人数、业绩、所在地等条件。
            </p>
          </dd>
        </dl>
      </section>

      <section className={section}>
        <h2 className={heading}>服务要求与选取方式</h2>
        <dl className={dl}>
          <dt className={dt}>服务范围和内容</dt>
          <dd className={`${dd} whitespace-pre-line`}>{a.scope}</dd>
          <dt className={dt}>服务时限</dt>
          <dd className={dd}>{a.serviceDays} 个工作日</dd>
          <dt className={dt}>付款方式</dt>
          <dd className={`${dd} whitespace-pre-line`}>{a.paymentTerms ?? '—'}</dd>
          <dt className={dt}>选取方式</dt>
          <dd className={dd} data-testid="announcement-method">
            <span className="font-medium">{METHOD_LABELS[a.method]}</span>
            <p className="mt-0.5 text-slate-600">{METHOD_DESCRIPTIONS[a.method]}</p>
          </dd>
          {a.weights ? (
            <>
              <dt className={dt}>评分权重</dt>
              <dd className={dd} data-testid="announcement-weights">
                价格 {a.weights.price}% · 信用 {a.weights.credit}% · 评价 {a.weights.rating}%
                {a.weights.technical > 0 ? ` · 技术 ${a.weights.technical}%` : ''}
              </dd>
            </>
          ) : null}
          {a.method === 'DIRECT' && a.directIntermediary ? (
            <>
              <dt className={dt}>直接选取的机构</dt>
              <dd className={dd}>
                <Link to={`/intermediaries/${a.directIntermediary.id}`} className="text-blue-800 hover:underline">
                  {a.directIntermediary.name}
                </Link>
                <span className="ml-2 text-slate-600">
                  {a.directResponse ? (DIRECT_RESPONSE_LABELS[a.directResponse] ?? a.directResponse) : '待确认'}
                </span>
              </dd>
            </>
          ) : null}
          <dt className={dt}>有效报名不少于</dt>
          <dd className={dd}>{a.method === 'DIRECT' ? '—' : `${a.minimumBids} 家（不足时流标）`}</dd>
          <dt className={dt}>结果公示期</dt>
          <dd className={dd}>{a.publicityDays} 日</dd>
          <dt className={dt}>联系人</dt>
          <dd className={dd}>
            {a.contactName ?? '—'}
            {a.contactPhone ? ` · ${a.contactPhone}` : ''}
          </dd>
        </dl>
        {a.attachments.length > 0 ? (
          <div className="mt-4">
            <h3 className="text-sm font-medium text-slate-700">附件</h3>
            <ul className="mt-1 list-inside list-disc text-sm text-slate-700">
              {a.attachments.map((file) => (
                <li key={file.id}>
                  <a href={`/announcements/${a.id}/attachments/${file.id}`} className="text-blue-800 hover:underline">
                    {file.name}
                  </a>
                  （{Math.max(1, Math.round(file.size / 1024))} KB）
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>

      {a.seedCommitment ? (
        <section className={section} data-testid="announcement-seed-commitment">
          <h2 className={heading}>随机抽取承诺值</h2>
          <p className="mt-2 break-all rounded bg-slate-50 p-2 font-mono text-xs text-slate-800 sm:text-sm">
            {a.seedCommitment}
          </p>
          <p className="mt-2 text-sm text-slate-600">
            发布时平台生成一个保密的随机种子，只公开它的 SHA-256
            值（即上面的承诺值）。报名开启后公开种子本身，任何人都可以核对种子与承诺值一致，并用种子、各报名机构的随机数、公告编号和有效报名机构的统一社会信用代码重新计算抽取结果，平台和任何一家机构都无法单独操纵。
            <Link to="/draw" className="ml-1 text-blue-800 hover:underline">
              如何验证抽取结果
            </Link>
          </p>
        </section>
      ) : null}

      <section className={section} data-testid="announcement-amendments">
        <h2 className={heading}>变更公告</h2>
        {a.amendments.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">本公告未发布过变更。</p>
        ) : (
          <ol className="mt-3 space-y-3">
            {a.amendments.map((amendment) => (
              <li
                key={amendment.number}
                className="rounded border border-amber-200 bg-amber-50 p-3 text-sm"
                data-testid={`amendment-${amendment.number}`}
              >
                <p className="font-medium text-amber-900">
                  第 {amendment.number} 号变更 · {formatBeijingTime(amendment.createdAt)}
                </p>
                <p className="mt-1 text-slate-700">变更理由：{amendment.reason}</p>
                <ul className="mt-1 space-y-0.5 text-slate-700">
                  {Object.entries(amendment.changes).map(([field, change]) => (
                    <li key={field} className="break-words">
                      {AMENDMENT_FIELD_LABELS[field] ?? field}：{amendedValue(field, change.from)} →{' '}
                      <strong>{amendedValue(field, change.to)}</strong>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        )}
        <p className="mt-2 text-xs text-slate-500">公告变更后，已报名的机构须在截止前重新确认报名，否则报名无效。</p>
      </section>
    </div>
  )
}

function MyBidPanel({ myBid, opened }: { myBid: AnnouncementView['myBid']; opened: boolean }) {
  return (
    <section className="rounded-lg border border-blue-200 bg-blue-50 p-4 text-sm sm:p-5" data-testid="my-bid">
      <h2 className="text-lg font-semibold text-slate-900">本机构的报名</h2>
      {!myBid ? (
        <p className="mt-2 text-slate-700">本机构尚未报名。</p>
      ) : myBid.status === 'WITHDRAWN' ? (
        <p className="mt-2 text-slate-700">
          本机构已撤回报名（{formatBeijingTime(myBid.updatedAt)}）。截止前可重新报名。
        </p>
      ) : (
        <dl className="mt-2 grid grid-cols-[6rem_1fr] gap-x-3 gap-y-1">
          <dt className="text-slate-500">报名状态</dt>
          <dd data-testid="my-bid-status">
            {myBid.needsReconfirmation ? (
              <span className="font-medium text-amber-800">公告已变更，须在截止前重新确认报名，否则报名无效</span>
            ) : (
              <span className="font-medium text-green-800">已报名（第 {myBid.version} 版）</span>
            )}
          </dd>
          <dt className="text-slate-500">报价</dt>
          <dd data-testid="my-bid-price">
            {opened
              ? yuanText(myBid.price)
              : myBid.price !== null
                ? `${yuanText(myBid.price)}（已加密封存，仅贵机构可见，截止后开启）`
                : '已加密封存，截止后开启'}
          </dd>
          {opened && myBid.valid !== null ? (
            <>
              <dt className="text-slate-500">开启结果</dt>
              <dd>{myBid.valid ? '有效报名' : `无效：${myBid.invalidReason ?? ''}`}</dd>
            </>
          ) : null}
          <dt className="text-slate-500">随机数</dt>
          <dd className="break-all font-mono text-xs">{myBid.nonce}</dd>
          <dt className="text-slate-500">最后提交</dt>
          <dd>{formatBeijingTime(myBid.updatedAt)}</dd>
        </dl>
      )}
    </section>
  )
}

export function ErrorBoundary() {
  return <ErrorPage />
}
