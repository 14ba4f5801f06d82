// The documented answers of the announcement, bidding and award API (openapi.server.ts): the
// shapes of AnnouncementView, MyBid, OpenedBid, ObjectionView and AnnouncementResult as zod schemas.
import {
  AnnouncementStatus,
  BidStatus,
  Funding,
  ObjectionStatus,
  SelectionMethod,
} from '#app/generated/prisma/enums.ts'
import { Id, Instant, listOf, paged, Yuan } from '#app/utils/api-schemas.ts'
import { z } from '#app/utils/zod.ts'

const Ref = z.object({ id: Id, name: z.string() })
const Status = z.enum(AnnouncementStatus)
const Method = z.enum(SelectionMethod)

export const AnnouncementSummarySchema = z.object({
  id: Id,
  status: Status,
  title: z.string(),
  method: Method,
  projectId: Id,
  projectName: z.string(),
  owner: Ref,
  approvalItemCode: z.string(),
  approvalItemName: z.string(),
  serviceItemCode: z.string(),
  serviceItemName: z.string(),
  regionCode: z.string(),
  priceCeiling: Yuan.nullable(),
  priceFloor: Yuan.nullable(),
  fixedPrice: Yuan.nullable(),
  deadline: Instant,
  publishedAt: Instant.nullable(),
})

export const AnnouncementListAnswer = paged(AnnouncementSummarySchema)

export const MyBidSchema = z.object({
  bidId: Id,
  status: z.enum(BidStatus),
  version: z.number().int(),
  nonce: z.string(),
  needsReconfirmation: z.boolean(),
  price: Yuan.nullable(),
  valid: z.boolean().nullable(),
  invalidReason: z.string().nullable(),
  submittedAt: Instant,
  updatedAt: Instant,
  versions: z.array(z.object({ version: z.number().int(), action: z.string(), price: Yuan.nullable(), at: Instant })),
  allowedActions: z.array(z.string()),
})

export const AnnouncementViewSchema = AnnouncementSummarySchema.extend({
  statusReason: z.string().nullable(),
  scope: z.string(),
  funding: z.enum(Funding),
  qualificationRequirement: z.string().nullable(),
  directIntermediary: Ref.nullable(),
  directResponse: z.string().nullable(),
  weights: z
    .object({
      price: z.number().int(),
      credit: z.number().int(),
      rating: z.number().int(),
      technical: z.number().int(),
    })
    .nullable(),
  serviceDays: z.number().int(),
  paymentTerms: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  seedCommitment: z.string().nullable(),
  minimumBids: z.number().int(),
  publicityDays: z.number().int(),
  previousId: Id.nullable(),
  openedAt: Instant.nullable(),
  evaluatedAt: Instant.nullable(),
  publicityEndsAt: Instant.nullable(),
  awardedAt: Instant.nullable(),
  closedAt: Instant.nullable(),
  createdAt: Instant,
  amendments: z.array(
    z.object({
      number: z.number().int(),
      reason: z.string(),
      changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })),
      createdAt: Instant,
    }),
  ),
  attachments: z.array(z.object({ id: Id, name: z.string(), size: z.number().int(), contentType: z.string() })),
  bidCount: z.number().int().nullable(),
  myBid: MyBidSchema.nullable(),
  isOwner: z.boolean(),
  allowedActions: z.array(z.string()),
})

export const AttachmentAnswer = z.object({ id: Id, name: z.string(), size: z.number().int(), contentType: z.string() })

export const BidCreated = z.object({ bidId: Id })
export const BidRevised = z.object({ bidId: Id, version: z.number().int() })

export const OpenedBidsAnswer = listOf(
  z.object({
    bidId: Id,
    intermediaryId: Id,
    intermediaryName: z.string(),
    uscc: z.string(),
    price: Yuan.nullable(),
    nonce: z.string(),
    valid: z.boolean().nullable(),
    invalidReason: z.string().nullable(),
    excluded: z.boolean(),
    excludedReason: z.string().nullable(),
    versions: z.number().int(),
    submittedAt: Instant,
    lastChangedAt: Instant,
  }),
)

export const ObjectionViewSchema = z.object({
  id: Id,
  status: z.enum(ObjectionStatus),
  reason: z.string(),
  answer: z.string().nullable(),
  decision: z.string().nullable(),
  createdAt: Instant,
  answeredAt: Instant.nullable(),
  escalatedAt: Instant.nullable(),
  decidedAt: Instant.nullable(),
  mine: z.boolean(),
  allowedActions: z.array(z.string()),
})

export const ObjectionStatusAnswer = z.object({ id: Id, status: z.enum(ObjectionStatus) })
export const AnnouncementStatusAnswer = z.object({ id: Id, status: Status })
export const PublishAnswer = z.object({
  id: Id,
  status: z.literal('PUBLISHED'),
  seedCommitment: z.string().regex(/^[0-9a-f]{64}$/),
})
export const AmendmentAnswer = z.object({ id: Id, number: z.number().int() })
export const TechnicalScoresAnswer = z.object({ submitted: z.number().int(), pending: z.number().int() })

const BidEntry = z.object({
  bidId: Id,
  intermediaryId: Id,
  name: z.string(),
  uscc: z.string(),
  price: Yuan.nullable(),
  reason: z.string(),
})

export const ResultAnswer = z.object({
  announcementId: Id,
  title: z.string(),
  status: Status,
  method: Method,
  statusReason: z.string().nullable(),
  round: z.number().int(),
  winner: z
    .object({ bidId: Id, intermediaryId: Id, name: z.string(), uscc: z.string(), price: Yuan.nullable() })
    .nullable(),
  ranking: z.array(
    z.object({
      rank: z.number().int(),
      bidId: Id,
      intermediaryId: Id,
      name: z.string(),
      uscc: z.string(),
      price: Yuan.nullable(),
      drawRank: z.number().int().nullable(),
      score: z
        .object({ total: z.number(), price: z.number(), credit: z.number(), rating: z.number(), technical: z.number() })
        .optional(),
      withinBase: z.boolean().optional(),
    }),
  ),
  invalid: z.array(BidEntry),
  excluded: z.array(BidEntry),
  draw: z
    .object({
      seed: z.string(),
      seedCommitment: z.string(),
      inputs: z.object({
        seed: z.string(),
        nonces: z.array(z.string()),
        announcementId: Id,
        usccs: z.array(z.string()),
      }),
      input: z.string(),
      purpose: z.string(),
      algorithm: z.string(),
      order: z.array(z.string()),
      pick: z.string(),
      coefficient: z.number().int().optional(),
      coefficientPurpose: z.string().optional(),
    })
    .nullable(),
  averagePrice: z
    .object({ average: Yuan, coefficient: z.number().int(), base: Yuan, retainedBidIds: z.array(Id) })
    .nullable(),
  bidCount: z.number().int(),
  evaluatedAt: Instant.nullable(),
  publicityEndsAt: Instant.nullable(),
  awardedAt: Instant.nullable(),
  contractId: Id.nullable(),
  objections: z.array(ObjectionViewSchema),
})

export const PlatformRulesAnswer = z.object({
  rules: z.record(z.string(), z.number().int()),
  descriptions: z.record(z.string(), z.string()).optional(),
})
