// Input shapes of an intermediary's entry (入驻), profile, commitments, qualifications,
// practitioners and of the supervision decisions. Shared by the API, the web forms and the domain
// (which parses again). Pure module: no server imports.
import { parseChinaDate } from '#app/domain/clock/china-time.ts'
import { z } from '#app/utils/zod.ts'

const requiredText = (label: string, max: number) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .max(max, `${label}不得超过 ${max} 个字符`)

/** Optional text: empty becomes null. */
const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${label}不得超过 ${max} 个字符`)
    .nullish()
    .transform((v) => (v ? v : null))

const ServiceItemCode = z.string({ error: '请选择中介服务事项' }).trim().min(1, '请选择中介服务事项').max(32)

export const CommitmentInput = z.strictObject({
  serviceItemCode: ServiceItemCode,
  promisedDays: z.coerce
    .number({ error: '请填写承诺时限' })
    .int('承诺时限须为整数（工作日）')
    .min(1, '承诺时限至少 1 个工作日')
    .max(365, '承诺时限不得超过 365 个工作日'),
  feeStandard: requiredText('收费标准', 500),
  feeBasisNote: optionalText('收费依据', 500).optional(),
})
export type CommitmentInput = z.input<typeof CommitmentInput>

export const EntryInput = z.strictObject({
  serviceItemCodes: z
    .array(ServiceItemCode, { error: '请选择提供的中介服务事项' })
    .min(1, '请至少选择一项中介服务事项')
    .max(100, '服务事项过多'),
  commitmentAccepted: z.boolean({ error: '须阅读并接受信用承诺书' }),
  commitments: z.array(CommitmentInput).max(100).optional(),
})
export type EntryInput = z.input<typeof EntryInput>

export const CommitmentsInput = z.strictObject({ commitments: z.array(CommitmentInput).max(100) })
export type CommitmentsInput = z.input<typeof CommitmentsInput>

export const ProfileInput = z.strictObject({
  shortName: optionalText('机构简称', 64).optional(),
  introduction: optionalText('机构简介', 5000).optional(),
  address: optionalText('办公地址', 255).optional(),
  contactName: optionalText('联系人', 64).optional(),
  contactPhone: z
    .string()
    .trim()
    .max(32, '联系电话不得超过 32 个字符')
    .regex(/^[\d\s()+-]*$/, '联系电话只能包含数字、空格、括号、“+”和“-”')
    .nullish()
    .transform((v) => (v ? v : null))
    .optional(),
  regionCode: z
    .string({ error: '请选择所在地区' })
    .trim()
    .regex(/^\d{6}$/, '请选择所在地区'),
  website: z
    .string()
    .trim()
    .max(255, '网址不得超过 255 个字符')
    .refine((v) => v === '' || /^https?:\/\/[^\s]+\.[^\s]+$/i.test(v), '网址须以 http:// 或 https:// 开头')
    .nullish()
    .transform((v) => (v ? v : null))
    .optional(),
  contactEmail: z
    .string()
    .trim()
    .toLowerCase()
    .max(191, '电子邮箱不得超过 191 个字符')
    .refine((v) => v === '' || z.email().safeParse(v).success, '电子邮箱格式不正确')
    .nullish()
    .transform((v) => (v ? v : null))
    .optional(),
})
export type ProfileInput = z.input<typeof ProfileInput>

const DateInput = (label: string) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .transform((v, ctx) => {
      const date = parseChinaDate(v)
      if (!date) {
        ctx.addIssue({ code: 'custom', message: `${label}格式应为 YYYY-MM-DD` })
        return z.NEVER
      }
      return date
    })

export const QualificationInput = z.strictObject({
  typeCode: requiredText('资质类型', 32),
  level: requiredText('资质等级', 32),
  certificateNo: requiredText('证书编号', 64),
  issuer: requiredText('发证机关', 200),
  validFrom: DateInput('有效期起始日'),
  validTo: DateInput('有效期截止日'),
})
export type QualificationInput = z.input<typeof QualificationInput>

export const PractitionerInput = z.strictObject({
  name: requiredText('姓名', 64),
  certificateNo: requiredText('执业证书编号', 64),
  title: requiredText('职称或执业资格', 100),
  specialty: optionalText('专业', 100).optional(),
})
export type PractitionerInput = z.input<typeof PractitionerInput>

export const PractitionerUpdate = PractitionerInput.partial().extend({ active: z.boolean().optional() })
export type PractitionerUpdate = z.input<typeof PractitionerUpdate>

export const ReasonInput = z.strictObject({ reason: requiredText('理由', 500) })
export type ReasonInput = z.input<typeof ReasonInput>

/** A reason that may be omitted (verification); rejection and suspension require one. */
export const OptionalReasonInput = z.strictObject({ reason: optionalText('说明', 500).optional() })
