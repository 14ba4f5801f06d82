// The application clock. Every deadline in zjcs reads `now()` from here, never the system clock.
// With ENABLE_TEST_CLOCK=1 (refused in production) the clock can be moved forwards through
// POST /api/v1/test/clock; the offset is kept in the database so that every process (web, worker)
// shares it, and moving it runs every deadline transition that became due before answering.
import { parse as parseDuration, type Duration } from 'tinyduration'
import { prisma } from '#app/db.server.ts'
import { env } from '#app/env.server.ts'
import { invalid } from '#app/domain/errors.ts'
import { singleton } from '#app/utils/singleton.server.ts'

const OFFSET_KEY = 'testClock.offsetMs'
type DueRunner = (at: Date) => Promise<void>
const state = singleton('clock', () => ({ offsetMs: 0, dueRunners: [] as DueRunner[] }))

export function now(): Date {
  return new Date(Date.now() + state.offsetMs)
}

export function testClockEnabled(): boolean {
  return env().ENABLE_TEST_CLOCK
}

/** Reloads the shared test-clock offset (a no-op unless the test clock is enabled). */
export async function syncClock(): Promise<void> {
  if (!testClockEnabled()) return
  const [row] = await prisma.$queryRaw<
    Array<{ value: string }>
  >`SELECT value FROM AppSetting WHERE \`key\` = ${OFFSET_KEY}`
  // The clock only moves forwards: a read that started before a concurrent move in this process
  // must not set it back (bids would then be accepted after the deadline the move just passed).
  state.offsetMs = Math.max(state.offsetMs, row ? Number(row.value) : 0)
}

/** Registers work to run whenever the test clock moves (the deadline ticker registers itself). */
export function onClockMoved(runner: DueRunner) {
  state.dueRunners.push(runner)
}

function addDuration(from: Date, d: Duration): Date {
  const result = new Date(from)
  if (d.years) result.setUTCFullYear(result.getUTCFullYear() + d.years)
  if (d.months) result.setUTCMonth(result.getUTCMonth() + d.months)
  const ms =
    ((d.weeks ?? 0) * 7 * 86400 +
      (d.days ?? 0) * 86400 +
      (d.hours ?? 0) * 3600 +
      (d.minutes ?? 0) * 60 +
      (d.seconds ?? 0)) *
    1000
  return new Date(result.getTime() + ms)
}

/** Moves the test clock forwards, by an ISO 8601 duration or to an instant. Never backwards. */
export async function moveTestClock(input: { advanceBy?: string; now?: string }): Promise<Date> {
  await syncClock()
  const current = now()
  let target: Date
  if (input.advanceBy !== undefined) {
    let duration: Duration
    try {
      duration = parseDuration(input.advanceBy)
    } catch {
      throw invalid('时长格式不正确，应为 ISO 8601 时长（如 P3DT1H）', { advanceBy: ['时长格式不正确'] })
    }
    if (duration.negative) throw invalid('测试时钟只能向前调整', { advanceBy: ['不能为负数'] })
    target = addDuration(current, duration)
  } else if (input.now !== undefined) {
    target = new Date(input.now)
    if (Number.isNaN(target.getTime())) throw invalid('时间格式不正确', { now: ['时间格式不正确'] })
    if (target.getTime() < current.getTime()) throw invalid('测试时钟只能向前调整', { now: ['早于当前时间'] })
  } else {
    throw invalid('请提供 advanceBy 或 now', { advanceBy: ['请提供 advanceBy 或 now'] })
  }
  state.offsetMs = target.getTime() - Date.now()
  await prisma.appSetting.upsert({
    where: { key: OFFSET_KEY },
    create: { key: OFFSET_KEY, value: String(state.offsetMs) },
    update: { value: String(state.offsetMs) },
  })
  for (const run of state.dueRunners) await run(target)
  return target
}
