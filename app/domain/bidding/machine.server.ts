// The bid's state machine (报名及报价, DESIGN §4). One bid per firm and announcement; every
// submission, revision, re-confirmation and withdrawal is a new BidVersion and the last one counts.
// Prices are sealed (AES-256-GCM) and the audit entries carry neither actor nor price, only a
// commitment to each version, so that before the deadline nobody learns who bid, how many or at
// what price. The bid is keyed by its announcement and firm, so that a bid not made yet is a row too
// (state NONE) and `bid` appears in allowedActions exactly when the server would accept it.
//
//   NONE, WITHDRAWN --bid (the firm, while bidding is open)-->       ACTIVE     version 1 (or next)
//   ACTIVE          --reviseBid (the firm, while bidding is open)--> ACTIVE     a new version; after an amendment it re-confirms
//   ACTIVE          --withdrawBid (the firm, while bidding is open)-> WITHDRAWN
//
// Bidding is open while the announcement is PUBLISHED, before its deadline, and not a direct
// selection. The announcement row is read under a shared lock: bids of many firms proceed together,
// while the announcement's close (which takes it FOR UPDATE) waits for them and they wait for it.
// The bid row itself is locked FOR UPDATE and read after the lock, so parallel edits by one firm
// queue and each sees the version the previous one wrote (the history stays gapless).
import crypto from 'node:crypto'
import type { Tx } from '#app/db.server.ts'
import { checkEligibility } from '#app/domain/bidding/eligibility.server.ts'
import { sealPrice } from '#app/domain/bidding/sealed-price.server.ts'
import { makeNonce } from '#app/domain/draw/draw.ts'
import { defineMachine, isSystem, type EventContext, type LoadOptions } from '#app/domain/engine/machine.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import { invalid, notFound, ruleViolation, type DomainError } from '#app/domain/errors.ts'
import { can, type Actor } from '#app/domain/permissions/permissions.server.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
import type { AnnouncementStatus, BidStatus, SelectionMethod } from '#app/generated/prisma/enums.ts'
import { fenOfDecimal, formatYuan } from '#app/utils/money.ts'

export const CREATE_BID = 'create:bid'

export type BidKey = { announcementId: string; organizationId: string }

export type BidAnnouncement = {
  id: string
  status: AnnouncementStatus
  method: SelectionMethod
  deadline: Date
  priceCeiling: Prisma.Decimal | null
  priceFloor: Prisma.Decimal | null
  serviceItemCode: string
  ownerOrganizationId: string
}

export type BidRow = {
  status: BidStatus | 'NONE'
  id: string | null
  intermediaryId: string
  currentVersion: number
  nonce: string | null
  needsReconfirmation: boolean
  announcement: BidAnnouncement
  /**
   * Read only for views (unlocked loads), so that allowedActions leaves out what eligibility would
   * refuse; an event checks eligibility in its work, inside its transaction.
   */
  ineligibleReason?: string | null
}

export const BID_STATUS_LABELS: Record<BidRow['status'], string> = {
  NONE: '未报名',
  ACTIVE: '已报名',
  WITHDRAWN: '已撤回',
}

async function load(db: Tx, key: BidKey, { lock, actor }: LoadOptions): Promise<BidRow | null> {
  const locked = lock !== 'none'
  const [a] = await db.$queryRaw<BidAnnouncement[]>`
    SELECT id, status, method, deadline, priceCeiling, priceFloor, serviceItemCode, ownerOrganizationId
      FROM Announcement WHERE id = ${key.announcementId} ${Prisma.raw(locked ? 'LOCK IN SHARE MODE' : '')}`
  if (!a || (a.status === 'DRAFT' && (isSystem(actor) || actor?.organizationId !== a.ownerOrganizationId))) return null
  const [bid] = await db.$queryRaw<
    Array<{ id: string; status: BidStatus; currentVersion: number; nonce: string; needsReconfirmation: unknown }>
  >`SELECT id, status, currentVersion, nonce, needsReconfirmation FROM Bid
     WHERE announcementId = ${key.announcementId} AND intermediaryId = ${key.organizationId} ${Prisma.raw(locked ? 'FOR UPDATE' : '')}`
  const eligibility = locked ? null : await checkEligibility(db, key.organizationId, a, now())
  return {
    ...(eligibility ? { ineligibleReason: eligibility.eligible ? null : eligibility.reason } : {}),
    status: bid?.status ?? 'NONE',
    id: bid?.id ?? null,
    intermediaryId: key.organizationId,
    currentVersion: bid ? Number(bid.currentVersion) : 0,
    nonce: bid?.nonce ?? null,
    needsReconfirmation: bid ? Boolean(Number(bid.needsReconfirmation)) : false,
    announcement: a,
  }
}

