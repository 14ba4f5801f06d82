// Purchase announcements (采购公告): drafting, and what routes call to publish, amend, cancel and
// re-announce (events of the announcement's machine, machine.server.ts, whose work is in
// lifecycle.server.ts); the public views, each with the events the caller may apply now. Bids are
// sealed: nothing here reveals who bid, how many or any price before the bids are opened.
import { prisma } from '#app/db.server.ts'
import { audit } from '#app/domain/audit/audit.server.ts'
import { regionPrefix } from '#app/domain/catalogue/regions.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import {
  checkDeadline,
  checkDirectFirm,
  checkEvaluators,
  checkTerms,
} from '#app/domain/announcements/lifecycle.server.ts'
import { announcementMachine, MANAGE_ANNOUNCEMENT } from '#app/domain/announcements/machine.server.ts'
import { platformRules } from '#app/domain/announcements/rules.server.ts'
import type { AmendmentInput, AnnouncementInput, AnnouncementListQuery } from '#app/domain/announcements/schemas.ts'
import { OPENED_STATES } from '#app/domain/announcements/states.ts'
import { ownBidVersions, type MyBidVersion } from '#app/domain/bidding/bids.server.ts'
import { bidMachine } from '#app/domain/bidding/machine.server.ts'
import { objectionMachine } from '#app/domain/award/objection-machine.server.ts'
import { weightsOf, type Weights } from '#app/domain/award/selection.ts'
import { transact, transition } from '#app/domain/engine/engine.server.ts'
import { allowedEvents } from '#app/domain/engine/machine.ts'
import { notFound, ruleViolation } from '#app/domain/errors.ts'
import { can, requirePermission, type Actor } from '#app/domain/permissions/permissions.server.ts'
import type { Prisma } from '#app/generated/prisma/client.ts'
import type { Funding } from '#app/generated/prisma/enums.ts'
import { formatYuan, yuanOfDecimal as yuan } from '#app/utils/money.ts'

export { MANAGE_ANNOUNCEMENT }

const decimal = (value: number | undefined | null) => (value === undefined || value === null ? null : formatYuan(value))

function requireOwnerActor(actor: Actor) {
  requirePermission(actor, MANAGE_ANNOUNCEMENT, { organizationId: actor.organizationId }, '仅项目业主可以管理采购公告')
}

export async function createAnnouncement(
  actor: Actor,
  input: AnnouncementInput,
): Promise<{ id: string; status: 'DRAFT' }> {
  requireOwnerActor(actor)
  return transact(async (tx) => {
    const project = await tx.project.findUnique({ where: { id: input.projectId }, include: { approvalItems: true } })
    if (!project || project.ownerOrganizationId !== actor.organizationId) throw notFound('未找到该项目')
    if (!project.approvalItems.some((a) => a.approvalItemCode === input.approvalItemCode)) {
      throw ruleViolation('该项目未申请此审批事项，请先在项目中添加')
    }
    const link = await tx.approvalServiceLink.findUnique({
      where: {
        approvalItemCode_serviceItemCode: {
          approvalItemCode: input.approvalItemCode,
          serviceItemCode: input.serviceItemCode,
        },
      },
      select: { active: true, serviceItem: { select: { active: true } } },
    })
    if (!link?.active || !link.serviceItem.active)
      throw ruleViolation('该审批事项不需要此中介服务事项（以中介服务事项清单为准）')
    checkTerms({ ...input, funding: project.funding })
    const rules = await platformRules(tx)
    const at = now()
    checkDeadline(input.deadline, at, rules.minBiddingDays)
    if (input.method === 'DIRECT')
      await checkDirectFirm(tx, input.directIntermediaryId!, input.serviceItemCode, actor.organizationId, at)
    if (input.evaluatorUserIds?.length) await checkEvaluators(tx, input.evaluatorUserIds, actor.organizationId)
    const created = await tx.announcement.create({
      data: {
        projectId: project.id,
        ownerOrganizationId: actor.organizationId,
        approvalItemCode: input.approvalItemCode,
        serviceItemCode: input.serviceItemCode,
        regionCode: project.regionCode,
        title: input.title,
        scope: input.scope,
        method: input.method,
        priceCeiling: decimal(input.priceCeiling),
        priceFloor: decimal(input.priceFloor),
        fixedPrice: decimal(input.fixedPrice),
        directIntermediaryId: input.directIntermediaryId ?? null,
        weightPrice: input.weights?.price ?? null,
        weightCredit: input.weights?.credit ?? null,
        weightRating: input.weights?.rating ?? null,
        weightTechnical: input.weights ? input.weights.technical : null,
        deadline: input.deadline,
        serviceDays: input.serviceDays,
        paymentTerms: input.paymentTerms || null,
        contactName: input.contactName || null,
        contactPhone: input.contactPhone || null,
        minimumBids: rules.minimumBids,
        publicityDays: rules.publicityDays,
        createdByUserId: actor.userId,
        evaluators: input.evaluatorUserIds?.length
          ? { create: input.evaluatorUserIds.map((userId) => ({ userId })) }
          : undefined,
      },
    })
    await audit(tx, {
      actor,
      entityType: 'Announcement',
      entityId: created.id,
      action: 'create',
      after: { ...input, deadline: input.deadline.toISOString() },
    })
    return { id: created.id, status: 'DRAFT' as const }
  })
}

