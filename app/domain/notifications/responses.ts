// The documented answers of the inbox API (openapi.server.ts).
import { Id, Instant, paged } from '#app/utils/api-schemas.ts'
import { z } from '#app/utils/zod.ts'

export const InboxAnswer = paged(
  z.object({
    id: Id,
    kind: z.string(),
    title: z.string(),
    body: z.string(),
    link: z.string().nullable(),
    readAt: Instant.nullable(),
    createdAt: Instant,
  }),
).extend({ unread: z.number().int() })

export const MarkedRead = z.object({ updated: z.number().int() })
