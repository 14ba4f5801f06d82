// Benchmark: sealed bids through the HTTP API under a deadline rush, beside raw mysql2 inserts.
//
// 1. Starts the product as a user does (scripts/start.ts --no-build, building first when build/ is
//    missing) on a free loopback port with a fresh database (zjcs_bench_bids_*, dropped at the end),
//    NODE_ENV=test and the test clock.
// 2. Seeds fast with bulk INSERTs: one owner, and N listed intermediaries offering ZJ-ECO-001, each
//    with a user, a membership and an API token (only its SHA-256 is stored, as the product does).
//    The project and the announcements are created and published through the API, so seeds and
//    commitments are real. Four sets of announcements: API paced, baseline paced, API closed loop,
//    baseline closed loop (the baseline ones close later, so the clock move below opens only the
//    paced API set). The publication fan-out (a notice to each of the N firms offering the service
//    item, per announcement) is marked done before publishing: in a real deadline rush it finished
//    days earlier, and 200 × N notices would otherwise run during the load (--with-fan-out keeps it).
// 3. Phase 1 (open loop): N bids (each firm once; bids/announcements per announcement) scheduled
//    uniformly over the window; each request fires at its time whatever the others do, through one
//    keep-alive agent of C sockets. Latency counts from the scheduled time (queueing included). Then
//    the same schedule as a raw mysql2 pool (C connections, at most 200) doing "the same inserts": one Bid row
//    and one BidVersion row (AES-256-GCM sealed price) per bid in one transaction.
// 4. The test clock moves past the deadline (timed) and every paced API announcement must be opened
//    with bidCount equal to its accepted bids.
// 5. Phase 2 (closed loop, no pacing): C clients as fast as they can, N fresh bids on fresh
//    announcements, for each side: the maximum sustainable throughput. Then how long the
//    transparency log's sequencer takes to integrate everything (API.md: within 5 s).
// 6. Phase 3 (closed loop, the audit log): the server restarted with ZJCS_BENCH_AUDIT_CHAIN=1, so
//    that every audited transaction also takes the old hash chain's single row lock until it
//    commits (what the transparency log replaced); after a warm-up as long as phase 1, N fresh
//    bids as in phase 2. Phase 2's API side is the log side: the ratio log / chain is the gain.
// accepted = 201; lost = accepted bids missing from the database, plus requests that failed at the
// network level; 5xx counted separately.
//   options: --bids=2000 --announcements=50 --clients=200 --window=10 (seconds) --no-closed --with-fan-out
//            --profile (the server writes V8 CPU profiles to .data/bench-bids-profile/ on exit)
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import mysql from 'mysql2/promise'
import { USCC_ALPHABET, usccCheckCharacter } from '#app/domain/accounts/uscc.ts'
import { COMMITMENT_LETTER_VERSION } from '#app/domain/intermediaries/commitment-letter.ts'
import { createDatabase, embeddedMariadbRunning, startEmbeddedMariadb, stopEmbeddedMariadb } from '#scripts/embedded-mariadb.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const SERVICE_ITEM = 'ZJ-ECO-001'
const APPROVAL_ITEM = 'SP-ECO-001'
const REGION = '510107'
const CEILING_FEN = 15_000_000 // 150,000.00 yuan

const say = (line = '') => process.stdout.write(`${line}\n`)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function option(args: string[], name: string, fallback: number): number {
  const match = args.find((arg) => arg.startsWith(`--${name}=`))
  return match ? Number(match.split('=')[1]) : fallback
}

// ---- ids and fixtures ----

const newId = () => `bn${crypto.randomBytes(12).toString('hex')}` // 26 characters, like a cuid
const newToken = () => `zjcs_${crypto.randomBytes(32).toString('base64url')}`
const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex')

const usedUsccs = new Set<string>()
function uscc(): string {
  for (;;) {
    const body = `91${REGION}${Array.from({ length: 9 }, () => USCC_ALPHABET[crypto.randomInt(31)]).join('')}`
    const code = body + usccCheckCharacter(body)
    if (!usedUsccs.has(code)) {
      usedUsccs.add(code)
      return code
    }
  }
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1)
    ;[items[i], items[j]] = [items[j]!, items[i]!]
  }
  return items
}

