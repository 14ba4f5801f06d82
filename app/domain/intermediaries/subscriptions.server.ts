// An intermediary's subscriptions to announcements of service items (besides the items it offers,
// whose announcements it is told about anyway).
import { prisma } from '#app/db.server.ts'
import { audit } from '#app/domain/audit/audit.server.ts'
import { invalid } from '#app/domain/errors.ts'
import { requireOwnIntermediary } from '#app/domain/intermediaries/access.server.ts'
import type { Actor } from '#app/domain/permissions/permissions.server.ts'
import { z } from '#app/utils/zod.ts'

export const SubscriptionsInput = z.strictObject({
  serviceItemCodes: z.array(z.string().trim().min(1).max(32)).max(200, '最多订阅 200 个服务事项'),
})

export type Subscriptions = { serviceItemCodes: string[]; offeredServiceItemCodes: string[] }

export async function getSubscriptions(actor: Actor): Promise<Subscriptions> {
  const organizationId = requireOwnIntermediary(actor, 'read:profile')
  const [subscribed, offered] = await Promise.all([
    prisma.serviceItemSubscription.findMany({
      where: { organizationId },
      orderBy: { serviceItemCode: 'asc' },
      select: { serviceItemCode: true },
    }),
    prisma.offeredService.findMany({
      where: { organizationId },
      orderBy: { serviceItemCode: 'asc' },
      select: { serviceItemCode: true },
    }),
  ])
  return {
    serviceItemCodes: subscribed.map((s) => s.serviceItemCode),
    offeredServiceItemCodes: offered.map((s) => s.serviceItemCode),
  }
}

export async function setSubscriptions(actor: Actor, codes: string[]): Promise<Subscriptions> {
  const organizationId = requireOwnIntermediary(actor, 'update:profile')
  const wanted = [...new Set(codes)]
  await prisma.$transaction(async (tx) => {
    const known = await tx.serviceItem.findMany({
      where: { code: { in: wanted }, active: true },
      select: { code: true },
    })
    const unknown = wanted.filter((c) => !known.some((k) => k.code === c))
    if (unknown.length)
      throw invalid(`服务事项不存在或已停用：${unknown.join('、')}`, {
        serviceItemCodes: [`不存在或已停用：${unknown.join('、')}`],
      })
    const before = await tx.serviceItemSubscription.findMany({
      where: { organizationId },
      select: { serviceItemCode: true },
    })
    await tx.serviceItemSubscription.deleteMany({ where: { organizationId, serviceItemCode: { notIn: wanted } } })
    await tx.serviceItemSubscription.createMany({
      data: wanted.map((serviceItemCode) => ({ organizationId, serviceItemCode })),
      skipDuplicates: true,
    })
    await audit(tx, {
      actor,
      entityType: 'Organization',
      entityId: organizationId,
      action: 'subscriptions',
      before: before.map((b) => b.serviceItemCode),
      after: wanted,
    })
  })
  return getSubscriptions(actor)
}
