// The project's own MariaDB server, used when DATABASE_URL is not set: installed from Debian's
// packages when missing (as root), initialised in .data/mariadb (git-ignored), started on a free
// loopback port, reused while it runs, and stopped cleanly by `npm run db:stop`.
import { execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import mysql from 'mysql2/promise'

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const dataRoot = path.join(projectRoot, '.data')
const datadir = path.join(dataRoot, 'mariadb')
const socketPath = path.join(dataRoot, 'mariadb.sock')
const pidFile = path.join(dataRoot, 'mariadb.pid')
const portFile = path.join(dataRoot, 'mariadb.port')
const logFile = path.join(dataRoot, 'mariadb.log')

const SEARCH_PATH = ['/usr/sbin', '/usr/bin', '/usr/local/sbin', '/usr/local/bin']

function findExecutable(name: string): string | null {
  for (const dir of [...(process.env.PATH ?? '').split(':'), ...SEARCH_PATH]) {
    if (!dir) continue
    const candidate = path.join(dir, name)
    if (fs.existsSync(candidate)) return candidate
  }
  return null
}

function log(message: string) {
  process.stderr.write(`[mariadb] ${message}\n`)
}

export function ensureMariadbInstalled(): { mariadbd: string; installDb: string } {
  let mariadbd = findExecutable('mariadbd')
  let installDb = findExecutable('mariadb-install-db')
  if (mariadbd && installDb) return { mariadbd, installDb }
  if (process.getuid?.() !== 0) {
    throw new Error(
      'MariaDB is not installed and this user is not root. Install it with ' +
        '`sudo apt-get install mariadb-server`, or set DATABASE_URL to an existing MySQL 8 / MariaDB server.',
    )
  }
  log('installing mariadb-server with apt-get (about 20 s)…')
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
  execFileSync('apt-get', ['install', '-y', '-qq', 'mariadb-server'], { stdio: 'inherit', env })
  mariadbd = findExecutable('mariadbd')
  installDb = findExecutable('mariadb-install-db')
  if (!mariadbd || !installDb) throw new Error('mariadb-server was installed but mariadbd was not found')
  return { mariadbd, installDb }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

function readRunning(): { pid: number; port: number } | null {
  if (!fs.existsSync(pidFile) || !fs.existsSync(portFile)) return null
  const pid = Number(fs.readFileSync(pidFile, 'utf8').trim())
  const port = Number(fs.readFileSync(portFile, 'utf8').trim())
  if (!pid || !port || !processAlive(pid)) return null
  return { pid, port }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

async function canConnect(port: number): Promise<boolean> {
  try {
    const connection = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root' })
    await connection.end()
    return true
  } catch {
    return false
  }
}

export function embeddedMariadbRunning(): boolean {
  return readRunning() !== null
}

/** Starts (or reuses) the embedded server and returns its root URL without a database name. */
export async function startEmbeddedMariadb(): Promise<string> {
  const running = readRunning()
  if (running && (await canConnect(running.port))) return `mysql://root@127.0.0.1:${running.port}`

  const { mariadbd, installDb } = ensureMariadbInstalled()
  fs.mkdirSync(dataRoot, { recursive: true })
  if (!fs.existsSync(path.join(datadir, 'mysql'))) {
    log(`initialising ${path.relative(projectRoot, datadir)}…`)
    execFileSync(
      installDb,
      [
        '--no-defaults',
        `--datadir=${datadir}`,
        '--auth-root-authentication-method=normal',
        '--skip-test-db',
        '--user=root',
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    )
  }

  const port = await freePort()
  const out = fs.openSync(logFile, 'a')
  const child = spawn(
    mariadbd,
    [
      '--no-defaults',
      `--datadir=${datadir}`,
      `--socket=${socketPath}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      '--user=root',
      '--character-set-server=utf8mb4',
      '--collation-server=utf8mb4_unicode_ci',
      '--transaction-isolation=READ-COMMITTED',
      '--skip-name-resolve',
      '--max-connections=1000',
      '--innodb-flush-log-at-trx-commit=2',
      `--pid-file=${pidFile}.server`,
    ],
    { detached: true, stdio: ['ignore', out, out] },
  )
  child.unref()
  fs.writeFileSync(pidFile, String(child.pid))
  fs.writeFileSync(portFile, String(port))

  const startedAt = Date.now()
  while (!(await canConnect(port))) {
    if (!processAlive(child.pid!)) {
      throw new Error(`mariadbd exited during start; see ${path.relative(projectRoot, logFile)}`)
    }
    if (Date.now() - startedAt > 60_000) throw new Error('mariadbd did not accept connections within 60 s')
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  log(`running on 127.0.0.1:${port} (pid ${child.pid})`)
  return `mysql://root@127.0.0.1:${port}`
}

export async function stopEmbeddedMariadb(): Promise<boolean> {
  const running = readRunning()
  if (!running) return false
  process.kill(running.pid, 'SIGTERM')
  const startedAt = Date.now()
  while (processAlive(running.pid)) {
    if (Date.now() - startedAt > 60_000) throw new Error('mariadbd did not stop within 60 s')
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  fs.rmSync(pidFile, { force: true })
  fs.rmSync(portFile, { force: true })
  return true
}

/** Creates the database (utf8mb4) when it does not exist. */
export async function createDatabase(serverUrl: string, name: string): Promise<string> {
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`unsafe database name ${name}`)
  const connection = await mysql.createConnection(serverUrl)
  try {
    await connection.query(
      `CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    )
  } finally {
    await connection.end()
  }
  return `${serverUrl}/${name}`
}
