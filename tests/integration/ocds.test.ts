// OCDS 1.1 output: every release and record package the API produces during announcements that
// are awarded, cancelled and failed is valid against the JSON Schema written from the standard
// (tests/helpers/ocds-schema.ts); releases are immutable, bids appear only after the opening, parties
// carry their roles, and the feed pages by links.next.
import { beforeAll, describe, expect, test } from 'vitest'
import {
  advanceClock,
  createListedIntermediary,
  createOwnerWithProject,
  placeBids,
  publishedAnnouncement,
  type Member,
} from '#tests/factories/bidding.ts'
import { api, type CallResult } from '#tests/helpers/app.ts'
import { schemaErrors, validateRecordPackage, validateReleasePackage } from '#tests/helpers/ocds-schema.ts'

type Release = {
  ocid: string
  id: string
  date: string
  tag: string[]
  tender: Record<string, any>
  parties: Array<{ id: string; roles: string[] }>
  bids?: any
  awards?: any[]
}

let owner: Member
let awarded: string
let cancelled: string
let failed: string
let tenderRelease: Release

async function feed(pageSize = 100): Promise<{ packages: any[]; releases: Release[] }> {
  const packages: any[] = []
  let next: string | undefined = `/api/v1/ocds/releases?pageSize=${pageSize}`
  while (next) {
    const response: CallResult = await api.get(next.replace(/^https?:\/\/[^/]+/, ''))
    expect(response.status).toBe(200)
    packages.push(response.body)
    next = response.body.links?.next
  }
  return { packages, releases: packages.flatMap((p) => p.releases) }
}

beforeAll(async () => {
  const created = await createOwnerWithProject()
  owner = created.owner
  const firms = await Promise.all([1, 2, 3].map(() => createListedIntermediary()))
  ;({ id: awarded } = await publishedAnnouncement(owner, created.projectId))
  ;({ id: cancelled } = await publishedAnnouncement(owner, created.projectId))
  ;({ id: failed } = await publishedAnnouncement(owner, created.projectId))
  tenderRelease = (await feed()).releases.find((r) => r.tender.id === awarded)!
  const amended = await api.post(
    `/api/v1/announcements/${awarded}/amendments`,
    { reason: '补充服务范围', scope: '编制环境影响报告书，并配合完成技术评估、审批和公示。' },
    { token: owner.token },
  )
  expect(amended.status).toBe(201)
  expect(
    (
      await api.post(
        `/api/v1/announcements/${cancelled}/cancel`,
        { reason: '项目选址调整，终止采购' },
        { token: owner.token },
      )
    ).status,
  ).toBe(200)
  await placeBids(
    awarded,
    firms.map((firm, i) => ({ firm, price: `${120000 + i * 1000}.00` })),
  )
  await placeBids(failed, [{ firm: firms[0]!, price: '100000.00' }])
  await advanceClock('P4DT1H') // opened and evaluated: publicity, or 流标 with one bid
  await advanceClock('P3DT1H') // publicity over: awarded
})