export async function publishAnnouncement(
  actor: Actor,
  id: string,
): Promise<{ id: string; status: 'PUBLISHED'; seedCommitment: string }> {
  const applied = await transition(announcementMachine, id, 'publish', actor)
  return { id, status: 'PUBLISHED', seedCommitment: applied.result.seedCommitment }
}

export async function cancelAnnouncement(
  actor: Actor,
  id: string,
  reason: string,
): Promise<{ id: string; status: 'CANCELLED' }> {
  await transition(announcementMachine, id, 'cancel', actor, { reason })
  return { id, status: 'CANCELLED' }
}

export async function amendAnnouncement(
  actor: Actor,
  id: string,
  input: AmendmentInput,
): Promise<{ id: string; number: number }> {
  const applied = await transition(announcementMachine, id, 'amend', actor, input)
  return { id, number: applied.result.number }
}

/** A new draft copying a failed (流标) announcement; publishing it re-announces. */
export async function reannounce(
  actor: Actor,
  id: string,
  input: { deadline: Date; title?: string },
): Promise<{ id: string; status: 'DRAFT' }> {
  const applied = await transition(announcementMachine, id, 'reannounce', actor, input)
  return { id: applied.result.id, status: 'DRAFT' }
}

// ---------------------------------------------------------------------------------------------
// Views

const announcementSelect = {
  id: true,
  status: true,
  statusReason: true,
  projectId: true,
  project: { select: { name: true, funding: true } },
  ownerOrganization: { select: { id: true, name: true } },
  approvalItem: { select: { code: true, name: true } },
  serviceItem: {
    select: {
      code: true,
      name: true,
      qualificationTypeCode: true,
      qualificationMinLevel: true,
      qualificationType: { select: { name: true } },
    },
  },
  regionCode: true,
  title: true,
  scope: true,
  method: true,
  priceCeiling: true,
  priceFloor: true,
  fixedPrice: true,
  directIntermediary: { select: { id: true, name: true } },
  directResponse: true,
  weightPrice: true,
  weightCredit: true,
  weightRating: true,
  weightTechnical: true,
  deadline: true,
  serviceDays: true,
  paymentTerms: true,
  contactName: true,
  contactPhone: true,
  seedCommitment: true,
  minimumBids: true,
  publicityDays: true,
  previousId: true,
  publishedAt: true,
  openedAt: true,
  evaluatedAt: true,
  publicityEndsAt: true,
  awardedAt: true,
  closedAt: true,
  createdAt: true,
  amendments: { orderBy: { number: 'asc' }, select: { number: true, reason: true, changes: true, createdAt: true } },
  attachments: {
    orderBy: { createdAt: 'asc' },
    select: { file: { select: { id: true, originalName: true, size: true, contentType: true } } },
  },
} satisfies Prisma.AnnouncementSelect

type AnnouncementRow = Prisma.AnnouncementGetPayload<{ select: typeof announcementSelect }>

export type AnnouncementSummary = ReturnType<typeof summaryView>

function summaryView(a: AnnouncementRow) {
  return {
    id: a.id,
    status: a.status,
    title: a.title,
    method: a.method,
    projectId: a.projectId,
    projectName: a.project.name,
    owner: a.ownerOrganization,
    approvalItemCode: a.approvalItem.code,
    approvalItemName: a.approvalItem.name,
    serviceItemCode: a.serviceItem.code,
    serviceItemName: a.serviceItem.name,
    regionCode: a.regionCode,
    priceCeiling: yuan(a.priceCeiling),
    priceFloor: yuan(a.priceFloor),
    fixedPrice: yuan(a.fixedPrice),
    deadline: a.deadline.toISOString(),
    publishedAt: a.publishedAt?.toISOString() ?? null,
  }
}

