// Building blocks of the credit pages (profile, the firm's credit page, the department's workspace,
// the blacklist): status badges, the score history (the chart the server rendered to SVG, and the
// same points as a table, so that the page reads without scripts and without sight) and the record list.
import type { ReactNode } from 'react'
import { formatBeijingDate, formatBeijingTime } from '#app/domain/clock/china-time.ts'
import type { CreditRecordView } from '#app/domain/credit/credit-records.server.ts'
import type {
  BlacklistStatus,
  ComplaintStatus,
  CreditRecordStatus,
  RepairStatus,
} from '#app/generated/prisma/enums.ts'
import {
  BLACKLIST_STATUS_LABELS,
  COMPLAINT_STATUS_LABELS,
  CREDIT_RECORD_SOURCE_LABELS,
  CREDIT_RECORD_STATUS_CLASSES,
  CREDIT_RECORD_STATUS_LABELS,
  REPAIR_STATUS_LABELS,
} from '#app/utils/credit-labels.ts'

const badge = 'whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-medium'

export function CreditRecordStatusBadge({ status }: { status: CreditRecordStatus }) {
  return (
    <span className={`${badge} ${CREDIT_RECORD_STATUS_CLASSES[status]}`} data-testid="credit-record-status">
      {CREDIT_RECORD_STATUS_LABELS[status]}
    </span>
  )
}

export function BlacklistStatusBadge({ status }: { status: BlacklistStatus }) {
  const tone = status === 'ACTIVE' ? 'bg-slate-900 text-white' : status === 'SCHEDULED' ? 'bg-amber-50 text-amber-800' : 'bg-slate-100 text-slate-600'
  return (
    <span className={`${badge} ${tone}`} data-testid="blacklist-status">
      {BLACKLIST_STATUS_LABELS[status]}
    </span>
  )
}

export function RepairStatusBadge({ status }: { status: RepairStatus }) {
  const tone = status === 'PENDING' ? 'bg-amber-50 text-amber-800' : status === 'APPROVED' ? 'bg-green-50 text-green-800' : 'bg-red-50 text-red-700'
  return (
    <span className={`${badge} ${tone}`} data-testid="repair-status">
      {REPAIR_STATUS_LABELS[status]}
    </span>
  )
}

export function ComplaintStatusBadge({ status }: { status: ComplaintStatus }) {
  const tone =
    status === 'SUBMITTED'
      ? 'bg-blue-50 text-blue-800'
      : status === 'ESCALATED'
        ? 'bg-red-50 text-red-700'
        : status === 'UPHELD'
          ? 'bg-amber-50 text-amber-800'
          : 'bg-slate-100 text-slate-600'
  return (
    <span className={`${badge} ${tone}`} data-testid="complaint-status">
      {COMPLAINT_STATUS_LABELS[status]}
    </span>
  )
}

export const pointsText = (points: number) => (points > 0 ? `+${points}` : String(points))

const CAUSES: Record<string, string> = {
  'CreditRecord:takeEffect': '信用记录生效',
  'CreditRecord:review': '异议复核后生效',
  'CreditRecord:expire': '信用记录有效期届满',
  nightly: '每日复核',
}

type Point = { at: string; score: number; level: string; cause: string }

