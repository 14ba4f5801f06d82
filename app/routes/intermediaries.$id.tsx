import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { ErrorPage } from '#app/components/error-page.tsx'
import {
  BlacklistedBadge,
  CreditLevelBadge,
  QualificationStatusBadges,
  SuspendedBadge,
  VerifiedQualificationBadge,
} from '#app/components/intermediary-badges.tsx'
import { formatBeijingDate, formatBeijingTime } from '#app/domain/clock/china-time.ts'
import { getPublicProfile } from '#app/domain/intermediaries/directory.server.ts'
import { orErrorPage } from '#app/utils/web.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.profile.name} — 中介机构名录` : '中介机构名录' },
]

export async function loader({ params }: LoaderFunctionArgs) {
  const profile = await orErrorPage(getPublicProfile(params.id ?? ''))
  return { profile }
}

const section = 'rounded-lg bg-white p-5 shadow-sm'
const heading = 'text-lg font-semibold text-slate-900'

export default function IntermediaryProfilePage() {
  const { profile } = useLoaderData<typeof loader>()
  const hasVerified = profile.qualifications.some((q) => q.verified && !q.expired)
  return (
    <div className="space-y-5">
      <nav className="text-sm text-slate-500">
        <Link to="/intermediaries" className="hover:underline">
          中介机构名录
        </Link>{' '}
        / {profile.shortName ?? profile.name}
      </nav>

      <section className={section}>
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="text-2xl font-bold text-slate-900" data-testid="profile-name">
            {profile.name}
          </h1>
          <CreditLevelBadge level={profile.creditLevel} score={profile.creditScore} />
          {hasVerified ? <VerifiedQualificationBadge /> : null}
          {profile.suspended ? <SuspendedBadge /> : null}
          {profile.blacklisted ? <BlacklistedBadge /> : null}
        </div>
        {profile.shortName ? <p className="mt-1 text-sm text-slate-500">简称：{profile.shortName}</p> : null}
        <p className="mt-2 text-xs text-slate-500" data-testid="profile-updated-at">
          入驻时间 {formatBeijingTime(profile.listedAt)} · 最后更新 {formatBeijingTime(profile.updatedAt)}
        </p>

        {profile.suspended ? (
          <div
            role="status"
            className="mt-4 rounded border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900"
            data-testid="profile-suspended"
          >
            <p className="font-medium">该机构入驻已被暂停，暂停期间不能参与报名和选取。</p>
            {profile.statusReason ? <p className="mt-1">暂停原因：{profile.statusReason}</p> : null}
          </div>
        ) : null}
        {profile.activeBlacklistEntry ? (
          <div
            role="status"
            className="mt-4 rounded border border-slate-300 bg-slate-900 p-3 text-sm text-white"
            data-testid="profile-blacklist"
          >
            <p className="font-medium">该机构已被列入黑名单，不能参与报名或被直接选取。</p>
            <p className="mt-1">原因：{profile.activeBlacklistEntry.reason}</p>
            <p className="mt-1">
              期限：{formatBeijingDate(profile.activeBlacklistEntry.startsAt)} 至{' '}
              {formatBeijingDate(profile.activeBlacklistEntry.endsAt)}
            </p>
          </div>
        ) : null}

        <dl className="mt-4 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[9rem_1fr]">
          <dt className="text-slate-500">统一社会信用代码</dt>
          <dd className="font-mono">{profile.uscc}</dd>
          <dt className="text-slate-500">所在地区</dt>
          <dd>{profile.regionName}</dd>
          <dt className="text-slate-500">法定代表人</dt>
          <dd>{profile.legalRepresentative ?? '—'}</dd>
          <dt className="text-slate-500">地址</dt>
          <dd>{profile.address ?? '—'}</dd>
          <dt className="text-slate-500">联系电话</dt>
          <dd>{profile.contactPhone ?? '—'}</dd>
          <dt className="text-slate-500">网站</dt>
          <dd>
            {profile.website && /^https?:\/\//i.test(profile.website) ? (
              <a
                href={profile.website}
                rel="nofollow noopener noreferrer"
                target="_blank"
                className="text-blue-800 hover:underline"
              >
                {profile.website}
              </a>
            ) : (
              (profile.website ?? '—')
            )}
          </dd>
        </dl>
        {profile.introduction ? (
          <p className="mt-4 whitespace-pre-line text-sm text-slate-700">{profile.introduction}</p>
        ) : null}
      </section>

      <div className="grid gap-5 md:grid-cols-2">
        <section className={section} data-testid="profile-credit">
          <h2 className={heading}>信用</h2>
          <p className="mt-3 text-3xl font-bold text-slate-900">
            {profile.creditScore}{' '}
            <span className="text-base font-normal text-slate-600">分 · {profile.creditLevel} 级</span>
          </p>
          <p className="mt-1 text-sm text-slate-600">
            服务评价：{profile.ratingAverage !== null ? `${profile.ratingAverage.toFixed(1)} 分` : '暂无评价'}
          </p>
          <p className="mt-2 text-xs text-slate-500">
            信用分 = 100 分 + 有效信用记录分值（0–120 分）；A ≥ 90，B ≥ 75，C ≥ 60，D &lt; 60。
          </p>
        </section>
        <section className={section} data-testid="profile-performance">
          <h2 className={heading}>业绩记录</h2>
          <dl className="mt-3 grid grid-cols-3 gap-2 text-center">
            {(
              [
                ['中选合同', profile.performance.contractsWon],
                ['已完成', profile.performance.contractsCompleted],
                ['逾期', profile.performance.contractsOverdue],
              ] as const
            ).map(([label, value]) => (
              <div key={label} className="rounded bg-slate-50 p-2">
                <dt className="text-xs text-slate-500">{label}</dt>
                <dd className="text-xl font-semibold text-slate-900">{value}</dd>
              </div>
            ))}
          </dl>
        </section>
      </div>

      <section className={section}>
        <h2 className={heading}>服务事项与服务承诺</h2>
        {profile.serviceItems.length === 0 ? (
          <p className="mt-3 text-sm text-slate-600">该机构尚未选择服务事项。</p>
        ) : (
          <ul className="mt-3 divide-y divide-slate-100 text-sm" data-testid="profile-services">
            {profile.serviceItems.map((service) => {
              const commitment = profile.commitments.find((c) => c.serviceItemCode === service.code)
              return (
                <li key={service.code} className="py-2">
                  <Link
                    to={`/catalogue/service-items/${encodeURIComponent(service.code)}`}
                    className="text-blue-800 hover:underline"
                  >
                    {service.name}
                  </Link>
                  <span className="ml-2 text-xs text-slate-500">{service.code}</span>
                  {commitment ? (
                    <p className="mt-1 text-slate-600">
                      承诺 {commitment.promisedDays} 个工作日完成；收费标准：{commitment.feeStandard}
                      {commitment.feeBasisNote ? `（收费依据：${commitment.feeBasisNote}）` : ''}
                    </p>
                  ) : (
                    <p className="mt-1 text-xs text-slate-500">未填写服务承诺</p>
                  )}
                </li>
              )
            })}
          </ul>
        )}
      </section>

      <section className={section}>
        <h2 className={heading}>资质证书</h2>
        <p className="mt-1 text-xs text-slate-500">
          “自主申报”为机构自行填报，经行业主管部门或平台核验后显示“已核验”；过期证书不再计入资质条件。
        </p>
        {profile.qualifications.length === 0 ? (
          <p className="mt-3 text-sm text-slate-600">该机构尚未填报资质证书。</p>
        ) : (
          <div className="mt-3 overflow-x-auto">
            <table className="w-full min-w-[36rem] text-left text-sm" data-testid="profile-qualifications">
              <thead className="text-xs text-slate-500">
                <tr>
                  <th className="py-1 pr-3 font-medium">资质类型</th>
                  <th className="py-1 pr-3 font-medium">等级</th>
                  <th className="py-1 pr-3 font-medium">证书编号</th>
                  <th className="py-1 pr-3 font-medium">发证机关</th>
                  <th className="py-1 pr-3 font-medium">有效期</th>
                  <th className="py-1 font-medium">状态</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {profile.qualifications.map((q) => (
                  <tr key={q.id}>
                    <td className="py-2 pr-3">{q.typeName}</td>
                    <td className="py-2 pr-3">{q.level}</td>
                    <td className="py-2 pr-3 font-mono text-xs">{q.certificateNo}</td>
                    <td className="py-2 pr-3">{q.issuer}</td>
                    <td className="py-2 pr-3 whitespace-nowrap">
                      {formatBeijingDate(q.validFrom)} 至 {formatBeijingDate(q.validTo)}
                    </td>
                    <td className="py-2">
                      <QualificationStatusBadges id={q.id} status={q.status} expired={q.expired} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className={section}>
        <h2 className={heading}>执业人员</h2>
        {profile.practitioners.length === 0 ? (
          <p className="mt-3 text-sm text-slate-600">该机构尚未填报执业人员。</p>
        ) : (
          <div className="mt-3 overflow-x-auto">
            <table className="w-full min-w-[28rem] text-left text-sm" data-testid="profile-practitioners">
              <thead className="text-xs text-slate-500">
                <tr>
                  <th className="py-1 pr-3 font-medium">姓名</th>
                  <th className="py-1 pr-3 font-medium">执业证书编号</th>
                  <th className="py-1 pr-3 font-medium">职称</th>
                  <th className="py-1 font-medium">专业</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {profile.practitioners.map((p) => (
                  <tr key={p.id}>
                    <td className="py-2 pr-3">{p.name}</td>
                    <td className="py-2 pr-3 font-mono text-xs">{p.certificateNo}</td>
                    <td className="py-2 pr-3">{p.title}</td>
                    <td className="py-2">{p.specialty ?? '—'}</td>
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