export type MyBid = {
  bidId: string
  status: 'ACTIVE' | 'WITHDRAWN'
  version: number
  nonce: string
  needsReconfirmation: boolean
  /** the current price: before the opening decrypted for its bidder alone, afterwards the opened price */
  price: string | null
  valid: boolean | null
  invalidReason: string | null
  submittedAt: string
  updatedAt: string
  /** every version (submission, revision, re-confirmation, withdrawal) with its own price */
  versions: MyBidVersion[]
  /** reviseBid / withdrawBid / bid (again, after a withdrawal) when bidding is open */
  allowedActions: string[]
}

export type AnnouncementView = AnnouncementSummary & {
  statusReason: string | null
  scope: string
  funding: Funding
  qualificationRequirement: string | null
  directIntermediary: { id: string; name: string } | null
  directResponse: string | null
  weights: Weights | null
  serviceDays: number
  paymentTerms: string | null
  contactName: string | null
  contactPhone: string | null
  seedCommitment: string | null
  minimumBids: number
  publicityDays: number
  previousId: string | null
  openedAt: string | null
  evaluatedAt: string | null
  publicityEndsAt: string | null
  awardedAt: string | null
  closedAt: string | null
  createdAt: string
  amendments: Array<{
    number: number
    reason: string
    changes: Record<string, { from: unknown; to: unknown }>
    createdAt: string
  }>
  attachments: Array<{ id: string; name: string; size: number; contentType: string }>
  /** null until the deadline has passed and the bids are opened */
  bidCount: number | null
  myBid: MyBid | null
  isOwner: boolean
  /** the events the caller may apply now (publish, amend, cancel, bid, reviseBid, withdrawBid, object, …) */
  allowedActions: string[]
}

function canSeeDraft(actor: Actor | null, a: { ownerOrganizationId: string }) {
  return actor?.organizationId === a.ownerOrganizationId
}

export async function getAnnouncement(actor: Actor | null, id: string): Promise<AnnouncementView> {
  const row = await prisma.announcement.findUnique({
    where: { id },
    select: { ...announcementSelect, ownerOrganizationId: true },
  })
  if (!row || (row.status === 'DRAFT' && !canSeeDraft(actor, row))) throw notFound('未找到该公告')
  const opened = row.openedAt !== null && OPENED_STATES.includes(row.status)
  const at = now()
  const [bidCount, rows] = await Promise.all([
    opened ? prisma.bid.count({ where: { announcementId: id, status: 'ACTIVE' } }) : null,
    machineRows(actor, id),
  ])
  const bidActions = rows.bid ? allowedEvents(bidMachine, rows.bid, actor, at) : []
  const myBid = rows.bid?.id ? await loadMyBid(rows.bid.id, opened, bidActions) : null
  const s = row.serviceItem
  return {
    ...summaryView(row),
    statusReason: row.statusReason,
    scope: row.scope,
    funding: row.project.funding,
    qualificationRequirement: s.qualificationTypeCode
      ? `${s.qualificationType?.name ?? s.qualificationTypeCode}${s.qualificationMinLevel ? `（${s.qualificationMinLevel}及以上）` : ''}`
      : null,
    directIntermediary: row.directIntermediary,
    directResponse: row.directResponse,
    weights: weightsOf(row),
    serviceDays: row.serviceDays,
    paymentTerms: row.paymentTerms,
    contactName: row.contactName,
    contactPhone: row.contactPhone,
    seedCommitment: row.seedCommitment,
    minimumBids: row.minimumBids,
    publicityDays: row.publicityDays,
    previousId: row.previousId,
    openedAt: row.openedAt?.toISOString() ?? null,
    evaluatedAt: row.evaluatedAt?.toISOString() ?? null,
    publicityEndsAt: row.publicityEndsAt?.toISOString() ?? null,
    awardedAt: row.awardedAt?.toISOString() ?? null,
    closedAt: row.closedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    amendments: row.amendments.map((m) => ({
      number: m.number,
      reason: m.reason,
      changes: JSON.parse(m.changes) as Record<string, { from: unknown; to: unknown }>,
      createdAt: m.createdAt.toISOString(),
    })),
    attachments: row.attachments.map(({ file }) => ({
      id: file.id,
      name: file.originalName,
      size: file.size,
      contentType: file.contentType,
    })),
    bidCount,
    myBid,
    isOwner: actor?.organizationId === row.ownerOrganizationId,
    allowedActions: actionsOf(actor, rows, at),
  }
}

