import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import mysql from 'mysql2/promise'
import { afterAll, describe, expect, inject, test } from 'vitest'
import { applyMigrations, MigrationError } from '#prisma/migrate.ts'
import { createDatabase } from '#scripts/embedded-mariadb.ts'

const serverUrl = inject('databaseServerUrl')
const created: string[] = []

async function scratchDatabase() {
  const name = `zjcs_mig_${crypto.randomBytes(4).toString('hex')}`
  created.push(name)
  return createDatabase(serverUrl, name)
}

function migrationsDir(files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zjcs-migrations-'))
  for (const [name, sql] of Object.entries(files)) {
    fs.mkdirSync(path.join(dir, name))
    fs.writeFileSync(path.join(dir, name, 'migration.sql'), sql)
  }
  return dir
}

async function rows(url: string, sql: string) {
  const connection = await mysql.createConnection(url)
  try {
    return (await connection.query(sql))[0] as Array<Record<string, unknown>>
  } finally {
    await connection.end()
  }
}

afterAll(async () => {
  const connection = await mysql.createConnection(serverUrl)
  for (const name of created) await connection.query(`DROP DATABASE IF EXISTS \`${name}\``)
  await connection.end()
})

describe('migration applier', () => {
  test('applies in name order, records each in _prisma_migrations with its SHA-256, and does nothing the second time', async () => {
    const url = await scratchDatabase()
    const dir = migrationsDir({
      '002_b': 'INSERT INTO t (v) VALUES (2);',
      '001_a': 'CREATE TABLE t (v INT);\nINSERT INTO t (v) VALUES (1);',
    })
    expect(await applyMigrations(url, { dir })).toEqual(['001_a', '002_b'])
    expect(await applyMigrations(url, { dir })).toEqual([])
    expect(await rows(url, 'SELECT v FROM t ORDER BY v')).toEqual([{ v: 1 }, { v: 2 }])
    const recorded = await rows(url, 'SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY migration_name')
    expect(recorded.map((r) => r.migration_name)).toEqual(['001_a', '002_b'])
    const sha = crypto.createHash('sha256').update('CREATE TABLE t (v INT);\nINSERT INTO t (v) VALUES (1);').digest('hex')
    expect(recorded[0]!.checksum).toBe(sha)
    expect(recorded.every((r) => r.finished_at !== null)).toBe(true)
  })

  test('refuses to run when an applied migration was edited', async () => {
    const url = await scratchDatabase()
    const dir = migrationsDir({ '001_a': 'CREATE TABLE t (v INT);' })
    await applyMigrations(url, { dir })
    fs.writeFileSync(path.join(dir, '001_a', 'migration.sql'), 'CREATE TABLE t (v BIGINT);')
    fs.mkdirSync(path.join(dir, '002_b'))
    fs.writeFileSync(path.join(dir, '002_b', 'migration.sql'), 'CREATE TABLE u (v INT);')
    await expect(applyMigrations(url, { dir })).rejects.toThrow(MigrationError)
    await expect(applyMigrations(url, { dir })).rejects.toThrow(/001_a was edited/)
    // the later migration was not applied either
    expect(await rows(url, "SHOW TABLES LIKE 'u'")).toEqual([])
  })

  test('two processes migrating at once apply each migration exactly once', async () => {
    const url = await scratchDatabase()
    const dir = migrationsDir({
      '001_a': 'CREATE TABLE t (v INT);',
      '002_b': 'DO SLEEP(0.3); INSERT INTO t (v) VALUES (1);',
    })
    const results = await Promise.all([applyMigrations(url, { dir }), applyMigrations(url, { dir })])
    expect(results.flat().sort()).toEqual(['001_a', '002_b'])
    expect(await rows(url, 'SELECT COUNT(*) AS n FROM t')).toEqual([{ n: 1 }])
  })

  test('a failing migration is recorded unfinished and blocks later runs until repaired', async () => {
    const url = await scratchDatabase()
    const dir = migrationsDir({ '001_bad': 'CREATE TABLE t (v NOPE);' })
    await expect(applyMigrations(url, { dir })).rejects.toThrow(/001_bad failed/)
    await expect(applyMigrations(url, { dir })).rejects.toThrow(/did not finish/)
  })
})
