// The database side of the sealed-price keys (sealed-price.server.ts holds the cryptography):
// - The canary: AppSetting `bidPriceKey.canary` = `{ kid, sealed }`, a known text sealed with the key
//   the database's prices are sealed with. Every start (web server, worker, scripts) checks that this
//   host's key ring opens it and refuses to start otherwise (BidPriceKeyMismatch, exit 1), so that a
//   host with a wrong or missing key never seals or opens a price. The first start creates it (one
//   INSERT IGNORE, so concurrent first starts agree on one), after checking that the newest sealed
//   price already in the database opens with this ring (a database from before the canary).
// - The rotation (`npm run bid-keys:rotate`): with a ring whose current key is new and which still
//   holds the old ones, every sealed version of the bids of announcements not opened yet is sealed
//   again with the current key (one transaction per announcement, its bid rows FOR UPDATE, audited
//   per bid without prices), then the canary moves to the current key. Rerunning finds nothing to do.
import { prisma, type Db, type Tx } from '#app/db.server.ts'
import { audit } from '#app/domain/audit/audit.server.ts'
import {
  findKey,
  keyRing,
  openCanary,
  openPrice,
  resealPrice,
  sealCanary,
  SealedPriceKeyUnavailable,
  SealedPriceTampered,
  sealedKeyId,
  type Canary,
} from '#app/domain/bidding/sealed-price.server.ts'
import { EnvError } from '#app/env.server.ts'

export const CANARY_SETTING = 'bidPriceKey.canary'
/** Announcements whose bids are still sealed (not opened yet). */
const NOT_OPENED = ['PUBLISHED', 'EVALUATING'] as const
const LEGACY = 'v1 (no key id)'

/** This host's key ring cannot open the database's prices: the process must not start. */
export class BidPriceKeyMismatch extends EnvError {}

const ringNames = () =>
  keyRing()
    .keys.map((k, i) => `"${k.kid}"${i === 0 ? ' (current)' : ''}`)
    .join(', ')

function missingKey(kid: string, what: string): BidPriceKeyMismatch {
  return new BidPriceKeyMismatch(
    `Refusing to start: ${what} is sealed with the bid price key "${kid}", which this host does not hold ` +
      `(its key ring: ${ringNames()}). BID_PRICE_KEYS must include that key, e.g. BID_PRICE_KEYS=<current kid>:<64 hex>,${kid}:<64 hex of that key> ` +
      `— give every host of this database the same keys (a host that generated its own .data/secrets.json has a key of its own).`,
  )
}

/** `kid` null: a v1 price, which names no key and opened with none of the ring. */
function wrongKey(kid: string | null, what: string): BidPriceKeyMismatch {
  if (kid === null) {
    return new BidPriceKeyMismatch(
      `Refusing to start: ${what} (format v1, which names no key) opens with no key of this host's ring (${ringNames()}). ` +
        `BID_PRICE_KEYS must include the key this database's prices were sealed with (the BID_PRICE_KEY of the hosts that sealed them).`,
    )
  }
  return new BidPriceKeyMismatch(
    `Refusing to start: ${what} does not open with the key this host holds as "${kid}" (its key ring: ${ringNames()}): ` +
      `the key given for "${kid}" is not the one this database's prices were sealed with. BID_PRICE_KEYS must include the right key for "${kid}".`,
  )
}

function asMismatch(error: unknown, kid: string | null, what: string): never {
  if (error instanceof SealedPriceKeyUnavailable) throw missingKey(error.kid, what)
  if (error instanceof SealedPriceTampered) throw wrongKey(kid, what)
  throw error
}

/** The canary's audit entries (a system action: no actor). */
const auditCanary = (tx: Tx, action: 'create' | 'rotate', after: Record<string, string>) =>
  audit(tx, { actor: null, entityType: 'BidPriceKey', entityId: CANARY_SETTING, action, after })

async function readCanary(db: Db): Promise<Canary | null> {
  const row = await db.appSetting.findUnique({ where: { key: CANARY_SETTING } })
  if (!row) return null
  let value: Partial<Canary> | null = null
  try {
    value = JSON.parse(row.value) as Partial<Canary>
  } catch {
    value = null
  }
  if (typeof value?.kid !== 'string' || typeof value.sealed !== 'string') {
    throw new BidPriceKeyMismatch(
      `Refusing to start: the bid price key canary (AppSetting "${CANARY_SETTING}") is unreadable; restore it from a backup.`,
    )
  }
  return { kid: value.kid, sealed: value.sealed }
}

