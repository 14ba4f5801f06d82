// Eligibility reads the blacklist in raw SQL (activeBlacklistSql) while the directory uses the Prisma
// form (activeBlacklistWhere). Both must say the same for entries that are in force, not yet started,
// ended or lifted, including the exact boundaries.
import { describe, expect, test } from 'vitest'
import { prisma } from '#app/db.server.ts'
import { checkEligibility } from '#app/domain/bidding/eligibility.server.ts'
import { activeBlacklistWhere } from '#app/domain/intermediaries/listing.server.ts'
import { createListedIntermediary } from '#tests/factories/bidding.ts'
import { createOrganization } from '#tests/factories/index.ts'

const at = new Date('2026-11-23T08:00:00.000Z')
const minutes = (n: number) => new Date(at.getTime() + n * 60_000)

const cases = [
  { name: 'in force', startsAt: minutes(-60), endsAt: minutes(60), liftedAt: null, active: true },
  { name: 'starting exactly now', startsAt: at, endsAt: minutes(60), liftedAt: null, active: true },
  { name: 'not started', startsAt: minutes(1), endsAt: minutes(60), liftedAt: null, active: false },
  { name: 'ending exactly now', startsAt: minutes(-60), endsAt: at, liftedAt: null, active: false },
  { name: 'ended', startsAt: minutes(-120), endsAt: minutes(-60), liftedAt: null, active: false },
  { name: 'lifted', startsAt: minutes(-60), endsAt: minutes(60), liftedAt: minutes(-5), active: false },
]

describe('blacklist at bid time', () => {
  test.each(cases)('$name', async ({ startsAt, endsAt, liftedAt, active }) => {
    const firm = await createListedIntermediary()
    const owner = await createOrganization({ type: 'OWNER' })
    await prisma.blacklistEntry.create({
      data: { organizationId: firm.organization.id, reason: '测试', evidence: '测试', startsAt, endsAt, liftedAt },
    })
    const target = { serviceItemCode: 'ZJ-ECO-001', ownerOrganizationId: owner.id }
    const eligibility = await checkEligibility(prisma, firm.organization.id, target, at)
    const prismaForm = await prisma.blacklistEntry.count({ where: { organizationId: firm.organization.id, ...activeBlacklistWhere(at) } })
    expect(prismaForm > 0).toBe(active)
    expect(eligibility).toEqual(active ? { eligible: false, reason: '该机构已被列入黑名单，不能参与' } : { eligible: true })
  })
})
