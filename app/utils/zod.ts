// zod with Simplified Chinese messages, used by every boundary (API bodies, forms, query strings).
import { z } from 'zod'

z.config(z.locales.zhCN())

export { z }

/** zod issues as `{ "field.path": ["message"] }`; unknown keys are reported under their own path. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const errors: Record<string, string[]> = {}
  const add = (path: string, message: string) => (errors[path || '_'] ??= []).push(message)
  for (const issue of error.issues) {
    const base = issue.path.map(String).join('.')
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) add(base ? `${base}.${key}` : key, '不允许的字段')
    } else {
      add(base, issue.message)
    }
  }
  return errors
}

/** Pagination shared by every list: page ≥ 1, pageSize 1..100 (more is refused, not clamped). */
export const PaginationSchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
})
export type Pagination = z.infer<typeof PaginationSchema>
