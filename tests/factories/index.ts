// Factories: valid organizations, users and tokens with one call; a test overrides only what it is
// about. They write through Prisma directly (setup, not the behaviour under test).
import crypto from 'node:crypto'
import { prisma } from '#app/db.server.ts'
import { hashPassword } from '#app/domain/accounts/password.server.ts'
import { issueApiToken } from '#app/domain/accounts/tokens.server.ts'
import { USCC_ALPHABET, usccCheckCharacter } from '#app/domain/accounts/uscc.ts'
import type { OrganizationType } from '#app/generated/prisma/enums.ts'

let sequence = 0
const unique = () => `${Date.now().toString(36)}${(sequence++).toString(36)}${crypto.randomBytes(2).toString('hex')}`

/** A random, valid USCC (registration-authority 9 = enterprise, 1 = government body). */
export function randomUscc(kind: '9' | '1' = '9'): string {
  const body = kind + '1' + '510107' + Array.from({ length: 9 }, () => USCC_ALPHABET[crypto.randomInt(31)]).join('')
  return body + usccCheckCharacter(body)
}

export const DEFAULT_PASSWORD = 'correct-horse-battery'
let passwordHash: Promise<string> | undefined

const DEFAULT_ROLE: Record<OrganizationType, string> = {
  OWNER: 'owner.admin',
  INTERMEDIARY: 'intermediary.admin',
  DEPARTMENT: 'department.admin',
  PLATFORM: 'platform.admin',
  APPROVAL_SYSTEM: 'approval-system.client',
}

export async function createOrganization(
  overrides: Partial<{ type: OrganizationType; name: string; uscc: string; regionCode: string }> = {},
) {
  const type = overrides.type ?? 'INTERMEDIARY'
  return prisma.organization.create({
    data: {
      type,
      uscc: overrides.uscc ?? randomUscc(type === 'DEPARTMENT' ? '1' : '9'),
      name: overrides.name ?? `测试${type === 'OWNER' ? '建设' : '咨询'}有限公司${unique()}`,
      regionCode: overrides.regionCode ?? '510107',
    },
  })
}

/** A user with a membership in a (new or given) organization, and an API token for it. */
export async function createMember(
  options: Partial<{
    type: OrganizationType
    roleName: string
    organizationId: string
    email: string
    password: string
    regionCode: string
  }> = {},
) {
  const organization = options.organizationId
    ? await prisma.organization.findUniqueOrThrow({ where: { id: options.organizationId } })
    : await createOrganization({ type: options.type, regionCode: options.regionCode })
  passwordHash ??= hashPassword(DEFAULT_PASSWORD)
  const user = await prisma.user.create({
    data: {
      email: options.email ?? `user-${unique()}@example.com`,
      name: '测试用户',
      passwordHash: options.password ? await hashPassword(options.password) : await passwordHash,
    },
  })
  const roleName = options.roleName ?? DEFAULT_ROLE[organization.type]
  await prisma.membership.create({ data: { userId: user.id, organizationId: organization.id, roleName } })
  const { token } = await issueApiToken({ userId: user.id, organizationId: organization.id, name: 'test' })
  return { user, organization, token, roleName }
}

/**
 * A new department (行业主管部门) of a field in a region, supervising the given service items (by
 * default every service item of the field), and a member of it with a token.
 */
export async function createNewDepartment(options: { fieldCode: string; regionCode: string; serviceItemCodes?: string[]; roleName?: string }) {
  const organization = await createOrganization({ type: 'DEPARTMENT', regionCode: options.regionCode })
  const serviceItemCodes =
    options.serviceItemCodes ??
    (await prisma.serviceItem.findMany({ where: { fieldCode: options.fieldCode }, select: { code: true } })).map((s) => s.code)
  await prisma.department.create({
    data: {
      organizationId: organization.id,
      fieldCode: options.fieldCode,
      serviceItems: { create: serviceItemCodes.map((serviceItemCode) => ({ serviceItemCode })) },
    },
  })
  return createMember({ organizationId: organization.id, roleName: options.roleName })
}
