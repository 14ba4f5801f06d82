// Chinese labels of credit records, blacklist entries, credit repairs, complaints and the activity
// of an entry (shared by pages and machines; no server imports).
import type {
  BlacklistSource,
  BlacklistStatus,
  ComplaintStatus,
  CreditRecordSource,
  CreditRecordStatus,
  EntryActivityStatus,
  RepairStatus,
} from '#app/generated/prisma/enums.ts'

export const CREDIT_RECORD_STATUS_LABELS: Record<CreditRecordStatus, string> = {
  PENDING: '异议期内（待生效）',
  CONTESTED: '有异议待复核',
  EFFECTIVE: '已生效',
  ANNULLED: '已撤销',
  EXPIRED: '已过有效期',
}

export const CREDIT_RECORD_STATUS_CLASSES: Record<CreditRecordStatus, string> = {
  PENDING: 'bg-amber-50 text-amber-800',
  CONTESTED: 'bg-violet-50 text-violet-800',
  EFFECTIVE: 'bg-blue-50 text-blue-800',
  ANNULLED: 'bg-slate-200 text-slate-600',
  EXPIRED: 'bg-slate-100 text-slate-500',
}

export const CREDIT_RECORD_SOURCE_LABELS: Record<CreditRecordSource, string> = {
  SYSTEM: '平台依履约事实记录',
  DEPARTMENT: '行业主管部门记录',
}

export const BLACKLIST_STATUS_LABELS: Record<BlacklistStatus, string> = {
  SCHEDULED: '待生效',
  ACTIVE: '执行中',
  ENDED: '已期满',
  LIFTED: '经信用修复提前移出',
}

export const BLACKLIST_SOURCE_LABELS: Record<BlacklistSource, string> = {
  DEPARTMENT: '主管部门决定',
  AUTOMATIC: '信用等级降为 D 级自动列入',
}

export const REPAIR_STATUS_LABELS: Record<RepairStatus, string> = {
  PENDING: '待审核',
  APPROVED: '已通过',
  REJECTED: '未通过',
}

export const COMPLAINT_STATUS_LABELS: Record<ComplaintStatus, string> = {
  SUBMITTED: '办理中',
  ESCALATED: '逾期已督办',
  UPHELD: '投诉成立',
  REJECTED: '投诉不成立',
}

export const ACTIVITY_STATUS_LABELS: Record<EntryActivityStatus, string> = {
  ACTIVE: '正常',
  ASKED: '待确认经营状态',
  DORMANT: '休眠',
}
