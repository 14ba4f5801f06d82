// Each integration test file gets its own database: created, migrated and seeded with reference
// data before the file's tests, dropped afterwards.
import crypto from 'node:crypto'
import mysql from 'mysql2/promise'
import { afterAll, beforeAll, inject } from 'vitest'
import { applyMigrations } from '#prisma/migrate.ts'
import { createDatabase } from '#scripts/embedded-mariadb.ts'

const serverUrl = inject('databaseServerUrl')
const name = `zjcs_t_${process.pid}_${crypto.randomBytes(4).toString('hex')}`

process.env.NODE_ENV = 'test'
process.env.SESSION_SECRET ??= 'test-session-secret-0123456789abcdef0123456789'
process.env.BID_PRICE_KEY ??= '7a'.repeat(32)
process.env.TRANSPARENCY_SIGNING_KEY ??= '5c'.repeat(32)
delete process.env.BID_PRICE_KEYS // one key per test database (a ring from the shell would clash with it)
process.env.ENABLE_TEST_CLOCK = '1'
process.env.LOG_LEVEL ??= 'silent'
process.env.DATABASE_URL = `${serverUrl}/${name}`

beforeAll(async () => {
  const { resetEnvCache } = await import('#app/env.server.ts')
  const { disconnect, prisma } = await import('#app/db.server.ts')
  resetEnvCache()
  await disconnect()
  await createDatabase(serverUrl, name)
  await applyMigrations(process.env.DATABASE_URL!)
  const { seedReferenceData } = await import('#prisma/seed.ts')
  await seedReferenceData(prisma)
})

afterAll(async () => {
  const { disconnect } = await import('#app/db.server.ts')
  await disconnect()
  const connection = await mysql.createConnection(serverUrl)
  await connection.query(`DROP DATABASE IF EXISTS \`${name}\``)
  await connection.end()
})
