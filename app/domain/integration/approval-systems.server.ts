// Approval systems (审批系统, DESIGN §6 审管分离 — results flow both ways): the platform admin
// registers an approval system of the government, scoped to regions (and below) and optionally to
// departments (then only the approval items of those departments' fields), and issues it API tokens.
// An approval system is an organization of type APPROVAL_SYSTEM with one service user that cannot
// sign in with a password; its tokens act for it like any token (Authorization: Bearer). It reads
// the projects in its scope (GET /api/v1/projects?investmentCode=) and their approval walks, and
// may subscribe to webhooks.
import crypto from 'node:crypto'
import { prisma } from '#app/db.server.ts'
import { issueApiToken } from '#app/domain/accounts/tokens.server.ts'
import { UsccSchema } from '#app/domain/accounts/schemas.ts'
import { audit } from '#app/domain/audit/audit.server.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import { conflict, invalid, notFound } from '#app/domain/errors.ts'
import { requirePermission, type Actor } from '#app/domain/permissions/permissions.server.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
import { z } from '#app/utils/zod.ts'

export const MANAGE_APPROVAL_SYSTEM = 'manage:approval-system'
export const APPROVAL_SYSTEM_ROLE = 'approval-system.client'
const TOKEN_TTL_DAYS = 365

export const ApprovalSystemInput = z.strictObject({
  name: z.string().trim().min(2, '名称至少 2 个字').max(200, '名称最多 200 个字'),
  uscc: UsccSchema,
  regionCodes: z
    .array(
      z
        .string()
        .trim()
        .regex(/^\d{6}$/, '行政区划代码为 6 位数字'),
    )
    .min(1, '请至少选择一个行政区划')
    .max(50, '行政区划最多 50 个'),
  departmentIds: z.array(z.string().trim().min(1).max(32)).max(50, '部门最多 50 个').default([]),
})
export type ApprovalSystemInput = z.infer<typeof ApprovalSystemInput>

export type ApprovalScope = { regionCodes: string[]; fieldCodes: string[] | null }

/** What an approval system may read: its regions, and the fields of its departments (null: every field). */
export async function approvalScopeOf(organizationId: string): Promise<ApprovalScope> {
  const row = await prisma.approvalSystem.findUnique({ where: { organizationId } })
  if (!row) return { regionCodes: [], fieldCodes: [] }
  const departmentIds = JSON.parse(row.departmentIds) as string[]
  const fieldCodes =
    departmentIds.length === 0
      ? null
      : (
          await prisma.department.findMany({
            where: { organizationId: { in: departmentIds } },
            select: { fieldCode: true },
          })
        ).map((d) => d.fieldCode)
  return { regionCodes: JSON.parse(row.regionCodes) as string[], fieldCodes }
}

