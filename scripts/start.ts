// `npm start`: provision the database (the embedded MariaDB when DATABASE_URL is not set), migrate,
// seed on first start, build, and serve on http://localhost:3000 (PORT overrides).
import { execFileSync } from 'node:child_process'
import { prepareEnvironment } from '#scripts/environment.ts'

const startedAt = Date.now()
const options = { dev: process.argv.includes('--dev'), build: !process.argv.includes('--no-build') }
process.env.NODE_ENV ??= options.dev ? 'development' : 'production'

try {
  await prepareEnvironment({ seedDemo: process.env.NODE_ENV !== 'test' })
} catch (error) {
  const { EnvError } = await import('#app/env.server.ts')
  if (!(error instanceof EnvError)) throw error
  process.stderr.write(`${error.message}\n`)
  process.exit(1)
}

if (options.build) {
  execFileSync('npx', ['remix', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] })
}

const { env } = await import('#app/env.server.ts')
const { disconnect } = await import('#app/db.server.ts')
const { listen } = await import('../server.ts')
await listen(env().PORT, disconnect)
process.stderr.write(`[start] ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s\n`)
