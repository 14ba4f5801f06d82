// Small pieces of the public announcement pages (list, detail, result): the status badge, money and
// time formats, and the labels of the fields an amendment may change. No server imports.
import { formatBeijingTime } from '#app/domain/clock/china-time.ts'
import type { AnnouncementStatus } from '#app/generated/prisma/enums.ts'
import { ANNOUNCEMENT_STATUS_LABELS } from '#app/utils/announcement-labels.ts'
import { displayYuan, parseYuan } from '#app/utils/money.ts'

const STATUS_STYLES: Record<AnnouncementStatus, string> = {
  DRAFT: 'bg-slate-100 text-slate-700',
  PUBLISHED: 'bg-green-100 text-green-900',
  EVALUATING: 'bg-amber-100 text-amber-900',
  PUBLICITY: 'bg-blue-100 text-blue-900',
  AWARDED: 'bg-indigo-100 text-indigo-900',
  CANCELLED: 'bg-slate-200 text-slate-700',
  FAILED: 'bg-red-100 text-red-800',
}

export function AnnouncementStatusBadge({ status }: { status: AnnouncementStatus }) {
  return (
    <span
      className={`inline-flex shrink-0 items-center rounded px-1.5 py-0.5 text-xs font-medium ${STATUS_STYLES[status]}`}
      data-testid="announcement-status"
    >
      {ANNOUNCEMENT_STATUS_LABELS[status]}
    </span>
  )
}

/** "¥150,000.00" for the decimal yuan string "150000.00"; the text itself when it is not money. */
export function yuanText(value: string | null | undefined): string {
  if (value === null || value === undefined) return '—'
  const fen = parseYuan(value)
  return fen === null ? value : displayYuan(fen)
}

/** The fields an amendment (公告变更) may change, in Chinese. */
export const AMENDMENT_FIELD_LABELS: Record<string, string> = {
  title: '公告标题',
  scope: '服务范围和内容',
  priceCeiling: '最高限价',
  fixedPrice: '固定价格',
  deadline: '报名截止时间',
  serviceDays: '服务时限',
  paymentTerms: '付款方式',
  contactName: '联系人',
  contactPhone: '联系电话',
}

/** One changed value of an amendment, displayed for its field. */
export function amendedValue(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '（未填写）'
  if (field === 'deadline' && typeof value === 'string') return `${formatBeijingTime(value)}（北京时间）`
  if ((field === 'priceCeiling' || field === 'fixedPrice') && typeof value === 'string') return yuanText(value)
  if (field === 'serviceDays') return `${String(value)} 个工作日`
  return String(value)
}