const randomPriceFen = () => 5_000_000 + crypto.randomInt(CEILING_FEN - 5_000_000 + 1)
const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`

type Member = { organizationId: string; userId: string; token: string }

async function insertRows(db: mysql.Pool, table: string, columns: string[], rows: unknown[][]) {
  for (let start = 0; start < rows.length; start += 500) {
    await db.query(`INSERT INTO \`${table}\` (${columns.map((c) => `\`${c}\``).join(', ')}) VALUES ?`, [rows.slice(start, start + 500)])
  }
}

/** Organizations with a user, a membership and an API token each (intermediaries also listed). */
async function seedMembers(db: mysql.Pool, count: number, type: 'OWNER' | 'INTERMEDIARY'): Promise<Member[]> {
  const at = new Date()
  const expires = new Date(at.getTime() + 90 * 86_400_000)
  const members = Array.from({ length: count }, () => ({ organizationId: newId(), userId: newId(), token: newToken() }))
  const label = type === 'OWNER' ? '压测建设有限公司' : '压测环评咨询有限公司'
  await insertRows(db, 'Organization', ['id', 'type', 'uscc', 'name', 'regionCode', 'status', 'createdAt', 'updatedAt'],
    members.map((m, i) => [m.organizationId, type, uscc(), `${label}${i}`, REGION, 'ACTIVE', at, at]))
  await insertRows(db, 'User', ['id', 'email', 'name', 'passwordHash', 'createdAt', 'updatedAt'],
    members.map((m) => [m.userId, `${m.userId}@bench.zjcs.local`, '压测用户', 'x', at, at]))
  await insertRows(db, 'Membership', ['id', 'userId', 'organizationId', 'roleName', 'createdAt'],
    members.map((m) => [newId(), m.userId, m.organizationId, type === 'OWNER' ? 'owner.admin' : 'intermediary.admin', at]))
  await insertRows(db, 'ApiToken', ['id', 'tokenHash', 'name', 'userId', 'organizationId', 'expiresAt', 'createdAt'],
    members.map((m) => [newId(), sha256(m.token), 'bench', m.userId, m.organizationId, expires, at]))
  if (type === 'INTERMEDIARY') {
    await insertRows(db, 'IntermediaryProfile', ['organizationId', 'commitmentVersion', 'commitmentAcceptedAt', 'commitmentAcceptedByUserId', 'listedAt', 'updatedAt'],
      members.map((m) => [m.organizationId, COMMITMENT_LETTER_VERSION, at, m.userId, at, at]))
    await insertRows(db, 'OfferedService', ['organizationId', 'serviceItemCode', 'createdAt'], members.map((m) => [m.organizationId, SERVICE_ITEM, at]))
  }
  return members
}

// ---- HTTP ----

type HttpResult = { status: number; body: string; error?: string }

function request(agent: http.Agent, port: number, method: string, pathname: string, token: string | null, json?: unknown): Promise<HttpResult> {
  const payload = json === undefined ? undefined : JSON.stringify(json)
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: pathname,
        agent,
        headers: {
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }))
        res.on('error', (error) => resolve({ status: 0, body: '', error: String(error) }))
      },
    )
    req.on('error', (error) => resolve({ status: 0, body: '', error: String(error) }))
    req.setTimeout(120_000, () => req.destroy(new Error('client timeout after 120 s')))
    if (payload) req.write(payload)
    req.end()
  })
}

async function api<T>(agent: http.Agent, port: number, method: string, pathname: string, token: string | null, json?: unknown, expected = 200): Promise<T> {
  const response = await request(agent, port, method, pathname, token, json)
  if (response.status !== expected) throw new Error(`${method} ${pathname}: ${response.status} ${response.error ?? response.body}`)
  return JSON.parse(response.body) as T
}

// ---- the server ----

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer()
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

// One set per run: the server restarted for phase 3 must open the same database (its bid price key
// canary, its log's signing key).
const SECRETS = {
  ADMIN_PASSWORD: crypto.randomBytes(12).toString('base64url'),
  SESSION_SECRET: crypto.randomBytes(32).toString('hex'),
  BID_PRICE_KEY: crypto.randomBytes(32).toString('hex'),
  TRANSPARENCY_SIGNING_KEY: crypto.randomBytes(32).toString('hex'),
}

type Server = { child: ChildProcess; port: number; log: string; output: () => string }

async function startServer(databaseUrl: string, profileDir: string | null, extraEnv: Record<string, string> = {}): Promise<Server> {
  if (!fs.existsSync(path.join(root, 'build', 'index.js'))) {
    say('  build/ is missing: npx remix build')
    execFileSync('npx', ['remix', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })
  }
  const port = await freePort()
  const log = path.join(root, '.data', 'bench-bids-server.log')
  fs.mkdirSync(path.dirname(log), { recursive: true })
  const out = fs.openSync(log, 'w')
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'scripts/start.ts', '--no-build'], {
    cwd: root,
    detached: true,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      NODE_ENV: 'test',
      ENABLE_TEST_CLOCK: '1',
      ADMIN_EMAIL: 'admin@bench.zjcs.local',
      ...SECRETS,
      BID_PRICE_KEYS: undefined, // a fresh database: one key of its own
      LOG_LEVEL: 'warn',
      ...extraEnv,
    },
    stdio: ['ignore', out, out],
  })
  const output = () => fs.readFileSync(log, 'utf8')
  const deadline = performance.now() + 120_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited during start:\n${output()}`)
    const healthy = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok).catch(() => false)
    if (healthy) break
    if (performance.now() > deadline) throw new Error(`the server did not become healthy within 120 s:\n${output()}`)
    await sleep(250)
  }
  return { child, port, log, output }
}