/** Before the first canary: the newest sealed price in the database must open with this ring. */
async function checkNewestSealedPrice(db: Db) {
  const newest = await db.bidVersion.findFirst({
    where: { priceCiphertext: { not: null } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    select: { bidId: true, version: true, priceCiphertext: true },
  })
  if (!newest?.priceCiphertext) return
  try {
    openPrice(newest.priceCiphertext, newest.bidId, newest.version)
  } catch (error) {
    asMismatch(error, sealedKeyId(newest.priceCiphertext), 'the newest sealed bid price of this database')
  }
}

/**
 * Checks (and on the first start creates) the canary; throws BidPriceKeyMismatch when this host's
 * key ring cannot open it. Answers the canary's kid and whether this call created it.
 */
export async function checkBidPriceKeyCanary(db: Db = prisma): Promise<{
  kid: string
  currentKid: string
  created: boolean
  /** sealed versions of bids not opened yet whose key this host lacks, by kid (their opening would wait) */
  missing: Record<string, number>
}> {
  let canary = await readCanary(db)
  let created = false
  if (!canary) {
    await checkNewestSealedPrice(db)
    const fresh = sealCanary()
    created = await db.$transaction(async (tx) => {
      const inserted = await tx.appSetting.createMany({
        data: [{ key: CANARY_SETTING, value: JSON.stringify(fresh) }],
        skipDuplicates: true,
      })
      if (inserted.count === 1) await auditCanary(tx, 'create', { kid: fresh.kid })
      return inserted.count === 1
    })
    canary = (await readCanary(db))!
  }
  const what = `this database's bid price key canary (AppSetting "${CANARY_SETTING}")`
  if (!findKey(canary.kid)) throw missingKey(canary.kid, what)
  try {
    openCanary(canary)
  } catch (error) {
    asMismatch(error, canary.kid, what)
  }
  return { kid: canary.kid, currentKid: keyRing().current.kid, created, missing: await missingKeysOfUnopenedBids(db) }
}

async function missingKeysOfUnopenedBids(db: Db): Promise<Record<string, number>> {
  const rows = await db.$queryRaw<Array<{ kid: string; versions: bigint }>>`
    SELECT SUBSTRING_INDEX(SUBSTRING_INDEX(v.priceCiphertext, '.', 2), '.', -1) AS kid, COUNT(*) AS versions
    FROM BidVersion v JOIN Bid b ON b.id = v.bidId JOIN Announcement a ON a.id = b.announcementId
    WHERE a.openedAt IS NULL AND a.status IN (${NOT_OPENED[0]}, ${NOT_OPENED[1]}) AND v.priceCiphertext LIKE 'v2.%'
    GROUP BY kid`
  return Object.fromEntries(rows.filter((r) => !findKey(r.kid)).map((r) => [r.kid, Number(r.versions)]))
}

export type RotationSummary = {
  currentKid: string
  announcements: number
  bids: number
  versions: number
  /** re-sealed versions by the kid they were sealed with before ("v1 (no key id)" for the old format) */
  from: Record<string, number>
  /** versions left as they are: their key is missing from the ring (by kid), or they are tampered */
  unavailable: Record<string, number>
  tampered: number
  canary: { from: string; to: string; moved: boolean }
}

/** Announcements not opened yet with a sealed version under another key than the current one. */
async function announcementsToReseal(currentKid: string): Promise<string[]> {
  const prefix = `v2.${currentKid}.`
  const rows = await prisma.$queryRaw<Array<{ announcementId: string }>>`
    SELECT DISTINCT b.announcementId FROM BidVersion v
      JOIN Bid b ON b.id = v.bidId
      JOIN Announcement a ON a.id = b.announcementId
    WHERE a.openedAt IS NULL AND a.status IN (${NOT_OPENED[0]}, ${NOT_OPENED[1]})
      AND v.priceCiphertext IS NOT NULL AND LEFT(v.priceCiphertext, ${prefix.length}) <> ${prefix}
    ORDER BY b.announcementId`
  return rows.map((r) => r.announcementId)
}

type Tally = {
  announcements: Set<string>
  bids: Set<string>
  versions: number
  from: Record<string, number>
  unavailable: Record<string, number>
  tampered: number
}

const count = (into: Record<string, number>, key: string) => (into[key] = (into[key] ?? 0) + 1)

/** Re-seals one announcement's versions in one transaction (nothing once it has been opened). */
async function resealAnnouncement(announcementId: string, currentKid: string, tally: Tally): Promise<void> {
  return prisma.$transaction(async (tx) => {
    // Shared, like a bid: bids go on, the opening (FOR UPDATE) waits until this commits.
    const [a] = await tx.$queryRaw<Array<{ status: string; openedAt: Date | null }>>`
      SELECT status, openedAt FROM Announcement WHERE id = ${announcementId} LOCK IN SHARE MODE`
    if (!a || a.openedAt !== null || !(NOT_OPENED as readonly string[]).includes(a.status)) return
    const bids = await tx.$queryRaw<
      Array<{ id: string }>
    >`SELECT id FROM Bid WHERE announcementId = ${announcementId} ORDER BY id FOR UPDATE`
    const versions = await tx.bidVersion.findMany({
      where: { bidId: { in: bids.map((b) => b.id) }, priceCiphertext: { not: null } },
      orderBy: [{ bidId: 'asc' }, { version: 'asc' }],
      select: { id: true, bidId: true, version: true, priceCiphertext: true },
    })
    const perBid = new Map<string, { versions: number[]; from: Set<string> }>()
    for (const v of versions) {
      const sealed = v.priceCiphertext!
      let resealed: string | null
      try {
        resealed = resealPrice(sealed, v.bidId, v.version)
      } catch (error) {
        if (error instanceof SealedPriceKeyUnavailable) count(tally.unavailable, error.kid)
        else if (error instanceof SealedPriceTampered) tally.tampered += 1
        else throw error
        continue
      }
      if (resealed === null) continue
      await tx.bidVersion.update({ where: { id: v.id }, data: { priceCiphertext: resealed } })
      const from = sealedKeyId(sealed) ?? LEGACY
      count(tally.from, from)
      tally.versions += 1
      const entry = perBid.get(v.bidId) ?? { versions: [], from: new Set() }
      entry.versions.push(v.version)
      entry.from.add(from)
      perBid.set(v.bidId, entry)
    }
    for (const [bidId, entry] of perBid) {
      // Like the bid's own entries: no actor, no price.
      await audit(tx, {
        actor: null,
        entityType: 'Bid',
        entityId: bidId,
        action: 'reseal',
        after: { versions: entry.versions, from: [...entry.from], to: currentKid },
      })
      tally.bids.add(bidId)
      tally.announcements.add(announcementId)
    }
  })
}

/**
 * Seals every sealed version of the bids of announcements not opened yet again with the current
 * key, then moves the canary to it (unless some version's key is missing from the ring).
 */
export async function rotateBidPriceKeys(): Promise<RotationSummary> {
  const currentKid = keyRing().current.kid
  const before = await checkBidPriceKeyCanary()
  const tally: Tally = {
    announcements: new Set(),
    bids: new Set(),
    versions: 0,
    from: {},
    unavailable: {},
    tampered: 0,
  }
  // A host still sealing with the old current key during the run leaves new versions: up to three
  // passes, until one re-seals nothing. What cannot be re-sealed is counted in the last pass.
  for (let pass = 0; pass < 3; pass++) {
    const resealedBefore = tally.versions
    tally.unavailable = {}
    tally.tampered = 0
    for (const id of await announcementsToReseal(currentKid)) await resealAnnouncement(id, currentKid, tally)
    if (tally.versions === resealedBefore) break
  }
  const summary: RotationSummary = {
    currentKid,
    announcements: tally.announcements.size,
    bids: tally.bids.size,
    versions: tally.versions,
    from: tally.from,
    unavailable: tally.unavailable,
    tampered: tally.tampered,
    canary: { from: before.kid, to: currentKid, moved: false },
  }
  if (Object.keys(tally.unavailable).length > 0 || before.kid === currentKid) return summary
  const canary = sealCanary()
  await prisma.$transaction(async (tx) => {
    await tx.appSetting.update({ where: { key: CANARY_SETTING }, data: { value: JSON.stringify(canary) } })
    await auditCanary(tx, 'rotate', { from: before.kid, to: canary.kid })
  })
  summary.canary.moved = true
  return summary
}
