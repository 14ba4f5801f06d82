import { describe, expect, test } from 'vitest'
import { allowedPoints, countFires, countsAt, expiryOf, standingOf } from '#app/domain/credit/score.ts'

const at = new Date('2026-12-04T02:00:00.000Z')
const later = (ms: number) => new Date(at.getTime() + ms)
const effective = (points: number, expiresAt = later(86_400_000)) => ({ points, status: 'EFFECTIVE', expiresAt })

describe('standingOf', () => {
  test('no records: the base score 100, level A', () => {
    expect(standingOf([], at)).toEqual({ score: 100, level: 'A' })
  })

  test('effective points add to 100; pending, contested, annulled and expired ones do not', () => {
    const records = [
      effective(-30),
      effective(2),
      { points: -40, status: 'PENDING', expiresAt: later(1000) },
      { points: -40, status: 'CONTESTED', expiresAt: later(1000) },
      { points: -40, status: 'ANNULLED', expiresAt: later(1000) },
      { points: -40, status: 'EXPIRED', expiresAt: later(1000) },
    ]
    expect(standingOf(records, at)).toEqual({ score: 72, level: 'C' })
  })

  test('a record stops counting at its expiry instant (exclusive)', () => {
    const record = effective(-20, later(60_000))
    expect(standingOf([record], later(59_999))).toEqual({ score: 80, level: 'B' })
    expect(standingOf([record], later(60_000))).toEqual({ score: 100, level: 'A' })
    expect(countsAt(record, later(60_000))).toBe(false)
  })

  test('the score is clamped to 0..120', () => {
    expect(standingOf([effective(-40), effective(-40), effective(-40)], at)).toEqual({ score: 0, level: 'D' })
    expect(standingOf(Array.from({ length: 6 }, () => effective(5)), at)).toEqual({ score: 120, level: 'A' })
  })

  test('the level boundaries: 90 A, 89 B, 75 B, 74 C, 60 C, 59 D', () => {
    const levelAt = (points: number) => standingOf([effective(points)], at).level
    expect([-10, -11, -25, -26, -40, -41].map(levelAt)).toEqual(['A', 'B', 'B', 'C', 'C', 'D'])
  })
})

describe('rules arithmetic', () => {
  test('validity runs in calendar days from the behaviour', () => {
    expect(expiryOf(at, 730).toISOString()).toBe('2028-12-03T02:00:00.000Z')
  })

  test('counting rules fire on every N-th event', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => countFires(n, 3))).toEqual([false, false, true, false, false, true])
    expect([1, 2].map((n) => countFires(n, 1))).toEqual([true, true])
    expect(countFires(0, 1)).toBe(false)
  })

  test('a department may lighten a rule, never change its sign or exceed it', () => {
    expect(allowedPoints(-30, undefined)).toBe(-30)
    expect(allowedPoints(-30, -10)).toBe(-10)
    expect(allowedPoints(-30, -31)).toBeNull()
    expect(allowedPoints(-30, 5)).toBeNull()
    expect(allowedPoints(-30, 0)).toBeNull()
    expect(allowedPoints(5, 3)).toBe(3)
    expect(allowedPoints(-30, -2.5)).toBeNull()
  })
})
