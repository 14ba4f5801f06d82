// The owner's work on an announcement, as events of its machine (machine.server.ts): the terms a
// method requires, publication with the draw seed's commitment, public amendments, cancellation
// and re-announcement after 流标. Each function is the `run` of one event: it checks what needs the
// database, writes other rows and returns the announcement's columns; the engine writes the status.
import type { Tx } from '#app/db.server.ts'
import { audit } from '#app/domain/audit/audit.server.ts'
import { platformRules } from '#app/domain/announcements/rules.server.ts'
import { addDays } from '#app/domain/clock/china-time.ts'
import type { AnnouncementRow, AnnouncementWork } from '#app/domain/announcements/machine.server.ts'
import { notifyBidders } from '#app/domain/announcements/notices.server.ts'
import type { AmendmentInput } from '#app/domain/announcements/schemas.ts'
import { checkEligibility } from '#app/domain/bidding/eligibility.server.ts'
import { weightsOf, type Weights } from '#app/domain/award/selection.ts'
import { commitSeed, makeSeed } from '#app/domain/draw/draw.ts'
import { afterCommit } from '#app/domain/engine/engine.server.ts'
import { conflict, invalid, notFound, ruleViolation } from '#app/domain/errors.ts'
import { notify } from '#app/domain/notifications/notifications.server.ts'
import type { StoredUpload } from '#app/domain/files/stored-files.server.ts'
import type { Funding, SelectionMethod } from '#app/generated/prisma/enums.ts'
import { MAX_ATTACHMENTS } from '#app/utils/file-type.ts'
import { enqueuePublicationFanOut } from '#jobs/announcement-publication.ts'
import { formatBeijingTime as beijingTime } from '#app/domain/clock/china-time.ts'
import { fenOfDecimal as fen, formatYuan, yuanOfDecimal as yuan } from '#app/utils/money.ts'

export type Terms = {
  method: SelectionMethod
  funding: Funding
  priceCeiling?: number | null
  priceFloor?: number | null
  fixedPrice?: number | null
  directIntermediaryId?: string | null
  weights?: Weights | null
  evaluatorUserIds?: string[] | null
}

