// Sealed bids (报名及报价). One bid per firm and announcement; every submission, revision,
// re-confirmation and withdrawal is a new BidVersion and the last one counts. Prices are sealed
// (AES-256-GCM) and the audit log records only a commitment to each version, so that before the
// deadline nobody can learn who bid, how many or at what price. After the deadline: 409.
import crypto from 'node:crypto'
import { prisma, type Tx } from '#app/db.server.ts'
import { audit } from '#app/domain/audit/audit.server.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import { makeNonce } from '#app/domain/draw/draw.ts'
import { conflict, forbidden, invalid, notFound, ruleViolation } from '#app/domain/errors.ts'
import { checkEligibility } from '#app/domain/bidding/eligibility.server.ts'
import { sealPrice } from '#app/domain/bidding/sealed-price.server.ts'
import type { BidInput } from '#app/domain/announcements/schemas.ts'
import { OPENED_STATES } from '#app/domain/announcements/state-machine.ts'
import { can, requirePermission, type Actor } from '#app/domain/permissions/permissions.server.ts'
import { READ_PROJECT } from '#app/domain/projects/projects.server.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
import type { AnnouncementStatus, SelectionMethod } from '#app/generated/prisma/enums.ts'
import { fenOfDecimal, formatYuan, yuanOfDecimal } from '#app/utils/money.ts'

export const CREATE_BID = 'create:bid'

/** Bid events are audited without their actor: who bid stays sealed until the opening entry lists every bid. */
const SEALED = null

function requireBidder(actor: Actor): string {
  if (actor.organizationType !== 'INTERMEDIARY') throw forbidden('仅中介机构可以报名')
  requirePermission(actor, CREATE_BID, { organizationId: actor.organizationId })
  return actor.organizationId
}

/**
 * Reads the announcement under a shared lock: bids of many firms proceed together, while the
 * opening transition (which takes the row FOR UPDATE) waits for them and they wait for it.
 */
async function openForBids(tx: Tx, announcementId: string) {
  const [a] = await tx.$queryRaw<
    Array<{
      id: string
      status: AnnouncementStatus
      method: SelectionMethod
      deadline: Date
      priceCeiling: Prisma.Decimal | null
      serviceItemCode: string
      ownerOrganizationId: string
    }>
  >`SELECT id, status, method, deadline, priceCeiling, serviceItemCode, ownerOrganizationId
      FROM Announcement WHERE id = ${announcementId} LOCK IN SHARE MODE`
  if (!a || a.status === 'DRAFT') throw notFound('未找到该公告')
  const at = now()
  if (a.status !== 'PUBLISHED' || at.getTime() >= a.deadline.getTime()) throw conflict('报名已截止或公告不在报名阶段')
  if (a.method === 'DIRECT') throw conflict('直接选取的公告不接受报名')
  return { a, at }
}

function checkPrice(
  a: { method: string; priceCeiling: Prisma.Decimal | null },
  price: number | undefined,
): number | null {
  if (a.method === 'LOTTERY') return null // everyone registers at the owner's fixed price
  if (price === undefined) throw invalid('请填写报价', { price: ['请填写报价'] })
  const ceiling = fenOfDecimal(a.priceCeiling)
  if (ceiling !== null && price > ceiling)
    throw ruleViolation(`报价 ${formatYuan(price)} 元高于最高限价 ${formatYuan(ceiling)} 元`)
  return price
}

/** A commitment to one sealed version for the audit log (reveals nothing about bidder or price). */
const commitment = (sealed: string | null, nonce: string) =>
  crypto
    .createHash('sha256')
    .update(`${sealed ?? ''}|${nonce}`)
    .digest('hex')

/** BidVersion.action → the audit action (a re-confirmation is audited as a revision). */
const AUDIT_ACTIONS = { SUBMIT: 'submit', REVISE: 'revise', CONFIRM: 'revise', WITHDRAW: 'withdraw' } as const
type BidVersionAction = keyof typeof AUDIT_ACTIONS

/**
 * Writes one BidVersion (createMany: not read back) and its audit entry, which carries no actor and,
 * for a priced version, only a commitment to it.
 */
async function recordVersion(
  tx: Tx,
  actor: Actor,
  bidId: string,
  version: number,
  action: BidVersionAction,
  priced: { sealed: string | null; nonce: string } | null,
) {
  await tx.bidVersion.createMany({
    data: [{ bidId, version, action, priceCiphertext: priced?.sealed ?? null, createdByUserId: actor.userId }],
  })
  await audit(tx, {
    actor: SEALED,
    entityType: 'Bid',
    entityId: bidId,
    action: AUDIT_ACTIONS[action],
    after: priced ? { version, commitment: commitment(priced.sealed, priced.nonce) } : { version },
  })
}

