// `npm run db:start | db:stop | db:migrate | db:seed`
import { stopEmbeddedMariadb } from '#scripts/embedded-mariadb.ts'
import { ensureDatabase, prepareEnvironment } from '#scripts/environment.ts'
import { applyMigrations } from '#prisma/migrate.ts'

const command = process.argv[2]
switch (command) {
  case 'start':
    process.stdout.write(`${await ensureDatabase()}\n`)
    break
  case 'stop':
    process.stdout.write((await stopEmbeddedMariadb()) ? 'embedded MariaDB stopped\n' : 'embedded MariaDB was not running\n')
    break
  case 'migrate': {
    const applied = await applyMigrations(await ensureDatabase(), { log: (m) => process.stdout.write(`${m}\n`) })
    process.stdout.write(`${applied.length} migration(s) applied\n`)
    break
  }
  case 'seed':
    await prepareEnvironment({ seedDemo: process.env.NODE_ENV !== 'test' })
    process.stdout.write('seeded\n')
    break
  default:
    process.stderr.write('usage: tsx scripts/db.ts start|stop|migrate|seed\n')
    process.exit(2)
}
process.exit(0)
