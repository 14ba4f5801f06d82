// The platform operator's organization and its first admin, created at first start from
// ADMIN_EMAIL / ADMIN_PASSWORD. There is no default password: without those variables a random one
// is generated and shown once.
import crypto from 'node:crypto'
import { prisma } from '#app/db.server.ts'
import { audit } from '#app/domain/audit/audit.server.ts'
import { hashPassword } from '#app/domain/accounts/password.server.ts'

/** The platform organization's identity (a registered USCC with a valid check character). */
export const PLATFORM_ORGANIZATION = {
  uscc: '11510000MB0000000N',
  name: '中介服务网上超市运营管理机构',
} as const

export type AdminBootstrap = { created: false } | { created: true; email: string; generatedPassword?: string }

export async function ensurePlatformAdmin(input: {
  email?: string
  password?: string
  regionCode: string
}): Promise<AdminBootstrap> {
  const existing = await prisma.membership.findFirst({ where: { roleName: 'platform.admin' } })
  if (existing) return { created: false }
  const email = (input.email ?? 'admin@zjcs.local').toLowerCase()
  const generatedPassword = input.password ? undefined : crypto.randomBytes(12).toString('base64url')
  const passwordHash = await hashPassword(input.password ?? generatedPassword!)
  await prisma.$transaction(async (tx) => {
    const organization =
      (await tx.organization.findUnique({ where: { uscc: PLATFORM_ORGANIZATION.uscc } })) ??
      (await tx.organization.create({
        data: { type: 'PLATFORM', uscc: PLATFORM_ORGANIZATION.uscc, name: PLATFORM_ORGANIZATION.name, regionCode: input.regionCode },
      }))
    const user =
      (await tx.user.findUnique({ where: { email } })) ??
      (await tx.user.create({ data: { email, name: '平台管理员', passwordHash } }))
    await tx.membership.create({ data: { userId: user.id, organizationId: organization.id, roleName: 'platform.admin' } })
    await audit(tx, {
      actor: null,
      entityType: 'User',
      entityId: user.id,
      action: 'bootstrap-platform-admin',
      after: { email, organizationId: organization.id, roleName: 'platform.admin' },
    })
  })
  return { created: true, email, generatedPassword }
}
