// The 所在地区 choices of the register form: the provinces, and for one province its cities with
// their counties (plus counties directly under the province). Sichuan is shown by default.
import { prisma } from '#app/db.server.ts'

export const DEFAULT_PROVINCE_CODE = '510000'

export type RegionOption = { code: string; name: string }
export type RegionGroup = { city: RegionOption | null; counties: RegionOption[] }

export async function regionChoices(provinceCode?: string | null): Promise<{
  provinces: RegionOption[]
  province: RegionOption | null
  groups: RegionGroup[]
}> {
  const provinces = await prisma.region.findMany({
    where: { level: 1 },
    orderBy: { code: 'asc' },
    select: { code: true, name: true },
  })
  const province =
    provinces.find((p) => p.code === provinceCode) ??
    provinces.find((p) => p.code === DEFAULT_PROVINCE_CODE) ??
    provinces[0] ??
    null
  if (!province) return { provinces, province: null, groups: [] }
  const children = await prisma.region.findMany({
    where: { parentCode: province.code },
    orderBy: { code: 'asc' },
    select: {
      code: true,
      name: true,
      level: true,
      children: { orderBy: { code: 'asc' }, select: { code: true, name: true } },
    },
  })
  const groups: RegionGroup[] = children
    .filter((c) => c.level === 2)
    .map((c) => ({ city: { code: c.code, name: c.name }, counties: c.children }))
  const direct = children.filter((c) => c.level === 3).map((c) => ({ code: c.code, name: c.name }))
  if (direct.length > 0) groups.push({ city: null, counties: direct })
  return { provinces, province, groups }
}

/**
 * The region filter of a list page: the province whose cities and counties the region select lists
 * (the chosen one, else the region's), and the region to filter by. A region left over from another
 * province (after switching provinces) falls back to the whole chosen province.
 */
export function resolveRegionFilter(chosenProvince: string | undefined, chosenRegion: string | undefined) {
  const province = chosenProvince ?? (chosenRegion ? `${chosenRegion.slice(0, 2)}0000` : undefined)
  const regionCode =
    province && chosenRegion && chosenRegion.slice(0, 2) !== province.slice(0, 2)
      ? province
      : (chosenRegion ?? province)
  return { province, regionCode }
}

/** What the filter's selects list: every province, and the chosen province's cities and counties. */
export async function regionFilterChoices(province: string | undefined) {
  const choices = await regionChoices(province ?? null)
  return {
    provinces: choices.provinces,
    province: province ? choices.province : null,
    groups: province ? choices.groups : [],
  }
}
