// The project's migration applier (Prisma's schema engine cannot be downloaded here). It applies
// prisma/migrations/<name>/migration.sql in name order and records each in `_prisma_migrations`
// exactly as `prisma migrate deploy` does (SHA-256 checksum of the file), so either tool can take
// over. It refuses to run when an applied migration was edited, and holds a named lock so that two
// processes starting at once apply each migration once.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import mysql from 'mysql2/promise'

export const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations')
const LOCK_NAME = 'zjcs_migrate'

export class MigrationError extends Error {}

type Migration = { name: string; sql: string; checksum: string }

export function readMigrations(dir = migrationsDir): Migration[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8')
      return { name, sql, checksum: crypto.createHash('sha256').update(sql).digest('hex') }
    })
}

type AppliedRow = { migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null }

export async function applyMigrations(
  databaseUrl: string,
  options: { dir?: string; log?: (message: string) => void } = {},
): Promise<string[]> {
  const log = options.log ?? (() => {})
  const connection = await mysql.createConnection({ uri: databaseUrl, multipleStatements: true })
  try {
    const [[lock]] = (await connection.query('SELECT GET_LOCK(?, 120) AS got', [LOCK_NAME])) as unknown as [
      Array<{ got: number }>,
    ]
    if (lock?.got !== 1) throw new MigrationError('another process held the migration lock for 120 s')
    try {
      await connection.query(`CREATE TABLE IF NOT EXISTS \`_prisma_migrations\` (
        \`id\` VARCHAR(36) NOT NULL,
        \`checksum\` VARCHAR(64) NOT NULL,
        \`finished_at\` DATETIME(3) NULL,
        \`migration_name\` VARCHAR(255) NOT NULL,
        \`logs\` TEXT NULL,
        \`rolled_back_at\` DATETIME(3) NULL,
        \`started_at\` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        \`applied_steps_count\` INTEGER UNSIGNED NOT NULL DEFAULT 0,
        PRIMARY KEY (\`id\`)
      ) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`)
      const [rows] = (await connection.query(
        'SELECT migration_name, checksum, finished_at, rolled_back_at FROM `_prisma_migrations`',
      )) as unknown as [AppliedRow[]]
      const applied = new Map(rows.filter((r) => !r.rolled_back_at).map((r) => [r.migration_name, r]))
      const migrations = readMigrations(options.dir)

      for (const row of applied.values()) {
        if (!row.finished_at) {
          throw new MigrationError(
            `migration ${row.migration_name} started but did not finish; repair the database, then mark it rolled back`,
          )
        }
        const file = migrations.find((m) => m.name === row.migration_name)
        if (file && file.checksum !== row.checksum) {
          throw new MigrationError(
            `migration ${row.migration_name} was edited after it was applied (checksum differs); add a new migration instead`,
          )
        }
      }

      const done: string[] = []
      for (const migration of migrations) {
        if (applied.has(migration.name)) continue
        const id = crypto.randomUUID()
        await connection.query(
          'INSERT INTO `_prisma_migrations` (id, checksum, migration_name, started_at) VALUES (?, ?, ?, NOW(3))',
          [id, migration.checksum, migration.name],
        )
        try {
          await connection.query(migration.sql)
        } catch (error) {
          await connection.query('UPDATE `_prisma_migrations` SET logs = ? WHERE id = ?', [String(error), id])
          throw new MigrationError(`migration ${migration.name} failed: ${(error as Error).message}`)
        }
        await connection.query(
          'UPDATE `_prisma_migrations` SET finished_at = NOW(3), applied_steps_count = 1 WHERE id = ?',
          [id],
        )
        log(`applied ${migration.name}`)
        done.push(migration.name)
      }
      return done
    } finally {
      await connection.query('SELECT RELEASE_LOCK(?)', [LOCK_NAME])
    }
  } finally {
    await connection.end()
  }
}
