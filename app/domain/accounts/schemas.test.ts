import { describe, expect, test } from 'vitest'
import { CredentialsSchema, MIN_PASSWORD_LENGTH, RegisterFormSchema, RegistrationSchema } from '#app/domain/accounts/schemas.ts'
import { USCC_MESSAGES } from '#app/domain/accounts/uscc.ts'
import { fieldErrorsOf } from '#app/utils/zod.ts'

const valid = () => ({
  organization: { type: 'INTERMEDIARY', uscc: '91110108551385082Q', name: '四川蜀安环评咨询有限公司', regionCode: '510107' },
  user: { email: 'Zhang.San@Example.COM', password: 'a'.repeat(MIN_PASSWORD_LENGTH), name: '张三' },
})

function errorsOf(input: unknown) {
  const result = RegistrationSchema.safeParse(input)
  return result.success ? {} : fieldErrorsOf(result.error)
}

describe('registration schema (shared by the API, the register page and the domain)', () => {
  test('a valid registration passes; the USCC is upper-cased and the e-mail lower-cased', () => {
    const input = valid()
    input.organization.uscc = ' 91110108551385082q '
    const result = RegistrationSchema.parse(input)
    expect(result.organization.uscc).toBe('91110108551385082Q')
    expect(result.user.email).toBe('zhang.san@example.com')
  })

  test('a USCC with a wrong check character is refused with the Chinese message under organization.uscc', () => {
    const input = valid()
    input.organization.uscc = '91110108551385082R'
    expect(errorsOf(input)['organization.uscc']).toEqual([USCC_MESSAGES.check])
    expect(USCC_MESSAGES.check).toBe('统一社会信用代码校验位不正确，请核对后重新输入')
  })

  test('a USCC of the wrong length or with an illegal letter is refused with its own message', () => {
    const short = valid()
    short.organization.uscc = '9111010855138508'
    expect(errorsOf(short)['organization.uscc']).toEqual([USCC_MESSAGES.length])
    const letter = valid()
    letter.organization.uscc = '9111010855138508IQ'
    expect(errorsOf(letter)['organization.uscc']).toEqual([USCC_MESSAGES.characters])
  })

  test(`a password shorter than ${MIN_PASSWORD_LENGTH} characters is refused under user.password`, () => {
    const input = valid()
    input.user.password = 'a'.repeat(MIN_PASSWORD_LENGTH - 1)
    expect(errorsOf(input)['user.password']).toEqual([`密码至少 ${MIN_PASSWORD_LENGTH} 个字符`])
  })

  test('only OWNER and INTERMEDIARY may register themselves', () => {
    for (const type of ['DEPARTMENT', 'PLATFORM']) {
      const input = valid()
      input.organization.type = type
      expect(errorsOf(input)['organization.type']).toBeDefined()
    }
  })

  test('unknown fields are refused and named', () => {
    const input = { ...valid(), extra: 1, organization: { ...valid().organization, capital: 100 } }
    const errors = errorsOf(input)
    expect(errors['extra']).toBeDefined()
    expect(errors['organization.capital']).toBeDefined()
  })

  test('a malformed e-mail is refused under user.email', () => {
    const input = valid()
    input.user.email = 'not-an-email'
    expect(errorsOf(input)['user.email']).toEqual(['电子邮箱格式不正确'])
  })

  test('the register form also requires the password confirmation to match', () => {
    const input = valid()
    const form = { ...input, user: { ...input.user, confirmPassword: 'something-else' } }
    const result = RegisterFormSchema.safeParse(form)
    expect(result.success).toBe(false)
    expect(fieldErrorsOf(result.error!)['user.confirmPassword']).toEqual(['两次输入的密码不一致'])
    expect(RegisterFormSchema.safeParse({ ...input, user: { ...input.user, confirmPassword: input.user.password } }).success).toBe(true)
  })

  test('credentials lower-case the e-mail so sign-in is case-insensitive', () => {
    expect(CredentialsSchema.parse({ email: ' A@B.CN ', password: 'x' }).email).toBe('a@b.cn')
  })
})
