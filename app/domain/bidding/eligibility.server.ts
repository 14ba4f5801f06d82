// Who may take part in an announcement (DESIGN §4). The only condition an announcement can impose
// is the service item's legal qualification requirement; everything else is the platform's rule.
// Checked when a firm bids (or is named for direct selection), again at opening and evaluation, and
// once more at award.
import type { Tx } from '#app/db.server.ts'
import { isQualificationCurrent } from '#app/domain/intermediaries/qualifications.server.ts'
import { activeBlacklistWhere } from '#app/domain/intermediaries/listing.server.ts'

export type Eligibility = { eligible: true } | { eligible: false; reason: string }

export type EligibilityTarget = {
  serviceItemCode: string
  ownerOrganizationId: string
}

/** The eligibility of one intermediary at an instant, with the reason in Chinese when it is not. */
export async function checkEligibility(tx: Tx, organizationId: string, target: EligibilityTarget, at: Date): Promise<Eligibility> {
  const [result] = (await checkEligibilityOfMany(tx, [organizationId], target, at)).values()
  return result!
}

export async function checkEligibilityOfMany(
  tx: Tx,
  organizationIds: readonly string[],
  target: EligibilityTarget,
  at: Date,
): Promise<Map<string, Eligibility>> {
  const [serviceItem, owner, firms] = await Promise.all([
    tx.serviceItem.findUniqueOrThrow({
      where: { code: target.serviceItemCode },
      select: {
        name: true,
        qualificationTypeCode: true,
        qualificationMinLevel: true,
        qualificationType: { select: { name: true, levels: { select: { code: true, rank: true } } } },
      },
    }),
    tx.organization.findUniqueOrThrow({ where: { id: target.ownerOrganizationId }, select: { uscc: true } }),
    tx.organization.findMany({
      where: { id: { in: [...organizationIds] } },
      select: {
        id: true,
        type: true,
        uscc: true,
        status: true,
        intermediaryProfile: { select: { listedAt: true } },
        offeredServices: { where: { serviceItemCode: target.serviceItemCode }, select: { serviceItemCode: true } },
        blacklistEntries: { where: activeBlacklistWhere(at), select: { id: true }, take: 1 },
        qualifications: { select: { typeCode: true, levelCode: true, status: true, validFrom: true, validTo: true } },
      },
    }),
  ])
  const levels = serviceItem.qualificationType?.levels ?? []
  const minRank = levels.find((l) => l.code === serviceItem.qualificationMinLevel)?.rank ?? Number.POSITIVE_INFINITY
  const rankOf = new Map(levels.map((l) => [l.code, l.rank]))

  const results = new Map<string, Eligibility>()
  for (const id of organizationIds) {
    const firm = firms.find((f) => f.id === id)
    const refuse = (reason: string) => results.set(id, { eligible: false, reason })
    if (!firm || firm.type !== 'INTERMEDIARY') refuse('只有入驻的中介机构可以参与')
    else if (firm.id === target.ownerOrganizationId || firm.uscc === owner.uscc) refuse('项目业主不能参与本单位的采购')
    else if (!firm.intermediaryProfile?.listedAt) refuse('该机构尚未完成入驻（未签署信用承诺书）')
    else if (firm.status !== 'ACTIVE') refuse('该机构的入驻已被暂停，暂停期间不能参与')
    else if (firm.offeredServices.length === 0) refuse(`该机构未在入驻信息中提供「${serviceItem.name}」服务`)
    else if (firm.blacklistEntries.length > 0) refuse('该机构已被列入黑名单，不能参与')
    else if (serviceItem.qualificationTypeCode) {
      const holds = firm.qualifications.some(
        (q) =>
          q.typeCode === serviceItem.qualificationTypeCode &&
          isQualificationCurrent(q, at) &&
          (rankOf.get(q.levelCode) ?? Number.POSITIVE_INFINITY) <= minRank,
      )
      if (!holds) {
        const level = serviceItem.qualificationMinLevel ? `${serviceItem.qualificationMinLevel}及以上` : ''
        refuse(`该服务事项依法要求${serviceItem.qualificationType?.name ?? '相应资质'}（${level || '任一等级'}），该机构没有在有效期内的此类资质`)
      } else results.set(id, { eligible: true })
    } else results.set(id, { eligible: true })
  }
  return results
}