/** Why bidding is not open on this announcement now (null while it is). */
export function biddingClosed(row: BidRow, at: Date): string | null {
  const a = row.announcement
  if (a.method === 'DIRECT') return '直接选取的公告不接受报名'
  if (a.status !== 'PUBLISHED' || at.getTime() >= a.deadline.getTime()) return '报名已截止或公告不在报名阶段'
  return null
}

/** Bidding is open and (as far as a view knows) the firm is eligible: the guard of bid and reviseBid. */
const mayPrice = (row: BidRow, at: Date): string | DomainError | null =>
  biddingClosed(row, at) ?? (row.ineligibleReason ? ruleViolation(`不符合报名条件：${row.ineligibleReason}`) : null)

function checkPrice(a: BidAnnouncement, price: number | undefined): number | null {
  if (a.method === 'LOTTERY') return null // everyone registers at the owner's fixed price
  if (price === undefined) throw invalid('请填写报价', { price: ['请填写报价'] })
  const ceiling = fenOfDecimal(a.priceCeiling)
  if (ceiling !== null && price > ceiling)
    throw ruleViolation(`报价 ${formatYuan(price)} 元高于最高限价 ${formatYuan(ceiling)} 元`)
  const floor = fenOfDecimal(a.priceFloor)
  if (floor !== null && price < floor)
    throw ruleViolation(
      `报价 ${formatYuan(price)} 元低于最低限价 ${formatYuan(floor)} 元，不予接受（防止恶意低价竞争）`,
    )
  return price
}

async function requireEligible(tx: Tx, row: BidRow, at: Date) {
  const eligibility = await checkEligibility(tx, row.intermediaryId, row.announcement, at)
  if (!eligibility.eligible) throw ruleViolation(`不符合报名条件：${eligibility.reason}`)
}

/** A commitment to one sealed version for the audit log (reveals nothing about bidder or price). */
const commitment = (sealed: string | null, nonce: string) =>
  crypto
    .createHash('sha256')
    .update(`${sealed ?? ''}|${nonce}`)
    .digest('hex')

type BidVersionAction = 'SUBMIT' | 'REVISE' | 'CONFIRM' | 'WITHDRAW'

/** Writes one BidVersion (createMany: not read back) and returns what the sealed audit entry records. */
async function recordVersion(
  tx: Tx,
  userId: string,
  bidId: string,
  version: number,
  action: BidVersionAction,
  priced: { sealed: string | null; nonce: string } | null,
) {
  await tx.bidVersion.createMany({
    data: [{ bidId, version, action, priceCiphertext: priced?.sealed ?? null, createdByUserId: userId }],
  })
  return priced ? { version, commitment: commitment(priced.sealed, priced.nonce) } : { version }
}

type BidInputs = { price?: number; nonce?: string }