type MachineRows = {
  announcement: Awaited<ReturnType<typeof announcementMachine.load>>
  bid: Awaited<ReturnType<typeof bidMachine.load>>
  objection: Awaited<ReturnType<typeof objectionMachine.load>>
}

async function machineRows(actor: Actor | null, id: string): Promise<MachineRows> {
  if (!actor) return { announcement: null, bid: null, objection: null }
  const [announcement, bid, objection] = await Promise.all([
    announcementMachine.load(prisma, id, { lock: 'none', actor }),
    bidMachine.load(prisma, { announcementId: id, organizationId: actor.organizationId }, { lock: 'none', actor }),
    objectionMachine.load(prisma, { announcementId: id }, { lock: 'none', actor }),
  ])
  return { announcement, bid, objection }
}

function actionsOf(actor: Actor | null, rows: MachineRows, at: Date): string[] {
  return [
    ...(rows.announcement ? allowedEvents(announcementMachine, rows.announcement, actor, at) : []),
    ...(rows.bid ? allowedEvents(bidMachine, rows.bid, actor, at) : []),
    ...(rows.objection ? allowedEvents(objectionMachine, rows.objection, actor, at) : []),
  ]
}

/**
 * Everything the caller may do on this announcement now, from the machines' own guards: the
 * announcement's events, its own bid's (including `bid` when it has none) and filing an objection.
 */
export async function allowedActionsOf(actor: Actor | null, id: string, at = now()): Promise<string[]> {
  return actionsOf(actor, await machineRows(actor, id), at)
}

async function loadMyBid(bidId: string, opened: boolean, allowedActions: string[]): Promise<MyBid | null> {
  const [bid, versions] = await Promise.all([prisma.bid.findUnique({ where: { id: bidId } }), ownBidVersions(bidId)])
  if (!bid) return null
  const last = versions.at(-1)
  const lastPriced = [...versions].reverse().find((v) => v.action !== 'WITHDRAW')
  return {
    bidId: bid.id,
    status: bid.status,
    version: bid.currentVersion,
    nonce: bid.nonce,
    needsReconfirmation: bid.needsReconfirmation,
    price: opened ? yuan(bid.openedPrice) : last?.action === 'WITHDRAW' ? null : (lastPriced?.price ?? null),
    valid: opened ? bid.valid : null,
    invalidReason: opened ? bid.invalidReason : null,
    submittedAt: bid.createdAt.toISOString(),
    updatedAt: bid.updatedAt.toISOString(),
    versions,
    allowedActions,
  }
}

export async function listAnnouncements(
  actor: Actor | null,
  query: AnnouncementListQuery,
): Promise<{ items: AnnouncementSummary[]; total: number }> {
  const mine =
    query.mine === '1' && actor !== null && can(actor, MANAGE_ANNOUNCEMENT, { organizationId: actor.organizationId })
  const where: Prisma.AnnouncementWhereInput = {
    ...(mine ? { ownerOrganizationId: actor.organizationId } : { status: { not: 'DRAFT' } }),
    ...(query.status ? (query.status === 'DRAFT' && !mine ? { id: '' } : { status: query.status }) : {}),
    ...(query.serviceItem ? { serviceItemCode: query.serviceItem } : {}),
    ...(query.regionCode ? { regionCode: { startsWith: regionPrefix(query.regionCode) } } : {}),
    ...(query.method ? { method: query.method } : {}),
    ...(query.projectId ? { projectId: query.projectId } : {}),
    ...(query.q
      ? {
          OR: [
            { title: { contains: query.q } },
            { scope: { contains: query.q } },
            { project: { name: { contains: query.q } } },
            { serviceItem: { name: { contains: query.q } } },
          ],
        }
      : {}),
  }
  const [rows, total] = await Promise.all([
    prisma.announcement.findMany({
      where,
      orderBy: [{ publishedAt: { sort: 'desc', nulls: 'first' } }, { createdAt: 'desc' }, { id: 'desc' }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
      select: announcementSelect,
    }),
    prisma.announcement.count({ where }),
  ])
  return { items: rows.map(summaryView), total }
}
