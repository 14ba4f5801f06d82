// Badges and formats of the public directory of intermediaries (名录 and profile pages).
import type { ReactNode } from 'react'

const badge = 'inline-flex items-center rounded px-1.5 py-0.5 text-xs font-medium'

export function SuspendedBadge() {
  return <span className={`${badge} bg-amber-100 text-amber-900`}>已暂停</span>
}

export function BlacklistedBadge() {
  return <span className={`${badge} bg-slate-900 text-white`}>黑名单</span>
}

export function VerifiedQualificationBadge() {
  return <span className={`${badge} bg-green-50 text-green-800`}>资质已核验</span>
}

const LEVEL_STYLES: Record<string, string> = {
  A: 'bg-green-100 text-green-900',
  B: 'bg-blue-100 text-blue-900',
  C: 'bg-amber-100 text-amber-900',
  D: 'bg-red-100 text-red-900',
}

export function CreditLevelBadge({ level, score }: { level: string; score: number }) {
  return (
    <span className={`${badge} ${LEVEL_STYLES[level] ?? 'bg-slate-100'}`} title={`信用分 ${score}`}>
      信用 {level} 级 · {score} 分
    </span>
  )
}

/** 已核验 / 自主申报 / 已驳回, plus 已过期 for an expired certificate. */
export function QualificationStatusBadges({
  id,
  status,
  expired,
}: {
  id: string
  status: 'SELF_DECLARED' | 'VERIFIED' | 'REJECTED'
  expired: boolean
}): ReactNode {
  const main =
    status === 'VERIFIED' ? (
      <span className={`${badge} bg-green-50 text-green-800`}>已核验</span>
    ) : status === 'REJECTED' ? (
      <span className={`${badge} bg-red-50 text-red-800`}>核验未通过</span>
    ) : (
      <span className={`${badge} bg-slate-100 text-slate-700`}>自主申报</span>
    )
  return (
    <span className="inline-flex flex-wrap gap-1" data-testid={`qualification-status-${id}`}>
      {main}
      {expired ? <span className={`${badge} bg-amber-100 text-amber-900`}>已过期</span> : null}
    </span>
  )
}

