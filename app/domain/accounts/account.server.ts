// What a signed-in user sees of their own account: the user, the organization they act for, their
// role and permissions, and their API tokens (never the token values, which are stored hashed).
import { prisma } from '#app/db.server.ts'
import { notFound } from '#app/domain/errors.ts'
import { requirePermission, type Actor } from '#app/domain/permissions/permissions.server.ts'

export async function describeAccount(actor: Actor) {
  requirePermission(actor, 'read:me')
  const organization = await prisma.organization.findUnique({
    where: { id: actor.organizationId },
    select: { id: true, type: true, uscc: true, name: true, regionCode: true, status: true, region: { select: { name: true } } },
  })
  if (!organization) throw notFound('未找到所属机构')
  const { region, ...rest } = organization
  return {
    user: { id: actor.userId, email: actor.email, name: actor.userName },
    organization: { ...rest, regionName: region.name },
    roles: [actor.roleName],
    permissions: [...actor.permissions].sort(),
  }
}

export type ApiTokenSummary = {
  id: string
  name: string
  organizationId: string
  createdAt: Date
  expiresAt: Date
  revokedAt: Date | null
  lastUsedAt: Date | null
}

/** The user's own API tokens, newest first. */
export async function listApiTokens(actor: Actor): Promise<ApiTokenSummary[]> {
  requirePermission(actor, 'manage:token')
  return prisma.apiToken.findMany({
    where: { userId: actor.userId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: 100,
    select: { id: true, name: true, organizationId: true, createdAt: true, expiresAt: true, revokedAt: true, lastUsedAt: true },
  })
}