/** The method's own requirements (400 for a missing or misplaced field, 422 for a rule). */
export function checkTerms(terms: Terms) {
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
  checkFloor(method, terms.priceCeiling ?? null, terms.priceFloor ?? null)
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

/** 最低限价:竞价选取 only, published with a ceiling above it (against predatory underbidding). */
function checkFloor(method: SelectionMethod, ceiling: number | null, floor: number | null) {
  if (floor === null) return
  if (method !== 'LOWEST_PRICE')
    throw invalid('只有竞价选取可以设置最低限价', { priceFloor: ['只有竞价选取可以设置最低限价'] })
  if (ceiling === null) throw invalid('设置最低限价时须同时设置最高限价', { priceCeiling: ['请填写最高限价'] })
  if (floor >= ceiling) throw invalid('最低限价须低于最高限价', { priceFloor: ['最低限价须低于最高限价'] })
}

export function checkDeadline(deadline: Date, from: Date, minDays: number) {
  const earliest = addDays(from, minDays)
  if (deadline.getTime() < earliest.getTime()) {
    throw ruleViolation(`报名截止时间距发布不得少于 ${minDays} 日（服务器时间），最早可设为 ${beijingTime(earliest)}`)
  }
}

export async function checkDirectFirm(
  tx: Tx,
  organizationId: string,
  serviceItemCode: string,
  ownerOrganizationId: string,
  at: Date,
) {
  const eligibility = await checkEligibility(tx, organizationId, { serviceItemCode, ownerOrganizationId }, at)
  if (!eligibility.eligible) throw ruleViolation(`指定的中介机构不符合条件：${eligibility.reason}`)
}

export async function checkEvaluators(tx: Tx, userIds: string[], ownerOrganizationId: string) {
  const members = await tx.membership.findMany({
    where: { organizationId: ownerOrganizationId, userId: { in: userIds } },
    select: { userId: true },
  })
  if (members.length !== new Set(userIds).size)
    throw invalid('评审人员须为本单位的用户', { evaluatorUserIds: ['评审人员须为本单位的用户'] })
}

const termsOf = (a: AnnouncementRow): Terms => ({
  method: a.method,
  funding: a.funding,
  priceCeiling: fen(a.priceCeiling),
  priceFloor: fen(a.priceFloor),
  fixedPrice: fen(a.fixedPrice),
  directIntermediaryId: a.directIntermediaryId,
  weights: weightsOf(a),
  evaluatorUserIds: a.evaluators.map((e) => e.userId),
})

export const publishWork: AnnouncementWork<void, { seedCommitment: string }> = async ({ tx, row: a, at }) => {
  const rules = await platformRules(tx)
  checkTerms(termsOf(a))
  checkDeadline(a.deadline, at, rules.minBiddingDays)
  if (a.method === 'DIRECT')
    await checkDirectFirm(tx, a.directIntermediaryId!, a.serviceItemCode, a.ownerOrganizationId, at)
  const seed = makeSeed()
  const seedCommitment = commitSeed(seed)
  if (a.method === 'DIRECT') {
    await notify(tx, {
      organizationId: a.directIntermediaryId!,
      kind: 'direct-selection-request',
      title: '您被直接选取为中介服务机构',
      body: `「${a.title}」的业主直接选取了贵机构，请在 ${beijingTime(a.deadline)}（北京时间）前确认是否承接。`,
      link: `/announcements/${a.id}`,
      dedupeKey: `direct-request:${a.id}`,
    })
  }
  // Side work after the commit: tell the firms of this service item (a job; see jobs/).
  afterCommit(tx, async () => {
    await enqueuePublicationFanOut(a.id)
  })
  return {
    set: { seed, seedCommitment, publishedAt: at, minimumBids: rules.minimumBids, publicityDays: rules.publicityDays },
    audit: { seedCommitment, publishedAt: at },
    result: { seedCommitment },
  }
}

export const cancelWork: AnnouncementWork<{ reason: string }> = async ({ tx, row: a, at, input }) => {
  await notifyBidders(tx, a, {
    kind: 'announcement-cancelled',
    title: `公告已终止：${a.title}`,
    body: `业主终止了「${a.title}」，理由：${input.reason}`,
  })
  if (a.directIntermediaryId && a.status !== 'DRAFT') {
    await notify(tx, {
      organizationId: a.directIntermediaryId,
      kind: 'announcement-cancelled',
      title: `公告已终止：${a.title}`,
      body: `理由：${input.reason}`,
      link: `/announcements/${a.id}`,
    })
  }
  return { set: { statusReason: input.reason, closedAt: at }, audit: { reason: input.reason } }
}

const AMENDABLE = [
  'title',
  'scope',
  'priceCeiling',
  'priceFloor',
  'fixedPrice',
  'deadline',
  'serviceDays',
  'paymentTerms',
  'contactName',
  'contactPhone',
] as const

export const amendWork: AnnouncementWork<AmendmentInput, { number: number }> = async ({
  tx,
  row: a,
  at,
  actor,
  input,
}) => {
  const rules = await platformRules(tx)
  if (input.fixedPrice !== undefined && a.method !== 'LOTTERY' && a.method !== 'DIRECT')
    throw invalid('该选取方式不设固定价格', { fixedPrice: ['该选取方式不设固定价格'] })
  if (input.priceCeiling !== undefined && (a.method === 'LOTTERY' || a.method === 'DIRECT'))
    throw invalid('该选取方式不设最高限价', { priceCeiling: ['该选取方式不设最高限价'] })
  checkFloor(a.method, input.priceCeiling ?? fen(a.priceCeiling), input.priceFloor ?? fen(a.priceFloor))
  const deadline = input.deadline ?? a.deadline
  // After an amendment bidders must have at least the minimum period again.
  const earliest = addDays(at, rules.minBiddingDays)
  if (deadline.getTime() < earliest.getTime()) {
    throw ruleViolation(
      `变更后报名截止时间距变更发布不得少于 ${rules.minBiddingDays} 日，请将截止时间延至 ${beijingTime(earliest)} 或以后`,
    )
  }
  const money = (value: number | undefined) => (value === undefined ? undefined : formatYuan(value))
  const current: Record<string, unknown> = {
    title: a.title,
    scope: a.scope,
    priceCeiling: yuan(a.priceCeiling),
    priceFloor: yuan(a.priceFloor),
    fixedPrice: yuan(a.fixedPrice),
    deadline: a.deadline.toISOString(),
    serviceDays: a.serviceDays,
    paymentTerms: a.paymentTerms,
    contactName: a.contactName,
    contactPhone: a.contactPhone,
  }
  const wanted: Record<string, unknown> = {
    ...input,
    priceCeiling: money(input.priceCeiling),
    priceFloor: money(input.priceFloor),
    fixedPrice: money(input.fixedPrice),
    deadline: input.deadline?.toISOString(),
  }
  const changes: Record<string, { from: unknown; to: unknown }> = {}
  for (const field of AMENDABLE) {
    if (wanted[field] !== undefined && wanted[field] !== current[field])
      changes[field] = { from: current[field], to: wanted[field] }
  }
  if (Object.keys(changes).length === 0) throw invalid('变更内容与原公告相同', { reason: ['请至少变更一项内容'] })
  const number = (await tx.announcementAmendment.count({ where: { announcementId: a.id } })) + 1
  await tx.announcementAmendment.create({
    data: {
      announcementId: a.id,
      number,
      reason: input.reason,
      changes: JSON.stringify(changes),
      createdByUserId: actor.userId!,
    },
  })
  // Every existing bid must be confirmed again under the amended terms.
  await tx.bid.updateMany({ where: { announcementId: a.id, status: 'ACTIVE' }, data: { needsReconfirmation: true } })
  await notifyBidders(tx, a, {
    kind: 'announcement-amended',
    title: `公告变更：${a.title}`,
    body: `业主发布了第 ${number} 号变更（${input.reason}）。您的报名须在截止时间 ${beijingTime(deadline)}（北京时间）前重新确认，否则视为无效。`,
    dedupeKey: `amended:${a.id}:${number}`,
  })
  return {
    set: {
      title: input.title,
      scope: input.scope,
      priceCeiling: money(input.priceCeiling),
      priceFloor: money(input.priceFloor),
      fixedPrice: money(input.fixedPrice),
      deadline,
      serviceDays: input.serviceDays,
      paymentTerms: input.paymentTerms,
      contactName: input.contactName,
      contactPhone: input.contactPhone,
    },
    audit: { number, reason: input.reason, changes },
    result: { number },
  }
}

/** A new draft copying a failed (流标) announcement; publishing it re-announces. */
export const reannounceWork: AnnouncementWork<{ deadline: Date; title?: string }, { id: string }> = async ({
  tx,
  row: a,
  at,
  actor,
  input,
}) => {
  const rules = await platformRules(tx)
  checkDeadline(input.deadline, at, rules.minBiddingDays)
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
      priceFloor: a.priceFloor,
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
      previousId: a.id,
      createdByUserId: actor.userId!,
      evaluators: a.evaluators.length ? { create: a.evaluators.map((e) => ({ userId: e.userId })) } : undefined,
    },
  })
  await audit(tx, {
    actor,
    entityType: 'Announcement',
    entityId: copy.id,
    action: 'create',
    after: { previousId: a.id },
  })
  return { audit: { reannouncementId: copy.id }, result: { id: copy.id } }
}

