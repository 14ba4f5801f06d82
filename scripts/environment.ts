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

/**
 * Secrets generated once per checkout (git-ignored) when the environment does not give them. The
 * bid price keys: BID_PRICE_KEYS or BID_PRICE_KEY from the environment, else BID_PRICE_KEYS or
 * BID_PRICE_KEY from the file (a rotation of the generated key puts a ring there), else a new key.
 */
export function ensureLocalSecrets() {
  const priceKeysGiven = Boolean(process.env.BID_PRICE_KEYS || process.env.BID_PRICE_KEY)
  if (process.env.SESSION_SECRET && priceKeysGiven && process.env.TRANSPARENCY_SIGNING_KEY) return
  fs.mkdirSync(path.dirname(secretsFile), { recursive: true })
  const secrets = fs.existsSync(secretsFile)
    ? (JSON.parse(fs.readFileSync(secretsFile, 'utf8')) as Record<string, string>)
    : {}
  secrets.SESSION_SECRET ??= crypto.randomBytes(32).toString('hex')
  if (!priceKeysGiven && !secrets.BID_PRICE_KEYS) secrets.BID_PRICE_KEY ??= crypto.randomBytes(32).toString('hex')
  secrets.TRANSPARENCY_SIGNING_KEY ??= crypto.randomBytes(32).toString('hex')
  fs.writeFileSync(secretsFile, JSON.stringify(secrets, null, 2), { mode: 0o600 })
  process.env.SESSION_SECRET ||= secrets.SESSION_SECRET
  process.env.TRANSPARENCY_SIGNING_KEY ||= secrets.TRANSPARENCY_SIGNING_KEY
  if (!priceKeysGiven) {
    if (secrets.BID_PRICE_KEYS) process.env.BID_PRICE_KEYS = secrets.BID_PRICE_KEYS
    else process.env.BID_PRICE_KEY = secrets.BID_PRICE_KEY
  }
}

/** The database URL: DATABASE_URL as given (nothing provisioned), or the embedded server's. */
export async function ensureDatabase(name = 'zjcs'): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL
  const serverUrl = await startEmbeddedMariadb()
  const url = await createDatabase(serverUrl, name)
  process.env.DATABASE_URL = url
  return url
}

/**
 * The environment checked, the database provisioned and migrated, and the bid price keys checked
 * against the database's canary (BidPriceKeyMismatch, an EnvError, when this host cannot open it).
 */
export async function prepareDatabase(): Promise<void> {
  ensureLocalSecrets()
  const { env, resetEnvCache } = await import('#app/env.server.ts')
  env() // refuse a bad environment before provisioning anything
  const url = await ensureDatabase()
  resetEnvCache()
  const applied = await applyMigrations(url, { log: (m) => say(m) })
  if (applied.length > 0) say(`${applied.length} migration(s) applied`)
  const { checkBidPriceKeyCanary } = await import('#app/domain/bidding/price-keys.server.ts')
  const canary = await checkBidPriceKeyCanary()
  if (canary.created) say(`bid price key canary created with key "${canary.kid}"`)
  for (const [kid, versions] of Object.entries(canary.missing)) {
    say(`warning: ${versions} sealed bid versions of announcements not opened yet need the bid price key "${kid}", which BID_PRICE_KEYS lacks: their opening will wait for it`)
  }
  if (canary.kid !== canary.currentKid) {
    say(`the database's bid price key is "${canary.kid}", the current key "${canary.currentKid}": run npm run bid-keys:rotate to finish the rotation`)
  }
}

export async function prepareEnvironment(options: { seedDemo: boolean }): Promise<void> {
  await prepareDatabase()
  const { env } = await import('#app/env.server.ts')
  const config = env()
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

/** Runs a preparation step; a configuration error (EnvError) is printed and the process exits 1. */
export async function preparedOrExit(prepare: () => Promise<void>): Promise<void> {
  try {
    await prepare()
  } catch (error) {
    const { EnvError } = await import('#app/env.server.ts')
    if (!(error instanceof EnvError)) throw error
    process.stderr.write(`${error.message}\n`)
    process.exit(1)
  }
}
