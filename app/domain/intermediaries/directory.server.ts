// The public directory of intermediaries (中介机构名录): search through the search port, hydrated
// from the database in the index's order, and the public profile of one intermediary. Only public
// facts leave here: no user e-mails, no contact e-mail, no secrets.
import { prisma } from '#app/db.server.ts'
import { dateOfColumn } from '#app/domain/clock/china-time.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import { creditOf, ratingAverageOf, type CreditLevel } from '#app/domain/credit/credit.server.ts'
import { notFound } from '#app/domain/errors.ts'
import type { DirectoryQuery } from '#app/domain/intermediaries/directory-query.ts'
import {
  activeBlacklistWhere,
  currentVerifiedQualificationWhere,
  isExpired,
  regionTrails,
} from '#app/domain/intermediaries/listing.server.ts'
import { performanceOf, type PerformanceRecord } from '#app/domain/intermediaries/performance.server.ts'
import { searchWithFallback } from '#app/domain/intermediaries/search-fallback.server.ts'
import type { QualificationStatus } from '#app/generated/prisma/enums.ts'

export type Commitment = {
  serviceItemCode: string
  serviceItemName: string
  promisedDays: number
  feeStandard: string
  feeBasisNote: string | null
}

export type DirectoryItem = {
  id: string
  name: string
  shortName: string | null
  regionCode: string
  regionName: string
  serviceItemCodes: string[]
  serviceItems: Array<{ code: string; name: string }>
  creditScore: number
  creditLevel: CreditLevel
  ratingAverage: number | null
  blacklisted: boolean
  suspended: boolean
  hasVerifiedQualification: boolean
  commitments: Commitment[]
}

export type DirectoryPage = {
  items: DirectoryItem[]
  page: number
  pageSize: number
  total: number
  /** Present when the search index could not answer and the database did (search-fallback.server.ts). */
  searchUnavailable?: { complete: boolean }
}

const commitmentSelect = {
  orderBy: { serviceItemCode: 'asc' },
  select: {
    serviceItemCode: true,
    promisedDays: true,
    feeStandard: true,
    feeBasisNote: true,
    serviceItem: { select: { name: true } },
  },
} as const

function commitmentOf(row: {
  serviceItemCode: string
  promisedDays: number
  feeStandard: string
  feeBasisNote: string | null
  serviceItem: { name: string }
}): Commitment {
  return {
    serviceItemCode: row.serviceItemCode,
    serviceItemName: row.serviceItem.name,
    promisedDays: row.promisedDays,
    feeStandard: row.feeStandard,
    feeBasisNote: row.feeBasisNote,
  }
}

/** Searches the directory; the page is read from the index and each entry from the database. */
export async function searchDirectory(query: DirectoryQuery): Promise<DirectoryPage> {
  const { ids, total, fallback } = await searchWithFallback({
    q: query.q,
    serviceItemCodes: query.serviceItem,
    fieldCode: query.field,
    regionCode: query.regionCode,
    creditLevels: query.creditLevel,
    verifiedOnly: query.verified === true,
    excludeBlacklisted: query.blacklisted === false,
    excludeSuspended: query.suspended === false,
    sort: query.sort ?? 'relevance',
    page: query.page,
    pageSize: query.pageSize,
  })
  const page: DirectoryPage = { items: await directoryItems(ids), page: query.page, pageSize: query.pageSize, total }
  return fallback ? { ...page, searchUnavailable: { complete: fallback.complete } } : page
}

