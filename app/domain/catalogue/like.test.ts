import { describe, expect, test } from 'vitest'
import { containsPattern, escapeLike, normalizeQuery } from '#app/domain/catalogue/like.ts'

describe('LIKE escaping', () => {
  test('% and _ in a query match themselves, not any text', () => {
    expect(escapeLike('100%_done')).toBe('100!%!_done')
  })

  test('the escape character itself is escaped', () => {
    expect(escapeLike('a!b')).toBe('a!!b')
  })

  test('Chinese text is left as it is and wrapped for a substring match', () => {
    expect(containsPattern('环境影响')).toBe('%环境影响%')
  })

  test('a blank query means no filter', () => {
    expect(normalizeQuery('   ')).toBeUndefined()
    expect(normalizeQuery(undefined)).toBeUndefined()
    expect(normalizeQuery(' 水土 ')).toBe('水土')
  })
})
