// The input of "create a department" (API body and admin form), shared so both apply one rule set.
import { z } from '#app/utils/zod.ts'

export const DepartmentInput = z.strictObject({
  name: z.string().trim().min(1, '请填写部门名称').max(200, '不能超过 200 个字符'),
  uscc: z.string().trim().min(1, '请填写统一社会信用代码').max(40),
  regionCode: z.string().trim().min(1, '请选择行政区划').max(12),
  /** Optional: otherwise the field of the first service item. */
  fieldCode: z.string().trim().min(1).max(32).optional(),
  serviceItemCodes: z.array(z.string().trim().min(1).max(32)).min(1, '至少选择一个中介服务事项').max(200),
  user: z.strictObject({
    email: z.string().trim().toLowerCase().pipe(z.email('邮箱格式不正确')).pipe(z.string().max(191)),
    password: z.string().max(200, '密码不能超过 200 个字符'),
    name: z.string().trim().min(1, '请填写姓名').max(64, '不能超过 64 个字符'),
  }),
})
export type DepartmentInput = z.input<typeof DepartmentInput>
