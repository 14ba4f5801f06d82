// Time as people in China read it. China keeps one zone, Beijing time (UTC+8, Asia/Shanghai), all
// year: no daylight saving since 1991. So an instant's Beijing wall clock is the instant plus eight
// hours read as UTC, and this module needs no time-zone database: the same answers in Node and in
// every browser (pages render it on the server and hydrate it in the browser).
//
// Words used here:
// - instant: a Date (or an ISO 8601 string with an offset), what the database stores (UTC).
// - China date: a calendar date in Beijing time, 'YYYY-MM-DD' (type ChinaDate).
// - DATE column: a Prisma @db.Date value, which Prisma hands over as that date's UTC midnight.
// Pure functions, no server imports: routes, components and domain code all use them.

/** A calendar date in Beijing time, 'YYYY-MM-DD'. */
export type ChinaDate = string

export const CHINA_OFFSET = '+08:00'
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000
export const DAY_MS = 24 * 60 * 60 * 1000

const pad = (n: number) => String(n).padStart(2, '0')

function instantOf(value: Date | string): Date {
  const instant = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(instant.getTime())) throw new RangeError(`不是有效的时间：${String(value)}`)
  return instant
}

/** The Beijing wall clock of an instant, as the UTC fields of a shifted Date. */
function wallClock(value: Date | string): Date {
  return new Date(instantOf(value).getTime() + CHINA_OFFSET_MS)
}

/** `from` plus whole days of 24 hours (exact in Beijing time, which has no daylight saving). */
export function addDays(from: Date, days: number): Date {
  return new Date(from.getTime() + days * DAY_MS)
}

// ---------------------------------------------------------------- China dates

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/

/** Whether `value` is a real calendar date written 'YYYY-MM-DD' (2026-02-30 is not). */
export function isChinaDate(value: string): value is ChinaDate {
  const match = DATE_PATTERN.exec(value)
  if (!match) return false
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])))
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value
}

/** The China date of an instant: 2026-12-03T16:30:00Z is 2026-12-04 in Beijing. */
export function chinaDate(instant: Date | string): ChinaDate {
  return wallClock(instant).toISOString().slice(0, 10)
}

/**
 * The China date of "2027-01-31" (a date, taken as it is) or of an ISO instant
 * ("2027-01-31T08:00:00+08:00"); null when it is neither.
 */
export function parseChinaDate(value: string): ChinaDate | null {
  if (DATE_PATTERN.test(value)) return isChinaDate(value) ? value : null
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) return null
  const instant = new Date(value)
  return Number.isNaN(instant.getTime()) ? null : chinaDate(instant)
}

function requireChinaDate(date: ChinaDate): void {
  if (!isChinaDate(date)) throw new RangeError(`日期格式应为 YYYY-MM-DD：${date}`)
}

/** The instant a China date begins: 00:00 Beijing time (the previous day 16:00 UTC). */
export function chinaDayStart(date: ChinaDate): Date {
  requireChinaDate(date)
  return new Date(Date.parse(`${date}T00:00:00.000Z`) - CHINA_OFFSET_MS)
}

/** The instant a China date ends: its 24:00 Beijing time, which is the next day's 00:00. */
export function chinaDayEnd(date: ChinaDate): Date {
  return addDays(chinaDayStart(date), 1)
}

/** The China date `days` calendar days after (or, when negative, before) `date`. */
export function addChinaDays(date: ChinaDate, days: number): ChinaDate {
  requireChinaDate(date)
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10)
}

/** The day of the week of a China date: 0 Sunday, 1 Monday … 6 Saturday. */
export function chinaWeekday(date: ChinaDate): number {
  requireChinaDate(date)
  return new Date(`${date}T00:00:00.000Z`).getUTCDay()
}

/** A China date as a DATE column value (its UTC midnight), for writing and comparing @db.Date columns. */
export function dateColumn(date: ChinaDate): Date {
  requireChinaDate(date)
  return new Date(`${date}T00:00:00.000Z`)
}

/** The China date a DATE column value holds. */
export function dateOfColumn(value: Date): ChinaDate {
  return value.toISOString().slice(0, 10)
}

// ---------------------------------------------------------------- formatting for people

/** An instant in Beijing time, as every page, notification and e-mail shows it: "2026年12月4日 17:00". */
export function formatBeijingTime(instant: Date | string): string {
  const t = wallClock(instant)
  return `${t.getUTCFullYear()}年${t.getUTCMonth() + 1}月${t.getUTCDate()}日 ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`
}

/** A China date ('YYYY-MM-DD'), or the China date of an instant: "2026年12月4日". */
export function formatBeijingDate(value: Date | string): string {
  const date = typeof value === 'string' && DATE_PATTERN.test(value) ? value : chinaDate(value)
  requireChinaDate(date)
  const [year, month, day] = date.split('-').map(Number)
  return `${year}年${month}月${day}日`
}

// ---------------------------------------------------------------- <input type="datetime-local">

/**
 * A datetime-local value means Beijing time: "2026-12-01T17:00" → "2026-12-01T17:00:00+08:00", the
 * ISO 8601 instant the shared schemas expect; empty → undefined. Anything else is passed on
 * unchanged so that the schema refuses it with its own message.
 */
export function chinaLocalToIso(value: string | null | undefined): string | undefined {
  const text = (value ?? '').trim()
  if (!text) return undefined
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?$/.exec(text)
  if (!match) return text
  return `${match[1]}T${match[2]}${match[3] ?? ':00'}${CHINA_OFFSET}`
}

/** An instant as the value of a datetime-local input in Beijing time: "2026-12-01T17:00". */
export function isoToChinaLocal(instant: string | Date): string {
  return wallClock(instant).toISOString().slice(0, 16)
}
