import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { prisma } from '#app/db.server.ts'
import { usccProblem } from '#app/domain/accounts/uscc.ts'
import { seedReferenceData } from '#prisma/seed.ts'
import { APPROVAL_ITEMS, FIELDS, QUALIFICATION_TYPES, SERVICE_ITEMS } from '#prisma/seed/catalogue.ts'
import { DEPARTMENTS, departmentUscc } from '#prisma/seed/departments.ts'
import { migrationsDir } from '#prisma/migrate.ts'

async function counts() {
  const [
    regions,
    fields,
    qualificationTypes,
    levels,
    approvalItems,
    serviceItems,
    links,
    organizations,
    departments,
    departmentItems,
    users,
    memberships,
    audits,
  ] = await Promise.all([
    prisma.region.count(),
    prisma.field.count(),
    prisma.qualificationType.count(),
    prisma.qualificationLevel.count(),
    prisma.approvalItem.count(),
    prisma.serviceItem.count(),
    prisma.approvalServiceLink.count(),
    prisma.organization.count(),
    prisma.department.count(),
    prisma.departmentServiceItem.count(),
    prisma.user.count(),
    prisma.membership.count(),
    prisma.auditEntry.count(),
  ])
  return {
    regions,
    fields,
    qualificationTypes,
    levels,
    approvalItems,
    serviceItems,
    links,
    organizations,
    departments,
    departmentItems,
    users,
    memberships,
    audits,
  }
}

describe('reference seed', () => {
  test('seeds every field, qualification type, approval item, service item and one department per field', async () => {
    const c = await counts()
    expect(c.fields).toBe(FIELDS.length)
    expect(c.qualificationTypes).toBe(QUALIFICATION_TYPES.length)
    expect(c.approvalItems).toBe(APPROVAL_ITEMS.length)
    expect(c.serviceItems).toBe(SERVICE_ITEMS.length)
    expect(c.departments).toBe(DEPARTMENTS.length)
    expect(c.departmentItems).toBe(SERVICE_ITEMS.length)
  })

  test('running the seed twice changes nothing', async () => {
    const before = await counts()
    await seedReferenceData(prisma)
    expect(await counts()).toEqual(before)
  })

  test('an admin edit of a seeded row survives a restart (insert if missing, never overwrite)', async () => {
    await prisma.approvalItem.update({
      where: { code: 'SP-MET-001' },
      data: { name: '防雷装置设计审核（已由管理员修改）', active: false },
    })
    await prisma.approvalServiceLink.update({
      where: { approvalItemCode_serviceItemCode: { approvalItemCode: 'SP-NR-004', serviceItemCode: 'ZJ-NR-005' } },
      data: { required: true },
    })
    await seedReferenceData(prisma)
    expect(await prisma.approvalItem.findUnique({ where: { code: 'SP-MET-001' } })).toMatchObject({
      name: '防雷装置设计审核（已由管理员修改）',
      active: false,
    })
    const link = await prisma.approvalServiceLink.findUniqueOrThrow({
      where: { approvalItemCode_serviceItemCode: { approvalItemCode: 'SP-NR-004', serviceItemCode: 'ZJ-NR-005' } },
    })
    expect(link.required).toBe(true)
  })

  test('every seeded department has a valid government USCC and a department.admin user', async () => {
    for (const [index, seed] of DEPARTMENTS.entries()) {
      const uscc = departmentUscc(index)
      expect(uscc.startsWith('11')).toBe(true)
      expect(usccProblem(uscc)).toBeNull()
      const organization = await prisma.organization.findUniqueOrThrow({
        where: { uscc },
        include: { department: true, memberships: { include: { user: true } } },
      })
      expect(organization).toMatchObject({ type: 'DEPARTMENT', name: seed.name })
      expect(organization.department?.fieldCode).toBe(seed.fieldCode)
      expect(organization.memberships.map((m) => [m.user.email, m.roleName])).toEqual([
        [seed.email, 'department.admin'],
      ])
    }
  })

  test('every qualification requirement names an existing type and one of its levels', async () => {
    for (const item of SERVICE_ITEMS.filter((i) => i.qualification)) {
      const level = await prisma.qualificationLevel.findUnique({
        where: { typeCode_code: { typeCode: item.qualification!.typeCode, code: item.qualification!.minLevel } },
      })
      expect(level, item.code).not.toBeNull()
    }
  })

  test('the migration that gave qualification types a field maps the existing types as the seed does', async () => {
    const sql = fs.readFileSync(path.join(migrationsDir, '20261204013100_qualification_type_field', 'migration.sql'), 'utf8')
    const update = /UPDATE `QualificationType`[\s\S]*?;/.exec(sql)?.[0]
    expect(update).toBeDefined()
    await prisma.qualificationType.updateMany({ data: { fieldCode: null } })
    await prisma.$executeRawUnsafe(update!)
    const types = await prisma.qualificationType.findMany({ select: { code: true, fieldCode: true } })
    const byCode = (a: { code: string }, b: { code: string }) => (a.code < b.code ? -1 : 1)
    expect(types.sort(byCode)).toEqual(QUALIFICATION_TYPES.map(({ code, fieldCode }) => ({ code, fieldCode })).sort(byCode))
  })
})