describe('OCDS releases and records', () => {
  test('every release package of the feed (paged by links.next) and every record package validates', async () => {
    const { packages, releases } = await feed(2)
    expect(packages.length).toBeGreaterThan(2)
    for (const p of packages) expect(validateReleasePackage(p), schemaErrors(validateReleasePackage)).toBe(true)
    expect(new Set(releases.map((r) => r.id)).size).toBe(releases.length)
    for (const ocid of new Set(releases.map((r) => r.ocid))) {
      const record = await api.get(`/api/v1/ocds/records/${ocid}`)
      expect(record.status).toBe(200)
      expect(validateRecordPackage(record.body), schemaErrors(validateRecordPackage)).toBe(true)
    }
  })

  test('the awarded announcement: tender, amendment, opening with bids, award pending then active, as releases in order', async () => {
    const { releases } = await feed()
    const own = releases.filter((r) => r.tender.id === awarded)
    expect(own.map((r) => r.tag)).toEqual([
      ['tender'],
      ['tenderAmendment'],
      ['tenderUpdate'],
      ['award'],
      ['awardUpdate'],
    ])
    expect(own[0]!.ocid).toBe(`ocds-zjcs00-${awarded}`)
    // no bid, no bidder before the opening
    expect(own[0]!.bids).toBeUndefined()
    expect(own[1]!.parties.flatMap((p) => p.roles)).not.toContain('tenderer')
    expect(own[0]!.parties.flatMap((p) => p.roles)).toEqual(
      expect.arrayContaining(['buyer', 'procuringEntity', 'reviewBody']),
    )
    expect(own[0]!.tender).toMatchObject({
      status: 'active',
      procurementMethod: 'open',
      awardCriteria: 'priceOnly',
      mainProcurementCategory: 'services',
      value: { amount: 150000, currency: 'CNY' },
    })
    expect(own[1]!.tender.amendments).toEqual([expect.objectContaining({ id: '1', rationale: '补充服务范围' })])
    expect(own[2]!.bids.details).toHaveLength(3)
    expect(own[2]!.bids.details.map((b: any) => b.value)).toEqual(
      expect.arrayContaining([{ amount: 120000, currency: 'CNY' }]),
    )
    expect(own[3]!.awards).toEqual([
      expect.objectContaining({ status: 'pending', value: { amount: 120000, currency: 'CNY' } }),
    ])
    expect(own[4]!.awards).toEqual([expect.objectContaining({ status: 'active' })])
    expect(own[4]!.tender.status).toBe('complete')
    expect(own[4]!.parties.filter((p) => p.roles.includes('supplier'))).toHaveLength(1)
    // a release never changes once published
    expect(own[0]).toEqual(tenderRelease)

    const record = (await api.get(`/api/v1/ocds/records/ocds-zjcs00-${awarded}`)).body.records[0]
    expect(record.releases).toHaveLength(5)
    expect(record.compiledRelease).toMatchObject({
      tag: ['compiled'],
      tender: { status: 'complete', amendments: [expect.objectContaining({ id: '1' })] },
      awards: [expect.objectContaining({ status: 'active' })],
    })
  })

  test('a cancellation and a 流标 are published with their tender status; an unknown ocid is 404', async () => {
    const { releases } = await feed()
    expect(releases.filter((r) => r.tender.id === cancelled).at(-1)).toMatchObject({
      tag: ['tenderCancellation'],
      tender: { status: 'cancelled' },
    })
    expect(releases.filter((r) => r.tender.id === failed).at(-1)).toMatchObject({
      tag: ['tenderUpdate'],
      tender: { status: 'unsuccessful' },
    })
    expect((await api.get('/api/v1/ocds/records/ocds-zjcs00-nope')).status).toBe(404)
    expect((await api.get('/api/v1/ocds/releases?since=yesterday')).status).toBe(400)
    const later = await api.get(`/api/v1/ocds/releases?since=${encodeURIComponent(releases.at(-1)!.date)}`)
    expect(later.body.releases).toEqual([])
  })

  test('the schema refuses a broken package: a wrong currency, an unknown tag, a missing ocid, a misspelt field', async () => {
    const { packages } = await feed()
    const broken = (mutate: (release: any) => void) => {
      const copy = structuredClone(packages[0])
      mutate(copy.releases.find((r: Release) => r.tender?.value) ?? copy.releases[0])
      return validateReleasePackage(copy)
    }
    expect(broken(() => {})).toBe(true)
    expect(broken((r) => (r.tender.value.currency = 'RMB'))).toBe(false)
    expect(broken((r) => (r.tag = ['published']))).toBe(false)
    expect(broken((r) => delete r.ocid)).toBe(false)
    expect(broken((r) => (r.tender.procurmentMethod = 'open'))).toBe(false)
    expect(broken((r) => (r.tender.status = 'closed'))).toBe(false)
    expect(broken((r) => (r.parties[0].roles = ['owner']))).toBe(false)
  })
})
