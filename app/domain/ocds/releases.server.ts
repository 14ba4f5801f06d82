// OCDS 1.1 releases (DESIGN §7, API.md "Open data"). Each public change of an announcement is
// published as a release written in the transaction of that change, so that a release is an
// immutable snapshot of what was public at that moment: its id (`<ocid>-<nnn>`) and content never
// change. ocid = OCDS_PREFIX + "-" + the announcement id; amounts `{ amount, currency: "CNY" }`;
// tags, tender.status, awards[].status from their codelists; parties with their roles; bids (the
// OCDS bid extension) only once the announcement has been opened.
//
// BUILDERS says which transitions publish a release and with which tags, per aggregate. Contracts,
// milestones, payments and acceptance add their own entry ("Contract": contract, contractUpdate,
// implementation …) building `contracts[]` for the same ocid.
import type { Tx } from '#app/db.server.ts'
import { regionCovers } from '#app/domain/catalogue/regions.ts'
import type { Transition } from '#app/domain/events/transitions.server.ts'
import { env } from '#app/env.server.ts'
import type { AnnouncementStatus, SelectionMethod } from '#app/generated/prisma/enums.ts'
import { METHOD_LABELS } from '#app/utils/announcement-labels.ts'

export type OcdsRelease = Record<string, unknown> & { ocid: string; id: string; date: string; tag: string[] }

export const OCDS_VERSION = '1.1'
export const BID_EXTENSION =
  'https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json'
export const PUBLISHER = { name: '中介服务网上超市', scheme: null, uid: null, uri: null }

export const ocidOf = (announcementId: string) => `${env().OCDS_PREFIX}-${announcementId}`
export const announcementIdOf = (ocid: string) =>
  ocid.startsWith(`${env().OCDS_PREFIX}-`) ? ocid.slice(env().OCDS_PREFIX.length + 1) : null

/** The release tags an announcement transition publishes (null: nothing public changed). */
function announcementTags(t: Transition): string[] | null {
  switch (t.event) {
    case 'publish':
      return ['tender']
    case 'amend':
      return ['tenderAmendment']
    case 'cancel':
      return t.from === 'DRAFT' ? null : ['tenderCancellation']
    case 'open':
      return ['tenderUpdate']
    case 'evaluate':
    case 'directResponse':
    case 'expireDirect':
      return t.to === 'PUBLICITY' ? ['award'] : ['tenderUpdate']
    case 'award':
    case 'decline':
    case 'exclude':
      return t.to === 'FAILED' ? ['awardCancellation', 'tenderUpdate'] : ['awardUpdate']
    default:
      return null // drafts' attachments, technical scores, re-announcement (a new ocid), close
  }
}

const TENDER_STATUS: Record<AnnouncementStatus, string | null> = {
  DRAFT: null,
  PUBLISHED: 'active',
  EVALUATING: 'active',
  PUBLICITY: 'active',
  AWARDED: 'complete',
  CANCELLED: 'cancelled',
  FAILED: 'unsuccessful',
}

const AWARD_CRITERIA: Record<SelectionMethod, string | null> = {
  DIRECT: null,
  LOTTERY: null,
  LOWEST_PRICE: 'priceOnly',
  AVERAGE_PRICE: 'priceOnly',
  SCORE: 'ratedCriteria',
}

const amountOf = (value: { toString(): string } | null | undefined) =>
  value === null || value === undefined ? undefined : { amount: Number(value.toString()), currency: 'CNY' }

type Party = {
  id: string
  name: string
  identifier: { scheme: string; id: string; legalName: string }
  address: { region: string; countryName: string }
  roles: string[]
}
const partyId = (uscc: string) => `CN-USCC-${uscc}`
const reference = (p: { id: string; name: string }) => ({ id: p.id, name: p.name })

