// The documented answers of the account API (openapi.server.ts).
import { OrganizationStatus, OrganizationType } from '#app/generated/prisma/enums.ts'
import { Id, Instant, listOf } from '#app/utils/api-schemas.ts'
import { z } from '#app/utils/zod.ts'

export const Registered = z.object({ userId: Id, organizationId: Id })

export const TokenAnswer = z.object({ token: z.string(), expiresAt: Instant })

export const TokenCreated = z.object({ id: Id, name: z.string(), token: z.string(), expiresAt: Instant })

export const TokenList = listOf(
  z.object({
    id: Id,
    name: z.string(),
    organizationId: Id,
    createdAt: Instant,
    expiresAt: Instant,
    revokedAt: Instant.nullable(),
    lastUsedAt: Instant.nullable(),
  }),
)

export const MeAnswer = z.object({
  user: z.object({ id: Id, email: z.string(), name: z.string() }),
  organization: z.object({
    id: Id,
    type: z.enum(OrganizationType),
    uscc: z.string(),
    name: z.string(),
    regionCode: z.string(),
    status: z.enum(OrganizationStatus),
  }),
  roles: z.array(z.string()),
  permissions: z.array(z.string()),
})
