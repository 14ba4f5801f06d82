// Starts the product exactly as a user does (scripts/start.ts, the `npm start` entry) on a free
// port with a fresh database and the test clock, and stops it afterwards.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import net from 'node:net'
import mysql from 'mysql2/promise'
import type { TestProject } from 'vitest/node'
import { ensureBrowser } from '#scripts/browser.ts'
import { createDatabase, startEmbeddedMariadb } from '#scripts/embedded-mariadb.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string
    adminEmail: string
    adminPassword: string
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer()
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

let server: ChildProcess | undefined

export default async function setup(project: TestProject) {
  ensureBrowser()
  const given = process.env.TEST_DATABASE_SERVER_URL ?? process.env.DATABASE_URL
  const serverUrl = given ? given.replace(/\/[^/]*$/, '') : await startEmbeddedMariadb()
  const name = `zjcs_e2e_${crypto.randomBytes(4).toString('hex')}`
  const databaseUrl = await createDatabase(serverUrl, name)
  if (!process.env.SKIP_BUILD) execFileSync('npx', ['remix', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] })

  const port = await freePort()
  const adminEmail = 'admin@e2e.zjcs.local'
  const adminPassword = crypto.randomBytes(12).toString('base64url')
  let output = ''
  server = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts', '--no-build'], {
    detached: true,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      NODE_ENV: 'test',
      ENABLE_TEST_CLOCK: '1',
      ADMIN_EMAIL: adminEmail,
      ADMIN_PASSWORD: adminPassword,
      SESSION_SECRET: crypto.randomBytes(32).toString('hex'),
      BID_PRICE_KEY: crypto.randomBytes(32).toString('hex'),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  server.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  server.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))

  const baseUrl = `http://127.0.0.1:${port}`
  const deadline = performance.now() + 90_000
  for (;;) {
    if (server.exitCode !== null) throw new Error(`the server exited during start:\n${output}`)
    const healthy = await fetch(`${baseUrl}/healthz`).then((r) => r.ok).catch(() => false)
    if (healthy) break
    if (performance.now() > deadline) throw new Error(`the server did not become healthy within 90 s:\n${output}`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  project.provide('baseUrl', baseUrl)
  project.provide('adminEmail', adminEmail)
  project.provide('adminPassword', adminPassword)

  return async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve))
      process.kill(-server.pid!, 'SIGTERM')
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))])
    }
    const connection = await mysql.createConnection(serverUrl)
    await connection.query(`DROP DATABASE IF EXISTS \`${name}\``)
    await connection.end()
  }
}
