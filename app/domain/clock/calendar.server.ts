// The working-day calendar of the platform: the chinese-days package's arrangements of the State
// Council's holidays, with the days the platform admin recorded (CalendarDay) on top. Rules and
// arithmetic are in working-days.ts (pure); this module loads the rows and keeps them (permission
// manage:catalogue, each change one transaction with its audit entry).
import { prisma, type Tx } from '#app/db.server.ts'
import { audit } from '#app/domain/audit/audit.server.ts'
import { MANAGE_CATALOGUE } from '#app/domain/catalogue/catalogue-admin.server.ts'
import { chinaDate, dateColumn, dateOfColumn, isChinaDate, type ChinaDate } from '#app/domain/clock/china-time.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import { OFFICIAL_ARRANGEMENT } from '#app/domain/clock/official-arrangement.server.ts'
import {
  workingCalendar,
  yearDays,
  type CalendarDayInfo,
  type CalendarOverride,
  type WorkingCalendar,
} from '#app/domain/clock/working-days.ts'
import { conflict, invalid, notFound } from '#app/domain/errors.ts'
import { requirePermission, type Actor } from '#app/domain/permissions/permissions.server.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
import { fieldErrorsOf, z } from '#app/utils/zod.ts'

/** The years a calendar can be asked for (the package starts in 2004). */
export const CALENDAR_YEARS = { min: 2004, max: 2100 } as const

export type RecordedDay = CalendarOverride & { createdAt: Date; createdByUserId: string | null }

/** Every day the platform recorded (a small table: a few dozen rows a year), by date. */
async function recordedDays(db: Tx = prisma): Promise<RecordedDay[]> {
  const rows = await db.calendarDay.findMany({ orderBy: { date: 'asc' } })
  return rows.map((r) => ({ ...r, date: dateOfColumn(r.date) }))
}

/** The working-day calendar as it stands: the package plus every recorded day. */
export async function loadWorkingCalendar(db: Tx = prisma): Promise<WorkingCalendar> {
  return workingCalendar(OFFICIAL_ARRANGEMENT, await recordedDays(db))
}

export type CalendarYear = {
  year: number
  /** whether the chinese-days package knows this year's arrangement */
  officialArrangementKnown: boolean
  workdayCount: number
  days: CalendarDayInfo[]
}

/** Every day of a year with its kind, and whether the package knows the year. */
export async function calendarOfYear(year: number): Promise<CalendarYear> {
  const calendar = await loadWorkingCalendar()
  const days = yearDays(calendar, year)
  return {
    year,
    officialArrangementKnown: calendar.officialYears.includes(year),
    workdayCount: days.filter((d) => d.workday).length,
    days,
  }
}

/** The admin page: the package's and the platform's days of a year, and the years each covers. */
export async function calendarAdminOverview(year: number) {
  const recorded = await recordedDays()
  const calendar = workingCalendar(OFFICIAL_ARRANGEMENT, recorded)
  return {
    year,
    officialYears: calendar.officialYears,
    officialArrangementKnown: calendar.officialYears.includes(year),
    /** the package's holidays and make-up workdays of the year that no recorded day replaces */
    officialDays: yearDays(calendar, year).filter((d) => d.source === 'official'),
    recorded: recorded.filter((d) => d.date.startsWith(`${year}-`)),
    recordedYears: [...new Set(recorded.map((d) => Number(d.date.slice(0, 4))))],
  }
}

/** The current year in China (the default of the calendar page and API). */
export function currentChinaYear(): number {
  return Number(chinaDate(now()).slice(0, 4))
}

/** `?year=` of the calendar page and API; absent means the current year in China. */
export const CalendarYearQuery = z.object({
  year: z.coerce
    .number({ error: '年份应为四位数字' })
    .int('年份应为四位数字')
    .min(CALENDAR_YEARS.min, `年份须在 ${CALENDAR_YEARS.min} 至 ${CALENDAR_YEARS.max} 之间`)
    .max(CALENDAR_YEARS.max, `年份须在 ${CALENDAR_YEARS.min} 至 ${CALENDAR_YEARS.max} 之间`)
    .optional(),
})

export const CalendarDayInput = z.strictObject({
  date: z
    .string({ error: '请填写日期' })
    .trim()
    .refine(isChinaDate, { error: '日期格式应为 YYYY-MM-DD，且须为真实存在的日期', abort: true })
    .refine(
      (d) => Number(d.slice(0, 4)) >= CALENDAR_YEARS.min && Number(d.slice(0, 4)) <= CALENDAR_YEARS.max,
      `年份须在 ${CALENDAR_YEARS.min} 至 ${CALENDAR_YEARS.max} 之间`,
    ),
  kind: z.enum(['HOLIDAY', 'WORKDAY'], { error: '请选择放假或上班' }),
  name: z.string({ error: '请填写名称' }).trim().min(1, '请填写名称，如“春节”').max(64, '名称不得超过 64 个字符'),
})
export type CalendarDayInput = z.input<typeof CalendarDayInput>

const duplicateDay = (date: ChinaDate) =>
  conflict(`${date} 已有记录，请先删除原记录再添加`, { date: ['该日期已有记录'] })

/** Records a holiday or a make-up workday for a date (it wins over the package). */
export async function addCalendarDay(actor: Actor, rawInput: CalendarDayInput): Promise<CalendarOverride> {
  requirePermission(actor, MANAGE_CATALOGUE)
  const parsed = CalendarDayInput.safeParse(rawInput)
  if (!parsed.success) throw invalid('提交的内容未通过校验', fieldErrorsOf(parsed.error))
  const input = parsed.data
  try {
    await prisma.$transaction(async (tx) => {
      await tx.calendarDay.create({
        data: { date: dateColumn(input.date), kind: input.kind, name: input.name, createdByUserId: actor.userId },
      })
      await audit(tx, { actor, entityType: 'CalendarDay', entityId: input.date, action: 'create', after: input })
    })
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw duplicateDay(input.date)
    throw error
  }
  return input
}

/** Removes a recorded day: the package's answer (or the weekday rule) applies again. */
export async function removeCalendarDay(actor: Actor, date: string): Promise<void> {
  requirePermission(actor, MANAGE_CATALOGUE)
  if (!isChinaDate(date)) throw invalid('日期格式应为 YYYY-MM-DD', { date: ['日期格式应为 YYYY-MM-DD'] })
  await prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<Array<{ kind: string; name: string }>>`
      SELECT kind, name FROM CalendarDay WHERE date = ${date} FOR UPDATE`
    const before = rows[0]
    if (!before) throw notFound(`${date} 没有平台记录的节假日或调休上班日`)
    await tx.calendarDay.delete({ where: { date: dateColumn(date) } })
    await audit(tx, { actor, entityType: 'CalendarDay', entityId: date, action: 'delete', before: { date, ...before } })
  })
}
