// The worker: periodic tasks (deadline tickers, outbox processors, reminders) run on an interval,
// and once more whenever the test clock moves so that due work is done before the clock answers.
// It runs inside the `npm start` process by default, and alone with `npm run worker`. Each task
// must be safe to run in several processes at once (claim rows with FOR UPDATE SKIP LOCKED).
import { onClockMoved, syncClock } from '#app/domain/clock/clock.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import { singleton } from '#app/utils/singleton.server.ts'

export type PeriodicTask = { name: string; intervalMs: number; run: () => Promise<void> }

const state = singleton('worker', () => ({ tasks: [] as PeriodicTask[], timers: [] as NodeJS.Timeout[], hooked: false }))

export function registerTask(task: PeriodicTask) {
  if (!state.tasks.some((t) => t.name === task.name)) state.tasks.push(task)
}

async function runTask(task: PeriodicTask) {
  try {
    // A separate worker shares the test clock through the database (a no-op without it).
    await syncClock()
    await task.run()
  } catch (error) {
    logger.error({ err: error, task: task.name }, 'periodic task failed')
  }
}

/** Runs every registered task once, in registration order (the test clock calls this). */
export async function runAllTasksOnce(): Promise<void> {
  for (const task of state.tasks) await runTask(task)
}

export function startWorker(): () => void {
  if (!state.hooked) {
    onClockMoved(() => runAllTasksOnce())
    state.hooked = true
  }
  for (const task of state.tasks) {
    let running = false
    const timer = setInterval(() => {
      if (running) return
      running = true
      void runTask(task).finally(() => (running = false))
    }, task.intervalMs)
    timer.unref()
    state.timers.push(timer)
  }
  logger.info({ tasks: state.tasks.map((t) => t.name) }, 'worker started')
  return () => {
    for (const timer of state.timers) clearInterval(timer)
    state.timers = []
  }
}
