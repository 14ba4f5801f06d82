// `npm start`: provision the database (the embedded MariaDB when DATABASE_URL is not set), migrate,
// check the bid price keys against the database's canary (exit 1 when this host lacks its key: see
// app/domain/bidding/price-keys.server.ts), seed on first start, build, rebuild the search index
// when empty, start the job engine and the periodic tasks (jobs/), and serve on
// http://localhost:3000 (PORT overrides).
import { execFileSync } from 'node:child_process'
import { prepareEnvironment, preparedOrExit } from '#scripts/environment.ts'

const startedAt = Date.now()
const options = { dev: process.argv.includes('--dev'), build: !process.argv.includes('--no-build') }
process.env.NODE_ENV ??= options.dev ? 'development' : 'production'

await preparedOrExit(() => prepareEnvironment({ seedDemo: process.env.NODE_ENV !== 'test' }))

if (options.build) {
  execFileSync('npx', ['remix', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] })
}

const { env } = await import('#app/env.server.ts')
const { disconnect } = await import('#app/db.server.ts')
// The periodic tasks run inside this process (a separate `npm run worker` is optional). The
// embedded search index lives here too: rebuild it when empty, and this process keeps it in sync.
await import('#jobs/index.ts')
const { rebuildSearchIndexIfEmpty } = await import('#app/domain/intermediaries/search-index.server.ts')
try {
  const rebuilt = await rebuildSearchIndexIfEmpty()
  if (rebuilt.rebuilt) process.stderr.write(`[start] search index rebuilt: ${rebuilt.indexed} intermediaries\n`)
} catch (error) {
  // Serve anyway (the directory answers with an error until the index is reachable).
  process.stderr.write(`[start] could not rebuild the search index: ${String(error)}\n`)
}
// The job engine (Sidequest, on the same database) runs the jobs of jobs/index.ts in this process.
const { startJobEngine, stopJobEngine } = await import('#jobs/engine.server.ts')
await startJobEngine(env().DATABASE_URL!)
const { startWorker } = await import('#jobs/worker.ts')
const stopWorker = startWorker()
const { listen } = await import('../server.ts')
await listen(env().PORT, async () => {
  stopWorker()
  await stopJobEngine() // waits for the jobs in progress
  await disconnect()
})
process.stderr.write(`[start] ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s\n`)
