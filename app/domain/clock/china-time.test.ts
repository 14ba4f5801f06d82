import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import {
  addChinaDays,
  chinaDate,
  chinaDayEnd,
  chinaDayStart,
  chinaLocalToIso,
  chinaWeekday,
  dateColumn,
  dateOfColumn,
  formatBeijingDate,
  formatBeijingTime,
  isChinaDate,
  isoToChinaLocal,
  parseChinaDate,
} from '#app/domain/clock/china-time.ts'

// Instants from 2000 to 2100, to the millisecond.
const instants = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })

describe('Beijing time for people', () => {
  test.each([
    ['2026-12-04T09:00:00Z', '2026年12月4日 17:00'],
    ['2026-12-03T16:00:00Z', '2026年12月4日 00:00'],
    ['2026-12-03T15:59:59.999Z', '2026年12月3日 23:59'],
    ['2026-12-31T16:30:00+00:00', '2027年1月1日 00:30'],
    ['2026-10-01T08:05:00+08:00', '2026年10月1日 08:05'],
  ])('%s is shown as %s', (iso, shown) => {
    expect(formatBeijingTime(iso)).toBe(shown)
    expect(formatBeijingTime(new Date(iso))).toBe(shown)
  })

  test('it agrees with the time-zone database (Asia/Shanghai) for every instant', () => {
    const reference = new Intl.DateTimeFormat('zh-CN', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
    fc.assert(fc.property(instants, (at) => formatBeijingTime(at) === reference.format(at)))
  })

  test('a date shows as a date: a China date as it is, an instant as its China date', () => {
    expect(formatBeijingDate('2027-02-06')).toBe('2027年2月6日')
    expect(formatBeijingDate('2026-12-03T16:00:00Z')).toBe('2026年12月4日')
    expect(formatBeijingDate(new Date('2026-12-03T15:00:00Z'))).toBe('2026年12月3日')
    expect(formatBeijingDate(dateColumn('2099-12-31'))).toBe('2099年12月31日')
  })

  test('an invalid time is an error, not "NaN年"', () => {
    expect(() => formatBeijingTime('not a time')).toThrow(RangeError)
    expect(() => formatBeijingDate('2026-02-30')).toThrow(RangeError)
  })
})

describe('China dates', () => {
  test('the China date of an instant changes at 16:00 UTC', () => {
    expect(chinaDate(new Date('2026-12-03T15:59:59.999Z'))).toBe('2026-12-03')
    expect(chinaDate(new Date('2026-12-03T16:00:00.000Z'))).toBe('2026-12-04')
  })

  test('a China date begins at 00:00 and ends at 24:00 Beijing time', () => {
    expect(chinaDayStart('2026-10-01').toISOString()).toBe('2026-09-30T16:00:00.000Z')
    expect(chinaDayEnd('2026-10-01').toISOString()).toBe('2026-10-01T16:00:00.000Z')
    fc.assert(
      fc.property(instants, (at) => {
        const date = chinaDate(at)
        return chinaDayStart(date) <= at && at < chinaDayEnd(date) && chinaDate(chinaDayStart(date)) === date
      }),
    )
  })

  test('calendar days, weekdays and real dates', () => {
    expect(addChinaDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addChinaDays('2028-03-01', -1)).toBe('2028-02-29')
    expect(chinaWeekday('2026-10-10')).toBe(6)
    expect(chinaWeekday('2026-10-12')).toBe(1)
    expect(isChinaDate('2026-02-28')).toBe(true)
    expect(isChinaDate('2026-02-29')).toBe(false)
    expect(isChinaDate('2026-2-28')).toBe(false)
    expect(() => addChinaDays('2026-13-01', 1)).toThrow(RangeError)
  })

  test('parseChinaDate takes a date as it is and an instant by its Beijing date', () => {
    expect(parseChinaDate('2027-01-31')).toBe('2027-01-31')
    expect(parseChinaDate('2027-01-30T16:30:00Z')).toBe('2027-01-31')
    expect(parseChinaDate('2027-01-31T08:00:00+08:00')).toBe('2027-01-31')
    expect(parseChinaDate('2027-02-30')).toBeNull()
    expect(parseChinaDate('31.01.2027')).toBeNull()
    expect(parseChinaDate('2027-01-31Tnoon')).toBeNull()
  })

  test('DATE columns hold the China date at UTC midnight', () => {
    expect(dateColumn('2026-10-01').toISOString()).toBe('2026-10-01T00:00:00.000Z')
    expect(dateOfColumn(new Date('2026-10-01T00:00:00.000Z'))).toBe('2026-10-01')
  })
})

describe('datetime-local inputs mean Beijing time', () => {
  test('a value round-trips through the instant it means', () => {
    fc.assert(
      fc.property(instants, (at) => {
        const local = isoToChinaLocal(at)
        const back = new Date(chinaLocalToIso(local)!)
        // the input has minute precision
        return back.getTime() === Math.floor(at.getTime() / 60_000) * 60_000 && isoToChinaLocal(back) === local
      }),
    )
  })
})
