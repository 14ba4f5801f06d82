// What `npm start`, `npm test` and the scripts share before the app runs: local secrets, the
// database (embedded MariaDB unless DATABASE_URL is set), migrations, seed data and the first admin.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { applyMigrations } from '#prisma/migrate.ts'
import { createDatabase, startEmbeddedMariadb } from '#scripts/embedded-mariadb.ts'

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const secretsFile = path.join(projectRoot, '.data', 'secrets.json')

const say = (message: string) => process.stderr.write(`[start] ${message}\n`)

/** Secrets generated once per checkout (git-ignored) when the environment does not give them. */
export function ensureLocalSecrets() {
  if (process.env.SESSION_SECRET && process.env.BID_PRICE_KEY && process.env.TRANSPARENCY_SIGNING_KEY) return
  fs.mkdirSync(path.dirname(secretsFile), { recursive: true })
  const secrets = fs.existsSync(secretsFile)
    ? (JSON.parse(fs.readFileSync(secretsFile, 'utf8')) as Record<string, string>)
    : {}
  secrets.SESSION_SECRET ??= crypto.randomBytes(32).toString('hex')
  secrets.BID_PRICE_KEY ??= crypto.randomBytes(32).toString('hex')
  secrets.TRANSPARENCY_SIGNING_KEY ??= crypto.randomBytes(32).toString('hex')
  fs.writeFileSync(secretsFile, JSON.stringify(secrets, null, 2), { mode: 0o600 })
  process.env.SESSION_SECRET ??= secrets.SESSION_SECRET
  process.env.BID_PRICE_KEY ??= secrets.BID_PRICE_KEY
  process.env.TRANSPARENCY_SIGNING_KEY ??= secrets.TRANSPARENCY_SIGNING_KEY
}

/** The database URL: DATABASE_URL as given (nothing provisioned), or the embedded server's. */
export async function ensureDatabase(name = 'zjcs'): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL
  const serverUrl = await startEmbeddedMariadb()
  const url = await createDatabase(serverUrl, name)
  process.env.DATABASE_URL = url
  return url
}

export async function prepareEnvironment(options: { seedDemo: boolean }): Promise<void> {
  ensureLocalSecrets()
  const { env, resetEnvCache } = await import('#app/env.server.ts')
  env() // refuse a bad environment before provisioning anything
  const url = await ensureDatabase()
  resetEnvCache()
  const config = env()
  const applied = await applyMigrations(url, { log: (m) => say(m) })
  if (applied.length > 0) say(`${applied.length} migration(s) applied`)

  const { prisma } = await import('#app/db.server.ts')
  const { seedDemoData, seedReferenceData } = await import('#prisma/seed.ts')
  const { ensurePlatformAdmin } = await import('#app/domain/accounts/platform-admin.server.ts')
  await seedReferenceData(prisma)
  const admin = await ensurePlatformAdmin({
    email: config.ADMIN_EMAIL,
    password: config.ADMIN_PASSWORD,
    regionCode: '510000',
  })
  if (admin.created && admin.generatedPassword) {
    const file = path.join(projectRoot, '.data', 'admin-credentials.txt')
    fs.writeFileSync(file, `${admin.email}\n${admin.generatedPassword}\n`, { mode: 0o600 })
    say(`platform admin created: ${admin.email} / ${admin.generatedPassword} (also in .data/admin-credentials.txt)`)
  }
  if (options.seedDemo) await seedDemoData(prisma)
}
