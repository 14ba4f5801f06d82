// `npm run audit:verify`: recomputes the audit hash chain and reports the first broken link.
import { ensureDatabase, ensureLocalSecrets } from '#scripts/environment.ts'

ensureLocalSecrets()
await ensureDatabase()
const { prisma, disconnect } = await import('#app/db.server.ts')
const { verifyAuditChain } = await import('#app/domain/audit/audit.server.ts')
const report = await verifyAuditChain(prisma)
await disconnect()
if (report.ok) {
  process.stdout.write(`audit chain OK: ${report.entries} entries, head ${report.head}\n`)
  process.exit(0)
}
process.stdout.write(
  `audit chain BROKEN at entry ${report.brokenAt}: ${report.reason} (${report.entries} entries verified before it)\n`,
)
process.exit(1)
