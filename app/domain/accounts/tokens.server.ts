// Bearer tokens for the API: one user acting for one organization, stored hashed, expiring, revocable.
import { prisma } from '#app/db.server.ts'
import { audit } from '#app/domain/audit/audit.server.ts'
import { addDays } from '#app/domain/clock/china-time.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import { DomainError, notFound } from '#app/domain/errors.ts'
import { actorOfRow, queryActorRows, type Actor } from '#app/domain/permissions/permissions.server.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
import { newSecret, sha256 } from '#app/domain/accounts/secrets.server.ts'

export const TOKEN_TTL_DAYS = 30

export async function issueApiToken(input: {
  userId: string
  organizationId: string
  name: string
  ttlDays?: number
}): Promise<{ id: string; token: string; expiresAt: Date }> {
  const token = newSecret('zjcs')
  const expiresAt = addDays(now(), input.ttlDays ?? TOKEN_TTL_DAYS)
  const row = await prisma.$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: {
        tokenHash: sha256(token),
        name: input.name,
        userId: input.userId,
        organizationId: input.organizationId,
        expiresAt,
      },
      select: { id: true, name: true, expiresAt: true },
    })
    await audit(tx, {
      actor: { userId: input.userId, organizationId: input.organizationId },
      entityType: 'ApiToken',
      entityId: created.id,
      action: 'issue',
      after: created,
    })
    return created
  })
  return { id: row.id, token, expiresAt }
}

const unauthenticated = (message: string) => new DomainError('unauthenticated', message)

/** lastUsedAt is kept to the hour: one write per token and hour, not one per request. */
const LAST_USED_PRECISION_MS = 60 * 60 * 1000

/** The actor a bearer token stands for; 401 when it is unknown, expired or revoked. */
export async function authenticateToken(token: string): Promise<Actor> {
  // The token and its actor in one statement (this runs on every API request).
  const [row] = await queryActorRows<{
    tokenId: string
    revokedAt: Date | null
    expiresAt: Date
    lastUsedAt: Date | null
  }>(
    Prisma.sql`ApiToken t LEFT JOIN Membership m ON m.userId = t.userId AND m.organizationId = t.organizationId`,
    Prisma.sql`t.tokenHash = ${sha256(token)}`,
    Prisma.sql`t.id AS tokenId, t.revokedAt, t.expiresAt, t.lastUsedAt,`,
  )
  if (!row) throw unauthenticated('令牌无效')
  if (row.revokedAt) throw unauthenticated('令牌已被吊销')
  const at = now()
  if (row.expiresAt.getTime() <= at.getTime()) throw unauthenticated('令牌已过期')
  const actor = actorOfRow(row)
  if (!actor) throw unauthenticated('令牌对应的账号已不存在')
  if (!row.lastUsedAt || at.getTime() - row.lastUsedAt.getTime() >= LAST_USED_PRECISION_MS) {
    await prisma.$executeRaw`UPDATE ApiToken SET lastUsedAt = ${at} WHERE id = ${row.tokenId}`
  }
  return actor
}

export async function revokeApiToken(actor: Actor, tokenId: string): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const row = await tx.apiToken.findFirst({ where: { id: tokenId, userId: actor.userId } })
    if (!row) throw notFound('未找到该令牌')
    if (row.revokedAt) return
    const revokedAt = now()
    await tx.apiToken.update({ where: { id: row.id }, data: { revokedAt } })
    await audit(tx, {
      actor,
      entityType: 'ApiToken',
      entityId: row.id,
      action: 'revoke',
      before: { revokedAt: null },
      after: { revokedAt },
    })
  })
}
