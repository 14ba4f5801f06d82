// The search index's view of an intermediary (IntermediaryDocument of search/port.ts), built from
// the database. Every INTERMEDIARY organization is listed from the moment it registers (零门槛: no
// approval step); it offers no service items until it picks them.
import { creditOf, ratingAverageOf } from '#app/domain/credit/credit.server.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import {
  activeBlacklistWhere,
  currentVerifiedQualificationWhere,
  defaultReader,
  regionTrails,
  type Reader,
} from '#app/domain/intermediaries/listing.server.ts'
import type { IntermediaryDocument } from '#search/port.ts'

export type BuiltDocuments = {
  documents: IntermediaryDocument[]
  /** Ids that are not (or no longer) listed intermediaries: remove them from the index. */
  unlisted: string[]
}

/** Documents for the given organization ids, in one round of queries. */
export async function buildSearchDocuments(
  organizationIds: readonly string[],
  db: Reader = defaultReader,
): Promise<BuiltDocuments> {
  const ids = [...new Set(organizationIds)]
  if (ids.length === 0) return { documents: [], unlisted: [] }
  const at = now()
  const organizations = await db.organization.findMany({
    where: { id: { in: ids }, type: 'INTERMEDIARY' },
    select: {
      id: true,
      name: true,
      uscc: true,
      regionCode: true,
      status: true,
      createdAt: true,
      updatedAt: true,
      intermediaryProfile: { select: { shortName: true, introduction: true, updatedAt: true } },
      offeredServices: {
        orderBy: { serviceItemCode: 'asc' },
        select: { serviceItemCode: true, serviceItem: { select: { name: true, fieldCode: true } } },
      },
      qualifications: { where: currentVerifiedQualificationWhere(at), select: { id: true }, take: 1 },
      blacklistEntries: { where: activeBlacklistWhere(at), select: { id: true }, take: 1 },
    },
  })
  const listedIds = organizations.map((organization) => organization.id)
  const [credit, ratings, trails] = await Promise.all([
    creditOf(listedIds),
    ratingAverageOf(listedIds),
    regionTrails(
      organizations.map((organization) => organization.regionCode),
      db,
    ),
  ])
  const documents = organizations.map((organization): IntermediaryDocument => {
    const standing = credit.get(organization.id)!
    const profile = organization.intermediaryProfile
    const updatedAt = Math.max(organization.updatedAt.getTime(), profile?.updatedAt.getTime() ?? 0)
    return {
      id: organization.id,
      name: organization.name,
      shortName: profile?.shortName ?? null,
      uscc: organization.uscc,
      regionCode: organization.regionCode,
      regionPath: trails.get(organization.regionCode)?.codes ?? [organization.regionCode],
      serviceItemCodes: organization.offeredServices.map((service) => service.serviceItemCode),
      serviceItemNames: organization.offeredServices.map((service) => service.serviceItem.name),
      fieldCodes: [...new Set(organization.offeredServices.map((service) => service.serviceItem.fieldCode))],
      introduction: profile?.introduction ?? null,
      creditScore: standing.score,
      creditLevel: standing.level,
      ratingAverage: ratings.get(organization.id) ?? null,
      hasVerifiedQualification: organization.qualifications.length > 0,
      blacklisted: organization.blacklistEntries.length > 0,
      suspended: organization.status === 'SUSPENDED',
      createdAt: organization.createdAt.getTime(),
      updatedAt,
    }
  })
  const listed = new Set(listedIds)
  return { documents, unlisted: ids.filter((id) => !listed.has(id)) }
}

/** The document of one organization, or null when it is not a listed intermediary. */
export async function buildSearchDocument(
  organizationId: string,
  db: Reader = defaultReader,
): Promise<IntermediaryDocument | null> {
  const { documents } = await buildSearchDocuments([organizationId], db)
  return documents[0] ?? null
}
