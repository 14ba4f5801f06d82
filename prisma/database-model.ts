// Reads the relational model of a live MySQL/MariaDB database from information_schema, in the same
// shape as prisma/schema-model.ts, and lists the differences between the two.
import type { Connection } from 'mysql2/promise'
import type { Column, ForeignKey, Index, Table } from '#prisma/schema-model.ts'

/**
 * Tables that the database may hold beyond schema.prisma: our migration bookkeeping, and the job
 * engine's (Sidequest creates and migrates its own tables with knex; see jobs/engine.server.ts).
 */
export const FOREIGN_TABLES = new Set([
  '_prisma_migrations',
  'sidequest_jobs',
  'sidequest_queues',
  'sidequest_migrations',
  'sidequest_migrations_lock',
])

/** MySQL 8 drops integer display widths, MariaDB keeps them: int(11) → int, but tinyint(1) stays. */
function normalizeType(type: string): string {
  if (/^enum\(/i.test(type)) return `enum${type.slice(4)}`
  const t = type.toLowerCase()
  if (t === 'tinyint(1)') return t
  return t.replace(/^(tinyint|smallint|mediumint|int|bigint)\(\d+\)/, '$1')
}

function normalizeDefault(value: string | null): string | null {
  if (value === null || value === 'NULL') return null
  let v = value.replace(/^'(.*)'$/, '$1').toLowerCase()
  if (v === 'true') v = '1'
  if (v === 'false') v = '0'
  return v
}

export async function readDatabaseModel(connection: Connection, database: string): Promise<Table[]> {
  const query = async <T>(sql: string) => (await connection.query(sql, [database]))[0] as T[]
  const tables = await query<{ TABLE_NAME: string }>(
    `SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'`,
  )
  const columns = await query<{
    TABLE_NAME: string
    COLUMN_NAME: string
    COLUMN_TYPE: string
    IS_NULLABLE: string
    EXTRA: string
    COLUMN_DEFAULT: string | null
  }>(
    `SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, EXTRA, COLUMN_DEFAULT FROM information_schema.COLUMNS
     WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION`,
  )
  const statistics = await query<{ TABLE_NAME: string; INDEX_NAME: string; NON_UNIQUE: number; COLUMN_NAME: string }>(
    `SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME FROM information_schema.STATISTICS
     WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
  )
  const references = await query<{
    TABLE_NAME: string
    CONSTRAINT_NAME: string
    COLUMN_NAME: string
    REFERENCED_TABLE_NAME: string
    REFERENCED_COLUMN_NAME: string
    DELETE_RULE: string
    UPDATE_RULE: string
  }>(
    `SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME,
            r.DELETE_RULE, r.UPDATE_RULE
     FROM information_schema.KEY_COLUMN_USAGE k
     JOIN information_schema.REFERENTIAL_CONSTRAINTS r
       ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME
     WHERE k.TABLE_SCHEMA = ? AND k.REFERENCED_TABLE_NAME IS NOT NULL
     ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`,
  )

  return tables
    .map(({ TABLE_NAME: name }) => {
      const indexMap = new Map<string, { unique: boolean; columns: string[] }>()
      for (const s of statistics.filter((x) => x.TABLE_NAME === name)) {
        const entry = indexMap.get(s.INDEX_NAME) ?? { unique: Number(s.NON_UNIQUE) === 0, columns: [] }
        entry.columns.push(s.COLUMN_NAME)
        indexMap.set(s.INDEX_NAME, entry)
      }
      const fkMap = new Map<string, ForeignKey>()
      for (const r of references.filter((x) => x.TABLE_NAME === name)) {
        const fk = fkMap.get(r.CONSTRAINT_NAME) ?? {
          name: r.CONSTRAINT_NAME,
          columns: [],
          referencedTable: r.REFERENCED_TABLE_NAME,
          referencedColumns: [],
          onDelete: r.DELETE_RULE,
          onUpdate: r.UPDATE_RULE,
        }
        fk.columns.push(r.COLUMN_NAME)
        fk.referencedColumns.push(r.REFERENCED_COLUMN_NAME)
        fkMap.set(r.CONSTRAINT_NAME, fk)
      }
      const indexes = [...indexMap.entries()].map(([indexName, v]) => ({ name: indexName, ...v }))
      return {
        name,
        columns: columns
          .filter((c) => c.TABLE_NAME === name)
          .map(
            (c): Column => ({
              name: c.COLUMN_NAME,
              type: normalizeType(c.COLUMN_TYPE),
              nullable: c.IS_NULLABLE === 'YES',
              autoIncrement: /auto_increment/i.test(c.EXTRA),
              default: normalizeDefault(c.COLUMN_DEFAULT),
            }),
          ),
        primaryKey: indexes.find((i) => i.name === 'PRIMARY')?.columns ?? [],
        uniques: indexes.filter((i) => i.unique && i.name !== 'PRIMARY').map(({ name: n, columns: c }) => ({ name: n, columns: c })),
        indexes: indexes.filter((i) => !i.unique).map(({ name: n, columns: c }) => ({ name: n, columns: c })),
        foreignKeys: [...fkMap.values()],
      }
    })
    .filter((t) => !FOREIGN_TABLES.has(t.name))
}

const indexKey = (i: Index) => `${i.name}(${i.columns.join(',')})`
const fkKey = (f: ForeignKey) =>
  `${f.name}(${f.columns.join(',')}) → ${f.referencedTable}(${f.referencedColumns.join(',')}) ON DELETE ${f.onDelete} ON UPDATE ${f.onUpdate}`

/** Human-readable differences between what schema.prisma expects and what the database has. */
export function diffModels(expected: Table[], actual: Table[]): string[] {
  const differences: string[] = []
  const actualByName = new Map(actual.map((t) => [t.name, t]))
  for (const table of expected) {
    const live = actualByName.get(table.name)
    if (!live) {
      differences.push(`table ${table.name} is missing`)
      continue
    }
    actualByName.delete(table.name)
    const liveColumns = new Map(live.columns.map((c) => [c.name, c]))
    for (const column of table.columns) {
      const c = liveColumns.get(column.name)
      const where = `${table.name}.${column.name}`
      if (!c) {
        differences.push(`column ${where} is missing`)
        continue
      }
      liveColumns.delete(column.name)
      if (c.type !== column.type) differences.push(`column ${where} is ${c.type}, schema says ${column.type}`)
      if (c.nullable !== column.nullable)
        differences.push(`column ${where} is ${c.nullable ? 'NULL' : 'NOT NULL'}, schema says ${column.nullable ? 'NULL' : 'NOT NULL'}`)
      if (c.autoIncrement !== column.autoIncrement) differences.push(`column ${where} AUTO_INCREMENT differs`)
      if (c.default !== normalizeDefault(column.default))
        differences.push(`column ${where} defaults to ${c.default ?? 'nothing'}, schema says ${column.default ?? 'nothing'}`)
    }
    for (const extra of liveColumns.keys()) differences.push(`column ${table.name}.${extra} is not in schema.prisma`)
    if (live.primaryKey.join(',') !== table.primaryKey.join(','))
      differences.push(`primary key of ${table.name} is (${live.primaryKey}), schema says (${table.primaryKey})`)
    const compare = (kind: string, want: string[], have: string[]) => {
      for (const w of want.filter((x) => !have.includes(x))) differences.push(`${kind} ${table.name}.${w} is missing`)
      for (const h of have.filter((x) => !want.includes(x))) differences.push(`${kind} ${table.name}.${h} is not in schema.prisma`)
    }
    compare('unique index', table.uniques.map(indexKey), live.uniques.map(indexKey))
    compare('index', table.indexes.map(indexKey), live.indexes.map(indexKey))
    compare('foreign key', table.foreignKeys.map(fkKey), live.foreignKeys.map(fkKey))
  }
  for (const extra of actualByName.keys()) differences.push(`table ${extra} is not in schema.prisma`)
  return differences
}
