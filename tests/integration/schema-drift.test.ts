import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import mysql from 'mysql2/promise'
import { describe, expect, test } from 'vitest'
import { diffModels, readDatabaseModel } from '#prisma/database-model.ts'
import { readSchemaModel } from '#prisma/schema-model.ts'

async function liveModel() {
  const url = new URL(process.env.DATABASE_URL!)
  const connection = await mysql.createConnection(process.env.DATABASE_URL!)
  try {
    return await readDatabaseModel(connection, url.pathname.slice(1))
  } finally {
    await connection.end()
  }
}

describe('schema drift', () => {
  test('the migrated database matches schema.prisma: tables, columns, types, nullability, indexes, foreign keys', async () => {
    const differences = diffModels(await readSchemaModel(), await liveModel())
    expect(differences).toEqual([])
  })

  test('a column added to schema.prisma without a migration is reported', async () => {
    const schema = fs.readFileSync('prisma/schema.prisma', 'utf8')
    const edited = schema.replace(/(model User \{\n)/, '$1  nickname String? @db.VarChar(40)\n')
    expect(edited).not.toEqual(schema)
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zjcs-drift-')), 'schema.prisma')
    fs.writeFileSync(file, edited)
    const differences = diffModels(await readSchemaModel(file), await liveModel())
    expect(differences).toEqual(['column User.nickname is missing'])
  })

  test('an index or foreign key that the schema does not declare is reported', async () => {
    const model = await liveModel()
    const expected = (await readSchemaModel()).map((t) =>
      t.name === 'Session' ? { ...t, indexes: t.indexes.filter((i) => i.name !== 'Session_expiresAt_idx') } : t,
    )
    expect(diffModels(expected, model)).toEqual(['index Session.Session_expiresAt_idx(expiresAt) is not in schema.prisma'])
  })
})