async function stopServer(server: Server) {
  if (server.child.exitCode !== null) return
  const exited = new Promise((resolve) => server.child.once('exit', resolve))
  process.kill(-server.child.pid!, 'SIGTERM')
  await Promise.race([exited, sleep(15_000)])
}

// ---- load ----

type Job = { firm: Member; announcementId: string; priceFen: number }
type Outcome = { status: number; latencyMs: number; bidId?: string; error?: string; detail?: string }
type Runner = (job: Job) => Promise<Omit<Outcome, 'latencyMs'>>

function jobsFor(firms: Member[], announcementIds: string[]): Job[] {
  return shuffle(firms.map((firm, i) => ({ firm, announcementId: announcementIds[i % announcementIds.length]!, priceFen: randomPriceFen() })))
}

type PhaseResult = { outcomes: Outcome[]; elapsedMs: number; maxLagMs: number; serverCpuMs?: number; clientCpuMs?: number }

/** Open loop: job i fires at start + i × window / n, whatever the earlier ones are doing. */
async function paced(jobs: Job[], windowMs: number, run: Runner): Promise<PhaseResult> {
  const outcomes: Outcome[] = new Array(jobs.length)
  const started = performance.now()
  let maxLagMs = 0
  const pending: Array<Promise<void>> = []
  for (const [i, job] of jobs.entries()) {
    const scheduled = started + (i * windowMs) / jobs.length
    const wait = scheduled - performance.now()
    if (wait > 1) await sleep(wait)
    maxLagMs = Math.max(maxLagMs, performance.now() - scheduled)
    pending.push(
      run(job).then((outcome) => {
        outcomes[i] = { ...outcome, latencyMs: performance.now() - scheduled }
      }),
    )
  }
  await Promise.all(pending)
  return { outcomes, elapsedMs: performance.now() - started, maxLagMs }
}

/** Closed loop: `clients` workers take the next job as soon as their previous one answered. */
async function closed(jobs: Job[], clients: number, run: Runner): Promise<PhaseResult> {
  const outcomes: Outcome[] = new Array(jobs.length)
  const started = performance.now()
  let next = 0
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < jobs.length) {
        const i = next++
        const t0 = performance.now()
        const outcome = await run(jobs[i]!)
        outcomes[i] = { ...outcome, latencyMs: performance.now() - t0 }
      }
    }),
  )
  return { outcomes, elapsedMs: performance.now() - started, maxLagMs: 0 }
}