/** The announcement as the public saw it at this moment, as an OCDS release (without id and tags). */
async function announcementSnapshot(tx: Tx, id: string) {
  const a = await tx.announcement.findUniqueOrThrow({
    where: { id },
    include: {
      ownerOrganization: { select: { uscc: true, name: true, regionCode: true } },
      serviceItem: { select: { code: true, name: true } },
      amendments: { orderBy: { number: 'asc' } },
      bids: {
        where: { status: 'ACTIVE' },
        orderBy: { createdAt: 'asc' },
        include: {
          intermediary: { select: { uscc: true, name: true, regionCode: true } },
          versions: { orderBy: { version: 'desc' }, take: 1, select: { createdAt: true } },
        },
      },
    },
  })
  const parties = new Map<string, Party>()
  const addParty = (org: { uscc: string; name: string; regionCode: string }, role: string) => {
    const key = partyId(org.uscc)
    const party = parties.get(key) ?? {
      id: key,
      name: org.name,
      identifier: { scheme: 'CN-USCC', id: org.uscc, legalName: org.name },
      address: { region: org.regionCode, countryName: '中国' },
      roles: [],
    }
    if (!party.roles.includes(role)) party.roles.push(role)
    parties.set(key, party)
    return party
  }
  const buyer = addParty(a.ownerOrganization, 'buyer')
  addParty(a.ownerOrganization, 'procuringEntity')
  // The competent departments of the service item in the announcement's region review it (质疑裁决).
  const departments = await tx.department.findMany({
    where: { serviceItems: { some: { serviceItemCode: a.serviceItemCode } } },
    select: { organization: { select: { uscc: true, name: true, regionCode: true } } },
  })
  for (const d of departments)
    if (regionCovers(d.organization.regionCode, a.regionCode)) addParty(d.organization, 'reviewBody')

  const opened = a.openedAt !== null
  const winner = a.winnerBidId && a.status !== 'FAILED' ? a.bids.find((b) => b.id === a.winnerBidId) : undefined
  const tenderers = opened ? a.bids.map((b) => reference(addParty(b.intermediary, 'tenderer'))) : []
  const value = amountOf(
    a.method === 'LOTTERY' || a.method === 'DIRECT' ? (a.fixedPrice ?? a.priceCeiling) : a.priceCeiling,
  )
  const tender: Record<string, unknown> = {
    id: a.id,
    title: a.title,
    description: a.scope,
    status: TENDER_STATUS[a.status] ?? 'active',
    procuringEntity: reference(buyer),
    items: [
      {
        id: '1',
        description: a.serviceItem.name,
        classification: { scheme: 'x_zjcs_service_item', id: a.serviceItem.code, description: a.serviceItem.name },
      },
    ],
    ...(value ? { value } : {}),
    ...(a.priceFloor ? { minValue: amountOf(a.priceFloor) } : {}),
    procurementMethod: a.method === 'DIRECT' ? 'direct' : 'open',
    procurementMethodDetails: METHOD_LABELS[a.method],
    ...(AWARD_CRITERIA[a.method] ? { awardCriteria: AWARD_CRITERIA[a.method] } : {}),
    awardCriteriaDetails: METHOD_LABELS[a.method],
    submissionMethod: ['electronicSubmission'],
    mainProcurementCategory: 'services',
    tenderPeriod: {
      ...(a.publishedAt ? { startDate: a.publishedAt.toISOString() } : {}),
      endDate: a.deadline.toISOString(),
    },
    ...(a.openedAt
      ? {
          awardPeriod: {
            startDate: a.openedAt.toISOString(),
            ...(a.publicityEndsAt ? { endDate: a.publicityEndsAt.toISOString() } : {}),
          },
        }
      : {}),
    ...(a.amendments.length > 0
      ? {
          amendments: a.amendments.map((m) => ({
            id: String(m.number),
            date: m.createdAt.toISOString(),
            rationale: m.reason,
            description: m.changes,
          })),
        }
      : {}),
    ...(opened ? { numberOfTenderers: tenderers.length, tenderers } : {}),
  }
  const release: Record<string, unknown> = {
    ocid: ocidOf(a.id),
    initiationType: 'tender',
    language: 'zh',
    parties: [] as Party[],
    buyer: reference(buyer),
    tender,
  }
  if (opened) {
    const valid = a.bids.filter((b) => b.valid === true && !b.excludedAt)
    release.bids = {
      statistics: [
        { id: 'bids', measure: 'bids', value: a.bids.length },
        { id: 'validBids', measure: 'validBids', value: valid.length },
      ],
      details: a.bids.map((b) => ({
        id: b.id,
        date: (b.versions[0]?.createdAt ?? b.createdAt).toISOString(),
        status: b.valid === true && !b.excludedAt ? 'valid' : 'disqualified',
        tenderers: [reference(parties.get(partyId(b.intermediary.uscc))!)],
        ...(b.openedPrice ? { value: amountOf(b.openedPrice) } : {}),
      })),
    }
  }
  const awards: Array<Record<string, unknown>> = []
  for (const b of a.bids.filter((bid) => bid.excludedAt)) {
    awards.push({
      id: b.id,
      status: 'cancelled',
      date: b.excludedAt!.toISOString(),
      suppliers: [reference(addParty(b.intermediary, 'tenderer'))],
      relatedBid: b.id,
    })
  }
  if (winner && (a.status === 'PUBLICITY' || a.status === 'AWARDED')) {
    const supplier = addParty(winner.intermediary, 'supplier')
    awards.push({
      id: winner.id,
      title: a.title,
      status: a.status === 'AWARDED' ? 'active' : 'pending',
      date: (a.awardedAt ?? a.evaluatedAt ?? a.openedAt ?? a.updatedAt).toISOString(),
      ...(winner.openedPrice ? { value: amountOf(winner.openedPrice) } : {}),
      suppliers: [reference(supplier)],
      contractPeriod: { durationInDays: a.serviceDays },
      relatedBid: winner.id,
    })
  }
  if (awards.length > 0) release.awards = awards
  release.parties = [...parties.values()]
  return release
}

type Builder = (
  tx: Tx,
  t: Transition,
) => Promise<{ ocid: string; body: Record<string, unknown>; tags: string[] } | null>

/** Per aggregate: the release a transition publishes. Contracts add "Contract" here. */
const BUILDERS: Record<string, Builder> = {
  Announcement: async (tx, t) => {
    const tags = announcementTags(t)
    if (!tags) return null
    return { ocid: ocidOf(t.id), body: await announcementSnapshot(tx, t.id), tags }
  },
}

/** The transition subscriber: writes the release of this change, if it publishes one. */
export async function writeOcdsRelease(tx: Tx, t: Transition): Promise<void> {
  const builder = BUILDERS[t.entity]
  if (!builder) return
  const built = await builder(tx, t)
  if (!built) return
  // The aggregate's row is locked by the event, so counting here numbers its releases without gaps.
  const count = await tx.ocdsRelease.count({ where: { ocid: built.ocid } })
  const id = `${built.ocid}-${String(count + 1).padStart(3, '0')}`
  const release: OcdsRelease = { ...built.body, ocid: built.ocid, id, date: t.at.toISOString(), tag: built.tags }
  await tx.ocdsRelease.create({
    data: { releaseId: id, ocid: built.ocid, date: t.at, release: JSON.stringify(release) },
  })
}