/** The refusal of a second re-announcement names the first one (its id in `errors.id`). */
export function alreadyReannounced(a: AnnouncementRow) {
  return a.reannouncementId ? conflict('该公告已重新发布过', { id: [a.reannouncementId] }) : null
}

/** An attachment on a draft (once published a correction is an amendment, with its public reason). */
export const attachWork: AnnouncementWork<{ createRow: (tx: Tx) => Promise<StoredUpload> }, StoredUpload> = async ({
  tx,
  row: a,
  input,
}) => {
  const count = await tx.announcementAttachment.count({ where: { announcementId: a.id } })
  if (count >= MAX_ATTACHMENTS) throw ruleViolation(`每个公告最多 ${MAX_ATTACHMENTS} 个附件`)
  const stored = await input.createRow(tx)
  await tx.announcementAttachment.create({ data: { announcementId: a.id, fileId: stored.id } })
  const { id: fileId, originalName: name, sha256, contentType, size } = stored
  return { audit: { fileId, name, sha256, contentType, size }, result: stored }
}

export const detachWork: AnnouncementWork<{ fileId: string }> = async ({ tx, row: a, input }) => {
  const removed = await tx.announcementAttachment.deleteMany({ where: { announcementId: a.id, fileId: input.fileId } })
  if (removed.count === 0) throw notFound('未找到该附件')
  return { audit: { fileId: input.fileId } }
}