export async function submitBid(actor: Actor, announcementId: string, input: BidInput): Promise<{ bidId: string }> {
  const organizationId = requireBidder(actor)
  try {
    return await prisma.$transaction(async (tx) => {
      const { a, at } = await openForBids(tx, announcementId)
      const eligibility = await checkEligibility(tx, organizationId, a, at)
      if (!eligibility.eligible) throw ruleViolation(`不符合报名条件：${eligibility.reason}`)
      const price = checkPrice(a, input.price)
      const existing = await tx.bid.findUnique({
        where: { announcementId_intermediaryId: { announcementId, intermediaryId: organizationId } },
      })
      if (existing?.status === 'ACTIVE') throw conflict('贵机构已报名此公告；如需修改报价请使用修改功能')
      const nonce = input.nonce ?? existing?.nonce ?? makeNonce()
      const bid = existing
        ? await tx.bid.update({
            where: { id: existing.id },
            data: { status: 'ACTIVE', currentVersion: existing.currentVersion + 1, nonce, needsReconfirmation: false },
          })
        : await tx.bid.create({ data: { announcementId, intermediaryId: organizationId, nonce } })
      const sealed = price === null ? null : sealPrice(price, bid.id, bid.currentVersion)
      await recordVersion(tx, actor, bid.id, bid.currentVersion, 'SUBMIT', { sealed, nonce })
      return { bidId: bid.id }
    })
  } catch (error) {
    // Two submissions of one firm racing: the unique (announcement, firm) key refuses the second.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')
      throw conflict('贵机构已报名此公告')
    throw error
  }
}

async function lockOwnBid(tx: Tx, organizationId: string, announcementId: string) {
  const bid = await tx.bid.findUnique({
    where: { announcementId_intermediaryId: { announcementId, intermediaryId: organizationId } },
  })
  if (!bid || bid.status !== 'ACTIVE') throw notFound('贵机构没有有效的报名')
  await tx.$queryRaw`SELECT id FROM Bid WHERE id = ${bid.id} FOR UPDATE`
  return bid
}

/** A revision (or, with the same price, a re-confirmation after an amendment). */
export async function reviseBid(
  actor: Actor,
  announcementId: string,
  input: BidInput,
): Promise<{ bidId: string; version: number }> {
  const organizationId = requireBidder(actor)
  return prisma.$transaction(async (tx) => {
    const { a, at } = await openForBids(tx, announcementId)
    const bid = await lockOwnBid(tx, organizationId, announcementId)
    const eligibility = await checkEligibility(tx, organizationId, a, at)
    if (!eligibility.eligible) throw ruleViolation(`不符合报名条件：${eligibility.reason}`)
    const price = checkPrice(a, input.price)
    const version = bid.currentVersion + 1
    const nonce = input.nonce ?? bid.nonce
    const sealed = price === null ? null : sealPrice(price, bid.id, version)
    await tx.bid.update({ where: { id: bid.id }, data: { currentVersion: version, nonce, needsReconfirmation: false } })
    await recordVersion(tx, actor, bid.id, version, bid.needsReconfirmation ? 'CONFIRM' : 'REVISE', { sealed, nonce })
    return { bidId: bid.id, version }
  })
}

export async function withdrawBid(actor: Actor, announcementId: string): Promise<void> {
  const organizationId = requireBidder(actor)
  await prisma.$transaction(async (tx) => {
    await openForBids(tx, announcementId)
    const bid = await lockOwnBid(tx, organizationId, announcementId)
    const version = bid.currentVersion + 1
    await tx.bid.update({
      where: { id: bid.id },
      data: { status: 'WITHDRAWN', currentVersion: version, needsReconfirmation: false },
    })
    await recordVersion(tx, actor, bid.id, version, 'WITHDRAW', null)
  })
}

export type OpenedBid = {
  bidId: string
  intermediaryId: string
  intermediaryName: string
  uscc: string
  price: string | null
  nonce: string
  valid: boolean | null
  invalidReason: string | null
  excluded: boolean
  excludedReason: string | null
  versions: number
  submittedAt: string
  lastChangedAt: string
}

/** The opened bids, for the owner (and supervising departments / the admin) after the opening. */
export async function listOpenedBids(actor: Actor, announcementId: string): Promise<OpenedBid[]> {
  const a = await prisma.announcement.findUnique({
    where: { id: announcementId },
    select: { ownerOrganizationId: true, status: true, openedAt: true, serviceItemCode: true, regionCode: true },
  })
  if (!a || (a.status === 'DRAFT' && a.ownerOrganizationId !== actor.organizationId)) throw notFound('未找到该公告')
  const supervisor = can(actor, READ_PROJECT, { serviceItemCodes: [a.serviceItemCode], regionCode: a.regionCode })
  if (a.ownerOrganizationId !== actor.organizationId && !supervisor)
    throw forbidden('只有项目业主和主管部门可以查看开启后的报名')
  if (!a.openedAt || !OPENED_STATES.includes(a.status)) throw conflict('报名截止前不能查看报名情况')
  const bids = await prisma.bid.findMany({
    where: { announcementId, status: 'ACTIVE' },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    include: { intermediary: { select: { name: true, uscc: true } } },
  })
  return bids.map((b) => ({
    bidId: b.id,
    intermediaryId: b.intermediaryId,
    intermediaryName: b.intermediary.name,
    uscc: b.intermediary.uscc,
    price: yuanOfDecimal(b.openedPrice),
    nonce: b.nonce,
    valid: b.valid,
    invalidReason: b.invalidReason,
    excluded: b.excludedAt !== null,
    excludedReason: b.excludedReason,
    versions: b.currentVersion,
    submittedAt: b.createdAt.toISOString(),
    lastChangedAt: b.updatedAt.toISOString(),
  }))
}
