// Who may take part in an announcement (DESIGN §4). The only condition an announcement can impose
// is the service item's legal qualification requirement; everything else is the platform's rule.
// Checked when a firm bids (or is named for direct selection), again at opening and evaluation, and
// once more at award.
import type { Tx } from '#app/db.server.ts'
import { isQualificationCurrent } from '#app/domain/intermediaries/qualifications.server.ts'
import { activeBlacklistSql } from '#app/domain/intermediaries/listing.server.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
import type { QualificationStatus } from '#app/generated/prisma/enums.ts'

export type Eligibility = { eligible: true } | { eligible: false; reason: string }

export type EligibilityTarget = {
  serviceItemCode: string
  ownerOrganizationId: string
}

/** The eligibility of one intermediary at an instant, with the reason in Chinese when it is not. */
export async function checkEligibility(
  tx: Tx,
  organizationId: string,
  target: EligibilityTarget,
  at: Date,
): Promise<Eligibility> {
  const [result] = (await checkEligibilityOfMany(tx, [organizationId], target, at)).values()
  return result!
}

type RequirementRow = {
  name: string
  qualificationTypeCode: string | null
  qualificationMinLevel: string | null
  typeName: string | null
  levelCode: string | null
  levelRank: number | null
}

/** One row per firm and qualification of the required type (one row with nulls when it holds none). */
type FirmRow = {
  id: string
  type: string
  uscc: string
  status: string
  listedAt: Date | null
  offers: number | bigint
  blacklisted: number | bigint
  ownerUscc: string | null
  levelCode: string | null
  qualificationStatus: QualificationStatus | null
  validFrom: Date | null
  validTo: Date | null
}

/**
 * The eligibility of several firms (all bidders at opening) in two statements: the service item's
 * requirement, and the firms with their facts and their qualifications of the required type. It runs
 * inside every bid's transaction, so it is kept to two round trips.
 */
export async function checkEligibilityOfMany(
  tx: Tx,
  organizationIds: readonly string[],
  target: EligibilityTarget,
  at: Date,
): Promise<Map<string, Eligibility>> {
  const requirement = await tx.$queryRaw<RequirementRow[]>`
    SELECT s.name, s.qualificationTypeCode, s.qualificationMinLevel, t.name AS typeName, l.code AS levelCode, l.\`rank\` AS levelRank
      FROM ServiceItem s
      LEFT JOIN QualificationType t ON t.code = s.qualificationTypeCode
      LEFT JOIN QualificationLevel l ON l.typeCode = s.qualificationTypeCode
     WHERE s.code = ${target.serviceItemCode}`
  const serviceItem = requirement[0]
  if (!serviceItem) throw new Error(`service item ${target.serviceItemCode} does not exist`)
  const results = new Map<string, Eligibility>()
  if (organizationIds.length === 0) return results
  const rows = await tx.$queryRaw<FirmRow[]>`
    SELECT o.id, o.type, o.uscc, o.status, p.listedAt,
           EXISTS (SELECT 1 FROM OfferedService os WHERE os.organizationId = o.id AND os.serviceItemCode = ${target.serviceItemCode}) AS offers,
           EXISTS (SELECT 1 FROM BlacklistEntry b WHERE b.organizationId = o.id AND ${activeBlacklistSql('b', at)}) AS blacklisted,
           (SELECT owner.uscc FROM Organization owner WHERE owner.id = ${target.ownerOrganizationId}) AS ownerUscc,
           q.levelCode, q.status AS qualificationStatus, q.validFrom, q.validTo
      FROM Organization o
      LEFT JOIN IntermediaryProfile p ON p.organizationId = o.id
      LEFT JOIN Qualification q ON q.organizationId = o.id AND q.typeCode = ${serviceItem.qualificationTypeCode ?? ''}
     WHERE o.id IN (${Prisma.join([...organizationIds])})`

  const rankOf = new Map(
    requirement.flatMap((l) => (l.levelCode === null ? [] : [[l.levelCode, Number(l.levelRank)] as const])),
  )
  const minRank = rankOf.get(serviceItem.qualificationMinLevel ?? '') ?? Number.POSITIVE_INFINITY
  const rowsOf = new Map<string, FirmRow[]>()
  for (const row of rows) rowsOf.set(row.id, [...(rowsOf.get(row.id) ?? []), row])
  for (const id of organizationIds) {
    const firmRows = rowsOf.get(id) ?? []
    const firm = firmRows[0]
    const refuse = (reason: string) => results.set(id, { eligible: false, reason })
    if (!firm || firm.type !== 'INTERMEDIARY') refuse('只有入驻的中介机构可以参与')
    else if (firm.id === target.ownerOrganizationId || firm.uscc === firm.ownerUscc)
      refuse('项目业主不能参与本单位的采购')
    else if (!firm.listedAt) refuse('该机构尚未完成入驻（未签署信用承诺书）')
    else if (firm.status !== 'ACTIVE') refuse('该机构的入驻已被暂停，暂停期间不能参与')
    else if (!Number(firm.offers)) refuse(`该机构未在入驻信息中提供「${serviceItem.name}」服务`)
    else if (Number(firm.blacklisted)) refuse('该机构已被列入黑名单，不能参与')
    else if (serviceItem.qualificationTypeCode) {
      const holds = firmRows.some(
        (q) =>
          q.levelCode !== null &&
          q.qualificationStatus !== null &&
          q.validFrom !== null &&
          q.validTo !== null &&
          isQualificationCurrent({ status: q.qualificationStatus, validFrom: q.validFrom, validTo: q.validTo }, at) &&
          (rankOf.get(q.levelCode) ?? Number.POSITIVE_INFINITY) <= minRank,
      )
      if (!holds) {
        const level = serviceItem.qualificationMinLevel ? `${serviceItem.qualificationMinLevel}及以上` : ''
        refuse(
          `该服务事项依法要求${serviceItem.typeName ?? '相应资质'}（${level || '任一等级'}），该机构没有在有效期内的此类资质`,
        )
      } else results.set(id, { eligible: true })
    } else results.set(id, { eligible: true })
  }
  return results
}