/** Directory entries of the given intermediaries, in the given order (unknown ids are skipped). */
export async function directoryItems(ids: readonly string[]): Promise<DirectoryItem[]> {
  if (ids.length === 0) return []
  const at = now()
  const rows = await prisma.organization.findMany({
    where: { id: { in: [...ids] }, type: 'INTERMEDIARY' },
    select: {
      id: true,
      name: true,
      regionCode: true,
      status: true,
      intermediaryProfile: { select: { shortName: true } },
      offeredServices: {
        orderBy: { serviceItemCode: 'asc' },
        select: { serviceItemCode: true, serviceItem: { select: { name: true } } },
      },
      serviceCommitments: commitmentSelect,
      qualifications: { where: currentVerifiedQualificationWhere(at), select: { id: true }, take: 1 },
      blacklistEntries: { where: activeBlacklistWhere(at), select: { id: true }, take: 1 },
    },
  })
  const found = rows.map((row) => row.id)
  const [credit, ratings, trails] = await Promise.all([
    creditOf(found),
    ratingAverageOf(found),
    regionTrails(rows.map((row) => row.regionCode)),
  ])
  const byId = new Map(rows.map((row) => [row.id, row]))
  return ids.flatMap((id): DirectoryItem[] => {
    const row = byId.get(id)
    if (!row) return []
    const standing = credit.get(id)!
    return [
      {
        id,
        name: row.name,
        shortName: row.intermediaryProfile?.shortName ?? null,
        regionCode: row.regionCode,
        regionName: trails.get(row.regionCode)?.names.join(' ') ?? row.regionCode,
        serviceItemCodes: row.offeredServices.map((service) => service.serviceItemCode),
        serviceItems: row.offeredServices.map((service) => ({
          code: service.serviceItemCode,
          name: service.serviceItem.name,
        })),
        creditScore: standing.score,
        creditLevel: standing.level,
        ratingAverage: ratings.get(id) ?? null,
        blacklisted: row.blacklistEntries.length > 0,
        suspended: row.status === 'SUSPENDED',
        hasVerifiedQualification: row.qualifications.length > 0,
        commitments: row.serviceCommitments.map(commitmentOf),
      },
    ]
  })
}

export type PublicQualification = {
  id: string
  typeCode: string
  typeName: string
  level: string
  certificateNo: string
  issuer: string
  validFrom: string
  validTo: string
  status: QualificationStatus
  verified: boolean
  expired: boolean
  reviewedAt: string | null
}

export type PublicProfile = {
  id: string
  name: string
  shortName: string | null
  uscc: string
  regionCode: string
  regionName: string
  serviceItemCodes: string[]
  serviceItems: Array<{ code: string; name: string; fieldCode: string }>
  qualifications: PublicQualification[]
  practitioners: Array<{ id: string; name: string; certificateNo: string; title: string; specialty: string | null }>
  commitments: Commitment[]
  performance: PerformanceRecord
  creditScore: number
  creditLevel: CreditLevel
  ratingAverage: number | null
  blacklisted: boolean
  activeBlacklistEntry: null | { reason: string; startsAt: string; endsAt: string }
  suspended: boolean
  statusReason: string | null
  listedAt: string
  updatedAt: string
  introduction: string | null
  address: string | null
  contactPhone: string | null
  website: string | null
  legalRepresentative: string | null
}