async function submit({ tx, row, at, actor, input }: EventContext<BidRow, BidInputs>) {
  await requireEligible(tx, row, at)
  const price = checkPrice(row.announcement, input.price)
  const nonce = input.nonce ?? row.nonce ?? makeNonce()
  if (row.id) {
    // Bidding again after a withdrawal: the next version of the same bid.
    const version = row.currentVersion + 1
    const sealed = price === null ? null : sealPrice(price, row.id, version)
    const audit = await recordVersion(tx, actor.userId!, row.id, version, 'SUBMIT', { sealed, nonce })
    return { set: { currentVersion: version, nonce, needsReconfirmation: false }, audit, result: { bidId: row.id } }
  }
  const bid = await tx.bid.create({
    data: { announcementId: row.announcement.id, intermediaryId: row.intermediaryId, nonce },
  })
  const sealed = price === null ? null : sealPrice(price, bid.id, bid.currentVersion)
  const audit = await recordVersion(tx, actor.userId!, bid.id, bid.currentVersion, 'SUBMIT', { sealed, nonce })
  return { createdId: bid.id, audit, result: { bidId: bid.id } }
}

const mayBid = (actor: Actor, row: BidRow) =>
  actor.organizationId === row.intermediaryId && can(actor, CREATE_BID, { organizationId: row.intermediaryId })

/** Revising or withdrawing without a bid: there is none of its own to change (404); a withdrawn one is a state (409). */
const NO_ACTIVE_BID = (row: BidRow) =>
  row.status === 'NONE' ? notFound('贵机构没有报名此公告') : '贵机构的报名已撤回；截止前可再次报名'

const bidderRole = (actor: Actor) => can(actor, CREATE_BID, { organizationId: actor.organizationId })

export const bidMachine = defineMachine<
  BidRow,
  BidRow['status'],
  {
    bid: { input: BidInputs; result: { bidId: string } }
    reviseBid: { input: BidInputs; result: { bidId: string; version: number } }
    withdrawBid: { input: void; result: void }
  },
  Prisma.BidUncheckedUpdateInput,
  BidKey
>({
  entity: 'Bid',
  statusLabels: BID_STATUS_LABELS,
  notFound: '未找到该公告',
  load,
  idOf: (row) => row.id,
  write: async (tx, id, data) => {
    await tx.bid.update({ where: { id }, data })
  },
  sealed: true,
  events: {
    bid: {
      label: '报名',
      from: ['NONE', 'WITHDRAWN'],
      to: 'ACTIVE',
      by: mayBid,
      role: bidderRole,
      forbidden: '仅中介机构可以报名',
      stateConflict: '贵机构已报名此公告；如需修改报价请使用修改功能',
      guard: mayPrice,
      run: submit,
    },
    reviseBid: {
      label: '修改报价',
      from: ['ACTIVE'],
      to: 'ACTIVE',
      by: mayBid,
      role: bidderRole,
      forbidden: '仅中介机构可以报名',
      stateConflict: NO_ACTIVE_BID,
      guard: mayPrice,
      run: async ({ tx, row, at, actor, input }) => {
        await requireEligible(tx, row, at)
        const price = checkPrice(row.announcement, input.price)
        const version = row.currentVersion + 1
        const nonce = input.nonce ?? row.nonce!
        const sealed = price === null ? null : sealPrice(price, row.id!, version)
        const action = row.needsReconfirmation ? 'CONFIRM' : 'REVISE'
        const audit = await recordVersion(tx, actor.userId!, row.id!, version, action, { sealed, nonce })
        return {
          set: { currentVersion: version, nonce, needsReconfirmation: false },
          audit,
          result: { bidId: row.id!, version },
        }
      },
    },
    withdrawBid: {
      label: '撤回报名',
      from: ['ACTIVE'],
      to: 'WITHDRAWN',
      by: mayBid,
      role: bidderRole,
      forbidden: '仅中介机构可以报名',
      stateConflict: NO_ACTIVE_BID,
      guard: biddingClosed,
      run: async ({ tx, row, actor }) => {
        const version = row.currentVersion + 1
        const audit = await recordVersion(tx, actor.userId!, row.id!, version, 'WITHDRAW', null)
        return { set: { currentVersion: version, needsReconfirmation: false }, audit }
      },
    },
  },
})
