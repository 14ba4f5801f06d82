// Durable outbox for the search index: every change that affects an intermediary's directory entry
// writes a row here in the same transaction; jobs/search-sync.ts applies the rows to the index.
import type { Tx } from '#app/db.server.ts'

export async function enqueueSearchSync(tx: Tx, organizationId: string): Promise<void> {
  await tx.searchOutbox.create({ data: { entityType: 'Organization', entityId: organizationId } })
}
