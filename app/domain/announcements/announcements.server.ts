// Purchase announcements (采购公告): drafting, publication (with the draw seed's commitment),
// amendment, cancellation and re-announcement by the owner; the public views. Bids are sealed:
// nothing here reveals who bid, how many or any price before the bids are opened.
import { prisma, type Tx } from '#app/db.server.ts'
import { audit } from '#app/domain/audit/audit.server.ts'
import { regionPrefix } from '#app/domain/catalogue/regions.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import { commitSeed, makeSeed } from '#app/domain/draw/draw.ts'
import { conflict, forbidden, invalid, notFound, ruleViolation } from '#app/domain/errors.ts'
import { addDays, platformRules } from '#app/domain/announcements/rules.server.ts'
import type { AmendmentInput, AnnouncementInput, AnnouncementListQuery } from '#app/domain/announcements/schemas.ts'
import { OPENED_STATES, canTransition, type TransitionName } from '#app/domain/announcements/state-machine.ts'
import { checkEligibility } from '#app/domain/bidding/eligibility.server.ts'
import { weightsOf, type Weights } from '#app/domain/award/selection.ts'
import { notifyBidders } from '#app/domain/announcements/notices.server.ts'
import { notify } from '#app/domain/notifications/notifications.server.ts'
import { enqueuePublicationFanOut } from '#jobs/announcement-publication.ts'
import { requirePermission, type Actor } from '#app/domain/permissions/permissions.server.ts'
import type { Prisma } from '#app/generated/prisma/client.ts'
import type { AnnouncementStatus, Funding, SelectionMethod } from '#app/generated/prisma/enums.ts'
import { ANNOUNCEMENT_STATUS_LABELS } from '#app/utils/announcement-labels.ts'
import { fenOfDecimal as fen, formatYuan, yuanOfDecimal as yuan } from '#app/utils/money.ts'

export const MANAGE_ANNOUNCEMENT = 'manage:announcement'

const decimal = (value: number | undefined | null) => (value === undefined || value === null ? null : formatYuan(value))

function requireOwnerActor(actor: Actor) {
  if (actor.organizationType !== 'OWNER') throw forbidden('仅项目业主可以管理采购公告')
  requirePermission(actor, MANAGE_ANNOUNCEMENT, { organizationId: actor.organizationId })
}

