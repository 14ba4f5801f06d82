// The documented answers of the project API (openapi.server.ts).
import { AnnouncementStatus, Funding, SelectionMethod } from '#app/generated/prisma/enums.ts'
import { Id, Instant, listOf, paged } from '#app/utils/api-schemas.ts'
import { z } from '#app/utils/zod.ts'

export const ProjectAnswer = z.object({
  id: Id,
  name: z.string(),
  investmentCode: z.string().nullable(),
  regionCode: z.string(),
  regionName: z.string(),
  description: z.string().nullable(),
  funding: z.enum(Funding),
  owner: z.object({ id: Id, name: z.string() }),
  approvalItems: z.array(z.object({ code: z.string(), name: z.string(), department: z.string() })),
  createdAt: Instant,
})

export const ProjectListAnswer = paged(ProjectAnswer)

export const ApprovalWalkAnswer = listOf(
  z.object({
    serviceItemCode: z.string(),
    serviceItemName: z.string(),
    required: z.boolean(),
    note: z.string().nullable(),
    announcements: z.array(
      z.object({ id: Id, status: z.enum(AnnouncementStatus), title: z.string(), method: z.enum(SelectionMethod) }),
    ),
    contract: z
      .object({ id: Id, status: z.string(), dueAt: Instant.nullable(), acceptedAt: Instant.nullable() })
      .nullable(),
    accepted: z.boolean(),
    acceptedResultFiles: z.array(
      z.object({ title: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/), size: z.number().int() }),
    ),
    covered: z.boolean(),
  }),
)
