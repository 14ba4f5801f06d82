import { describe, expect, test } from 'vitest'
import { safeRedirectPath } from '#app/utils/redirect.ts'

describe('redirectTo after sign-in stays on this site', () => {
  test.each(['/account', '/announcements?status=PUBLISHED', '/a/b#c'])('a same-site path %s is kept', (to) => {
    expect(safeRedirectPath(to)).toBe(to)
  })

  test.each([
    'https://evil.example/',
    '//evil.example/path',
    '/\\evil.example',
    '\\\\evil.example',
    'javascript:alert(1)',
    'account',
    '/\t/evil.example',
    '/\n/evil.example',
  ])('%j falls back to the default', (to) => {
    expect(safeRedirectPath(to, '/account')).toBe('/account')
  })

  test('a missing or non-string value falls back', () => {
    expect(safeRedirectPath(null)).toBe('/account')
    expect(safeRedirectPath(undefined, '/')).toBe('/')
    expect(safeRedirectPath('', '/')).toBe('/')
  })
})
