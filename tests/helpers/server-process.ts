// The product started as a user starts it (scripts/start.ts, the `npm start` entry, without the
// build step: the test setup built it) on a free loopback port, for the end-to-end tests and for
// integration tests about starting. `untilHealthy` resolves once GET /healthz answers 200;
// `exited` once the process has ended (a refused start exits non-zero).
import { spawn, type ChildProcess } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'

const ROOT = path.resolve(import.meta.dirname, '../..')

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer()
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

export type ServerProcess = {
  child: ChildProcess
  baseUrl: string
  /** everything the process wrote to stdout and stderr so far */
  output: () => string
  /** resolves when /healthz answers 200; rejects when the process exits first or on timeout */
  untilHealthy: (timeoutMs?: number) => Promise<void>
  /** how the start ended: healthy, or the exit of a process that refused to start */
  startOutcome: (timeoutMs?: number) => Promise<'healthy' | { code: number | null; signal: NodeJS.Signals | null }>
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  /** SIGTERM to the process group, then waits for the exit (SIGKILL after 10 s) */
  stop: () => Promise<void>
}

/** Starts `scripts/start.ts --no-build` (or another script) in a process group of its own with this environment. */
export async function spawnServer(env: NodeJS.ProcessEnv, script = 'scripts/start.ts'): Promise<ServerProcess> {
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', script, '--no-build'], {
    cwd: ROOT,
    detached: true,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let text = ''
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  const baseUrl = `http://127.0.0.1:${port}`
  const untilHealthy = async (timeoutMs = 90_000) => {
    const deadline = performance.now() + timeoutMs
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`the server exited during start:\n${text}`)
      const healthy = await fetch(`${baseUrl}/healthz`)
        .then((r) => r.ok)
        .catch(() => false)
      if (healthy) return
      if (performance.now() > deadline)
        throw new Error(`the server did not become healthy within ${timeoutMs / 1000} s:\n${text}`)
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }
  const startOutcome = (timeoutMs?: number) =>
    Promise.race([
      exited,
      untilHealthy(timeoutMs).then(
        () => 'healthy' as const,
        async () => exited,
      ),
    ])
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    process.kill(-child.pid!, 'SIGTERM')
    const stopped = await Promise.race([
      exited.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 10_000)),
    ])
    if (!stopped) process.kill(-child.pid!, 'SIGKILL')
  }
  return { child, baseUrl, output: () => text, untilHealthy, startOutcome, exited, stop }
}