/** The score's history: the server-rendered chart and, always, the table of the same changes. */
export function ScoreHistory({ svg, history }: { svg: string | null; history: Point[] }) {
  if (history.length === 0) return <p className="mt-3 text-sm text-slate-600">信用分自入驻以来没有变化（100 分，A 级）。</p>
  return (
    <div className="mt-3 space-y-3">
      {svg ? (
        <figure className="overflow-x-auto" data-testid="score-chart">
          <div role="img" aria-label="信用分变化图" className="min-w-[36rem]" dangerouslySetInnerHTML={{ __html: svg }} />
          <figcaption className="mt-1 text-xs text-slate-500">信用分变化（虚线为 A、B、C 级分界）</figcaption>
        </figure>
      ) : null}
      <details className="text-sm" open={!svg}>
        <summary className="cursor-pointer text-slate-600">变化明细</summary>
        <table className="mt-2 w-full text-left" data-testid="score-history">
          <thead className="text-xs text-slate-500">
            <tr>
              <th className="py-1 pr-3 font-medium">时间</th>
              <th className="py-1 pr-3 font-medium">信用分</th>
              <th className="py-1 pr-3 font-medium">等级</th>
              <th className="py-1 font-medium">原因</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {history.map((p, i) => (
              <tr key={`${p.at}-${i}`}>
                <td className="py-1.5 pr-3 whitespace-nowrap">{formatBeijingTime(p.at)}</td>
                <td className="py-1.5 pr-3">{p.score}</td>
                <td className="py-1.5 pr-3">{p.level}</td>
                <td className="py-1.5">{CAUSES[p.cause] ?? p.cause}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  )
}

/** What a record card shows (a record as the credit views give it). */
export type RecordItem = Omit<CreditRecordView, 'allowedActions' | 'organizationId'>

/** One credit record; `children` are its forms (contest, review). */
export function CreditRecordCard({ record, showOrganization, children }: { record: RecordItem; showOrganization?: boolean; children?: ReactNode }) {
  return (
    <li className="rounded border border-slate-200 p-3 text-sm" data-testid={`credit-record-${record.id}`}>
      <div className="flex flex-wrap items-center gap-2">
        <CreditRecordStatusBadge status={record.status} />
        <span className={`font-semibold ${record.points < 0 ? 'text-red-700' : 'text-green-700'}`}>{pointsText(record.points)} 分</span>
        <span className="text-slate-800">{record.ruleDescription}</span>
        {showOrganization && record.organizationName ? <span className="text-slate-500">· {record.organizationName}</span> : null}
      </div>
      <p className="mt-1 text-xs text-slate-500">
        {CREDIT_RECORD_SOURCE_LABELS[record.source]}
        {record.recordedBy ? `（${record.recordedBy}）` : ''} · 发生于 {formatBeijingDate(record.occurredAt)} ·{' '}
        {record.status === 'PENDING'
          ? `异议期至 ${formatBeijingTime(record.objectionEndsAt)}`
          : record.effectiveAt
            ? `生效于 ${formatBeijingDate(record.effectiveAt)}`
            : ''}{' '}
        · 有效期至 {formatBeijingDate(record.expiresAt)}
      </p>
      <p className="mt-1 whitespace-pre-line text-slate-700">证据：{record.evidence}</p>
      {record.evidenceFile ? (
        <p className="mt-1 text-xs">
          <a href={`/credit-records/${record.id}/evidence`} className="text-blue-800 hover:underline">
            下载证据文件
          </a>
        </p>
      ) : null}
      {record.contestReason ? <p className="mt-1 text-slate-700">异议：{record.contestReason}</p> : null}
      {record.reviewReason ? <p className="mt-1 text-slate-700">复核意见：{record.reviewReason}</p> : null}
      {children}
    </li>
  )
}

/** A yes/no radio pair (true / false) with its legend, for review and decision forms. */
export function YesNoFieldset({
  name,
  legend,
  yes,
  no,
  checked,
  errors,
}: {
  name: string
  legend: string
  yes: string
  no: string
  checked: string | undefined
  errors: string[] | undefined
}) {
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-700">
        {legend}
        <span className="ml-0.5 text-red-600">*</span>
      </legend>
      <div className="mt-1 flex flex-wrap gap-6">
        <label className="flex items-center gap-2">
          <input type="radio" name={name} value="true" defaultChecked={checked === 'true'} />
          {yes}
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" name={name} value="false" defaultChecked={checked === 'false'} />
          {no}
        </label>
      </div>
      {errors?.length ? (
        <ul data-testid={`error-${name}`} className="mt-1 space-y-0.5 text-sm text-red-700">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
    </fieldset>
  )
}
