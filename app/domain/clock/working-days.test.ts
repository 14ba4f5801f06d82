import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { addChinaDays, chinaDate, chinaDayEnd, chinaDayStart, chinaWeekday } from '#app/domain/clock/china-time.ts'
import { OFFICIAL_ARRANGEMENT } from '#app/domain/clock/official-arrangement.server.ts'
import { workingCalendar, yearDays, type CalendarOverride } from '#app/domain/clock/working-days.ts'

const beijing = (wallClock: string) => new Date(`${wallClock}+08:00`)
const endOf = (date: string) => chinaDayEnd(date).toISOString()

// A Spring Festival 2027 as the admin would record it (test data: the State Council's 2027
// arrangement is not in the package yet): 2027-02-05 (Fri) to 02-11 (Thu) off, Saturday 02-20 worked.
const SPRING_FESTIVAL_2027: CalendarOverride[] = [
  ...['05', '06', '07', '08', '09', '10', '11'].map((d) => ({ date: `2027-02-${d}`, kind: 'HOLIDAY' as const, name: '春节' })),
  { date: '2027-02-20', kind: 'WORKDAY', name: '春节' },
]

const calendar = workingCalendar(OFFICIAL_ARRANGEMENT)

function restoreTimeZone(saved: string | undefined) {
  if (saved === undefined) delete process.env.TZ
  else process.env.TZ = saved
}

/** Runs `work` with the process in another time zone (Node applies a changed TZ at once). */
function inTimeZone<T>(tz: string, work: () => T): T {
  const saved = process.env.TZ
  process.env.TZ = tz
  try {
    return work()
  } finally {
    restoreTimeZone(saved)
  }
}
const with2027 = workingCalendar(OFFICIAL_ARRANGEMENT, SPRING_FESTIVAL_2027)

describe('which days are working days', () => {
  test('the package knows 2026 but not 2027', () => {
    expect(calendar.officialYears).toContain(2026)
    expect(calendar.officialYears).not.toContain(2027)
  })

  // The package's 2026 data (国办发明电〔2025〕7号): Mid-autumn 09-25..27 off; National Day 10-01..07
  // off, Sunday 09-20 and Saturday 10-10 worked.
  test.each([
    ['2026-09-19', false, 'weekend'],
    ['2026-09-20', true, 'official'],
    ['2026-09-24', true, 'weekday'],
    ['2026-09-25', false, 'official'],
    ['2026-09-27', false, 'official'],
    ['2026-09-30', true, 'weekday'],
    ['2026-10-01', false, 'official'],
    ['2026-10-05', false, 'official'],
    ['2026-10-07', false, 'official'],
    ['2026-10-08', true, 'weekday'],
    ['2026-10-09', true, 'weekday'],
    ['2026-10-10', true, 'official'],
    ['2026-10-11', false, 'weekend'],
    ['2026-10-12', true, 'weekday'],
  ])('%s: working day %s (%s)', (date, workday, source) => {
    expect(calendar.day(date)).toMatchObject({ date, workday, source })
  })

  test('official days carry the holiday’s Chinese name', () => {
    expect(calendar.day('2026-10-01').name).toBe('国庆节')
    expect(calendar.day('2026-10-10').name).toBe('国庆节')
    expect(calendar.day('2026-10-12').name).toBeNull()
  })

  test('a year the package does not know follows the weekday rule until the admin records it', () => {
    expect(calendar.isWorkday('2027-02-08')).toBe(true)
    expect(calendar.isWorkday('2027-02-20')).toBe(false)
    expect(with2027.day('2027-02-08')).toEqual({ date: '2027-02-08', workday: false, source: 'override', name: '春节' })
    expect(with2027.day('2027-02-20')).toEqual({ date: '2027-02-20', workday: true, source: 'override', name: '春节' })
    expect(with2027.isWorkday('2027-02-12')).toBe(true)
  })

  test('a recorded day wins over the package', () => {
    const corrected = workingCalendar(OFFICIAL_ARRANGEMENT, [
      { date: '2026-10-08', kind: 'HOLIDAY', name: '国庆节' },
      { date: '2026-10-03', kind: 'WORKDAY', name: '调休上班' },
    ])
    expect(corrected.isWorkday('2026-10-08')).toBe(false)
    expect(corrected.isWorkday('2026-10-03')).toBe(true)
  })

  test('every day from 2004 to 2026 agrees with the package’s own isWorkday (run in Beijing’s zone)', async () => {
    // The package's functions (and the tables it builds when loaded) use the process's local zone:
    // in America/New_York they are a day off. That is why the calendar reads its data file instead.
    const saved = process.env.TZ
    process.env.TZ = 'Asia/Shanghai'
    try {
      const { default: chineseDays } = await import('chinese-days')
      const disagreements: string[] = []
      for (let date = '2004-01-01'; date <= '2026-12-31'; date = addChinaDays(date, 1)) {
        if (calendar.isWorkday(date) !== chineseDays.isWorkday(date)) disagreements.push(date)
      }
      expect(disagreements).toEqual([])
    } finally {
      restoreTimeZone(saved)
    }
  })

  test('the answers do not depend on the server’s time zone', () => {
    const answers = (tz: string) =>
      inTimeZone(tz, () => {
        const cal = workingCalendar(OFFICIAL_ARRANGEMENT, SPRING_FESTIVAL_2027)
        return [...yearDays(cal, 2026), ...yearDays(cal, 2027)].map((d) => d.workday).join('') + cal.addWorkingDays(beijing('2026-09-30T10:00'), 3).toISOString()
      })
    expect(answers('America/New_York')).toBe(answers('Asia/Shanghai'))
    expect(answers('Pacific/Kiritimati')).toBe(answers('UTC'))
  })

  test('yearDays lists every day of the year once', () => {
    expect(yearDays(calendar, 2026)).toHaveLength(365)
    expect(yearDays(calendar, 2028)).toHaveLength(366)
    expect(yearDays(calendar, 2026).filter((d) => d.workday)).toHaveLength(248)
  })
})

