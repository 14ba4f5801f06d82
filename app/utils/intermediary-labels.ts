// Chinese labels of an intermediary's entry, qualifications and status (shared by pages; no
// server imports, so route components may use them).
export type QualificationDisplayStatus = 'SELF_DECLARED' | 'VERIFIED' | 'REJECTED' | 'EXPIRED'

export const QUALIFICATION_STATUS_LABELS: Record<QualificationDisplayStatus, string> = {
  SELF_DECLARED: '自主申报',
  VERIFIED: '已核验',
  REJECTED: '已驳回',
  EXPIRED: '已过期',
}

export const QUALIFICATION_STATUS_CLASSES: Record<QualificationDisplayStatus, string> = {
  SELF_DECLARED: 'bg-amber-50 text-amber-800',
  VERIFIED: 'bg-green-50 text-green-800',
  REJECTED: 'bg-red-50 text-red-700',
  EXPIRED: 'bg-slate-200 text-slate-600',
}

export const ORGANIZATION_STATUS_LABELS: Record<string, string> = { ACTIVE: '正常', SUSPENDED: '已暂停' }

/** Moved: formatBeijingTime in app/domain/clock/china-time.ts. Re-exported only for the files being
 * rewritten on main (announcement pages, award transitions); delete once they import it from there. */
