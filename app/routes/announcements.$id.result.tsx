// /announcements/{id}/result — the public result after evaluation: ranking, invalid and excluded
// bids with their reasons, the base price of 最优价中选, the winner and the publicity period, the
// objections, and the full draw proof with a browser-side recomputation. Before the evaluation the
// loader answers 409 and the page says that there is no result yet.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { isRouteErrorResponse, Link, useLoaderData, useParams, useRouteError } from '@remix-run/react'
import { AnnouncementStatusBadge, yuanText } from '#app/components/announcement-view.tsx'
import { formatBeijingTime } from '#app/domain/clock/china-time.ts'
import { DrawCheck } from '#app/components/draw-check.tsx'
import { ErrorPage } from '#app/components/error-page.tsx'
import { getWebActor } from '#app/domain/accounts/session.server.ts'
import { getAnnouncement } from '#app/domain/announcements/announcements.server.ts'
import { getResult } from '#app/domain/award/result.server.ts'
import { METHOD_LABELS, OBJECTION_STATUS_LABELS } from '#app/utils/announcement-labels.ts'
import { drawShellCommands } from '#app/utils/draw-check.ts'
import { orErrorPage } from '#app/utils/web.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `中选结果：${data.result.title} — 采购公告` : '中选结果 — 采购公告' },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await getWebActor(request)
  const id = params.id ?? ''
  const announcement = await orErrorPage(getAnnouncement(actor, id))
  const result = await orErrorPage(getResult(actor, id))
  return {
    result,
    announcement: {
      projectName: announcement.projectName,
      ownerName: announcement.owner.name,
      serviceItemName: announcement.serviceItemName,
      priceCeiling: announcement.priceCeiling,
      fixedPrice: announcement.fixedPrice,
      weights: announcement.weights,
    },
    shellCommands: result.draw ? drawShellCommands(result.draw) : [],
  }
}

const section = 'rounded-lg bg-white p-4 shadow-sm sm:p-5'
const heading = 'text-lg font-semibold text-slate-900'
const th = 'whitespace-nowrap py-1.5 pr-3 text-left font-medium'
const td = 'py-2 pr-3 align-top'

type ResultData = ReturnType<typeof useLoaderData<typeof loader>>['result']

