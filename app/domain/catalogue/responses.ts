// The documented answers of the catalogue and department API (openapi.server.ts).
import { ApprovalItemKind, FeeBasis } from '#app/generated/prisma/enums.ts'
import { Id, paged } from '#app/utils/api-schemas.ts'
import { z } from '#app/utils/zod.ts'

const Qualification = z.object({ typeCode: z.string(), typeName: z.string(), minLevel: z.string() }).nullable()

export const ApprovalItemListAnswer = paged(
  z.object({
    code: z.string(),
    name: z.string(),
    department: z.string(),
    kind: z.enum(ApprovalItemKind),
    fieldCode: z.string(),
  }),
)

export const ApprovalItemAnswer = z.object({
  code: z.string(),
  name: z.string(),
  department: z.string(),
  kind: z.enum(ApprovalItemKind),
  fieldCode: z.string(),
  active: z.boolean(),
  legalBasis: z.string(),
  serviceItems: z.array(
    z.object({ code: z.string(), name: z.string(), required: z.boolean(), note: z.string().nullable() }),
  ),
})

export const ServiceItemListAnswer = paged(
  z.object({
    code: z.string(),
    name: z.string(),
    department: z.string(),
    fieldCode: z.string(),
    qualification: Qualification,
  }),
)

export const ServiceItemAnswer = z.object({
  code: z.string(),
  name: z.string(),
  department: z.string(),
  fieldCode: z.string(),
  active: z.boolean(),
  legalBasis: z.string(),
  qualification: Qualification,
  feeBasis: z.enum(FeeBasis),
  standardDays: z.number().int(),
  approvalItems: z.array(z.object({ code: z.string(), name: z.string(), required: z.boolean() })),
})

export const RegionListAnswer = paged(
  z.object({ code: z.string(), name: z.string(), level: z.number().int(), parentCode: z.string().nullable() }),
)

export const DepartmentListAnswer = paged(
  z.object({
    id: Id,
    name: z.string(),
    regionCode: z.string(),
    fieldCode: z.string(),
    serviceItemCodes: z.array(z.string()),
  }),
)

export const DepartmentCreated = z.object({ organizationId: Id, userId: Id })

export const CalendarYearAnswer = z.object({
  year: z.number().int(),
  officialArrangementKnown: z.boolean(),
  workdayCount: z.number().int(),
  days: z.array(
    z.object({
      date: z.iso.date(),
      workday: z.boolean(),
      source: z.enum(['override', 'official', 'weekend', 'weekday']),
      name: z.string().nullable(),
    }),
  ),
})