function apiRunner(agent: http.Agent, port: number): Runner {
  return async (job) => {
    const response = await request(agent, port, 'POST', `/api/v1/announcements/${job.announcementId}/bids`, job.firm.token, { price: yuan(job.priceFen) })
    if (response.status === 201) return { status: 201, bidId: (JSON.parse(response.body) as { bidId: string }).bidId }
    return { status: response.status, error: response.error, detail: response.body.slice(0, 300) }
  }
}

/** The raw baseline: the same two rows per bid in one transaction, the price sealed with AES-256-GCM. */
function baselineRunner(pool: mysql.Pool): Runner {
  const key = crypto.randomBytes(32)
  return async (job) => {
    const bidId = newId()
    const iv = crypto.randomBytes(12)
    const cipher = crypto.createCipheriv('aes-256-gcm', key, iv)
    cipher.setAAD(Buffer.from(`bid:${bidId}:v1`))
    const sealed = Buffer.concat([cipher.update(String(job.priceFen).padStart(16, '0')), cipher.final()])
    const ciphertext = ['v2', 'bench', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), sealed.toString('base64url')].join('.')
    let connection: mysql.PoolConnection | undefined
    try {
      connection = await pool.getConnection()
      await connection.beginTransaction()
      const at = new Date()
      await connection.query(
        'INSERT INTO Bid (id, announcementId, intermediaryId, status, currentVersion, nonce, needsReconfirmation, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [bidId, job.announcementId, job.firm.organizationId, 'ACTIVE', 1, crypto.randomBytes(16).toString('hex'), 0, at, at],
      )
      await connection.query('INSERT INTO BidVersion (id, bidId, version, action, priceCiphertext, createdByUserId, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?)', [
        newId(), bidId, 1, 'SUBMIT', ciphertext, job.firm.userId, at,
      ])
      await connection.commit()
      return { status: 201, bidId }
    } catch (error) {
      await connection?.rollback().catch(() => undefined)
      return { status: 500, detail: String(error).slice(0, 300) }
    } finally {
      connection?.release()
    }
  }
}

// ---- measurement ----

/** CPU time (user + system, ms) of a process so far, from /proc (null where there is no /proc). */
function processCpuMs(pid: number): number | null {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100 // utime + stime in USER_HZ (100)
  } catch {
    return null
  }
}

/** Runs a phase and adds the CPU it cost the server process and this (client) process. */
async function withCpu(serverPid: number, phase: () => Promise<PhaseResult>): Promise<PhaseResult> {
  const server0 = processCpuMs(serverPid)
  const client0 = process.cpuUsage()
  const result = await phase()
  const server1 = processCpuMs(serverPid)
  const client1 = process.cpuUsage(client0)
  return { ...result, serverCpuMs: server0 === null || server1 === null ? undefined : server1 - server0, clientCpuMs: (client1.user + client1.system) / 1000 }
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!
}

type Summary = {
  accepted: number
  lost: number
  missing: number
  /** rows written although the client got no 201 (an error after the commit) */
  unacknowledged: number
  networkErrors: number
  serverErrors: number
  otherClientErrors: number
  p50: number
  p95: number
  max: number
  throughput: number
  elapsedMs: number
  maxLagMs: number
  serverCpuMs?: number
  clientCpuMs?: number
  samples: string[]
}

