// Input schemas of credit records, blacklist entries, credit repair and complaints (the API bodies
// and the web forms share them). Objects are strict: an unknown field is refused.
import { chinaDayStart, isChinaDate } from '#app/domain/clock/china-time.ts'
import { invalid } from '#app/domain/errors.ts'
import { fieldErrorsOf, z } from '#app/utils/zod.ts'

/** The input parsed with a schema, or 400 with the field messages (nothing is changed). */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input)
  if (!parsed.success) throw invalid('提交的内容未通过校验', fieldErrorsOf(parsed.error))
  return parsed.data
}

const Text = (label: string, max: number) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .max(max, `${label}最多 ${max} 个字`)

const Id = (label: string) => z.string({ error: `请选择${label}` }).trim().min(1, `请选择${label}`).max(32)

/** An instant with offset (2026-12-01T09:00:00+08:00), or a China date (2026-12-01: 00:00 Beijing time). */
const InstantOrDate = (label: string) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .transform((v, ctx) => {
      if (isChinaDate(v)) return chinaDayStart(v)
      if (z.iso.datetime({ offset: true }).safeParse(v).success) return new Date(v)
      ctx.addIssue({
        code: 'custom',
        message: `${label}格式不正确，应为日期（2026-12-01）或带时区的时间（2026-12-01T09:00:00+08:00）`,
      })
      return z.NEVER
    })

export const CreditRecordInput = z.strictObject({
  intermediaryId: Id('中介机构'),
  ruleCode: z.string({ error: '请选择信用规则' }).trim().min(1, '请选择信用规则').max(48),
  evidence: Text('证据（文书名称、文号、查实的事实）', 5000),
  points: z.number({ error: '分值须为整数' }).int('分值须为整数').optional(),
})
export type CreditRecordInput = z.input<typeof CreditRecordInput>

export const ContestInput = z.strictObject({ reason: Text('异议理由', 2000) })

export const ReviewInput = z.strictObject({
  upheld: z.boolean({ error: '请选择复核结论' }),
  reason: Text('复核理由', 2000),
})

export const BlacklistInput = z
  .strictObject({
    intermediaryId: Id('中介机构'),
    reason: Text('列入理由', 500),
    evidence: Text('证据', 5000),
    startsAt: InstantOrDate('开始日期'),
    endsAt: InstantOrDate('结束日期'),
  })
  .superRefine((v, ctx) => {
    if (v.endsAt.getTime() <= v.startsAt.getTime())
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: '结束日期须晚于开始日期' })
  })

export const RepairInput = z.strictObject({
  statement: Text('整改情况说明', 5000),
  evidence: Text('整改证明材料', 5000),
})

export const RepairDecisionInput = z.strictObject({
  approve: z.boolean({ error: '请选择是否通过' }),
  reason: Text('审核理由', 1000),
})

export const ComplaintInput = z.strictObject({
  subjectOrganizationId: z.string().trim().max(32).optional(),
  contractId: z.string().trim().max(32).optional(),
  announcementId: z.string().trim().max(32).optional(),
  reason: Text('投诉事项和理由', 5000),
})
export type ComplaintInput = z.input<typeof ComplaintInput>

export const ComplaintDecisionInput = z.strictObject({
  outcome: z.enum(['UPHELD', 'REJECTED'], { error: '请选择办理结果（投诉成立或不成立）' }),
  reply: Text('答复', 5000),
})
