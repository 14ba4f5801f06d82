// Starts the product exactly as a user does (scripts/start.ts, the `npm start` entry) on a free
// port with a fresh database and the test clock, and stops it afterwards.
import { execFileSync } from 'node:child_process'
import crypto from 'node:crypto'
import mysql from 'mysql2/promise'
import type { TestProject } from 'vitest/node'
import { ensureBrowser } from '#scripts/browser.ts'
import { createDatabase, startEmbeddedMariadb } from '#scripts/embedded-mariadb.ts'
import { spawnServer, type ServerProcess } from '#tests/helpers/server-process.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string
    adminEmail: string
    adminPassword: string
  }
}

let server: ServerProcess | undefined

export default async function setup(project: TestProject) {
  ensureBrowser()
  const given = process.env.TEST_DATABASE_SERVER_URL ?? process.env.DATABASE_URL
  const serverUrl = given ? given.replace(/\/[^/]*$/, '') : await startEmbeddedMariadb()
  const name = `zjcs_e2e_${crypto.randomBytes(4).toString('hex')}`
  const databaseUrl = await createDatabase(serverUrl, name)
  if (!process.env.SKIP_BUILD) execFileSync('npx', ['remix', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] })

  const adminEmail = 'admin@e2e.zjcs.local'
  const adminPassword = crypto.randomBytes(12).toString('base64url')
  server = await spawnServer({
    ...process.env,
    DATABASE_URL: databaseUrl,
    NODE_ENV: 'test',
    ENABLE_TEST_CLOCK: '1',
    ADMIN_EMAIL: adminEmail,
    ADMIN_PASSWORD: adminPassword,
    SESSION_SECRET: crypto.randomBytes(32).toString('hex'),
    BID_PRICE_KEY: crypto.randomBytes(32).toString('hex'),
    BID_PRICE_KEYS: undefined, // a fresh database: one key of its own
    LOG_LEVEL: 'warn',
  })
  await server.untilHealthy(90_000)
  const baseUrl = server.baseUrl
  project.provide('baseUrl', baseUrl)
  project.provide('adminEmail', adminEmail)
  project.provide('adminPassword', adminPassword)

  return async () => {
    await server?.stop()
    const connection = await mysql.createConnection(serverUrl)
    await connection.query(`DROP DATABASE IF EXISTS \`${name}\``)
    await connection.end()
  }
}
