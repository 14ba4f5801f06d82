// `npm run audit:verify`: recomputes the transparency log from the audit entries, checks every
// stored checkpoint's signature and root (app/domain/transparency/verify.server.ts) and names the
// first entry that does not match. Exit code 1 when the log does not verify.
import { ensureDatabase, ensureLocalSecrets } from '#scripts/environment.ts'

ensureLocalSecrets()
await ensureDatabase()
const { disconnect } = await import('#app/db.server.ts')
const { verifyLog } = await import('#app/domain/transparency/verify.server.ts')
const report = await verifyLog()
await disconnect()
const pending = report.pending > 0 ? `; ${report.pending} entries not integrated yet` : ''
if (report.ok) {
  process.stdout.write(
    `transparency log OK: ${report.treeSize} leaves, root ${report.rootHash}, ${report.checkpoints} signed checkpoints verified${pending}\n`,
  )
  process.exit(0)
}
const at = report.brokenAt?.entryId
  ? `entry ${report.brokenAt.entryId} (leaf ${report.brokenAt.leafIndex})`
  : report.brokenAt?.checkpoint !== undefined
    ? `checkpoint ${report.brokenAt.checkpoint}`
    : `leaf ${report.brokenAt?.leafIndex}`
process.stdout.write(`transparency log BROKEN at ${at}: ${report.reason} (${report.treeSize} leaves verified before it)\n`)
process.exit(1)
