// One competent department (行业主管部门) per field at the province level (四川省), each supervising
// the service items of its field, with one user (role department.admin). Created through the same
// domain function the admin uses; a department whose USCC or e-mail already exists is left as it is.
// The users' password comes from DEPARTMENT_SEED_PASSWORD, otherwise it is random and unknown to
// anyone (the admin resets it); there is no default password.
import crypto from 'node:crypto'
import { usccCheckCharacter } from '#app/domain/accounts/uscc.ts'
import { registerDepartment } from '#app/domain/departments/departments.server.ts'
import type { PrismaClient } from '#app/generated/prisma/client.ts'
import { SERVICE_ITEMS, type FieldCode } from '#prisma/seed/catalogue.ts'

export const DEPARTMENT_REGION = '510000'

type DepartmentSeed = { fieldCode: FieldCode; name: string; email: string; userName: string }

export const DEPARTMENTS: DepartmentSeed[] = [
  { fieldCode: 'ECOLOGY', name: '四川省生态环境厅', email: 'eco@dept.zjcs.local', userName: '生态环境厅管理员' },
  { fieldCode: 'WATER', name: '四川省水利厅', email: 'water@dept.zjcs.local', userName: '水利厅管理员' },
  {
    fieldCode: 'NATURAL_RESOURCES',
    name: '四川省自然资源厅',
    email: 'nr@dept.zjcs.local',
    userName: '自然资源厅管理员',
  },
  {
    fieldCode: 'EMERGENCY',
    name: '四川省应急管理厅',
    email: 'emergency@dept.zjcs.local',
    userName: '应急管理厅管理员',
  },
  { fieldCode: 'HEALTH', name: '四川省卫生健康委员会', email: 'health@dept.zjcs.local', userName: '卫生健康委管理员' },
  {
    fieldCode: 'DEVELOPMENT',
    name: '四川省发展和改革委员会',
    email: 'development@dept.zjcs.local',
    userName: '发展改革委管理员',
  },
  { fieldCode: 'EARTHQUAKE', name: '四川省地震局', email: 'earthquake@dept.zjcs.local', userName: '地震局管理员' },
  { fieldCode: 'METEOROLOGY', name: '四川省气象局', email: 'meteorology@dept.zjcs.local', userName: '气象局管理员' },
  { fieldCode: 'CULTURAL_RELICS', name: '四川省文物局', email: 'culture@dept.zjcs.local', userName: '文物局管理员' },
  {
    fieldCode: 'HOUSING',
    name: '四川省住房和城乡建设厅',
    email: 'housing@dept.zjcs.local',
    userName: '住房城乡建设厅管理员',
  },
  { fieldCode: 'FINANCE', name: '四川省财政厅', email: 'finance@dept.zjcs.local', userName: '财政厅管理员' },
]

/**
 * A stable USCC for the n-th seeded department: registration authority 1 (机构编制), type 1
 * (机关), the province's region code, an organization code and the GB 32100 check character.
 */
export function departmentUscc(index: number): string {
  const first17 = `11${DEPARTMENT_REGION}MB1${String(index + 1).padStart(6, '0')}`
  return first17 + usccCheckCharacter(first17)
}

export async function seedDepartments(prisma: PrismaClient): Promise<void> {
  for (const [index, seed] of DEPARTMENTS.entries()) {
    const uscc = departmentUscc(index)
    const [organization, user] = await Promise.all([
      prisma.organization.findUnique({ where: { uscc }, select: { id: true } }),
      prisma.user.findUnique({ where: { email: seed.email }, select: { id: true } }),
    ])
    if (organization || user) continue
    await registerDepartment(
      {
        name: seed.name,
        uscc,
        regionCode: DEPARTMENT_REGION,
        fieldCode: seed.fieldCode,
        serviceItemCodes: SERVICE_ITEMS.filter((item) => item.fieldCode === seed.fieldCode).map((item) => item.code),
        user: {
          email: seed.email,
          name: seed.userName,
          password: process.env.DEPARTMENT_SEED_PASSWORD || crypto.randomBytes(18).toString('base64url'),
        },
      },
      null,
    )
  }
}
