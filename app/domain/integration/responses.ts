// The documented answers of the integration API (openapi.server.ts): approval systems, webhook
// subscriptions and their delivery log.
import { WEBHOOK_EVENT_TYPES } from '#app/domain/webhooks/events.server.ts'
import { Id, Instant, listOf, paged } from '#app/utils/api-schemas.ts'
import { z } from '#app/utils/zod.ts'

export const ApprovalSystemToken = z.object({ id: Id, token: z.string(), tokenId: Id, expiresAt: Instant })

export const ApprovalSystemList = listOf(
  z.object({
    id: Id,
    name: z.string(),
    uscc: z.string(),
    regionCodes: z.array(z.string()),
    departmentIds: z.array(Id),
    createdAt: Instant,
    tokens: z.array(
      z.object({
        id: Id,
        name: z.string(),
        expiresAt: Instant,
        revokedAt: Instant.nullable(),
        lastUsedAt: Instant.nullable(),
      }),
    ),
  }),
)

export const SubscriptionCreated = z.object({ id: Id, secret: z.string() })

export const SubscriptionList = listOf(
  z.object({
    id: Id,
    url: z.string(),
    events: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
    createdAt: Instant,
    active: z.boolean(),
  }),
)

export const DeliveryLog = paged(
  z.object({
    id: Id,
    event: z.enum(WEBHOOK_EVENT_TYPES),
    eventId: Id,
    status: z.enum(['PENDING', 'SUCCEEDED', 'FAILED']),
    attempts: z.number().int(),
    lastAttemptAt: Instant.nullable(),
    nextAttemptAt: Instant.nullable(),
    responseStatus: z.number().int().nullable(),
    lastError: z.string().nullable(),
  }),
)

export const ReplayAnswer = z.object({ id: Id, status: z.literal('PENDING') })
