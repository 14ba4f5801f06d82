// The competent departments (行业主管部门) of a matter: those supervising one of its service items in
// a region covering the matter's region (谁主管谁监管), the most local first (a county's department
// before its city's, a city's before the province's), ties by name. Complaints are routed to the
// first; repair applications of automatic blacklist entries are announced to all of them.
import type { Tx } from '#app/db.server.ts'
import { regionCovers, regionPrefix } from '#app/domain/catalogue/regions.ts'

export type CompetentDepartment = { organizationId: string; name: string; regionCode: string }

export async function competentDepartments(
  db: Tx,
  serviceItemCodes: readonly string[],
  regionCode: string,
): Promise<CompetentDepartment[]> {
  if (serviceItemCodes.length === 0) return []
  const rows = await db.department.findMany({
    where: {
      serviceItems: { some: { serviceItemCode: { in: [...serviceItemCodes] } } },
      organization: { status: 'ACTIVE' },
    },
    select: { organizationId: true, organization: { select: { name: true, regionCode: true } } },
  })
  return rows
    .filter((d) => regionCovers(d.organization.regionCode, regionCode))
    .map((d) => ({ organizationId: d.organizationId, name: d.organization.name, regionCode: d.organization.regionCode }))
    .sort(
      (a, b) =>
        regionPrefix(b.regionCode).length - regionPrefix(a.regionCode).length ||
        a.name.localeCompare(b.name, 'zh-CN') ||
        a.organizationId.localeCompare(b.organizationId),
    )
}
