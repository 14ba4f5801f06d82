// A deadline worker in a process of its own, for the crash test. Run as a script
// (`node --import tsx tests/helpers/worker-process.ts`) it applies every due transition in a loop,
// syncing the shared test clock first, on the DATABASE_URL it is given, and reports on stderr.
// Imported, it starts such a process: `spawnWorker` runs node itself (not npx/tsx, which would put
// a parent process in between), so the pid it answers is the one that holds the transaction and a
// SIGKILL to it is a real crash.
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const SCRIPT = fileURLToPath(import.meta.url)
const ROOT = path.resolve(path.dirname(SCRIPT), '../..')

export type WorkerProcess = {
  child: ChildProcess
  pid: number
  /** everything the process wrote to stdout and stderr so far */
  output: () => string
  /** resolves when the output contains `text`; rejects on timeout or when the process exits first */
  waitFor: (text: string, timeoutMs?: number) => Promise<void>
  /** resolves with the exit code and signal once the process has ended */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

export function spawnWorker(extraEnv: Record<string, string> = {}): WorkerProcess {
  const pick = (name: string) => (process.env[name] === undefined ? {} : { [name]: process.env[name] })
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
    cwd: ROOT,
    env: {
      ...pick('PATH'),
      ...pick('HOME'),
      DATABASE_URL: process.env.DATABASE_URL!,
      SESSION_SECRET: process.env.SESSION_SECRET!,
      BID_PRICE_KEY: process.env.BID_PRICE_KEY!,
      TRANSPARENCY_SIGNING_KEY: process.env.TRANSPARENCY_SIGNING_KEY!,
      ENABLE_TEST_CLOCK: '1',
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let text = ''
  const listeners = new Set<() => void>()
  const append = (chunk: Buffer) => {
    text += chunk.toString('utf8')
    for (const listener of listeners) listener()
  }
  child.stdout!.on('data', append)
  child.stderr!.on('data', append)
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      for (const listener of listeners) listener()
      resolve({ code, signal })
    })
  })
  const waitFor = (wanted: string, timeoutMs = 20_000) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (text.includes(wanted)) done(resolve)
        else if (child.exitCode !== null || child.signalCode !== null)
          done(() => reject(new Error(`worker exited before "${wanted}":\n${text}`)))
      }
      const timer = setTimeout(
        () => done(() => reject(new Error(`no "${wanted}" from the worker within ${timeoutMs} ms:\n${text}`))),
        timeoutMs,
      )
      const done = (settle: () => void) => {
        clearTimeout(timer)
        listeners.delete(check)
        settle()
      }
      listeners.add(check)
      check()
    })
  if (child.pid === undefined) throw new Error('the worker process did not start')
  return { child, pid: child.pid, output: () => text, waitFor, exited }
}

async function main() {
  const say = (message: string) => process.stderr.write(`[worker-process] ${message}\n`)
  const { syncClock } = await import('#app/domain/clock/clock.server.ts')
  const { runDueTransitions } = await import('#app/domain/deadlines/deadlines.server.ts')
  const { disconnect } = await import('#app/db.server.ts')
  let stopping = false
  process.on('SIGTERM', () => {
    stopping = true
  })
  say('ready')
  while (!stopping) {
    await syncClock()
    const done = await runDueTransitions()
    if (done.applied > 0) say(`applied ${done.applied} steps`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  await disconnect()
  say('stopped')
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) await main()
