// Reminds an intermediary 30 days before one of its qualifications expires (in-app notification).
// Due rows are claimed with SELECT … FOR UPDATE SKIP LOCKED, so several workers share the work;
// expiryRemindedAt and the notification's dedupe key make each reminder happen once.
import { prisma } from '#app/db.server.ts'
import { audit } from '#app/domain/audit/audit.server.ts'
import { addDays, chinaDate, dateOfColumn, formatBeijingDate } from '#app/domain/clock/china-time.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import { notify } from '#app/domain/notifications/notifications.server.ts'
import { registerTask } from '#jobs/worker.ts'

export const REMIND_DAYS_BEFORE_EXPIRY = 30
const BATCH = 100

/** Sends the due reminders at `at` (the app clock); returns how many were sent. */
export async function remindExpiringQualifications(at: Date = now()): Promise<number> {
  const today = chinaDate(at)
  const horizon = chinaDate(addDays(at, REMIND_DAYS_BEFORE_EXPIRY))
  let sent = 0
  for (;;) {
    const claimed = await prisma.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<Array<{ id: string }>>`
        SELECT id FROM Qualification
        WHERE expiryRemindedAt IS NULL AND status <> 'REJECTED' AND validTo >= ${today} AND validTo <= ${horizon}
        ORDER BY validTo, id
        LIMIT ${BATCH}
        FOR UPDATE SKIP LOCKED`
      for (const { id } of rows) {
        const q = await tx.qualification.findUniqueOrThrow({
          where: { id },
          select: {
            organizationId: true,
            levelCode: true,
            certificateNo: true,
            validTo: true,
            level: { select: { type: { select: { name: true } } } },
          },
        })
        const validTo = dateOfColumn(q.validTo)
        const created = await notify(tx, {
          organizationId: q.organizationId,
          kind: 'qualification-expiry',
          title: `资质即将到期：${q.level.type.name}（${q.levelCode}）`,
          body: `贵机构的${q.level.type.name}（证书编号 ${q.certificateNo}）将于 ${formatBeijingDate(validTo)} 到期。到期后该资质不再计入报名资格，请及时办理延续并上传新证书。`,
          link: '/account/qualifications',
          dedupeKey: `qualification-expiry:${id}`,
        })
        await tx.qualification.update({ where: { id }, data: { expiryRemindedAt: at } })
        await audit(tx, {
          actor: null,
          entityType: 'Qualification',
          entityId: id,
          action: 'expiry-reminded',
          after: { validTo, notified: created },
        })
        if (created) sent += 1
      }
      return rows.length
    })
    if (claimed < BATCH) return sent
  }
}

registerTask({
  name: 'qualification-expiry',
  intervalMs: 60 * 60 * 1000,
  run: async () => {
    await remindExpiringQualifications()
  },
})