/** The public profile of an intermediary; 404 for an unknown id or an organization of another type. */
export async function getPublicProfile(id: string): Promise<PublicProfile> {
  const at = now()
  const row = await prisma.organization.findFirst({
    where: { id, type: 'INTERMEDIARY' },
    select: {
      id: true,
      name: true,
      uscc: true,
      regionCode: true,
      legalRepresentative: true,
      address: true,
      contactPhone: true,
      status: true,
      statusReason: true,
      createdAt: true,
      updatedAt: true,
      intermediaryProfile: { select: { shortName: true, introduction: true, website: true, updatedAt: true } },
      offeredServices: {
        orderBy: { serviceItemCode: 'asc' },
        select: { serviceItemCode: true, serviceItem: { select: { name: true, fieldCode: true } } },
      },
      serviceCommitments: { ...commitmentSelect, select: { ...commitmentSelect.select, updatedAt: true } },
      qualifications: {
        orderBy: [{ validTo: 'desc' }, { id: 'asc' }],
        select: {
          id: true,
          typeCode: true,
          levelCode: true,
          certificateNo: true,
          issuer: true,
          validFrom: true,
          validTo: true,
          status: true,
          reviewedAt: true,
          updatedAt: true,
          level: { select: { type: { select: { name: true } } } },
        },
      },
      practitioners: {
        where: { active: true },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        select: { id: true, name: true, certificateNo: true, title: true, specialty: true, updatedAt: true },
      },
      blacklistEntries: {
        where: activeBlacklistWhere(at),
        orderBy: { endsAt: 'desc' },
        take: 1,
        select: { reason: true, startsAt: true, endsAt: true },
      },
    },
  })
  if (!row) throw notFound('未找到该中介机构')
  const [credit, ratings, performance, trails] = await Promise.all([
    creditOf([row.id]),
    ratingAverageOf([row.id]),
    performanceOf([row.id]),
    regionTrails([row.regionCode]),
  ])
  const standing = credit.get(row.id)!
  const entry = row.blacklistEntries[0] ?? null
  const lastChange = Math.max(
    row.updatedAt.getTime(),
    row.intermediaryProfile?.updatedAt.getTime() ?? 0,
    ...row.serviceCommitments.map((c) => c.updatedAt.getTime()),
    ...row.qualifications.map((q) => q.updatedAt.getTime()),
    ...row.practitioners.map((p) => p.updatedAt.getTime()),
  )
  return {
    id: row.id,
    name: row.name,
    shortName: row.intermediaryProfile?.shortName ?? null,
    uscc: row.uscc,
    regionCode: row.regionCode,
    regionName: trails.get(row.regionCode)?.names.join(' ') ?? row.regionCode,
    serviceItemCodes: row.offeredServices.map((service) => service.serviceItemCode),
    serviceItems: row.offeredServices.map((service) => ({
      code: service.serviceItemCode,
      name: service.serviceItem.name,
      fieldCode: service.serviceItem.fieldCode,
    })),
    qualifications: row.qualifications.map((q) => ({
      id: q.id,
      typeCode: q.typeCode,
      typeName: q.level.type.name,
      level: q.levelCode,
      certificateNo: q.certificateNo,
      issuer: q.issuer,
      validFrom: dateOfColumn(q.validFrom),
      validTo: dateOfColumn(q.validTo),
      status: q.status,
      verified: q.status === 'VERIFIED',
      expired: isExpired(q.validTo, at),
      reviewedAt: q.reviewedAt?.toISOString() ?? null,
    })),
    practitioners: row.practitioners.map(({ updatedAt: _updatedAt, ...practitioner }) => practitioner),
    commitments: row.serviceCommitments.map(commitmentOf),
    performance: performance.get(row.id)!,
    creditScore: standing.score,
    creditLevel: standing.level,
    ratingAverage: ratings.get(row.id) ?? null,
    blacklisted: entry !== null,
    activeBlacklistEntry: entry
      ? { reason: entry.reason, startsAt: entry.startsAt.toISOString(), endsAt: entry.endsAt.toISOString() }
      : null,
    suspended: row.status === 'SUSPENDED',
    statusReason: row.status === 'SUSPENDED' ? row.statusReason : null,
    // Listed at registration: there is no approval step (零门槛).
    listedAt: row.createdAt.toISOString(),
    updatedAt: new Date(lastChange).toISOString(),
    introduction: row.intermediaryProfile?.introduction ?? null,
    address: row.address,
    contactPhone: row.contactPhone,
    website: row.intermediaryProfile?.website ?? null,
    legalRepresentative: row.legalRepresentative,
  }
}

export type FieldWithServices = { code: string; name: string; serviceItems: Array<{ code: string; name: string }> }

/** The filter choices of the directory page: fields (领域) with their active service items. */
export async function directoryFilterOptions(): Promise<FieldWithServices[]> {
  return prisma.field.findMany({
    orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }],
    select: {
      code: true,
      name: true,
      serviceItems: { where: { active: true }, orderBy: { code: 'asc' }, select: { code: true, name: true } },
    },
  })
}
