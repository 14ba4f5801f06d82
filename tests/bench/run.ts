// `npm run bench -- <name> [options]`: runs one benchmark (not a test; prints numbers).
//   search   embedded index vs naive SQL LIKE on 100,000 generated intermediaries
//            options: --docs=N --queries=N
export {}

const benches: Record<string, () => Promise<{ run: (args: string[]) => Promise<void> }>> = {
  search: () => import('./search.ts'),
}

const [name, ...args] = process.argv.slice(2)
const load = name ? benches[name] : undefined
if (!load) {
  process.stderr.write(`usage: npm run bench -- <${Object.keys(benches).join('|')}> [options]\n`)
  process.exit(1)
}
await (await load()).run(args)