export async function createApprovalSystem(actor: Actor, input: ApprovalSystemInput) {
  requirePermission(actor, MANAGE_APPROVAL_SYSTEM)
  const regions = await prisma.region.findMany({ where: { code: { in: input.regionCodes } }, select: { code: true } })
  const missingRegions = input.regionCodes.filter((code) => !regions.some((r) => r.code === code))
  if (missingRegions.length > 0)
    throw invalid(`行政区划不存在：${missingRegions.join('、')}`, {
      regionCodes: [`不存在：${missingRegions.join('、')}`],
    })
  const departments = await prisma.department.findMany({
    where: { organizationId: { in: input.departmentIds } },
    select: { organizationId: true },
  })
  const missing = input.departmentIds.filter((id) => !departments.some((d) => d.organizationId === id))
  if (missing.length > 0)
    throw invalid(`部门不存在：${missing.join('、')}`, { departmentIds: [`不存在：${missing.join('、')}`] })
  let created: { organizationId: string; userId: string }
  try {
    created = await prisma.$transaction(async (tx) => {
      const organization = await tx.organization.create({
        data: { type: 'APPROVAL_SYSTEM', uscc: input.uscc, name: input.name, regionCode: input.regionCodes[0]! },
      })
      // The service user: no password can match '!' (not an argon2 hash), so it never signs in on the web.
      const user = await tx.user.create({
        data: {
          email: `approval-system-${organization.id}@approval-systems.zjcs.invalid`,
          name: `${input.name}（接口）`,
          passwordHash: '!',
        },
      })
      await tx.membership.create({
        data: { userId: user.id, organizationId: organization.id, roleName: APPROVAL_SYSTEM_ROLE },
      })
      await tx.approvalSystem.create({
        data: {
          organizationId: organization.id,
          regionCodes: JSON.stringify(input.regionCodes),
          departmentIds: JSON.stringify(input.departmentIds),
          createdByUserId: actor.userId,
        },
      })
      await audit(tx, {
        actor,
        entityType: 'ApprovalSystem',
        entityId: organization.id,
        action: 'create',
        after: input,
      })
      return { organizationId: organization.id, userId: user.id }
    })
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw conflict('该统一社会信用代码已登记', { uscc: ['已登记'] })
    }
    throw error
  }
  const token = await issueApiToken({ ...created, name: `${input.name} 接口令牌`, ttlDays: TOKEN_TTL_DAYS })
  return { id: created.organizationId, token: token.token, tokenId: token.id, expiresAt: token.expiresAt.toISOString() }
}

async function requireApprovalSystem(actor: Actor, id: string) {
  requirePermission(actor, MANAGE_APPROVAL_SYSTEM)
  const system = await prisma.approvalSystem.findUnique({
    where: { organizationId: id },
    include: { organization: { select: { name: true, memberships: { select: { userId: true }, take: 1 } } } },
  })
  if (!system) throw notFound('未找到该审批系统')
  return system
}

/** A further token (e.g. to rotate the old one before revoking it). */
export async function issueApprovalSystemToken(actor: Actor, id: string) {
  const system = await requireApprovalSystem(actor, id)
  const userId = system.organization.memberships[0]!.userId
  const token = await issueApiToken({
    userId,
    organizationId: id,
    name: `${system.organization.name} 接口令牌 ${crypto.randomBytes(2).toString('hex')}`,
    ttlDays: TOKEN_TTL_DAYS,
  })
  return { id, token: token.token, tokenId: token.id, expiresAt: token.expiresAt.toISOString() }
}

export async function revokeApprovalSystemToken(actor: Actor, id: string, tokenId: string) {
  await requireApprovalSystem(actor, id)
  const token = await prisma.apiToken.findUnique({ where: { id: tokenId } })
  if (!token || token.organizationId !== id) throw notFound('未找到该令牌')
  if (!token.revokedAt) {
    await prisma.$transaction(async (tx) => {
      await tx.apiToken.update({ where: { id: tokenId }, data: { revokedAt: now() } })
      await audit(tx, { actor, entityType: 'ApiToken', entityId: tokenId, action: 'revoke' })
    })
  }
  return { id: tokenId, revoked: true as const }
}

export async function listApprovalSystems(actor: Actor) {
  requirePermission(actor, MANAGE_APPROVAL_SYSTEM)
  const rows = await prisma.approvalSystem.findMany({
    orderBy: { createdAt: 'desc' },
    include: {
      organization: {
        select: {
          name: true,
          uscc: true,
          apiTokens: { select: { id: true, name: true, expiresAt: true, revokedAt: true, lastUsedAt: true } },
        },
      },
    },
  })
  return rows.map((r) => ({
    id: r.organizationId,
    name: r.organization.name,
    uscc: r.organization.uscc,
    regionCodes: JSON.parse(r.regionCodes) as string[],
    departmentIds: JSON.parse(r.departmentIds) as string[],
    createdAt: r.createdAt.toISOString(),
    tokens: r.organization.apiTokens.map((t) => ({
      id: t.id,
      name: t.name,
      expiresAt: t.expiresAt.toISOString(),
      revokedAt: t.revokedAt?.toISOString() ?? null,
      lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    })),
  }))
}
