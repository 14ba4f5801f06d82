// Public proof that the audit log is intact: `{ ok, entries, head }`.
import { prisma } from '#app/db.server.ts'
import { verifyAuditChain } from '#app/domain/audit/audit.server.ts'
import { apiRoute, jsonResponse, method } from '#app/utils/api.server.ts'

const route = apiRoute(
  {
    GET: method({
      handler: async () => {
        const report = await verifyAuditChain(prisma)
        return jsonResponse(
          report.ok ? report : { ok: false, entries: report.entries, head: report.head, brokenAt: report.brokenAt },
        )
      },
    }),
  },
  { path: '/api/v1/audit/verify', tag: 'audit' },
)
export const loader = route.loader