describe('addWorkingDays: the end (24:00 Beijing) of the n-th working day after from’s China date', () => {
  test.each([
    // the National Day week
    ['2026-09-30T10:00', 1, '2026-10-08'],
    ['2026-09-30T10:00', 2, '2026-10-09'],
    ['2026-09-30T10:00', 3, '2026-10-10'],
    ['2026-09-30T10:00', 4, '2026-10-12'],
    ['2026-10-01T00:30', 1, '2026-10-08'],
    ['2026-09-30T23:59', 1, '2026-10-08'],
    // the make-up Sunday before it
    ['2026-09-18T23:30', 1, '2026-09-20'],
    ['2026-09-18T00:00', 2, '2026-09-21'],
    // plain weekends
    ['2026-11-13T09:00', 1, '2026-11-16'],
    ['2026-11-14T09:00', 5, '2026-11-20'],
    // n = 0: the end of from's own day
    ['2026-10-01T12:00', 0, '2026-10-01'],
  ])('from %s (Beijing), %i working days → end of %s', (from, n, last) => {
    expect(calendar.addWorkingDays(beijing(from), n).toISOString()).toBe(endOf(last))
  })

  test('across Spring Festival 2027 recorded by the admin', () => {
    expect(with2027.addWorkingDays(beijing('2027-02-04T15:00'), 1).toISOString()).toBe(endOf('2027-02-12'))
    expect(with2027.addWorkingDays(beijing('2027-02-04T15:00'), 2).toISOString()).toBe(endOf('2027-02-15'))
    expect(with2027.addWorkingDays(beijing('2027-02-19T15:00'), 1).toISOString()).toBe(endOf('2027-02-20'))
    // without the record the festival's weekdays count
    expect(calendar.addWorkingDays(beijing('2027-02-04T15:00'), 1).toISOString()).toBe(endOf('2027-02-05'))
  })

  test('the end of a day is its 24:00 Beijing time: 16:00 UTC', () => {
    expect(calendar.addWorkingDays(beijing('2026-09-30T10:00'), 1).toISOString()).toBe('2026-10-08T16:00:00.000Z')
  })

  test('n must be a whole number from 0 to 10,000', () => {
    for (const n of [-1, 1.5, Number.NaN, 10_001]) expect(() => calendar.addWorkingDays(beijing('2026-10-01T00:00'), n)).toThrow(RangeError)
  })
})

