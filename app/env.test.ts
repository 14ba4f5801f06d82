import { describe, expect, test } from 'vitest'
import { EnvError, parseEnv } from '#app/env.server.ts'

const base = { SESSION_SECRET: 'x'.repeat(32), BID_PRICE_KEY: 'ab'.repeat(32) }

describe('environment', () => {
  test('the test clock is refused together with NODE_ENV=production', () => {
    expect(() => parseEnv({ ...base, NODE_ENV: 'production', ENABLE_TEST_CLOCK: '1' })).toThrow(EnvError)
    expect(() => parseEnv({ ...base, NODE_ENV: 'production', ENABLE_TEST_CLOCK: '1' })).toThrow(/ENABLE_TEST_CLOCK/)
  })

  test('the test clock is allowed outside production', () => {
    expect(parseEnv({ ...base, NODE_ENV: 'test', ENABLE_TEST_CLOCK: '1' }).ENABLE_TEST_CLOCK).toBe(true)
  })

  test('defaults: port 3000, no external services', () => {
    const env = parseEnv(base)
    expect(env.PORT).toBe(3000)
    expect(env.DATABASE_URL).toBeUndefined()
    expect(env.MEILI_HOST).toBeUndefined()
    expect(env.STRIPE_SECRET_KEY).toBeUndefined()
  })

  test('a readable list of what is wrong', () => {
    expect(() => parseEnv({ SESSION_SECRET: 'short', PORT: 'eighty', DATABASE_URL: 'postgres://x' })).toThrow(
      /SESSION_SECRET[\s\S]*PORT|PORT[\s\S]*SESSION_SECRET/,
    )
  })

  test('an admin e-mail without a password is refused', () => {
    expect(() => parseEnv({ ...base, ADMIN_EMAIL: 'a@example.com' })).toThrow(/ADMIN_PASSWORD/)
  })
})
