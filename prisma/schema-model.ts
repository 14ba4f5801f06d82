// The relational model that schema.prisma describes, derived from Prisma's DMMF with Prisma's own
// MySQL conventions (column types, index and foreign-key names). Used by the drift test to compare
// the migrated database with the schema, and by `npm run db:sql` to draft a migration's SQL.
import fs from 'node:fs'
import internals from '@prisma/internals'

export type Column = {
  name: string
  type: string
  nullable: boolean
  autoIncrement: boolean
  /** SQL default expression, or null when the database has none */
  default: string | null
}
export type Index = { name: string; columns: string[] }
export type ForeignKey = Index & {
  referencedTable: string
  referencedColumns: string[]
  onDelete: string
  onUpdate: string
}
export type Table = {
  name: string
  columns: Column[]
  primaryKey: string[]
  uniques: Index[]
  indexes: Index[]
  foreignKeys: ForeignKey[]
}

type DmmfField = {
  name: string
  dbName?: string | null
  kind: string
  type: string
  isRequired: boolean
  isList: boolean
  nativeType?: [string, string[]] | null
  default?: unknown
  relationFromFields?: string[]
  relationToFields?: string[]
  relationOnDelete?: string
  relationOnUpdate?: string
}

const SCALAR_TYPES: Record<string, string> = {
  String: 'varchar(191)',
  Int: 'int',
  BigInt: 'bigint',
  Boolean: 'tinyint(1)',
  DateTime: 'datetime(3)',
  Float: 'double',
  Decimal: 'decimal(65,30)',
  Bytes: 'longblob',
  Json: 'json',
}

const NATIVE_TYPES: Record<string, (args: string[]) => string> = {
  VarChar: ([n]) => `varchar(${n})`,
  Char: ([n]) => `char(${n})`,
  Text: () => 'text',
  MediumText: () => 'mediumtext',
  LongText: () => 'longtext',
  TinyInt: () => 'tinyint',
  SmallInt: () => 'smallint',
  Int: () => 'int',
  UnsignedInt: () => 'int unsigned',
  BigInt: () => 'bigint',
  UnsignedBigInt: () => 'bigint unsigned',
  DateTime: ([n]) => `datetime(${n ?? 0})`,
  Date: () => 'date',
  Decimal: ([p, s]) => `decimal(${p},${s})`,
  Double: () => 'double',
}

const REFERENTIAL_ACTIONS: Record<string, string> = {
  Cascade: 'CASCADE',
  Restrict: 'RESTRICT',
  NoAction: 'NO ACTION',
  SetNull: 'SET NULL',
  SetDefault: 'SET DEFAULT',
}

