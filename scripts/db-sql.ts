// Drafts the SQL for new tables from schema.prisma: `npm run db:sql -- ModelA ModelB` (no names: all).
// Review the draft and save it as prisma/migrations/<timestamp>_<name>/migration.sql; the drift
// test then proves the migrations and the schema agree.
import { createTableSql, readSchemaModel } from '#prisma/schema-model.ts'

const wanted = process.argv.slice(2)
const tables = (await readSchemaModel()).filter((t) => wanted.length === 0 || wanted.includes(t.name))
process.stdout.write(createTableSql(tables))
