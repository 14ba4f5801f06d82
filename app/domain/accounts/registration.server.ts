// Self-registration of an owner or an intermediary (零门槛、零限制入驻): the organization, its first
// user and that user's admin membership, in one transaction with audit entries. Nothing else is
// asked of an intermediary: it is listed at once. Departments and the platform are not registered
// here (the admin creates them).
import { prisma } from '#app/db.server.ts'
import { audit } from '#app/domain/audit/audit.server.ts'
import { hashPassword } from '#app/domain/accounts/password.server.ts'
import { RegistrationSchema, type RegistrableOrganizationType, type RegistrationInput } from '#app/domain/accounts/schemas.ts'
import { conflict, invalid } from '#app/domain/errors.ts'
import { enqueueSearchSync } from '#app/domain/intermediaries/search-sync.server.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
import { fieldErrorsOf } from '#app/utils/zod.ts'

export const ADMIN_ROLE_OF: Record<RegistrableOrganizationType, string> = {
  OWNER: 'owner.admin',
  INTERMEDIARY: 'intermediary.admin',
}

const DUPLICATE_USCC = '该统一社会信用代码已注册，请直接登录或联系本机构管理员'
const DUPLICATE_EMAIL = '该电子邮箱已注册，请直接登录'

export type RegistrationResult = { userId: string; organizationId: string }

function duplicateError(fields: { uscc: boolean; email: boolean }) {
  const fieldErrors: Record<string, string[]> = {}
  if (fields.uscc) fieldErrors['organization.uscc'] = [DUPLICATE_USCC]
  if (fields.email) fieldErrors['user.email'] = [DUPLICATE_EMAIL]
  const message = fields.uscc ? DUPLICATE_USCC : DUPLICATE_EMAIL
  return conflict(message, fieldErrors)
}

/** Which unique index a P2002 error names (the adapter reports the index or its fields). */
function duplicateOf(error: Prisma.PrismaClientKnownRequestError): { uscc: boolean; email: boolean } {
  const text = JSON.stringify(error.meta ?? {}) + error.message
  const uscc = /uscc/i.test(text)
  const email = /email/i.test(text)
  return uscc || email ? { uscc, email } : { uscc: true, email: true }
}

/**
 * Registers an organization of type OWNER or INTERMEDIARY with its first user (the organization's
 * admin). Invalid input → 'invalid' (400) with field errors keyed by path ("organization.uscc");
 * a USCC or e-mail already registered → 'conflict' (409), also when another request wins the race.
 */
export async function registerOrganization(input: RegistrationInput): Promise<RegistrationResult> {
  const parsed = RegistrationSchema.safeParse(input)
  if (!parsed.success) throw invalid('注册信息有误，请检查后重新提交', fieldErrorsOf(parsed.error))
  const { organization, user } = parsed.data

  const region = await prisma.region.findUnique({ where: { code: organization.regionCode }, select: { code: true } })
  if (!region) throw invalid('所在地区不存在', { 'organization.regionCode': ['请选择有效的所在地区'] })

  const [usccTaken, emailTaken] = await Promise.all([
    prisma.organization.findUnique({ where: { uscc: organization.uscc }, select: { id: true } }),
    prisma.user.findUnique({ where: { email: user.email }, select: { id: true } }),
  ])
  if (usccTaken || emailTaken) throw duplicateError({ uscc: !!usccTaken, email: !!emailTaken })

  const passwordHash = await hashPassword(user.password)
  const roleName = ADMIN_ROLE_OF[organization.type]
  try {
    return await prisma.$transaction(async (tx) => {
      const createdOrganization = await tx.organization.create({
        data: {
          type: organization.type,
          uscc: organization.uscc,
          name: organization.name,
          regionCode: organization.regionCode,
          legalRepresentative: organization.legalRepresentative || null,
          address: organization.address || null,
          contactName: user.name,
          contactPhone: organization.contactPhone || null,
        },
        select: {
          id: true,
          type: true,
          uscc: true,
          name: true,
          regionCode: true,
          legalRepresentative: true,
          address: true,
          contactName: true,
          contactPhone: true,
          status: true,
        },
      })
      const createdUser = await tx.user.create({
        data: { email: user.email, name: user.name, passwordHash },
        select: { id: true, email: true, name: true },
      })
      const membership = await tx.membership.create({
        data: { userId: createdUser.id, organizationId: createdOrganization.id, roleName },
        select: { id: true, userId: true, organizationId: true, roleName: true },
      })
      const actor = { userId: createdUser.id, organizationId: createdOrganization.id }
      await audit(tx, { actor, entityType: 'Organization', entityId: createdOrganization.id, action: 'register', after: createdOrganization })
      await audit(tx, { actor, entityType: 'User', entityId: createdUser.id, action: 'register', after: createdUser })
      await audit(tx, { actor, entityType: 'Membership', entityId: membership.id, action: 'create', after: membership })
      // Listed at once (零门槛): the directory's search index picks the new intermediary up.
      if (createdOrganization.type === 'INTERMEDIARY') await enqueueSearchSync(tx, createdOrganization.id)
      return { userId: createdUser.id, organizationId: createdOrganization.id }
    })
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw duplicateError(duplicateOf(error))
    }
    throw error
  }
}
