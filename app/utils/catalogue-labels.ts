// Chinese labels of catalogue enums, shared by pages (kept out of *.server modules, which the
// browser bundle does not get).
import type { ApprovalItemKind, FeeBasis } from '#app/generated/prisma/enums.ts'

export const APPROVAL_KIND_LABELS: Record<ApprovalItemKind, string> = { LICENSE: '行政许可', OTHER: '其他' }
export const FEE_BASIS_LABELS: Record<FeeBasis, string> = { MARKET: '市场调节价', GOVERNMENT_GUIDED: '政府指导价' }