async function summarise(db: mysql.Pool, phase: PhaseResult, announcementIds: string[]): Promise<Summary> {
  const { outcomes } = phase
  const acceptedIds = outcomes.filter((o) => o.status === 201).map((o) => o.bidId!)
  const found = new Set<string>()
  for (let start = 0; start < acceptedIds.length; start += 1000) {
    const chunk = acceptedIds.slice(start, start + 1000)
    const [rows] = await db.query<mysql.RowDataPacket[]>('SELECT b.id FROM Bid b JOIN BidVersion v ON v.bidId = b.id AND v.version = 1 WHERE b.id IN (?)', [chunk])
    for (const row of rows) found.add(String(row.id))
  }
  const missing = acceptedIds.filter((id) => !found.has(id)).length
  const [[counted]] = await db.query<mysql.RowDataPacket[]>('SELECT COUNT(*) AS n FROM Bid WHERE announcementId IN (?)', [announcementIds])
  const networkErrors = outcomes.filter((o) => o.status === 0).length
  const latencies = outcomes.map((o) => o.latencyMs).sort((a, b) => a - b)
  const samples = [...new Set(outcomes.filter((o) => o.status >= 500 || o.status === 0 || (o.status >= 400 && o.status !== 201)).map((o) => `${o.status} ${o.error ?? o.detail ?? ''}`))].slice(0, 5)
  return {
    accepted: acceptedIds.length,
    lost: missing + networkErrors,
    missing,
    unacknowledged: Number(counted!.n) - found.size,
    networkErrors,
    serverErrors: outcomes.filter((o) => o.status >= 500).length,
    otherClientErrors: outcomes.filter((o) => o.status >= 400 && o.status < 500).length,
    p50: quantile(latencies, 0.5),
    p95: quantile(latencies, 0.95),
    max: latencies.at(-1) ?? Number.NaN,
    throughput: acceptedIds.length / (phase.elapsedMs / 1000),
    elapsedMs: phase.elapsedMs,
    maxLagMs: phase.maxLagMs,
    serverCpuMs: phase.serverCpuMs,
    clientCpuMs: phase.clientCpuMs,
    samples,
  }
}

const ms = (value: number) => `${value.toFixed(1)} ms`

function table(title: string, apiSide: Summary, baseline: Summary) {
  say('')
  say(title)
  say('                      accepted  lost  5xx  other 4xx        p50        p95        max   throughput')
  for (const [label, s] of [['  API (HTTP)', apiSide], ['  raw mysql2', baseline]] as const) {
    say(
      `${label.padEnd(20)} ${String(s.accepted).padStart(9)} ${String(s.lost).padStart(5)} ${String(s.serverErrors).padStart(4)} ${String(s.otherClientErrors).padStart(10)} ${ms(s.p50).padStart(10)} ${ms(s.p95).padStart(10)} ${ms(s.max).padStart(10)} ${`${s.throughput.toFixed(1)} bids/s`.padStart(14)}`,
    )
  }
  say(`  ratio API / baseline: throughput ${(apiSide.throughput / baseline.throughput).toFixed(2)}, latency p50 ${(apiSide.p50 / baseline.p50).toFixed(1)}×, p95 ${(apiSide.p95 / baseline.p95).toFixed(1)}×`)
  const perBid = (cpu: number | undefined, s: Summary) => (cpu === undefined ? 'n/a' : `${(cpu / Math.max(1, s.accepted + s.serverErrors + s.otherClientErrors)).toFixed(2)} ms`)
  const busy = apiSide.serverCpuMs === undefined ? '' : `, the server process busy ${((100 * apiSide.serverCpuMs) / apiSide.elapsedMs).toFixed(0)}% of one core`
  say(`  CPU per request: API server process ${perBid(apiSide.serverCpuMs, apiSide)}${busy} (+ HTTP client ${perBid(apiSide.clientCpuMs, apiSide)}); baseline mysql2 client ${perBid(baseline.clientCpuMs, baseline)} (database server CPU not counted on either side)`)
  if (baseline.serverCpuMs !== undefined) say(`  the idle API server process used ${ms(baseline.serverCpuMs)} CPU during the baseline run (background work)`)
  for (const [label, s] of [['API', apiSide], ['baseline', baseline]] as const) {
    if (s.missing) say(`  ${label}: ${s.missing} accepted bid(s) missing from the database`)
    if (s.unacknowledged) say(`  ${label}: ${s.unacknowledged} bid(s) stored although the client was not answered 201`)
    if (s.maxLagMs > 50) say(`  ${label}: the client fell behind its schedule by up to ${ms(s.maxLagMs)}`)
    for (const sample of s.samples) say(`  ${label} error sample: ${sample}`)
  }
}

// ---- the run ----

