// 行业主管部门: an organization of type DEPARTMENT with a field (领域), the service items it
// supervises (in its region and below), and its first user with the role department.admin.
// Departments are not self-registered: the platform admin creates them (manage:department), and the
// reference seed creates one per field through the same function.
import { prisma } from '#app/db.server.ts'
import { audit, type AuditActor } from '#app/domain/audit/audit.server.ts'
import { hashPassword, MIN_PASSWORD_LENGTH } from '#app/domain/accounts/password.server.ts'
import { normalizeUscc, USCC_MESSAGES, usccProblem } from '#app/domain/accounts/uscc.ts'
import { DepartmentInput } from '#app/domain/departments/schemas.ts'
import { conflict, invalid } from '#app/domain/errors.ts'
import { requirePermission, type Actor } from '#app/domain/permissions/permissions.server.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
import { fieldErrorsOf, type Pagination } from '#app/utils/zod.ts'

export const MANAGE_DEPARTMENT = 'manage:department'
export const DEPARTMENT_ADMIN_ROLE = 'department.admin'

export type CreatedDepartment = { organizationId: string; userId: string }

/** The platform admin creates a department with its first user. */
export async function createDepartment(actor: Actor, input: DepartmentInput): Promise<CreatedDepartment> {
  requirePermission(actor, MANAGE_DEPARTMENT)
  return registerDepartment(input, actor)
}

/**
 * Creates the department in one transaction: Organization (DEPARTMENT), Department (field),
 * its service items, the User and a department.admin Membership, with an audit entry.
 * 400 for invalid input or unknown references, 409 when the USCC or the e-mail is taken.
 * Callers must have checked the permission (createDepartment) or be the seed (actor null).
 */
export async function registerDepartment(
  rawInput: DepartmentInput,
  actor: AuditActor | null,
): Promise<CreatedDepartment> {
  const parsed = DepartmentInput.safeParse(rawInput)
  if (!parsed.success) throw invalid('提交的内容未通过校验', fieldErrorsOf(parsed.error))
  const input = parsed.data
  const uscc = normalizeUscc(input.uscc)
  const errors: Record<string, string[]> = {}
  const usccIssue = usccProblem(uscc)
  if (usccIssue) errors.uscc = [USCC_MESSAGES[usccIssue]]
  if (input.user.password.length < MIN_PASSWORD_LENGTH)
    errors['user.password'] = [`密码至少 ${MIN_PASSWORD_LENGTH} 个字符`]
  if (Object.keys(errors).length) throw invalid('提交的内容未通过校验', errors)
  const serviceItemCodes = [...new Set(input.serviceItemCodes)]
  const passwordHash = await hashPassword(input.user.password)

  try {
    return await prisma.$transaction(async (tx) => {
      const [region, items] = await Promise.all([
        tx.region.findUnique({ where: { code: input.regionCode } }),
        tx.serviceItem.findMany({
          where: { code: { in: serviceItemCodes }, active: true },
          select: { code: true, fieldCode: true },
        }),
      ])
      if (!region) errors.regionCode = ['行政区划代码不存在']
      const known = new Map(items.map((item) => [item.code, item.fieldCode]))
      const unknown = serviceItemCodes.filter((code) => !known.has(code))
      if (unknown.length) errors.serviceItemCodes = [`中介服务事项不存在或已停用：${unknown.join('、')}`]
      const fieldCode = input.fieldCode ?? known.get(serviceItemCodes[0]!)
      if (input.fieldCode && !(await tx.field.findUnique({ where: { code: input.fieldCode } }))) {
        errors.fieldCode = ['领域不存在']
      }
      if (Object.keys(errors).length || !fieldCode) throw invalid('提交的内容未通过校验', errors)

      const [usccTaken, emailTaken] = await Promise.all([
        tx.organization.findUnique({ where: { uscc }, select: { id: true } }),
        tx.user.findUnique({ where: { email: input.user.email }, select: { id: true } }),
      ])
      if (usccTaken) errors.uscc = ['该统一社会信用代码已注册']
      if (emailTaken) errors['user.email'] = ['该邮箱已注册']
      if (Object.keys(errors).length) throw conflict('统一社会信用代码或邮箱已注册', errors)

      const organization = await tx.organization.create({
        data: { type: 'DEPARTMENT', uscc, name: input.name, regionCode: input.regionCode },
        select: { id: true },
      })
      await tx.department.create({ data: { organizationId: organization.id, fieldCode } })
      await tx.departmentServiceItem.createMany({
        data: serviceItemCodes.map((serviceItemCode) => ({ departmentId: organization.id, serviceItemCode })),
      })
      const user = await tx.user.create({
        data: { email: input.user.email, name: input.user.name, passwordHash },
        select: { id: true },
      })
      await tx.membership.create({
        data: { userId: user.id, organizationId: organization.id, roleName: DEPARTMENT_ADMIN_ROLE },
      })
      await audit(tx, {
        actor,
        entityType: 'Department',
        entityId: organization.id,
        action: 'create',
        after: {
          name: input.name,
          uscc,
          regionCode: input.regionCode,
          fieldCode,
          serviceItemCodes,
          user: { id: user.id, email: input.user.email, name: input.user.name, roleName: DEPARTMENT_ADMIN_ROLE },
        },
      })
      return { organizationId: organization.id, userId: user.id }
    })
  } catch (error) {
    // Two requests racing past the checks above: the unique index decides.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw conflict('统一社会信用代码或邮箱已注册')
    }
    throw error
  }
}

export type DepartmentRow = {
  id: string
  name: string
  regionCode: string
  regionName: string
  fieldCode: string
  fieldName: string
  serviceItems: Array<{ code: string; name: string }>
}

/** The public list of departments, newest first, with the service items each supervises. */
export async function listDepartments(pagination: Pagination): Promise<{ items: DepartmentRow[]; total: number }> {
  const [rows, total] = await Promise.all([
    prisma.department.findMany({
      orderBy: [{ organization: { createdAt: 'desc' } }, { organizationId: 'asc' }],
      skip: (pagination.page - 1) * pagination.pageSize,
      take: pagination.pageSize,
      select: {
        organizationId: true,
        fieldCode: true,
        field: { select: { name: true } },
        organization: { select: { name: true, regionCode: true, region: { select: { name: true } } } },
        serviceItems: {
          orderBy: { serviceItemCode: 'asc' },
          select: { serviceItem: { select: { code: true, name: true } } },
        },
      },
    }),
    prisma.department.count(),
  ])
  const items = rows.map((row) => ({
    id: row.organizationId,
    name: row.organization.name,
    regionCode: row.organization.regionCode,
    regionName: row.organization.region.name,
    fieldCode: row.fieldCode,
    fieldName: row.field.name,
    serviceItems: row.serviceItems.map((s) => s.serviceItem),
  }))
  return { items, total }
}