describe('workingDaysBetween: working days after a’s China date that began before b', () => {
  test.each([
    ['2026-10-12T10:00', '2026-10-12T16:00', 0],
    ['2026-10-12T10:00', '2026-10-13T00:00', 0],
    ['2026-10-12T10:00', '2026-10-13T00:01', 1],
    ['2026-10-12T10:00', '2026-10-14T15:00', 2],
    ['2026-09-30T10:00', '2026-10-08T09:00', 1],
    ['2026-09-30T10:00', '2026-10-12T09:00', 4],
    ['2026-10-01T09:00', '2026-10-07T18:00', 0],
    ['2026-10-14T10:00', '2026-10-12T10:00', 0],
  ])('from %s to %s (Beijing): %i', (a, b, n) => {
    expect(calendar.workingDaysBetween(beijing(a), beijing(b))).toBe(n)
  })

  test('across Spring Festival 2027 recorded by the admin', () => {
    expect(with2027.workingDaysBetween(beijing('2027-02-04T09:00'), beijing('2027-02-21T09:00'))).toBe(7)
    expect(calendar.workingDaysBetween(beijing('2027-02-04T09:00'), beijing('2027-02-21T09:00'))).toBe(11)
  })
})

describe('properties, on random instants and random recorded days', () => {
  const instants = fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2028-12-31T00:00:00Z'), noInvalidDate: true })
  const dates = instants.map((at) => chinaDate(at))
  const overrides = fc.array(
    fc.record({ date: dates, kind: fc.constantFrom('HOLIDAY' as const, 'WORKDAY' as const), name: fc.constant('测试') }),
    { maxLength: 40 },
  )
  const days = fc.integer({ min: 0, max: 120 })

  test('workingDaysBetween(from, addWorkingDays(from, n)) = n', () => {
    fc.assert(
      fc.property(overrides, instants, days, (recorded, from, n) => {
        const cal = workingCalendar(OFFICIAL_ARRANGEMENT, recorded)
        return cal.workingDaysBetween(from, cal.addWorkingDays(from, n)) === n
      }),
    )
  })

  test('for n ≥ 1 the result is the end of a working day, and only from’s China date matters', () => {
    fc.assert(
      fc.property(overrides, instants, fc.integer({ min: 1, max: 120 }), (recorded, from, n) => {
        const cal = workingCalendar(OFFICIAL_ARRANGEMENT, recorded)
        const due = cal.addWorkingDays(from, n)
        const last = chinaDate(new Date(due.getTime() - 1))
        return (
          cal.isWorkday(last) &&
          chinaDayEnd(last).getTime() === due.getTime() &&
          cal.addWorkingDays(chinaDayStart(chinaDate(from)), n).getTime() === due.getTime()
        )
      }),
    )
  })

  test('counting m then n working days is counting m + n; one more day is later', () => {
    fc.assert(
      fc.property(overrides, instants, days, days, (recorded, from, m, n) => {
        const cal = workingCalendar(OFFICIAL_ARRANGEMENT, recorded)
        const afterM = cal.addWorkingDays(from, m)
        return (
          cal.addWorkingDays(new Date(afterM.getTime() - 1), n).getTime() === cal.addWorkingDays(from, m + n).getTime() &&
          cal.addWorkingDays(from, m + 1) > afterM
        )
      }),
    )
  })

  test('workingDaysBetween counts the working dates after a’s date up to the date of the moment before b', () => {
    fc.assert(
      fc.property(overrides, instants, instants, (recorded, a, b) => {
        const cal = workingCalendar(OFFICIAL_ARRANGEMENT, recorded)
        let expected = 0
        if (b > a) {
          const last = chinaDate(new Date(b.getTime() - 1))
          for (let d = addChinaDays(chinaDate(a), 1); d <= last; d = addChinaDays(d, 1)) if (cal.isWorkday(d)) expected += 1
        }
        return cal.workingDaysBetween(a, b) === expected
      }),
      { numRuns: 50 },
    )
  })

  test('a day nobody recorded, in a year the package does not know, is a working day exactly on Monday to Friday', () => {
    const future = fc.date({ min: new Date('2027-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
    fc.assert(
      fc.property(future, (at) => {
        const date = chinaDate(at)
        const weekday = chinaWeekday(date)
        return calendar.isWorkday(date) === (weekday >= 1 && weekday <= 5)
      }),
    )
  })
})
