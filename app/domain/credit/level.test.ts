import { describe, expect, test } from 'vitest'
import { creditLevelOf } from '#app/domain/credit/level.ts'

describe('creditLevelOf', () => {
  test.each([
    [120, 'A'],
    [100, 'A'],
    [90, 'A'],
    [89.5, 'B'],
    [75, 'B'],
    [74, 'C'],
    [60, 'C'],
    [59, 'D'],
    [0, 'D'],
  ])('a score of %d is level %s', (score, level) => {
    expect(creditLevelOf(score)).toBe(level)
  })
})
