import { describe, expect, test } from 'vitest'
import { regionFilterChoices, resolveRegionFilter } from '#app/domain/accounts/region-choices.server.ts'

describe('the region filter of the list pages', () => {
  test.each([
    ['nothing chosen: the whole country', undefined, undefined, { province: undefined, regionCode: undefined }],
    ['a province alone filters by the province', '510000', undefined, { province: '510000', regionCode: '510000' }],
    ['a region alone brings its province', undefined, '510107', { province: '510000', regionCode: '510107' }],
    ['a region of the chosen province is kept', '510000', '510100', { province: '510000', regionCode: '510100' }],
    ['a region left over from another province falls back to the province', '440000', '510107', { province: '440000', regionCode: '440000' }],
  ])('%s', (_name, province, region, expected) => {
    expect(resolveRegionFilter(province, region)).toEqual(expected)
  })

  test('the region select lists the chosen province’s cities and counties, nothing without a province', async () => {
    const none = await regionFilterChoices(undefined)
    expect(none.province).toBeNull()
    expect(none.groups).toEqual([])
    expect(none.provinces.map((p) => p.code)).toContain('510000')
    const sichuan = await regionFilterChoices('510000')
    expect(sichuan.province?.name).toBe('四川省')
    const chengdu = sichuan.groups.find((g) => g.city?.code === '510100')
    expect(chengdu?.counties.map((c) => c.code)).toContain('510107')
  })
})