export async function run(args: string[]): Promise<void> {
  const bidCount = option(args, 'bids', 2000)
  const announcementCount = option(args, 'announcements', 50)
  const clients = option(args, 'clients', 200)
  const windowMs = option(args, 'window', 10) * 1000
  const withClosed = !args.includes('--no-closed')
  const withFanOut = args.includes('--with-fan-out')
  const startedAt = performance.now()

  let serverUrl: string
  let stopAfter = false
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL)
    url.pathname = ''
    serverUrl = url.toString().replace(/\/$/, '')
  } else {
    stopAfter = !embeddedMariadbRunning()
    serverUrl = await startEmbeddedMariadb()
  }
  const name = `zjcs_bench_bids_${crypto.randomBytes(3).toString('hex')}`
  const databaseUrl = await createDatabase(serverUrl, name)
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients, maxFreeSockets: clients })
  let server: Server | undefined
  let db: mysql.Pool | undefined
  let baselinePool: mysql.Pool | undefined
  try {
    say(`bids benchmark: ${bidCount} bids on ${announcementCount} announcements, ${clients} clients, ${windowMs / 1000} s window (node ${process.version})`)
    let t = performance.now()
    const profileDir = args.includes('--profile') ? path.join(root, '.data', 'bench-bids-profile') : null
    if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true })
    server = await startServer(databaseUrl, profileDir)
    const port = server.port
    say(`  server up on 127.0.0.1:${port} (database ${name}, log ${path.relative(root, server.log)})  ${ms(performance.now() - t)}`)

    db = mysql.createPool({ uri: databaseUrl, charset: 'utf8mb4', connectionLimit: 10 })
    t = performance.now()
    const [owner] = await seedMembers(db, 1, 'OWNER')
    const firms = await seedMembers(db, bidCount, 'INTERMEDIARY')
    say(`  seeded 1 owner and ${firms.length} listed intermediaries with API tokens  ${ms(performance.now() - t)}`)

    t = performance.now()
    const project = await api<{ id: string }>(agent, port, 'POST', '/api/v1/projects', owner!.token, { name: '压测项目：年产 5 万吨电子材料项目', regionCode: REGION, funding: 'SELF', approvalItemCodes: [APPROVAL_ITEM] }, 201)
    const { now } = await api<{ now: string }>(agent, port, 'GET', '/api/v1/test/clock', null)
    const inDays = (days: number) => new Date(new Date(now).getTime() + days * 86_400_000).toISOString()
    const publish = async (label: string, deadlineDays: number): Promise<string[]> => {
      const ids: string[] = []
      for (let i = 0; i < announcementCount; i += 10) {
        const batch = await Promise.all(
          Array.from({ length: Math.min(10, announcementCount - i) }, async (_, k) => {
            const created = await api<{ id: string }>(agent, port, 'POST', '/api/v1/announcements', owner!.token, {
              projectId: project.id,
              approvalItemCode: APPROVAL_ITEM,
              serviceItemCode: SERVICE_ITEM,
              title: `压测公告 ${label} ${i + k + 1}：环境影响报告书编制`,
              scope: '编制环境影响报告书，配合完成技术评估和审批。',
              method: 'LOWEST_PRICE',
              priceCeiling: yuan(CEILING_FEN),
              serviceDays: 40,
              deadline: inDays(deadlineDays),
            }, 201)
            if (!withFanOut) await db!.query('UPDATE Announcement SET subscribersNotifiedAt = NOW(3) WHERE id = ?', [created.id])
            await api(agent, port, 'POST', `/api/v1/announcements/${created.id}/publish`, owner!.token, {}, 200)
            return created.id
          }),
        )
        ids.push(...batch)
      }
      return ids
    }
    const apiPaced = await publish('A', 4)
    const baselinePaced = await publish('B', 30)
    const apiClosed = withClosed ? await publish('C', 12) : []
    const baselineClosed = withClosed ? await publish('D', 30) : []
    const chainWarmUp = withClosed ? await publish('E', 30) : []
    const chainClosed = withClosed ? await publish('F', 30) : []
    say(`  published ${apiPaced.length + baselinePaced.length + apiClosed.length + baselineClosed.length + chainWarmUp.length + chainClosed.length} announcements through the API  ${ms(performance.now() - t)}`)

    // Warm-up (JIT, pools), not measured: a few reads.
    await Promise.all(Array.from({ length: 20 }, () => request(agent, port, 'GET', `/api/v1/announcements/${apiPaced[0]}`, null)))

    const apiRun = apiRunner(agent, port)
    // One connection per client, up to 200 (MariaDB's max_connections is shared with the server).
    const baselineConnections = Math.min(clients, 200)
    baselinePool = mysql.createPool({ uri: databaseUrl, charset: 'utf8mb4', connectionLimit: baselineConnections, maxIdle: baselineConnections })
    const baseRun = baselineRunner(baselinePool)

    // Phase 1: open loop.
    const apiPacedJobs = jobsFor(firms, apiPaced)
    const serverPid = server.child.pid!
    const apiPacedResult = await withCpu(serverPid, () => paced(apiPacedJobs, windowMs, apiRun))
    const apiPhase = await summarise(db, apiPacedResult, apiPaced)
    const basePhase = await summarise(db, await withCpu(serverPid, () => paced(jobsFor(firms, baselinePaced), windowMs, baseRun)), baselinePaced)
    table(`phase 1 — open loop: ${bidCount} bids scheduled uniformly over ${windowMs / 1000} s (${(bidCount / (windowMs / 1000)).toFixed(0)} bids/s offered)`, apiPhase, basePhase)

    // The deadline passes: every paced API announcement opens with its accepted bids.
    t = performance.now()
    const clockCpu0 = processCpuMs(serverPid)
    const moved = await request(agent, port, 'POST', '/api/v1/test/clock', null, { advanceBy: 'P4DT1H' })
    const clockMs = performance.now() - t
    const clockCpu1 = processCpuMs(serverPid)
    const expected = new Map<string, number>(apiPaced.map((id) => [id, 0]))
    for (const [i, job] of apiPacedJobs.entries()) {
      if (apiPacedResult.outcomes[i]!.status === 201) expected.set(job.announcementId, expected.get(job.announcementId)! + 1)
    }
    const views = await Promise.all(apiPaced.map((id) => api<{ status: string; bidCount: number | null }>(agent, port, 'GET', `/api/v1/announcements/${id}`, null)))
    const opened = views.filter((v) => ['EVALUATING', 'PUBLICITY', 'AWARDED', 'FAILED'].includes(v.status)).length
    const matching = views.filter((v, i) => v.bidCount === expected.get(apiPaced[i]!)).length
    const statuses = [...new Set(views.map((v) => v.status))].join(', ')
    say('')
    say(`deadline: POST /api/v1/test/clock (P4DT1H) answered ${moved.status} in ${ms(clockMs)}${clockCpu0 === null || clockCpu1 === null ? '' : ` (server CPU ${ms(clockCpu1 - clockCpu0)})`}; ${opened}/${apiPaced.length} announcements opened (${statuses}); bidCount = accepted bids on ${matching}/${apiPaced.length}`)

    let closedApi: Summary | undefined
    let closedBase: Summary | undefined
    if (withClosed) {
      closedApi = await summarise(db, await withCpu(serverPid, () => closed(jobsFor(firms, apiClosed), clients, apiRun)), apiClosed)
      closedBase = await summarise(db, await withCpu(serverPid, () => closed(jobsFor(firms, baselineClosed), clients, baseRun)), baselineClosed)
      table(`phase 2 — closed loop: ${clients} clients as fast as they can, ${bidCount} bids each side (maximum sustainable throughput)`, closedApi, closedBase)

      // The sequencer integrates every committed entry (API.md: within 5 s).
      t = performance.now()
      const [[audited]] = await db.query<mysql.RowDataPacket[]>('SELECT COUNT(*) AS n FROM AuditEntry')
      let treeSize = 0
      while (performance.now() - t < 30_000) {
        treeSize = (await api<{ treeSize: number }>(agent, port, 'GET', '/api/v1/transparency/checkpoint', null)).treeSize
        if (treeSize >= Number(audited!.n)) break
        await sleep(100)
      }
      say(`  transparency log: ${treeSize}/${audited!.n} entries in a signed checkpoint ${ms(performance.now() - t)} after the last bid`)

      // Phase 3: the same closed loop with the old serialized chain append beside every entry.
      await stopServer(server)
      server = await startServer(databaseUrl, null, { ZJCS_BENCH_AUDIT_CHAIN: '1' })
      const chainPort = server.port
      const chainRun = apiRunner(agent, chainPort)
      await Promise.all(Array.from({ length: 20 }, () => request(agent, chainPort, 'GET', `/api/v1/announcements/${chainWarmUp[0]}`, null)))
      await closed(jobsFor(firms, chainWarmUp), clients, chainRun)
      const chainSide = await summarise(db, await withCpu(server.child.pid!, () => closed(jobsFor(firms, chainClosed), clients, chainRun)), chainClosed)
      say('')
      say(`phase 3 — the audit log, closed loop: ${clients} clients, ${bidCount} bids each side`)
      say('                      accepted  lost  5xx  other 4xx        p50        p95        max   throughput')
      for (const [label, s] of [['  transparency log', closedApi], ['  old hash chain', chainSide]] as const) {
        say(`${label.padEnd(20)} ${String(s.accepted).padStart(9)} ${String(s.lost).padStart(5)} ${String(s.serverErrors).padStart(4)} ${String(s.otherClientErrors).padStart(10)} ${ms(s.p50).padStart(10)} ${ms(s.p95).padStart(10)} ${ms(s.max).padStart(10)} ${`${s.throughput.toFixed(1)} bids/s`.padStart(14)}`)
      }
      say(`  ratio log / chain: throughput ${(closedApi.throughput / chainSide.throughput).toFixed(2)}, latency p50 ${(closedApi.p50 / chainSide.p50).toFixed(2)}×, p95 ${(closedApi.p95 / chainSide.p95).toFixed(2)}×`)
      for (const sample of chainSide.samples) say(`  chain error sample: ${sample}`)
    }

    const errors = server.output().split('\n').filter((line) => /"level":(50|60)|error/i.test(line))
    if (errors.length) say(`\nserver log: ${errors.length} error line(s); first: ${errors[0]!.slice(0, 400)}`)
    say('')
    const goals = [
      ['0 lost', apiPhase.lost === 0 && (closedApi?.lost ?? 0) === 0],
      ['no bid stored without its 201', apiPhase.unacknowledged === 0 && (closedApi?.unacknowledged ?? 0) === 0],
      ['0 5xx', apiPhase.serverErrors === 0 && (closedApi?.serverErrors ?? 0) === 0],
      ['throughput ratio ≥ 0.5 (open loop)', apiPhase.throughput / basePhase.throughput >= 0.5],
      ['every announcement opened with its accepted bids', opened === apiPaced.length && matching === apiPaced.length],
    ] as const
    say(`goals: ${goals.map(([label, ok]) => `${ok ? 'PASS' : 'FAIL'} ${label}`).join('; ')}`)
    // The ratio goal is the issue's: 2,000 bids offered over a 10-second window (phase 1). The closed
    // loop measures each side's ceiling; raw inserts on an idle pool are not a bar an HTTP API with
    // authentication, eligibility, sealing and an audit chain can reach, so it carries no goal.
    if (closedApi && closedBase) say(`closed loop (information, no goal): API ${closedApi.throughput.toFixed(1)} bids/s, ratio ${(closedApi.throughput / closedBase.throughput).toFixed(2)}`)
    say(`total bench time ${((performance.now() - startedAt) / 1000).toFixed(1)} s`)
  } finally {
    agent.destroy()
    await baselinePool?.end()
    await db?.end()
    if (server) await stopServer(server)
    const connection = await mysql.createConnection(serverUrl)
    await connection.query(`DROP DATABASE IF EXISTS \`${name}\``)
    await connection.end()
    if (stopAfter) await stopEmbeddedMariadb()
  }
}
