// Query strings of the catalogue lists (API and web pages).
import { PaginationSchema, z } from '#app/utils/zod.ts'

export const CatalogueQuery = PaginationSchema.extend({
  q: z.string().trim().max(100, '搜索词不能超过 100 个字符').optional(),
})

export const RegionQuery = PaginationSchema.extend({
  pageSize: z.coerce.number().int().min(1).max(100).default(100),
  parent: z
    .string()
    .trim()
    .regex(/^\d{6}$/, '行政区划代码为 6 位数字')
    .optional(),
})
