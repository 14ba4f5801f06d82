// `npm run bid-keys:rotate`: finishes a rotation of the bid price keys. Run it with the new ring
// (BID_PRICE_KEYS=<new kid>:<new key>,<old kid>:<old key>, the new key first) once every host runs
// with that ring: it seals every sealed version of the bids of announcements not opened yet again
// with the current key, then moves the database's canary to it, and prints the counts (never a
// price or a key). Safe to rerun: a second run finds nothing to do. Exit 1 when some versions are
// sealed with a key missing from the ring (the canary then stays where it was).
import { prepareDatabase, preparedOrExit } from '#scripts/environment.ts'

process.env.NODE_ENV ??= 'production'
const say = (message: string) => process.stdout.write(`[bid-keys] ${message}\n`)

await preparedOrExit(prepareDatabase)
const { keyRing } = await import('#app/domain/bidding/sealed-price.server.ts')
const { rotateBidPriceKeys } = await import('#app/domain/bidding/price-keys.server.ts')
const { disconnect } = await import('#app/db.server.ts')

const list = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([kid, n]) => `${kid}: ${n}`)
    .join(', ')

say(
  `key ring: ${keyRing()
    .keys.map((k, i) => (i === 0 ? `${k.kid} (current)` : k.kid))
    .join(', ')}`,
)
const summary = await rotateBidPriceKeys()
await disconnect()
say(
  `re-sealed ${summary.versions} sealed versions of ${summary.bids} bids in ${summary.announcements} announcements not opened yet` +
    (summary.versions > 0 ? ` (sealed before with ${list(summary.from)})` : ''),
)
if (summary.tampered > 0)
  say(`left ${summary.tampered} tampered versions as they are (the opening will find those bids invalid)`)
const unavailable = Object.keys(summary.unavailable)
if (unavailable.length > 0) {
  say(
    `could not re-seal ${list(summary.unavailable)} versions: their keys are missing from BID_PRICE_KEYS; add them and run again`,
  )
  say(`the canary stays on "${summary.canary.from}"`)
  process.exit(1)
}
say(
  summary.canary.moved
    ? `canary moved from "${summary.canary.from}" to "${summary.canary.to}"`
    : `canary already on "${summary.canary.to}"`,
)
say(`done: bids not opened yet no longer need keys other than "${summary.currentKid}"`)
process.exit(0)