export async function readSchemaModel(schemaPath = 'prisma/schema.prisma'): Promise<Table[]> {
  const dmmf = await internals.getDMMF({ datamodel: fs.readFileSync(schemaPath, 'utf8') })
  const enums = new Map(dmmf.datamodel.enums.map((e) => [e.name, e.values.map((v) => v.name)]))
  const models = dmmf.datamodel.models
  const tableName = (modelName: string) => {
    const model = models.find((m) => m.name === modelName)!
    return model.dbName ?? model.name
  }

  return models.map((model) => {
    const fields = model.fields as unknown as DmmfField[]
    const columnOf = (fieldName: string) => {
      const field = fields.find((f) => f.name === fieldName)!
      return field.dbName ?? field.name
    }
    const columns: Column[] = fields
      .filter((f) => f.kind === 'scalar' || f.kind === 'enum')
      .map((f) => {
        let type: string
        if (f.kind === 'enum') type = `enum(${enums.get(f.type)!.map((v) => `'${v}'`).join(',')})`
        else if (f.nativeType) type = NATIVE_TYPES[f.nativeType[0]]!(f.nativeType[1])
        else type = SCALAR_TYPES[f.type]!
        const generator = typeof f.default === 'object' && f.default !== null ? (f.default as { name?: string }).name : null
        let sqlDefault: string | null = null
        if (generator === 'now') sqlDefault = `CURRENT_TIMESTAMP(${type.match(/\((\d)\)/)?.[1] ?? 3})`
        else if (typeof f.default === 'boolean') sqlDefault = f.default ? 'true' : 'false'
        else if (typeof f.default === 'number') sqlDefault = String(f.default)
        else if (typeof f.default === 'string') sqlDefault = `'${f.default}'`
        return {
          name: f.dbName ?? f.name,
          type,
          nullable: !f.isRequired,
          autoIncrement: generator === 'autoincrement',
          default: sqlDefault,
        }
      })

    const modelIndexes = dmmf.datamodel.indexes.filter((i) => i.model === model.name)
    const named = (kind: 'key' | 'idx', cols: string[], explicit?: string | null) =>
      explicit ?? `${model.dbName ?? model.name}_${cols.join('_')}_${kind}`
    const primaryKey = modelIndexes.find((i) => i.type === 'id')!.fields.map((f) => columnOf(f.name))
    const uniques = modelIndexes
      .filter((i) => i.type === 'unique')
      .map((i) => {
        const cols = i.fields.map((f) => columnOf(f.name))
        return { name: named('key', cols, i.dbName), columns: cols }
      })
    const indexes = modelIndexes
      .filter((i) => i.type === 'normal')
      .map((i) => {
        const cols = i.fields.map((f) => columnOf(f.name))
        return { name: named('idx', cols, i.dbName), columns: cols }
      })
    const foreignKeys: ForeignKey[] = fields
      .filter((f) => f.kind === 'object' && f.relationFromFields && f.relationFromFields.length > 0)
      .map((f) => {
        const cols = f.relationFromFields!.map(columnOf)
        const target = models.find((m) => m.name === f.type)!
        const targetFields = target.fields as unknown as DmmfField[]
        const optional = f.relationFromFields!.some((n) => !fields.find((x) => x.name === n)!.isRequired)
        return {
          name: `${model.dbName ?? model.name}_${cols.join('_')}_fkey`,
          columns: cols,
          referencedTable: tableName(f.type),
          referencedColumns: f.relationToFields!.map((n) => {
            const t = targetFields.find((x) => x.name === n)!
            return t.dbName ?? t.name
          }),
          onDelete: REFERENTIAL_ACTIONS[f.relationOnDelete ?? (optional ? 'SetNull' : 'Restrict')]!,
          onUpdate: REFERENTIAL_ACTIONS[f.relationOnUpdate ?? 'Cascade']!,
        }
      })
    return { name: model.dbName ?? model.name, columns, primaryKey, uniques, indexes, foreignKeys }
  })
}

/** CREATE TABLE and foreign keys for the given tables, in Prisma's MySQL style (a draft to review). */
export function createTableSql(tables: Table[]): string {
  const q = (name: string) => `\`${name}\``
  const creates = tables.map((t) => {
    const lines = t.columns.map((c) => {
      const type = c.type.startsWith('enum') ? c.type.replace(/^enum/, 'ENUM') : c.type.toUpperCase()
      const nullability = c.nullable ? ' NULL' : ' NOT NULL'
      const extra = `${c.default ? ` DEFAULT ${c.default}` : ''}${c.autoIncrement ? ' AUTO_INCREMENT' : ''}`
      return `    ${q(c.name)} ${type}${nullability}${extra}`
    })
    for (const u of t.uniques) lines.push(`    UNIQUE INDEX ${q(u.name)}(${u.columns.map(q).join(', ')})`)
    for (const i of t.indexes) lines.push(`    INDEX ${q(i.name)}(${i.columns.map(q).join(', ')})`)
    lines.push(`    PRIMARY KEY (${t.primaryKey.map(q).join(', ')})`)
    return `-- CreateTable\nCREATE TABLE ${q(t.name)} (\n${lines.join(',\n')}\n) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;\n`
  })
  const fks = tables.flatMap((t) =>
    t.foreignKeys.map(
      (fk) =>
        `-- AddForeignKey\nALTER TABLE ${q(t.name)} ADD CONSTRAINT ${q(fk.name)} FOREIGN KEY (${fk.columns
          .map(q)
          .join(', ')}) REFERENCES ${q(fk.referencedTable)}(${fk.referencedColumns.map(q).join(', ')}) ON DELETE ${
          fk.onDelete
        } ON UPDATE ${fk.onUpdate};\n`,
    ),
  )
  return [...creates, ...fks].join('\n')
}
