// The account rules as zod schemas, shared by the API, the web forms (client and server side) and
// the domain, which re-checks every input with the same schema: one rule, several callers.
// Pure module (no server imports), so the register page can also validate in the browser.
import { normalizeUscc, usccProblem, USCC_MESSAGES } from '#app/domain/accounts/uscc.ts'
import { z } from '#app/utils/zod.ts'

export const MIN_PASSWORD_LENGTH = 10
export const MAX_PASSWORD_LENGTH = 200

export const REGISTRABLE_ORGANIZATION_TYPES = ['OWNER', 'INTERMEDIARY'] as const
export type RegistrableOrganizationType = (typeof REGISTRABLE_ORGANIZATION_TYPES)[number]

const requiredText = (label: string, max: number) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .max(max, `${label}不得超过 ${max} 个字符`)

const optionalText = (label: string, max: number) =>
  z.string().trim().max(max, `${label}不得超过 ${max} 个字符`).optional()

/** 统一社会信用代码: trimmed and upper-cased, then checked against GB 32100-2015. */
export const UsccSchema = z
  .string({ error: '请填写统一社会信用代码' })
  .transform(normalizeUscc)
  .superRefine((code, ctx) => {
    if (code.length === 0) {
      ctx.addIssue({ code: 'custom', message: '请填写统一社会信用代码' })
      return
    }
    const problem = usccProblem(code)
    if (problem) ctx.addIssue({ code: 'custom', message: USCC_MESSAGES[problem] })
  })

export const EmailSchema = z
  .string({ error: '请填写电子邮箱' })
  .trim()
  .toLowerCase()
  .max(191, '电子邮箱不得超过 191 个字符')
  .pipe(z.email('电子邮箱格式不正确'))

export const PasswordSchema = z
  .string({ error: '请填写密码' })
  .min(MIN_PASSWORD_LENGTH, `密码至少 ${MIN_PASSWORD_LENGTH} 个字符`)
  .max(MAX_PASSWORD_LENGTH, `密码不得超过 ${MAX_PASSWORD_LENGTH} 个字符`)

export const RegionCodeSchema = z
  .string({ error: '请选择所在地区' })
  .trim()
  .regex(/^\d{6}$/, '请选择所在地区')

export const ContactPhoneSchema = z
  .string()
  .trim()
  .max(32, '联系电话不得超过 32 个字符')
  .regex(/^[0-9+\-() ]*$/, '联系电话只能包含数字、空格和 + - ( )')
  .optional()

export const RegisterOrganizationSchema = z.strictObject({
  type: z.enum(REGISTRABLE_ORGANIZATION_TYPES, { error: '请选择机构类型（项目业主或中介机构）' }),
  uscc: UsccSchema,
  name: requiredText('机构名称', 200),
  regionCode: RegionCodeSchema,
  legalRepresentative: optionalText('法定代表人', 64),
  address: optionalText('地址', 255),
  contactPhone: ContactPhoneSchema,
})

export const RegisterUserSchema = z.strictObject({
  email: EmailSchema,
  password: PasswordSchema,
  name: requiredText('联系人姓名', 64),
})

/** The body of POST /api/v1/auth/register, and the input of registerOrganization. */
export const RegistrationSchema = z.strictObject({
  organization: RegisterOrganizationSchema,
  user: RegisterUserSchema,
})
export type RegistrationInput = z.input<typeof RegistrationSchema>
export type Registration = z.output<typeof RegistrationSchema>

/** The web register form: the same fields, plus the password confirmation. */
export const RegisterFormSchema = z
  .object({
    organization: RegisterOrganizationSchema,
    user: RegisterUserSchema.extend({ confirmPassword: z.string({ error: '请再次输入密码' }) }),
  })
  .superRefine((value, ctx) => {
    if (value.user.password !== value.user.confirmPassword) {
      ctx.addIssue({ code: 'custom', path: ['user', 'confirmPassword'], message: '两次输入的密码不一致' })
    }
  })

/** Sign-in credentials (API token request and the web login form). */
export const CredentialsSchema = z.strictObject({
  email: z.string({ error: '请填写电子邮箱' }).trim().toLowerCase().min(1, '请填写电子邮箱').max(191, '电子邮箱不得超过 191 个字符'),
  password: z.string({ error: '请填写密码' }).min(1, '请填写密码').max(MAX_PASSWORD_LENGTH, `密码不得超过 ${MAX_PASSWORD_LENGTH} 个字符`),
  organizationId: z.string().trim().min(1).max(32).optional(),
})
export type Credentials = z.output<typeof CredentialsSchema>

/** Creating a named API token (web account page and API). */
export const TokenNameSchema = z
  .string({ error: '请填写令牌名称' })
  .trim()
  .min(1, '请填写令牌名称')
  .max(100, '令牌名称不得超过 100 个字符')
