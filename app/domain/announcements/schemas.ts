// Input schemas of announcements and bids (API bodies and web forms share them). Objects are strict:
// there is no field for eligibility conditions of the owner's own — the only one is the service
// item's legal qualification requirement, applied automatically.
import { MoneySchema } from '#app/utils/money.ts'
import { z } from '#app/utils/zod.ts'

export const METHODS = ['DIRECT', 'LOTTERY', 'LOWEST_PRICE', 'AVERAGE_PRICE', 'SCORE'] as const

const Instant = z.iso
  .datetime({ offset: true, error: '时间格式不正确，应为带时区的 ISO 8601 时间，如 2026-12-01T17:00:00+08:00' })
  .transform((v) => new Date(v))

/** Weights in percent, or as fractions of 1 (0.5/0.3/0.2), summing to 100 (or 1). */
export const WeightsSchema = z
  .strictObject({
    price: z.number().min(0, '权重不能为负数'),
    credit: z.number().min(0, '权重不能为负数'),
    rating: z.number().min(0, '权重不能为负数'),
    technical: z.number().min(0, '权重不能为负数').optional(),
  })
  .transform((w, ctx) => {
    const values = [w.price, w.credit, w.rating, w.technical ?? 0]
    const sum = values.reduce((a, b) => a + b, 0)
    const scale = Math.abs(sum - 1) < 1e-9 ? 100 : 1
    const percent = values.map((v) => Math.round(v * scale * 100) / 100)
    if (percent.some((v) => !Number.isInteger(v)) || percent.reduce((a, b) => a + b, 0) !== 100) {
      ctx.addIssue({ code: 'custom', message: '各项权重应为整数百分比，合计为 100' })
      return z.NEVER
    }
    const [price, credit, rating, technical] = percent as [number, number, number, number]
    return { price, credit, rating, technical }
  })

const Text = (label: string, max: number, min = 1) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(min, min > 1 ? `${label}至少 ${min} 个字` : `请填写${label}`)
    .max(max, `${label}最多 ${max} 个字`)

const optionalText = (label: string, max: number) => z.string().trim().max(max, `${label}最多 ${max} 个字`).optional()

export const AnnouncementInput = z.strictObject({
  projectId: z.string({ error: '请选择项目' }).trim().min(1, '请选择项目').max(32),
  approvalItemCode: z.string({ error: '请选择审批事项' }).trim().min(1, '请选择审批事项').max(32),
  serviceItemCode: z.string({ error: '请选择中介服务事项' }).trim().min(1, '请选择中介服务事项').max(32),
  title: Text('公告标题', 200, 4),
  scope: Text('服务范围和内容', 5000, 4),
  method: z.enum(METHODS, { error: '请选择选取方式' }),
  priceCeiling: MoneySchema.optional(),
  /** 最低限价 (竞价选取 only): a bid below it is refused */
  priceFloor: MoneySchema.optional(),
  fixedPrice: MoneySchema.optional(),
  directIntermediaryId: z.string().trim().min(1).max(32).optional(),
  weights: WeightsSchema.optional(),
  evaluatorUserIds: z
    .array(z.string().trim().min(1).max(32))
    .max(9, '评审人员最多 9 名')
    .refine((ids) => new Set(ids).size === ids.length, '评审人员不能重复')
    .optional(),
  deadline: Instant,
  serviceDays: z
    .number({ error: '请填写服务时限（工作日）' })
    .int('服务时限应为整数个工作日')
    .min(1, '服务时限至少 1 个工作日')
    .max(3650, '服务时限不能超过 3650 个工作日'),
  paymentTerms: optionalText('付款方式', 1000),
  contactName: optionalText('联系人', 64),
  contactPhone: z
    .string()
    .trim()
    .max(32, '联系电话最多 32 个字符')
    .regex(/^[0-9+\-() ]*$/, '联系电话格式不正确')
    .optional(),
})
export type AnnouncementInput = z.infer<typeof AnnouncementInput>

/** What an amendment (公告变更) may change; method, items and project stay. */
export const AmendmentInput = z
  .strictObject({
    reason: Text('变更理由', 500, 2),
    title: Text('公告标题', 200, 4).optional(),
    scope: Text('服务范围和内容', 5000, 4).optional(),
    priceCeiling: MoneySchema.optional(),
    priceFloor: MoneySchema.optional(),
    fixedPrice: MoneySchema.optional(),
    deadline: Instant.optional(),
    serviceDays: z.number().int().min(1).max(3650).optional(),
    paymentTerms: optionalText('付款方式', 1000),
    contactName: optionalText('联系人', 64),
    contactPhone: z
      .string()
      .trim()
      .max(32)
      .regex(/^[0-9+\-() ]*$/, '联系电话格式不正确')
      .optional(),
  })
  .refine((v) => Object.keys(v).some((k) => k !== 'reason'), { message: '请至少变更一项内容', path: ['reason'] })
export type AmendmentInput = z.infer<typeof AmendmentInput>

export const ReasonInput = z.strictObject({ reason: Text('理由', 500, 2) })

export const ReannounceInput = z.strictObject({ deadline: Instant, title: Text('公告标题', 200, 4).optional() })

const Nonce = z
  .string()
  .trim()
  .min(1, '随机数不能为空')
  .max(64, '随机数最多 64 个字符')
  .regex(/^[A-Za-z0-9_-]+$/, '随机数只能包含字母、数字、下划线和连字符')

export const BidInput = z.strictObject({ price: MoneySchema.optional(), nonce: Nonce.optional() })
export type BidInput = z.infer<typeof BidInput>

export const DirectResponseInput = z.strictObject({
  accept: z.boolean({ error: '请说明是否接受' }),
  reason: z.string().trim().max(500).optional(),
})

export const ObjectionInput = z.strictObject({ reason: Text('质疑事项和理由', 5000, 5) })
export const ObjectionAnswerInput = z.strictObject({
  answer: Text('答复内容', 5000, 2),
  upheld: z.boolean({ error: '请说明质疑是否成立' }),
})
export const ObjectionDecisionInput = z.strictObject({
  decision: Text('处理决定', 5000, 2),
  upheld: z.boolean({ error: '请说明质疑是否成立' }),
})

export const TechnicalScoresInput = z.strictObject({
  scores: z
    .array(
      z.strictObject({
        bidId: z.string().min(1).max(32),
        score: z.number({ error: '请填写 0–100 的技术分' }).min(0, '技术分为 0–100').max(100, '技术分为 0–100'),
      }),
    )
    .min(1, '请为每个有效报名评分'),
})

export const AnnouncementListQuery = z.strictObject({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100, 'pageSize 最大为 100').default(20),
  q: z.string().trim().max(100).optional(),
  status: z.enum(['DRAFT', 'PUBLISHED', 'EVALUATING', 'PUBLICITY', 'AWARDED', 'CANCELLED', 'FAILED']).optional(),
  serviceItem: z.string().trim().max(32).optional(),
  regionCode: z
    .string()
    .trim()
    .regex(/^\d{6}$/, '行政区划代码为 6 位数字')
    .optional(),
  method: z.enum(METHODS).optional(),
  projectId: z.string().trim().max(32).optional(),
  mine: z.enum(['0', '1']).optional(),
})
export type AnnouncementListQuery = z.infer<typeof AnnouncementListQuery>
