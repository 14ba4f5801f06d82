// The documented answers of the credit API (openapi.server.ts): credit rules and records, the score
// history, the blacklist and its repair applications, complaints, an intermediary's activity.
import { CREDIT_LEVEL_VALUES } from '#app/domain/credit/level.ts'
import {
  BlacklistSource,
  BlacklistStatus,
  ComplaintStatus,
  CreditRecordSource,
  CreditRecordStatus,
  EntryActivityStatus,
  RepairStatus,
} from '#app/generated/prisma/enums.ts'
import { Id, Instant, paged } from '#app/utils/api-schemas.ts'
import { z } from '#app/utils/zod.ts'

const Actions = z.array(z.string())
const Named = z.object({ id: Id, name: z.string() })
const AnnouncementRef = z.object({ id: Id, title: z.string() }).nullable()

export const CreditRuleList = paged(
  z.object({
    code: z.string(),
    description: z.string(),
    points: z.number().int(),
    validityDays: z.number().int(),
    subjectType: z.enum(['INTERMEDIARY', 'OWNER']).nullable(),
    departmentMayRecord: z.boolean(),
    eventKinds: z.array(z.string()),
    count: z
      .object({ threshold: z.number().int(), windowDays: z.number().int().nullable(), perAnnouncement: z.boolean() })
      .nullable(),
  }),
)

export const CreditRecordAnswer = z.object({
  id: Id,
  organizationId: Id,
  organizationName: z.string(),
  ruleCode: z.string(),
  ruleDescription: z.string(),
  points: z.number().int(),
  source: z.enum(CreditRecordSource),
  status: z.enum(CreditRecordStatus),
  evidence: z.string(),
  evidenceFile: z.object({ sha256: z.string(), contentType: z.string(), size: z.number().int() }).nullable(),
  serviceItemCode: z.string().nullable(),
  announcementId: Id.nullable(),
  recordedBy: z.string().nullable(),
  occurredAt: Instant,
  objectionEndsAt: Instant,
  effectiveAt: Instant.nullable(),
  expiresAt: Instant,
  contestReason: z.string().nullable(),
  contestedAt: Instant.nullable(),
  reviewReason: z.string().nullable(),
  reviewedAt: Instant.nullable(),
  allowedActions: Actions,
})
export const CreditRecordList = paged(CreditRecordAnswer)
export const CreditRecordCreated = z.object({ id: Id, status: z.literal('PENDING') })

const CreditLevel = z.enum(CREDIT_LEVEL_VALUES)
export const CreditHistoryAnswer = z.object({
  organizationId: Id,
  score: z.number().int(),
  level: CreditLevel,
  history: z.array(z.object({ at: Instant, score: z.number().int(), level: CreditLevel, cause: z.string() })),
})

export const RepairAnswer = z.object({
  id: Id,
  blacklistEntryId: Id,
  status: z.enum(RepairStatus),
  statement: z.string(),
  evidence: z.string(),
  decisionReason: z.string().nullable(),
  decidedAt: Instant.nullable(),
  createdAt: Instant,
  allowedActions: Actions,
})
export const RepairCreated = z.object({ id: Id, status: z.literal('PENDING') })

export const BlacklistEntryAnswer = z.object({
  id: Id,
  intermediaryId: Id,
  intermediaryName: z.string(),
  uscc: z.string(),
  status: z.enum(BlacklistStatus),
  source: z.enum(BlacklistSource),
  reason: z.string(),
  evidence: z.string(),
  startsAt: Instant,
  endsAt: Instant,
  liftedAt: Instant.nullable(),
  liftedReason: z.string().nullable(),
  decidedBy: z.string().nullable(),
  repairOpensAt: Instant.nullable(),
  allowedActions: Actions,
  repairApplications: z.array(RepairAnswer),
})
export const BlacklistList = paged(BlacklistEntryAnswer)
export const BlacklistCreated = z.object({ id: Id, status: z.enum(BlacklistStatus) })

const Outcome = z.enum(['UPHELD', 'REJECTED'])
export const ComplaintAnswer = z.object({
  id: Id,
  status: z.enum(ComplaintStatus),
  departmentId: Id.nullable(),
  departmentName: z.string().nullable(),
  dueAt: Instant,
  overdue: z.boolean(),
  outcome: Outcome.nullable(),
  reply: z.string().nullable(),
  subject: Named,
  announcement: AnnouncementRef,
  reason: z.string(),
  mine: z.boolean(),
  createdAt: Instant,
  remindedAt: Instant.nullable(),
  escalatedAt: Instant.nullable(),
  decidedAt: Instant.nullable(),
  creditRecordId: Id.nullable(),
  allowedActions: Actions,
})
/** The public outcomes (anonymous), or with inbox=1 / mine=1 the complaints themselves. */
export const ComplaintList = paged(
  z.union([
    ComplaintAnswer,
    z.object({
      id: Id,
      outcome: Outcome,
      subject: Named,
      announcement: AnnouncementRef,
      department: z.string().nullable(),
      reply: z.string(),
      decidedAt: Instant,
      onTime: z.boolean(),
    }),
  ]),
)
export const ComplaintFiled = z.object({
  id: Id,
  status: z.literal('SUBMITTED'),
  departmentId: Id.nullable(),
  dueAt: Instant,
})

export const ActivityAnswer = z.object({
  status: z.enum(EntryActivityStatus),
  lastActiveAt: Instant,
  askedAt: Instant.nullable(),
  dormantAt: Instant.nullable(),
  allowedActions: Actions,
})
