// Input shapes of the catalogue's admin operations, shared by the API, the admin forms and the
// domain functions (which parse again, so a caller that skips validation still cannot store junk).
import { z } from '#app/utils/zod.ts'

const text = (max: number) => z.string().trim().min(1, '不能为空').max(max, `不能超过 ${max} 个字符`)

export const CatalogueCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9_-]{1,31}$/, '编码为 2–32 位大写字母、数字、“-”或“_”')

export const ApprovalItemFields = z.object({
  name: text(200),
  department: text(100),
  fieldCode: text(32),
  kind: z.enum(['LICENSE', 'OTHER']),
  legalBasis: text(5000),
})
export const ApprovalItemInput = ApprovalItemFields.extend({ code: CatalogueCode })
export type ApprovalItemInput = z.infer<typeof ApprovalItemInput>
export type ApprovalItemFields = z.infer<typeof ApprovalItemFields>

const optionalCode = z
  .string()
  .trim()
  .max(32)
  .nullish()
  .transform((v) => (v ? v : null))

export const ServiceItemFields = z.object({
  name: text(200),
  department: text(100),
  fieldCode: text(32),
  legalBasis: text(5000),
  qualificationTypeCode: optionalCode,
  qualificationMinLevel: optionalCode,
  feeBasis: z.enum(['MARKET', 'GOVERNMENT_GUIDED']),
  standardDays: z.coerce.number().int('须为整数').min(1, '至少 1 天').max(365, '不能超过 365 天'),
})
export const ServiceItemInput = ServiceItemFields.extend({ code: CatalogueCode })
export type ServiceItemInput = z.infer<typeof ServiceItemInput>
export type ServiceItemFields = z.infer<typeof ServiceItemFields>

export const LinkInput = z.object({
  approvalItemCode: text(32),
  serviceItemCode: text(32),
  required: z.boolean(),
  note: z
    .string()
    .trim()
    .max(500, '不能超过 500 个字符')
    .nullish()
    .transform((v) => (v ? v : null)),
})
export type LinkInput = z.infer<typeof LinkInput>

export const QualificationTypeFields = z.object({
  name: text(200),
  issuingAuthority: text(200),
  /** The field whose departments verify qualifications of this type; none: the platform admin only. */
  fieldCode: optionalCode,
})
export const QualificationTypeInput = QualificationTypeFields.extend({
  code: CatalogueCode,
  /** Initial levels, highest first. */
  levels: z.array(text(32)).max(10).default([]),
})
export type QualificationTypeInput = z.input<typeof QualificationTypeInput>
export type QualificationTypeFields = z.input<typeof QualificationTypeFields>

export const LevelName = text(32)
