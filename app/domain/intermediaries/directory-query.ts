// The query of the public directory of intermediaries (GET /api/v1/intermediaries and the
// /intermediaries page), and the Chinese labels the page shows. No server imports: pages use it.
import { CREDIT_LEVEL_VALUES, type CreditLevel } from '#app/domain/credit/level.ts'
import { PaginationSchema, z } from '#app/utils/zod.ts'

export const DIRECTORY_SORTS = ['relevance', 'credit', 'rating', 'newest'] as const
export type DirectorySort = (typeof DIRECTORY_SORTS)[number]

export const SORT_LABELS: Record<DirectorySort, string> = {
  relevance: '相关度',
  credit: '信用分从高到低',
  rating: '评价从高到低',
  newest: '最新入驻',
}

export const CREDIT_LEVEL_LABELS: Record<CreditLevel, string> = {
  A: 'A 级（≥90 分）',
  B: 'B 级（75–89 分）',
  C: 'C 级（60–74 分）',
  D: 'D 级（<60 分）',
}

/** Empty strings (an unselected form control) count as absent. */
const blankAsUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value)

const optional = <S extends z.ZodType>(schema: S) => z.preprocess(blankAsUndefined, schema.optional())

const booleanFlag = z
  .enum(['true', 'false', '1', '0'], '应为 true 或 false')
  .transform((v) => v === 'true' || v === '1')

/** A comma-separated list ("A,B") of at most `max` distinct values, each accepted by `valid`. */
const commaList = <T extends string>(valid: (value: string) => value is T, message: string, max: number) =>
  z.string().transform((value, ctx): T[] => {
    const parts = [
      ...new Set(
        value
          .split(',')
          .map((part) => part.trim())
          .filter(Boolean),
      ),
    ]
    if (parts.length === 0 || parts.some((part) => !valid(part))) ctx.addIssue({ code: 'custom', message })
    else if (parts.length > max) ctx.addIssue({ code: 'custom', message: `最多 ${max} 项` })
    return parts as T[]
  })

const isServiceItemCode = (value: string): value is string => /^[A-Za-z0-9_-]{1,32}$/.test(value)
const isCreditLevel = (value: string): value is CreditLevel =>
  (CREDIT_LEVEL_VALUES as readonly string[]).includes(value)

export const DirectoryQueryShape = {
  ...PaginationSchema.shape,
  q: optional(z.string().trim().max(100, '搜索词不能超过 100 个字符')),
  /** One service-item code or several, comma-separated: firms offering any of them. */
  serviceItem: optional(commaList(isServiceItemCode, '中介服务事项编码格式不正确', 20)),
  /** A field (领域) code. */
  field: optional(
    z
      .string()
      .trim()
      .regex(/^[A-Z0-9_]{1,32}$/, '领域编码格式不正确'),
  ),
  /** A province, city or county code; a city includes its counties. */
  regionCode: optional(
    z
      .string()
      .trim()
      .regex(/^\d{6}$/, '行政区划代码为 6 位数字'),
  ),
  /** "A" or "A,B". */
  creditLevel: optional(commaList(isCreditLevel, '信用等级应为 A、B、C 或 D（多个用逗号分隔）', 4)),
  /** true: only firms with a verified, unexpired qualification. */
  verified: optional(booleanFlag),
  /** false: leave blacklisted firms out (they are listed, marked, by default). */
  blacklisted: optional(booleanFlag),
  /** false: leave suspended firms out (they are listed, marked, by default). */
  suspended: optional(booleanFlag),
  sort: optional(z.enum(DIRECTORY_SORTS, `排序方式应为 ${DIRECTORY_SORTS.join('、')} 之一`)),
}

/** The API's query: unknown parameters are refused. */
export const DirectoryQuery = z.strictObject(DirectoryQueryShape)
export type DirectoryQuery = z.infer<typeof DirectoryQuery>

/** The page's query: the same, plus the province whose cities the region select shows. */
export const DirectoryPageQuery = z.object({
  ...DirectoryQueryShape,
  province: optional(
    z
      .string()
      .trim()
      .regex(/^\d{6}$/, '行政区划代码为 6 位数字'),
  ),
})
