// 行政区划 from @vant/area-data (the national province → city → county tree with official codes).
import { areaList } from '@vant/area-data'
import type { PrismaClient } from '#app/generated/prisma/client.ts'

type RegionRow = { code: string; name: string; level: number; parentCode: string | null }

export function nationalRegions(): RegionRow[] {
  const rows: RegionRow[] = []
  for (const [code, name] of Object.entries(areaList.province_list)) rows.push({ code, name, level: 1, parentCode: null })
  for (const [code, name] of Object.entries(areaList.city_list)) {
    rows.push({ code, name, level: 2, parentCode: `${code.slice(0, 2)}0000` })
  }
  for (const [code, name] of Object.entries(areaList.county_list)) {
    const city = `${code.slice(0, 4)}00`
    rows.push({ code, name, level: 3, parentCode: city in areaList.city_list ? city : `${code.slice(0, 2)}0000` })
  }
  return rows
}

/** Inserts the regions that are missing (existing rows, possibly edited by the admin, are kept). */
export async function seedRegions(prisma: PrismaClient): Promise<void> {
  const existing = await prisma.region.count()
  const rows = nationalRegions()
  if (existing >= rows.length) return
  for (const level of [1, 2, 3]) {
    await prisma.region.createMany({ data: rows.filter((r) => r.level === level), skipDuplicates: true })
  }
}