export default function ResultPage() {
  const { result: r, announcement, shellCommands } = useLoaderData<typeof loader>()
  const nameOf = new Map([...r.ranking, ...r.invalid, ...r.excluded].map((e) => [e.uscc, e.name]))
  const showTechnical = (announcement.weights?.technical ?? 0) > 0
  return (
    <div className="space-y-5">
      <nav className="text-sm text-slate-500">
        <Link to="/announcements" className="hover:underline">
          采购公告
        </Link>{' '}
        /{' '}
        <Link to={`/announcements/${r.announcementId}`} className="hover:underline">
          公告详情
        </Link>{' '}
        / 中选结果
      </nav>

      <section className={section}>
        <div className="flex flex-wrap items-start gap-2">
          <AnnouncementStatusBadge status={r.status} />
          <h1 className="min-w-0 flex-1 break-words text-xl font-bold text-slate-900 sm:text-2xl">
            中选结果：{r.title}
          </h1>
        </div>
        <p className="mt-1 text-sm text-slate-600">
          {announcement.projectName} · {announcement.ownerName} · {announcement.serviceItemName} ·{' '}
          {METHOD_LABELS[r.method]}
        </p>
        {r.status === 'FAILED' ? (
          <div
            role="status"
            className="mt-4 rounded border border-red-200 bg-red-50 p-3 text-sm text-red-900"
            data-testid="result-failed"
          >
            <p className="font-medium">本公告流标，未产生中选机构。</p>
            {r.statusReason ? <p className="mt-1">原因：{r.statusReason}</p> : null}
          </div>
        ) : r.winner ? (
          <div className="mt-4 rounded border border-green-300 bg-green-50 p-4" data-testid="result-winner">
            <p className="text-xs text-green-800">{r.status === 'AWARDED' ? '成交机构' : '中选机构（公示中）'}</p>
            <p className="mt-1 text-lg font-semibold text-slate-900">
              <Link to={`/intermediaries/${r.winner.intermediaryId}`} className="text-blue-800 hover:underline">
                {r.winner.name}
              </Link>
            </p>
            <p className="mt-1 text-sm text-slate-700">
              {r.method === 'LOTTERY' ? '固定价格' : '中选价格'}：
              <strong>{yuanText(r.winner.price ?? announcement.fixedPrice)}</strong>
              <span className="ml-2 break-all font-mono text-xs text-slate-500">{r.winner.uscc}</span>
            </p>
          </div>
        ) : null}
        <dl className="mt-4 grid grid-cols-[7rem_1fr] gap-x-3 gap-y-1 text-sm">
          <dt className="text-slate-500">有效报名</dt>
          <dd>
            {r.ranking.length} 家（共 {r.bidCount} 家报名）
          </dd>
          {r.evaluatedAt ? (
            <>
              <dt className="text-slate-500">评审时间</dt>
              <dd>{formatBeijingTime(r.evaluatedAt)}</dd>
            </>
          ) : null}
          {r.publicityEndsAt && r.status !== 'FAILED' ? (
            <>
              <dt className="text-slate-500">公示期至</dt>
              <dd data-testid="result-publicity-ends">{formatBeijingTime(r.publicityEndsAt)}（北京时间）</dd>
            </>
          ) : null}
          {r.awardedAt ? (
            <>
              <dt className="text-slate-500">确定成交</dt>
              <dd>{formatBeijingTime(r.awardedAt)}</dd>
            </>
          ) : null}
          {r.round > 1 ? (
            <>
              <dt className="text-slate-500">评审轮次</dt>
              <dd>第 {r.round} 轮（有报名被取消资格后重新排序）</dd>
            </>
          ) : null}
        </dl>
      </section>

      {r.averagePrice ? (
        <section className={section} data-testid="result-average-price">
          <h2 className={heading}>基准价计算</h2>
          <dl className="mt-3 grid grid-cols-[7rem_1fr] gap-x-3 gap-y-1 text-sm">
            <dt className="text-slate-500">参与平均的报价</dt>
            <dd>{r.averagePrice.retainedBidIds.length} 个（去掉一个最高价和一个最低价）</dd>
            <dt className="text-slate-500">平均价</dt>
            <dd>{yuanText(r.averagePrice.average)}</dd>
            <dt className="text-slate-500">下浮系数</dt>
            <dd>{r.averagePrice.coefficient}%（随机抽取，见抽取证明）</dd>
            <dt className="text-slate-500">基准价</dt>
            <dd className="font-semibold">{yuanText(r.averagePrice.base)}</dd>
          </dl>
          <p className="mt-2 text-xs text-slate-500">
            不高于基准价且最接近基准价的报价排名最前；都高于基准价时，报价低者在前。
          </p>
        </section>
      ) : null}

      {r.ranking.length > 0 ? (
        <section className={section}>
          <h2 className={heading}>排名</h2>
          <div className="mt-3 overflow-x-auto">
            <table
              className={`w-full text-sm ${r.method === 'SCORE' ? 'min-w-[36rem]' : ''}`}
              data-testid="result-ranking"
            >
              <thead className="text-xs text-slate-500">
                <tr>
                  <th className={th}>名次</th>
                  <th className={th}>中介机构</th>
                  <th className={th}>{r.method === 'LOTTERY' ? '价格' : '报价'}</th>
                  {r.method === 'SCORE' ? (
                    <>
                      <th className={th}>综合得分</th>
                      <th className={th}>价格分</th>
                      <th className={th}>信用分</th>
                      <th className={th}>评价分</th>
                      {showTechnical ? <th className={th}>技术分</th> : null}
                    </>
                  ) : null}
                  {r.method === 'AVERAGE_PRICE' ? <th className={th}>不高于基准价</th> : null}
                  <th className={th}>抽取顺序</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {r.ranking.map((entry) => (
                  <tr key={entry.bidId} className={entry.bidId === r.winner?.bidId ? 'bg-green-50' : undefined}>
                    <td className={td}>{entry.rank}</td>
                    <td className={td}>
                      <Link to={`/intermediaries/${entry.intermediaryId}`} className="text-blue-800 hover:underline">
                        {entry.name}
                      </Link>
                      <span className="block break-all font-mono text-xs text-slate-500">{entry.uscc}</span>
                    </td>
                    <td className={`${td} whitespace-nowrap`}>{yuanText(entry.price)}</td>
                    {r.method === 'SCORE' && entry.score ? (
                      <>
                        <td className={`${td} font-semibold`}>{entry.score.total.toFixed(2)}</td>
                        <td className={td}>{entry.score.price.toFixed(2)}</td>
                        <td className={td}>{entry.score.credit.toFixed(2)}</td>
                        <td className={td}>{entry.score.rating.toFixed(2)}</td>
                        {showTechnical ? <td className={td}>{entry.score.technical.toFixed(2)}</td> : null}
                      </>
                    ) : null}
                    {r.method === 'AVERAGE_PRICE' ? <td className={td}>{entry.withinBase ? '是' : '否'}</td> : null}
                    <td className={td}>{entry.drawRank ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="mt-2 text-xs text-slate-500">
            “抽取顺序”为可验证随机抽取给出的顺序，
            {r.method === 'LOTTERY' ? '即随机抽取的结果' : '仅在得分或报价相同时决定先后'}。
            {r.method === 'SCORE'
              ? ' 价格分 = 最低有效报价 ÷ 本报价 × 100；信用分为信用分值（最高 100）；评价分 = 平均评价 ÷ 5 × 100（无评价按 3 分计）。'
              : ''}
          </p>
        </section>
      ) : null}

      <BidList title="无效报名" testId="result-invalid" entries={r.invalid} empty="没有无效报名。" />
      {r.excluded.length > 0 ? (
        <BidList title="被取消资格的报名" testId="result-excluded" entries={r.excluded} empty="" />
      ) : null}

      <section className={section} data-testid="result-objections">
        <h2 className={heading}>质疑</h2>
        {r.objections.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">
            {r.status === 'PUBLICITY' ? '公示期内暂无质疑。参与报名的机构可在公示期内提出质疑。' : '没有质疑。'}
          </p>
        ) : (
          <ul className="mt-3 space-y-3 text-sm">
            {r.objections.map((objection, i) => (
              <li key={objection.id} className="rounded border border-slate-200 p-3">
                <p className="font-medium">
                  质疑 {i + 1} · {OBJECTION_STATUS_LABELS[objection.status]} · {formatBeijingTime(objection.createdAt)}
                  {objection.mine ? <span className="ml-2 text-xs text-blue-800">（本机构提出）</span> : null}
                </p>
                <p className="mt-1 whitespace-pre-line text-slate-700">{objection.reason}</p>
                {objection.answer ? (
                  <p className="mt-1 whitespace-pre-line text-slate-700">业主答复：{objection.answer}</p>
                ) : null}
                {objection.decision ? (
                  <p className="mt-1 whitespace-pre-line text-slate-700">主管部门处理决定：{objection.decision}</p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {r.status === 'PUBLICITY' || r.objections.length > 0 ? (
          <p className="mt-2 text-sm">
            <Link to={`/announcements/${r.announcementId}/objections`} className="text-blue-800 hover:underline">
              质疑与处理
            </Link>
          </p>
        ) : null}
      </section>

      {r.draw ? (
        <DrawProof
          draw={r.draw}
          announcementId={r.announcementId}
          nameOf={nameOf}
          shellCommands={shellCommands}
          lottery={r.method === 'LOTTERY'}
        />
      ) : (
        <section className={section}>
          <h2 className={heading}>随机抽取</h2>
          <p className="mt-2 text-sm text-slate-600">
            {r.method === 'DIRECT' ? '直接选取不使用随机抽取。' : '本次未进行随机抽取。'}
          </p>
        </section>
      )}
    </div>
  )
}

function BidList({
  title,
  testId,
  entries,
  empty,
}: {
  title: string
  testId: string
  entries: ResultData['invalid']
  empty: string
}) {
  return (
    <section className={section} data-testid={testId}>
      <h2 className={heading}>{title}</h2>
      {entries.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">{empty}</p>
      ) : (
        <ul className="mt-3 divide-y divide-slate-100 text-sm">
          {entries.map((entry) => (
            <li key={entry.bidId} className="py-2">
              <Link to={`/intermediaries/${entry.intermediaryId}`} className="text-blue-800 hover:underline">
                {entry.name}
              </Link>
              <span className="ml-2 text-slate-600">{entry.price ? yuanText(entry.price) : '未报价'}</span>
              <p className="text-red-800">理由：{entry.reason}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

function Value({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div>
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd
        className="mt-0.5 whitespace-pre-line break-all rounded bg-slate-50 p-2 font-mono text-xs text-slate-800"
        data-testid={testId}
      >
        {value}
      </dd>
    </div>
  )
}

function DrawProof({
  draw,
  announcementId,
  nameOf,
  shellCommands,
  lottery,
}: {
  draw: NonNullable<ResultData['draw']>
  announcementId: string
  nameOf: Map<string, string>
  shellCommands: string[]
  lottery: boolean
}) {
  return (
    <section className={section} data-testid="draw-proof">
      <h2 className={heading}>抽取证明</h2>
      <p className="mt-1 text-sm text-slate-600">
        以下是本次随机抽取的全部输入和结果。任何人都可以据此重新计算，核对抽取未被操纵。
        <Link to="/draw" className="ml-1 text-blue-800 hover:underline">
          如何验证抽取结果
        </Link>
      </p>
      <div className="mt-3">
        <DrawCheck draw={draw} announcementId={announcementId} />
      </div>
      <dl className="mt-4 space-y-3">
        <Value label="随机种子（开启时公开）" value={draw.seed} testId="draw-seed" />
        <Value
          label="种子承诺值 SHA-256(种子)（发布时公开）"
          value={draw.seedCommitment}
          testId="draw-seed-commitment"
        />
        <Value
          label="报名机构随机数（排序后）"
          value={draw.inputs.nonces.join('\n') || '（无）'}
          testId="draw-nonces"
        />
        <Value label="公告编号" value={draw.inputs.announcementId} testId="draw-announcement-id" />
        <Value
          label="有效报名机构统一社会信用代码（排序后）"
          value={draw.inputs.usccs.join('\n')}
          testId="draw-usccs"
        />
        <Value label="抽取输入 SHA-256(…)" value={draw.input} testId="draw-input" />
        <Value label="算法" value={draw.algorithm} />
        {draw.coefficient !== undefined ? (
          <Value label="抽取的下浮系数（%）" value={String(draw.coefficient)} testId="draw-coefficient" />
        ) : null}
      </dl>
      <h3 className="mt-4 text-sm font-medium text-slate-700">抽取顺序</h3>
      <ol className="mt-1 list-inside list-decimal space-y-0.5 text-sm" data-testid="draw-order">
        {draw.order.map((uscc) => (
          <li key={uscc} className={uscc === draw.pick ? 'font-semibold' : undefined}>
            <span className="font-mono text-xs">{uscc}</span> {nameOf.get(uscc) ?? ''}
            {uscc === draw.pick ? (lottery ? '（抽取结果）' : '（抽取第一位）') : ''}
          </li>
        ))}
      </ol>
      {lottery ? null : (
        <p className="mt-1 text-xs text-slate-500">
          本公告按报价或得分排名，抽取顺序只在报价或得分相同时决定先后；中选机构以上方排名为准。
        </p>
      )}
      <details className="mt-4 text-sm">
        <summary className="cursor-pointer text-blue-800">在命令行复核</summary>
        <p className="mt-2 text-slate-600">
          在本项目目录中运行 <code className="font-mono text-xs">npm run draw:verify {announcementId}</code>
          ；或在任意装有 sha256sum 和 openssl
          的电脑上依次运行下列命令：第一条应输出种子承诺值，第二条应输出抽取输入，其余每条输出一家机构的抽取键，按抽取键从小到大排列即抽取顺序。
        </p>
        <pre
          className="mt-2 overflow-x-auto rounded bg-slate-900 p-3 text-xs text-slate-100"
          data-testid="draw-shell-commands"
        >
          {shellCommands.join('\n')}
        </pre>
      </details>
    </section>
  )
}

export function ErrorBoundary() {
  const error = useRouteError()
  const params = useParams()
  if (isRouteErrorResponse(error) && error.status === 409) {
    return (
      <div className="mx-auto max-w-xl py-16 text-center" data-testid="result-not-ready">
        <h1 className="text-2xl font-semibold text-slate-800">暂无结果</h1>
        <p className="mt-2 text-slate-600">报名截止并完成评审后，这里将公开排名、中选机构和随机抽取证明。</p>
        <Link
          to={`/announcements/${params.id ?? ''}`}
          className="mt-6 inline-block rounded bg-blue-700 px-4 py-2 text-white hover:bg-blue-800"
        >
          返回公告
        </Link>
      </div>
    )
  }
  return <ErrorPage />
}