/** Locks an announcement row for a change by its owner; someone else's → 403, unknown → 404. */
export async function lockOwnAnnouncement(tx: Tx, actor: Actor, id: string) {
  requireOwnerActor(actor)
  const [row] = await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM Announcement WHERE id = ${id} FOR UPDATE`
  if (!row) throw notFound('未找到该公告')
  const announcement = await tx.announcement.findUniqueOrThrow({
    where: { id },
    include: { project: { select: { funding: true } } },
  })
  if (announcement.ownerOrganizationId !== actor.organizationId) {
    if (announcement.status === 'DRAFT') throw notFound('未找到该公告')
    throw forbidden('只有发布该公告的项目业主可以办理')
  }
  return announcement
}

export function requireTransition(name: TransitionName, status: AnnouncementStatus) {
  if (!canTransition(name, status))
    throw conflict(`公告当前为「${ANNOUNCEMENT_STATUS_LABELS[status]}」状态，不能办理此操作`)
}

type Terms = {
  method: SelectionMethod
  funding: Funding
  priceCeiling?: number | null
  fixedPrice?: number | null
  directIntermediaryId?: string | null
  weights?: Weights | null
  evaluatorUserIds?: string[] | null
}

/** The method's own requirements (400 for a missing field, 422 for a rule). */
function checkTerms(terms: Terms) {
  const { method } = terms
  if (method === 'DIRECT' && terms.funding === 'PUBLIC') {
    throw ruleViolation('使用财政资金的项目不得采用直接选取方式，请选择其他选取方式')
  }
  if (method === 'DIRECT' && !terms.directIntermediaryId)
    throw invalid('直接选取须指定中介机构', { directIntermediaryId: ['请指定中介机构'] })
  if (method !== 'DIRECT' && terms.directIntermediaryId)
    throw invalid('只有直接选取可以指定中介机构', { directIntermediaryId: ['只有直接选取可以指定中介机构'] })
  if (method === 'LOTTERY' && !terms.fixedPrice)
    throw invalid('随机抽取须给出固定价格', { fixedPrice: ['请填写固定价格'] })
  if (['LOWEST_PRICE', 'AVERAGE_PRICE', 'SCORE'].includes(method) && terms.fixedPrice) {
    throw invalid('竞争性报价方式不设固定价格，请填写最高限价', { fixedPrice: ['竞争性报价方式不设固定价格'] })
  }
  if (method === 'SCORE' && !terms.weights)
    throw invalid('综合评分须公布价格、信用、评价的权重', { weights: ['请填写权重'] })
  if (method !== 'SCORE' && terms.weights) throw invalid('只有综合评分需要权重', { weights: ['只有综合评分需要权重'] })
  if (method === 'SCORE' && terms.weights && terms.weights.technical > 0 && !terms.evaluatorUserIds?.length) {
    throw invalid('设置了技术分权重时须指定评审人员', { evaluatorUserIds: ['请指定评审人员'] })
  }
  if (terms.evaluatorUserIds?.length && !(method === 'SCORE' && terms.weights && terms.weights.technical > 0)) {
    throw invalid('只有设置了技术分权重的综合评分需要评审人员', { evaluatorUserIds: ['无需评审人员'] })
  }
}

function checkDeadline(deadline: Date, from: Date, minDays: number) {
  const earliest = addDays(from, minDays)
  if (deadline.getTime() < earliest.getTime()) {
    throw ruleViolation(`报名截止时间距发布不得少于 ${minDays} 日（服务器时间），最早可设为 ${earliest.toISOString()}`)
  }
}

export async function createAnnouncement(
  actor: Actor,
  input: AnnouncementInput,
): Promise<{ id: string; status: 'DRAFT' }> {
  requireOwnerActor(actor)
  return prisma.$transaction(async (tx) => {
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
    checkDeadline(input.deadline, now(), rules.minBiddingDays)
    if (input.method === 'DIRECT')
      await checkDirectFirm(tx, input.directIntermediaryId!, input.serviceItemCode, actor.organizationId)
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

async function checkDirectFirm(tx: Tx, organizationId: string, serviceItemCode: string, ownerOrganizationId: string) {
  const eligibility = await checkEligibility(tx, organizationId, { serviceItemCode, ownerOrganizationId }, now())
  if (!eligibility.eligible) throw ruleViolation(`指定的中介机构不符合条件：${eligibility.reason}`)
}

async function checkEvaluators(tx: Tx, userIds: string[], ownerOrganizationId: string) {
  const members = await tx.membership.findMany({
    where: { organizationId: ownerOrganizationId, userId: { in: userIds } },
    select: { userId: true },
  })
  if (members.length !== new Set(userIds).size)
    throw invalid('评审人员须为本单位的用户', { evaluatorUserIds: ['评审人员须为本单位的用户'] })
}

export async function publishAnnouncement(
  actor: Actor,
  id: string,
): Promise<{ id: string; status: 'PUBLISHED'; seedCommitment: string }> {
  const result = await prisma.$transaction(async (tx) => {
    const a = await lockOwnAnnouncement(tx, actor, id)
    requireTransition('publish', a.status)
    const at = now()
    const rules = await platformRules(tx)
    checkTerms({
      method: a.method,
      funding: a.project.funding,
      priceCeiling: fen(a.priceCeiling),
      fixedPrice: fen(a.fixedPrice),
      directIntermediaryId: a.directIntermediaryId,
      weights: weightsOf(a),
      evaluatorUserIds: (
        await tx.announcementEvaluator.findMany({ where: { announcementId: id }, select: { userId: true } })
      ).map((e) => e.userId),
    })
    checkDeadline(a.deadline, at, rules.minBiddingDays)
    if (a.method === 'DIRECT')
      await checkDirectFirm(tx, a.directIntermediaryId!, a.serviceItemCode, a.ownerOrganizationId)
    const seed = makeSeed()
    const seedCommitment = commitSeed(seed)
    await tx.announcement.update({
      where: { id },
      data: {
        status: 'PUBLISHED',
        seed,
        seedCommitment,
        publishedAt: at,
        minimumBids: rules.minimumBids,
        publicityDays: rules.publicityDays,
        nextCheckAt: a.deadline,
      },
    })
    await audit(tx, {
      actor,
      entityType: 'Announcement',
      entityId: id,
      action: 'publish',
      before: { status: a.status },
      after: { status: 'PUBLISHED', seedCommitment, publishedAt: at },
    })
    if (a.method === 'DIRECT') {
      await notify(tx, {
        organizationId: a.directIntermediaryId!,
        kind: 'direct-selection-request',
        title: '您被直接选取为中介服务机构',
        body: `「${a.title}」的业主直接选取了贵机构，请在 ${a.deadline.toISOString()} 前确认是否承接。`,
        link: `/announcements/${id}`,
        dedupeKey: `direct-request:${id}`,
      })
    }
    return { id, status: 'PUBLISHED' as const, seedCommitment }
  })
  // Side work after the commit: tell the firms of this service item (a job; see jobs/).
  await enqueuePublicationFanOut(id)
  return result
}

export async function cancelAnnouncement(
  actor: Actor,
  id: string,
  reason: string,
): Promise<{ id: string; status: 'CANCELLED' }> {
  return prisma.$transaction(async (tx) => {
    const a = await lockOwnAnnouncement(tx, actor, id)
    requireTransition('cancel', a.status)
    const at = now()
    await tx.announcement.update({
      where: { id },
      data: { status: 'CANCELLED', statusReason: reason, closedAt: at, nextCheckAt: null },
    })
    await audit(tx, {
      actor,
      entityType: 'Announcement',
      entityId: id,
      action: 'cancel',
      before: { status: a.status },
      after: { status: 'CANCELLED', reason },
    })
    await notifyBidders(tx, a, {
      kind: 'announcement-cancelled',
      title: `公告已终止：${a.title}`,
      body: `业主终止了「${a.title}」，理由：${reason}`,
    })
    if (a.directIntermediaryId && a.status !== 'DRAFT') {
      await notify(tx, {
        organizationId: a.directIntermediaryId,
        kind: 'announcement-cancelled',
        title: `公告已终止：${a.title}`,
        body: `理由：${reason}`,
        link: `/announcements/${id}`,
      })
    }
    return { id, status: 'CANCELLED' as const }
  })
}

const AMENDABLE = [
  'title',
  'scope',
  'priceCeiling',
  'fixedPrice',
  'deadline',
  'serviceDays',
  'paymentTerms',
  'contactName',
  'contactPhone',
] as const

export async function amendAnnouncement(
  actor: Actor,
  id: string,
  input: AmendmentInput,
): Promise<{ id: string; number: number }> {
  return prisma.$transaction(async (tx) => {
    const a = await lockOwnAnnouncement(tx, actor, id)
    requireTransition('amend', a.status)
    const at = now()
    if (at.getTime() >= a.deadline.getTime()) throw conflict('报名已截止，不能再变更公告')
    const rules = await platformRules(tx)
    if (input.fixedPrice !== undefined && a.method !== 'LOTTERY' && a.method !== 'DIRECT')
      throw invalid('该选取方式不设固定价格', { fixedPrice: ['该选取方式不设固定价格'] })
    if (input.priceCeiling !== undefined && (a.method === 'LOTTERY' || a.method === 'DIRECT'))
      throw invalid('该选取方式不设最高限价', { priceCeiling: ['该选取方式不设最高限价'] })
    const deadline = input.deadline ?? a.deadline
    // After an amendment bidders must have at least the minimum period again.
    const earliest = addDays(at, rules.minBiddingDays)
    if (deadline.getTime() < earliest.getTime()) {
      throw ruleViolation(
        `变更后报名截止时间距变更发布不得少于 ${rules.minBiddingDays} 日，请将截止时间延至 ${earliest.toISOString()} 或以后`,
      )
    }
    const current: Record<string, unknown> = {
      title: a.title,
      scope: a.scope,
      priceCeiling: yuan(a.priceCeiling),
      fixedPrice: yuan(a.fixedPrice),
      deadline: a.deadline.toISOString(),
      serviceDays: a.serviceDays,
      paymentTerms: a.paymentTerms,
      contactName: a.contactName,
      contactPhone: a.contactPhone,
    }
    const wanted: Record<string, unknown> = {
      ...input,
      priceCeiling: input.priceCeiling === undefined ? undefined : formatYuan(input.priceCeiling),
      fixedPrice: input.fixedPrice === undefined ? undefined : formatYuan(input.fixedPrice),
      deadline: input.deadline?.toISOString(),
    }
    const changes: Record<string, { from: unknown; to: unknown }> = {}
    for (const field of AMENDABLE) {
      if (wanted[field] !== undefined && wanted[field] !== current[field])
        changes[field] = { from: current[field], to: wanted[field] }
    }
    if (Object.keys(changes).length === 0) throw invalid('变更内容与原公告相同', { reason: ['请至少变更一项内容'] })
    const number = (await tx.announcementAmendment.count({ where: { announcementId: id } })) + 1
    await tx.announcementAmendment.create({
      data: {
        announcementId: id,
        number,
        reason: input.reason,
        changes: JSON.stringify(changes),
        createdByUserId: actor.userId,
      },
    })
    await tx.announcement.update({
      where: { id },
      data: {
        title: input.title,
        scope: input.scope,
        priceCeiling: input.priceCeiling === undefined ? undefined : formatYuan(input.priceCeiling),
        fixedPrice: input.fixedPrice === undefined ? undefined : formatYuan(input.fixedPrice),
        deadline,
        serviceDays: input.serviceDays,
        paymentTerms: input.paymentTerms,
        contactName: input.contactName,
        contactPhone: input.contactPhone,
        nextCheckAt: deadline,
      },
    })
    // Every existing bid must be confirmed again under the amended terms.
    await tx.bid.updateMany({ where: { announcementId: id, status: 'ACTIVE' }, data: { needsReconfirmation: true } })
    await audit(tx, {
      actor,
      entityType: 'Announcement',
      entityId: id,
      action: 'amend',
      after: { number, reason: input.reason, changes },
    })
    await notifyBidders(tx, a, {
      kind: 'announcement-amended',
      title: `公告变更：${a.title}`,
      body: `业主发布了第 ${number} 号变更（${input.reason}）。您的报名须在截止时间 ${deadline.toISOString()} 前重新确认，否则视为无效。`,
      dedupeKey: `amended:${id}:${number}`,
    })
    return { id, number }
  })
}

/** A new draft copying a failed (流标) announcement; publishing it re-announces. */
export async function reannounce(
  actor: Actor,
  id: string,
  input: { deadline: Date; title?: string },
): Promise<{ id: string; status: 'DRAFT' }> {
  return prisma.$transaction(async (tx) => {
    const a = await lockOwnAnnouncement(tx, actor, id)
    if (a.status !== 'FAILED') throw conflict('只有流标的公告可以重新发布')
    const existing = await tx.announcement.findFirst({ where: { previousId: id }, select: { id: true } })
    if (existing) throw conflict('该公告已重新发布过', { id: [existing.id] })
    const rules = await platformRules(tx)
    checkDeadline(input.deadline, now(), rules.minBiddingDays)
    const evaluators = await tx.announcementEvaluator.findMany({
      where: { announcementId: id },
      select: { userId: true },
    })
    const copy = await tx.announcement.create({
      data: {
        projectId: a.projectId,
        ownerOrganizationId: a.ownerOrganizationId,
        approvalItemCode: a.approvalItemCode,
        serviceItemCode: a.serviceItemCode,
        regionCode: a.regionCode,
        title: input.title ?? a.title,
        scope: a.scope,
        method: a.method,
        priceCeiling: a.priceCeiling,
        fixedPrice: a.fixedPrice,
        directIntermediaryId: a.directIntermediaryId,
        weightPrice: a.weightPrice,
        weightCredit: a.weightCredit,
        weightRating: a.weightRating,
        weightTechnical: a.weightTechnical,
        deadline: input.deadline,
        serviceDays: a.serviceDays,
        paymentTerms: a.paymentTerms,
        contactName: a.contactName,
        contactPhone: a.contactPhone,
        minimumBids: rules.minimumBids,
        publicityDays: rules.publicityDays,
        previousId: id,
        createdByUserId: actor.userId,
        evaluators: evaluators.length ? { create: evaluators } : undefined,
      },
    })
    await audit(tx, {
      actor,
      entityType: 'Announcement',
      entityId: copy.id,
      action: 'reannounce',
      after: { previousId: id },
    })
    return { id: copy.id, status: 'DRAFT' as const }
  })
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
  /** null until the bids are opened: the price stays sealed even for its bidder */
  price: string | null
  valid: boolean | null
  invalidReason: string | null
  submittedAt: string
  updatedAt: string
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
  const bidCount = opened ? await prisma.bid.count({ where: { announcementId: id, status: 'ACTIVE' } }) : null
  const myBid = actor?.organizationType === 'INTERMEDIARY' ? await loadMyBid(id, actor.organizationId, opened) : null
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
  }
}

async function loadMyBid(announcementId: string, organizationId: string, opened: boolean): Promise<MyBid | null> {
  const bid = await prisma.bid.findUnique({
    where: { announcementId_intermediaryId: { announcementId, intermediaryId: organizationId } },
  })
  if (!bid) return null
  return {
    bidId: bid.id,
    status: bid.status,
    version: bid.currentVersion,
    nonce: bid.nonce,
    needsReconfirmation: bid.needsReconfirmation,
    price: opened ? yuan(bid.openedPrice) : null,
    valid: opened ? bid.valid : null,
    invalidReason: opened ? bid.invalidReason : null,
    submittedAt: bid.createdAt.toISOString(),
    updatedAt: bid.updatedAt.toISOString(),
  }
}

export async function listAnnouncements(
  actor: Actor | null,
  query: AnnouncementListQuery,
): Promise<{ items: AnnouncementSummary[]; total: number }> {
  const mine = query.mine === '1' && actor?.organizationType === 'OWNER'
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
