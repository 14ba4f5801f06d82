// `npm run worker`: the job engine and the periodic tasks (jobs/) without the web server, for
// deployments that run them in a process of their own. Prepares the database like `npm start`
// (migrations, the bid price key check, reference data) but neither builds nor serves. Stops on SIGTERM/SIGINT.
//
// The search-sync task only runs here with Meilisearch: the embedded index lives inside the web
// process, which always applies the search outbox itself (see search-index.server.ts).
import { prepareEnvironment, preparedOrExit } from '#scripts/environment.ts'

process.env.NODE_ENV ??= 'production'
const say = (message: string) => process.stderr.write(`[worker] ${message}\n`)

await preparedOrExit(() => prepareEnvironment({ seedDemo: false }))

await import('#jobs/index.ts')
const { configureSeparateWorkerProcess } = await import('#app/domain/intermediaries/search-index.server.ts')
if (!configureSeparateWorkerProcess()) {
  say('the embedded search index is in use: the web process (npm start) keeps it in sync, not this worker')
}
const { env } = await import('#app/env.server.ts')
const { startJobEngine, stopJobEngine } = await import('#jobs/engine.server.ts')
await startJobEngine(env().DATABASE_URL!)
const { startWorker } = await import('#jobs/worker.ts')
const { disconnect } = await import('#app/db.server.ts')
const stop = startWorker()
say('running; stop with SIGTERM or Ctrl-C')

// The task timers are unref'd: this interval keeps the process alive until a signal arrives.
const keepAlive = setInterval(() => {}, 60_000)
let stopping = false
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return
    stopping = true
    say(`${signal}: stopping`)
    stop()
    clearInterval(keepAlive)
    void stopJobEngine() // waits for the jobs in progress
      .then(() => disconnect())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(`[worker] ${String(error)}\n`)
          process.exit(1)
        },
      )
  })
}
