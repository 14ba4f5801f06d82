// `npm run search:reindex`: build a new intermediary search index from the database and swap it in.
//
// With Meilisearch (MEILI_HOST set) this fills a fresh index beside the live one that the web
// processes read, swaps the two (POST /swap-indexes) and drops the old one: the directory keeps
// answering, in full, the whole time; changes made meanwhile are applied again after the swap. The
// embedded index lives inside each web process and is rebuilt there at every start when empty; run
// here it only proves that every document builds (and says so), since this process's copy is
// thrown away on exit.
import { prepareEnvironment, preparedOrExit } from '#scripts/environment.ts'

process.env.NODE_ENV ??= 'production'
const say = (message: string) => process.stderr.write(`[search:reindex] ${message}\n`)

await preparedOrExit(() => prepareEnvironment({ seedDemo: false }))

const { rebuildSearchIndex, usesEmbeddedIndex } = await import('#app/domain/intermediaries/search-index.server.ts')
const { disconnect } = await import('#app/db.server.ts')
const startedAt = performance.now()
try {
  const indexed = await rebuildSearchIndex({ log: say })
  say(`${indexed} intermediaries indexed and swapped in, in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`)
  if (usesEmbeddedIndex()) {
    say('note: the embedded index (MEILI_HOST unset) lives in the web process, which rebuilds it at start;')
    say('      restart `npm start` to rebuild the served index. This run only checked that every document builds.')
  }
} finally {
  await disconnect()
}
