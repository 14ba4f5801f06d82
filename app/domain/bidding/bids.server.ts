// Sealed bids (报名及报价): what routes call. Submitting, revising and withdrawing are events of the
// bid's machine (machine.server.ts); the bidder's own view of its bid (its prices decrypted for it
// alone, with every version) and the owner's view of the opened bids after the deadline.
import { prisma, type Tx } from '#app/db.server.ts'
import type { BidInput } from '#app/domain/announcements/schemas.ts'
import { OPENED_STATES } from '#app/domain/announcements/states.ts'
import { bidMachine, type BidKey } from '#app/domain/bidding/machine.server.ts'
import { openPrice } from '#app/domain/bidding/sealed-price.server.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import { applyEvent, transact, transition } from '#app/domain/engine/engine.server.ts'
import { conflict, forbidden, notFound } from '#app/domain/errors.ts'
import { touchActivity } from '#app/domain/intermediaries/activity.server.ts'
import { can, type Actor } from '#app/domain/permissions/permissions.server.ts'
import { READ_PROJECT } from '#app/domain/projects/projects.server.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
import { formatYuan, yuanOfDecimal } from '#app/utils/money.ts'

const keyOf = (actor: Actor, announcementId: string): BidKey => ({
  announcementId,
  organizationId: actor.organizationId,
})

/** A bid or a revision, which is also a sign of life of the firm's entry (dormant entries). */
function withActivity<T>(actor: Actor, work: (tx: Tx) => Promise<T>): Promise<T> {
  return transact(async (tx) => {
    const result = await work(tx)
    await touchActivity(tx, actor.organizationId, now(), 'activity')
    return result
  })
}

export async function submitBid(actor: Actor, announcementId: string, input: BidInput): Promise<{ bidId: string }> {
  try {
    return await withActivity(actor, async (tx) => (await applyEvent(tx, bidMachine, keyOf(actor, announcementId), 'bid', actor, input)).result)
  } catch (error) {
    // Two first submissions of one firm racing: the unique (announcement, firm) key refuses the second.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')
      throw conflict('贵机构已报名此公告')
    throw error
  }
}

/** A revision (or, with the same price, a re-confirmation after an amendment). */
export async function reviseBid(
  actor: Actor,
  announcementId: string,
  input: BidInput,
): Promise<{ bidId: string; version: number }> {
  return withActivity(actor, async (tx) => (await applyEvent(tx, bidMachine, keyOf(actor, announcementId), 'reviseBid', actor, input)).result)
}

export async function withdrawBid(actor: Actor, announcementId: string): Promise<void> {
  await transition(bidMachine, keyOf(actor, announcementId), 'withdrawBid', actor)
}

export type MyBidVersion = {
  version: number
  action: string
  /** the price of this version, decrypted for its bidder (null for a withdrawal or a fixed-price registration) */
  price: string | null
  at: string
}

/** What its bidder sees of a price before the opening: decrypted for it alone; null if this host cannot open it. */
function ownPrice(sealed: string | null, bidId: string, version: number): string | null {
  if (!sealed) return null
  try {
    return formatYuan(openPrice(sealed, bidId, version))
  } catch {
    return null
  }
}

/** The bidder's own bid: every version with its own price. Never called for anyone but the bidder. */
export async function ownBidVersions(bidId: string): Promise<MyBidVersion[]> {
  const versions = await prisma.bidVersion.findMany({ where: { bidId }, orderBy: { version: 'asc' } })
  return versions.map((v) => ({
    version: v.version,
    action: v.action,
    price: ownPrice(v.priceCiphertext, bidId, v.version),
    at: v.createdAt.toISOString(),
  }))
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
