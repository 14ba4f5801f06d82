// `npm run bench -- <name> [options]`: runs one benchmark (not a test; prints numbers).
//   search   embedded index vs naive SQL LIKE on 100,000 generated intermediaries
//            options: --docs=N --queries=N
//   bids     sealed bids through the HTTP API (open loop over a window, then closed loop) beside raw
//            mysql2 inserts; then the deadline passes and every announcement must open with its bids
//            options: --bids=N --announcements=N --clients=N --window=SECONDS --no-closed --with-fan-out
//            --profile
export {}

const benches: Record<string, () => Promise<{ run: (args: string[]) => Promise<void> }>> = {
  search: () => import('./search.ts'),
  bids: () => import('./bids.ts'),
}

const [name, ...args] = process.argv.slice(2)
const load = name ? benches[name] : undefined
if (!load) {
  process.stderr.write(`usage: npm run bench -- <${Object.keys(benches).join('|')}> [options]\n`)
  process.exit(1)
}
await (await load()).run(args)
