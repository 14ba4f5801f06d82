// /credit-rules — the public rule table of credit records: what each rule records, its points, how
// long it counts, who records it (a department with evidence, or the platform from which facts).
import type { MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { pointsText } from '#app/components/credit.tsx'
import { ErrorPage } from '#app/components/error-page.tsx'
import { headingClass, sectionClass } from '#app/components/workflow.tsx'
import { listCreditRules } from '#app/domain/credit/credit-records.server.ts'

export const meta: MetaFunction = () => [{ title: '信用规则 — 中介服务网上超市' }]

export async function loader() {
  return { rules: await listCreditRules() }
}

const EVENT_LABELS: Record<string, string> = {
  AWARD_DECLINED: '中选后放弃',
  WINNER_ABANDONED: '逾期未签订或拒签合同',
  SERVICE_OVERDUE: '服务逾期',
  SERVICE_OVERDUE_SEVERE: '服务逾期超过 10 个工作日',
  DELIVERABLE_RETURNED: '成果被退回',
  COMPLETED_ON_TIME: '按期完成并验收',
  OWNER_PAYMENT_OVERDUE: '业主验收后逾期付款',
  COMPLAINT_UPHELD: '投诉查实',
  RATING_FIVE_STARS: '五星评价',
}

export default function CreditRulesPage() {
  const { rules } = useLoaderData<typeof loader>()
  return (
    <div className="space-y-5">
      <h1 className="text-2xl font-bold text-slate-900">信用规则</h1>
      <section className={sectionClass}>
        <p className="text-sm text-slate-700">
          信用分 = 100 分 + 已生效且在有效期内的信用记录分值，最低 0 分、最高 120 分；A 级 ≥ 90 分，B 级 ≥ 75 分，C 级 ≥ 60 分，D 级 &lt; 60 分。
          信用等级降为 D 级的中介机构自动列入黑名单一年。新的信用记录有 5 个工作日异议期，异议期满或异议经复核不成立后生效。
        </p>
        <p className="mt-2 text-sm">
          <Link to="/blacklist" className="text-blue-800 hover:underline">
            查看黑名单
          </Link>
          {' · '}
          <Link to="/complaints" className="text-blue-800 hover:underline">
            投诉处理结果
          </Link>
        </p>
      </section>
      <section className={sectionClass}>
        <h2 className={headingClass}>规则表</h2>
        <div className="mt-3 overflow-x-auto">
          <table className="w-full min-w-[40rem] text-left text-sm" data-testid="credit-rules">
            <thead className="text-xs text-slate-500">
              <tr>
                <th className="py-1 pr-3 font-medium">编码</th>
                <th className="py-1 pr-3 font-medium">行为</th>
                <th className="py-1 pr-3 font-medium whitespace-nowrap">分值</th>
                <th className="py-1 pr-3 font-medium whitespace-nowrap">有效期</th>
                <th className="py-1 font-medium">记录方式</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rules.map((r) => (
                <tr key={r.code}>
                  <td className="py-2 pr-3 font-mono text-xs">{r.code}</td>
                  <td className="py-2 pr-3">
                    {r.description}
                    {r.subjectType === 'OWNER' ? <span className="ml-1 text-xs text-slate-500">（项目业主）</span> : null}
                  </td>
                  <td className={`py-2 pr-3 font-semibold ${r.points < 0 ? 'text-red-700' : 'text-green-700'}`}>{pointsText(r.points)}</td>
                  <td className="py-2 pr-3 whitespace-nowrap">{r.validityDays >= 730 ? '2 年' : r.validityDays >= 365 ? '1 年' : `${r.validityDays} 日`}</td>
                  <td className="py-2 text-slate-600">
                    {[
                      r.departmentMayRecord ? '主管部门凭证据记录' : null,
                      r.eventKinds.length
                        ? `平台依据“${r.eventKinds.map((k) => EVENT_LABELS[k] ?? k).join('、')}”自动记录${
                            r.count
                              ? `（${r.count.windowDays ? `${r.count.windowDays} 日内` : ''}${r.count.perAnnouncement ? '同一项目' : ''}每累计 ${r.count.threshold} 次）`
                              : ''
                          }`
                        : null,
                    ]
                      .filter(Boolean)
                      .join('；')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  )
}

export function ErrorBoundary() {
  return <ErrorPage />
}
