// The documented answers of the intermediary API (openapi.server.ts): the directory, the public
// profile, the entry, the profile, practitioners, qualifications, subscriptions, suspension.
import { CREDIT_LEVEL_VALUES } from '#app/domain/credit/level.ts'
import { OrganizationStatus, QualificationStatus } from '#app/generated/prisma/enums.ts'
import { Day, Id, Instant, listOf, paged } from '#app/utils/api-schemas.ts'
import { z } from '#app/utils/zod.ts'

const Commitment = z.object({
  serviceItemCode: z.string(),
  serviceItemName: z.string(),
  promisedDays: z.number().int(),
  feeStandard: z.string(),
  feeBasisNote: z.string().nullable(),
})
const CreditLevel = z.enum(CREDIT_LEVEL_VALUES)

export const DirectoryAnswer = paged(
  z.object({
    id: Id,
    name: z.string(),
    shortName: z.string().nullable(),
    regionCode: z.string(),
    regionName: z.string(),
    serviceItemCodes: z.array(z.string()),
    serviceItems: z.array(z.object({ code: z.string(), name: z.string() })),
    creditScore: z.number().int(),
    creditLevel: CreditLevel,
    ratingAverage: z.number().nullable(),
    blacklisted: z.boolean(),
    suspended: z.boolean(),
    /** 休眠: the firm has not confirmed it is still active (it keeps every right) */
    dormant: z.boolean(),
    hasVerifiedQualification: z.boolean(),
    commitments: z.array(Commitment),
  }),
).extend({
  /** present when the search index could not answer and the database did */
  searchUnavailable: z.object({ complete: z.boolean() }).optional(),
})

export const QualificationAnswer = z.object({
  id: Id,
  organizationId: Id,
  organizationName: z.string(),
  typeCode: z.string(),
  typeName: z.string(),
  level: z.string(),
  certificateNo: z.string(),
  issuer: z.string(),
  validFrom: Day,
  validTo: Day,
  status: z.enum(QualificationStatus),
  displayStatus: z.enum([...Object.values(QualificationStatus), 'EXPIRED']),
  verified: z.boolean(),
  expired: z.boolean(),
  current: z.boolean(),
  scan: z
    .object({
      contentType: z.string(),
      size: z.number().int(),
      sha256: z.string(),
      originalName: z.string(),
      url: z.string(),
    })
    .nullable(),
  review: z.object({ at: Instant, note: z.string().nullable(), byOrganizationId: Id.nullable() }).nullable(),
  createdAt: Instant,
})
/** A qualification as the public profile shows it (no scan, no reviewer). */
const PublicQualification = QualificationAnswer.pick({
  id: true,
  typeCode: true,
  typeName: true,
  level: true,
  certificateNo: true,
  issuer: true,
  validFrom: true,
  validTo: true,
  status: true,
  verified: true,
  expired: true,
}).extend({ reviewedAt: Instant.nullable() })

export const PublicProfileSchema = z.object({
  id: Id,
  name: z.string(),
  shortName: z.string().nullable(),
  uscc: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  serviceItemCodes: z.array(z.string()),
  serviceItems: z.array(z.object({ code: z.string(), name: z.string(), fieldCode: z.string() })),
  qualifications: z.array(PublicQualification),
  practitioners: z.array(
    z.object({
      id: Id,
      name: z.string(),
      certificateNo: z.string(),
      title: z.string(),
      specialty: z.string().nullable(),
    }),
  ),
  commitments: z.array(Commitment),
  performance: z.object({
    contractsWon: z.number().int(),
    contractsCompleted: z.number().int(),
    contractsOverdue: z.number().int(),
  }),
  creditScore: z.number().int(),
  creditLevel: CreditLevel,
  ratingAverage: z.number().nullable(),
  blacklisted: z.boolean(),
  activeBlacklistEntry: z.object({ reason: z.string(), startsAt: Instant, endsAt: Instant }).nullable(),
  suspended: z.boolean(),
  dormant: z.boolean(),
  statusReason: z.string().nullable(),
  listedAt: Instant,
  updatedAt: Instant,
  introduction: z.string().nullable(),
  address: z.string().nullable(),
  contactPhone: z.string().nullable(),
  website: z.string().nullable(),
  legalRepresentative: z.string().nullable(),
})

const Acceptance = z.object({ version: z.string(), acceptedAt: Instant, acceptedByUserId: Id.nullable() })

export const EntrySavedAnswer = PublicProfileSchema.extend({ commitmentAcceptance: Acceptance.nullable() })

export const EntryAnswer = z.object({
  id: Id,
  name: z.string(),
  status: z.enum(OrganizationStatus),
  serviceItemCodes: z.array(z.string()),
  commitments: z.array(Commitment.omit({ serviceItemName: true })),
  commitment: Acceptance.nullable(),
  listedAt: Instant.nullable(),
  updatedAt: Instant.nullable(),
})

export const ProfileAnswer = z.object({
  id: Id,
  name: z.string(),
  uscc: z.string(),
  shortName: z.string().nullable(),
  introduction: z.string().nullable(),
  address: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  regionCode: z.string(),
  website: z.string().nullable(),
  contactEmail: z.string().nullable(),
  updatedAt: Instant,
})

export const PractitionerAnswer = z.object({
  id: Id,
  name: z.string(),
  certificateNo: z.string(),
  title: z.string(),
  specialty: z.string().nullable(),
  active: z.boolean(),
  updatedAt: Instant,
})
export const PractitionerList = listOf(PractitionerAnswer)

export const QualificationList = listOf(QualificationAnswer)

export const SubscriptionsAnswer = z.object({
  serviceItemCodes: z.array(z.string()),
  offeredServiceItemCodes: z.array(z.string()),
})

export const StatusChangeAnswer = z.object({
  id: Id,
  status: z.enum(OrganizationStatus),
  statusReason: z.string().nullable(),
  statusChangedAt: Instant.nullable(),
})
