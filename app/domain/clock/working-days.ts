// Working days (工作日) in China: Monday to Friday, except the public holidays of the State Council's
// yearly arrangement, plus the make-up workdays (调休上班) on weekends it names. The arrangement of
// past and current years comes from the chinese-days package; the platform admin adds the years it
// does not know yet (the arrangement is published late in the year before) as CalendarDay rows,
// which also win over the package for their date. Pure: calendar.server.ts loads the rows.
//
// The rules, in Beijing time (China dates, see china-time.ts):
// - addWorkingDays(from, n): the day of `from` itself never counts (开始的当日不计入, Civil Code
//   art. 201), whatever the hour; counting starts on the next China date and the result is the END of
//   the n-th working day after it: that day's 24:00 Beijing time (art. 203: the last day of a period
//   ends at 24:00), which is the next calendar day's 00:00. A due time is passed when now() ≥ it.
//   n = 0 gives the end of from's own China date.
// - workingDaysBetween(a, b): the working days after a's China date that have begun before b (so
//   that the half-open span [a, b) reaches into them); 0 when b is not later than a. It is the inverse
//   of the above: workingDaysBetween(from, addWorkingDays(from, n)) = n. A pause from a Monday 10:00
//   to Wednesday 15:00 covers two working days (Tuesday, Wednesday); one within a day covers none.
import {
  addChinaDays,
  chinaDate,
  chinaDayEnd,
  chinaDayStart,
  chinaWeekday,
  isChinaDate,
  type ChinaDate,
} from '#app/domain/clock/china-time.ts'

export type CalendarDayKind = 'HOLIDAY' | 'WORKDAY'

/** The State Council's arrangements as the chinese-days package ships them: date → "English,中文,days". */
export type OfficialArrangement = {
  holidays: Record<ChinaDate, string>
  workdays: Record<ChinaDate, string>
}

/** A day the platform admin recorded (CalendarDay). */
export type CalendarOverride = { date: ChinaDate; kind: CalendarDayKind; name: string }

/** Why a day is or is not a working day. */
export type DaySource = 'override' | 'official' | 'weekend' | 'weekday'

export type CalendarDayInfo = {
  date: ChinaDate
  workday: boolean
  source: DaySource
  /** the holiday's name (国庆节 …) for official and recorded days, null for plain weekdays and weekends */
  name: string | null
}

export type WorkingCalendar = {
  /** The years whose arrangement the package knows (ascending). */
  officialYears: readonly number[]
  day(date: ChinaDate): CalendarDayInfo
  isWorkday(date: ChinaDate): boolean
  addWorkingDays(from: Date, n: number): Date
  workingDaysBetween(a: Date, b: Date): number
}

/** More working days than any service time limit (about 40 years): a guard against runaway input. */
export const MAX_WORKING_DAYS = 10_000

/** The Chinese name in the package's "National Day,国庆节,3" (or the text itself). */
function officialName(entry: string): string {
  const parts = entry.split(',')
  return (parts.length >= 2 ? parts[1] : parts[0])!.trim()
}

function requireDate(date: ChinaDate): void {
  if (!isChinaDate(date)) throw new RangeError(`日期格式应为 YYYY-MM-DD：${date}`)
}

export function workingCalendar(
  official: OfficialArrangement,
  overrides: Iterable<CalendarOverride> = [],
): WorkingCalendar {
  const recorded = new Map<ChinaDate, CalendarOverride>()
  for (const o of overrides) recorded.set(o.date, o)
  const officialYears = [
    ...new Set([...Object.keys(official.holidays), ...Object.keys(official.workdays)].map((d) => Number(d.slice(0, 4)))),
  ].sort((x, y) => x - y)

  function day(date: ChinaDate): CalendarDayInfo {
    requireDate(date)
    const own = recorded.get(date)
    if (own) return { date, workday: own.kind === 'WORKDAY', source: 'override', name: own.name }
    const madeUp = official.workdays[date]
    if (madeUp !== undefined) return { date, workday: true, source: 'official', name: officialName(madeUp) }
    const holiday = official.holidays[date]
    if (holiday !== undefined) return { date, workday: false, source: 'official', name: officialName(holiday) }
    const weekday = chinaWeekday(date)
    const weekend = weekday === 0 || weekday === 6
    return { date, workday: !weekend, source: weekend ? 'weekend' : 'weekday', name: null }
  }

  const isWorkday = (date: ChinaDate) => day(date).workday

  function addWorkingDays(from: Date, n: number): Date {
    if (!Number.isSafeInteger(n) || n < 0 || n > MAX_WORKING_DAYS) {
      throw new RangeError(`工作日数应为 0 到 ${MAX_WORKING_DAYS} 的整数：${n}`)
    }
    let date = chinaDate(from)
    for (let counted = 0; counted < n; ) {
      date = addChinaDays(date, 1)
      if (isWorkday(date)) counted += 1
    }
    return chinaDayEnd(date)
  }

  function workingDaysBetween(a: Date, b: Date): number {
    if (b.getTime() <= a.getTime()) return 0
    let count = 0
    for (let date = addChinaDays(chinaDate(a), 1); chinaDayStart(date).getTime() < b.getTime(); date = addChinaDays(date, 1)) {
      if (isWorkday(date)) count += 1
    }
    return count
  }

  return { officialYears, day, isWorkday, addWorkingDays, workingDaysBetween }
}

/** Every day of a year (China dates, 1 January to 31 December) with its kind. */
export function yearDays(calendar: WorkingCalendar, year: number): CalendarDayInfo[] {
  const days: CalendarDayInfo[] = []
  for (let date = `${year}-01-01`; date.startsWith(`${year}-`); date = addChinaDays(date, 1)) days.push(calendar.day(date))
  return days
}
