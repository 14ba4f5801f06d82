// The blacklist entry's state machine (黑名单, DESIGN §6). A department supervising one of the firm's
// service items in its region lists it for a severe violation (reason, evidence, start, end), or the
// platform lists it for a year when its credit level falls to D. While in force the firm cannot bid,
// be directly selected or be awarded (eligibility reads startsAt/endsAt/liftedAt, activeBlacklistSql,
// and the states below follow exactly those instants). After the minimum period (rule repairMinDays)
// the firm may apply for credit repair; an approved repair lifts the entry early.
//
//   (none)    --list (a competent department)-->          SCHEDULED (starts later) | ACTIVE
//   (none)    --autoList (internal: level fell to D)-->   ACTIVE      for one year
//   SCHEDULED --start (system, at startsAt)-->            ACTIVE
//   ACTIVE    --end (system, at endsAt)-->                ENDED
//   ACTIVE    --repair (the firm, after the minimum period, none pending)--> ACTIVE   a RepairApplication (PENDING)
//   ACTIVE    --lift (internal: repair approved)-->       LIFTED      liftedAt, the reason
//
// The repair application's own machine (repair-machine.server.ts) decides it. Audit entries carry
// the reason, the period and the source, so that transparency/webhooks (blacklist.added/ended) can
// be derived from them.
import type { Tx } from '#app/db.server.ts'
import { lockRow } from '#app/domain/announcements/machine.server.ts'
import { platformRules } from '#app/domain/announcements/rules.server.ts'
import { addDays, formatBeijingDate } from '#app/domain/clock/china-time.ts'
import { competentDepartments } from '#app/domain/departments/competent.server.ts'
import { applyEvent, scheduleMachine } from '#app/domain/engine/engine.server.ts'
import { defineMachine, SYSTEM, type LoadOptions } from '#app/domain/engine/machine.ts'
import { invalid } from '#app/domain/errors.ts'
import { intermediaryResource } from '#app/domain/intermediaries/access.server.ts'
import { nameOf } from '#app/domain/intermediaries/qualification-machine.server.ts'
import { enqueueSearchSync } from '#app/domain/intermediaries/search-sync.server.ts'
import { notify } from '#app/domain/notifications/notifications.server.ts'
import { can, hasPermission, type Actor, type Permission } from '#app/domain/permissions/permissions.server.ts'
import type { BlacklistEntry, Prisma } from '#app/generated/prisma/client.ts'
import type { BlacklistStatus } from '#app/generated/prisma/enums.ts'
import { BLACKLIST_STATUS_LABELS } from '#app/utils/credit-labels.ts'

export const DECIDE_BLACKLIST = 'decide:blacklist' satisfies Permission
export const APPLY_REPAIR = 'apply:credit-repair' satisfies Permission

/** How long an automatic entry (level D) lasts. */
export const AUTOMATIC_BLACKLIST_DAYS = 365

/** An entry by id, or the entry a department would create for a firm (state NONE). */
export type BlacklistKey = string | { organizationId: string }

export type Subject = Awaited<ReturnType<typeof intermediaryResource>>

export type BlacklistRow = {
  status: BlacklistStatus | 'NONE'
  entry: BlacklistEntry | null
  organizationId: string
  subject: Subject
  pendingRepairs: number
  /** from when the firm may apply for credit repair (startsAt + repairMinDays) */
  repairOpensAt: Date | null
}

async function load(db: Tx, key: BlacklistKey, { lock }: LoadOptions): Promise<BlacklistRow | null> {
  let entry: BlacklistEntry | null = null
  let organizationId: string
  if (typeof key === 'string') {
    if (!(await lockRow(db, 'BlacklistEntry', key, lock))) return null
    entry = await db.blacklistEntry.findUnique({ where: { id: key } })
    if (!entry) return null
    organizationId = entry.organizationId
  } else {
    organizationId = key.organizationId
  }
  const subject = await intermediaryResource(db, organizationId).catch(() => null)
  if (!subject || subject.type !== 'INTERMEDIARY') return null
  const [pendingRepairs, rules] = await Promise.all([
    entry ? db.repairApplication.count({ where: { blacklistEntryId: entry.id, status: 'PENDING' } }) : 0,
    entry ? platformRules(db) : null,
  ])
  return {
    status: entry?.status ?? 'NONE',
    entry,
    organizationId,
    subject,
    pendingRepairs,
    repairOpensAt: entry && rules ? addDays(entry.startsAt, rules.repairMinDays) : null,
  }
}

export type BlacklistDecision = { reason: string; evidence: string; startsAt: Date; endsAt: Date }

/** Who may list this firm: a department supervising one of its service items in its region (or above). */
export const mayList = (actor: Actor, row: BlacklistRow) => can(actor, DECIDE_BLACKLIST, row.subject)

async function announce(tx: Tx, row: BlacklistRow, entry: { id: string; reason: string; startsAt: Date; endsAt: Date }, what: 'listed' | 'started' | 'ended' | 'lifted', by: string) {
  const titles = {
    listed: '贵机构已被列入黑名单',
    started: '贵机构的黑名单期限已开始',
    ended: '贵机构的黑名单期限已届满',
    lifted: '贵机构已经信用修复移出黑名单',
  } as const
  const bodies = {
    listed: `${by}将贵机构列入黑名单，期限 ${formatBeijingDate(entry.startsAt)} 至 ${formatBeijingDate(entry.endsAt)}，理由：${entry.reason}。期间不能参与报名、被直接选取或确定成交。`,
    started: `黑名单自 ${formatBeijingDate(entry.startsAt)} 起执行，至 ${formatBeijingDate(entry.endsAt)}。`,
    ended: '黑名单期限已届满，贵机构恢复参与资格。信用记录按其有效期继续计入信用分。',
    lifted: '信用修复申请已通过，黑名单提前结束；相关信用记录仍按其有效期计入信用分。',
  } as const
  await notify(tx, {
    organizationId: row.organizationId,
    kind: `blacklist-${what}`,
    title: titles[what],
    body: bodies[what],
    link: '/account/credit',
    dedupeKey: `blacklist-${what}:${entry.id}`,
  })
  await enqueueSearchSync(tx, row.organizationId)
}

const SUPERVISORS_ONLY = '只有该机构所提供服务事项的行业主管部门（机构所在地或其上级）可以将其列入黑名单'

export const blacklistMachine = defineMachine<
  BlacklistRow,
  BlacklistRow['status'],
  {
    list: { input: BlacklistDecision; result: { id: string } }
    autoList: { input: { reason: string; evidence: string }; result: { id: string } }
    start: { input: void; result: void }
    end: { input: void; result: void }
    repair: { input: { statement: string; evidence: string }; result: { id: string; status: 'PENDING' } }
    lift: { input: { reason: string; repairApplicationId: string }; result: void }
  },
  Prisma.BlacklistEntryUncheckedUpdateInput,
  BlacklistKey
>({
  entity: 'BlacklistEntry',
  table: 'BlacklistEntry',
  statusLabels: { NONE: '未列入', ...BLACKLIST_STATUS_LABELS },
  notFound: '未找到该黑名单记录或中介机构',
  load,
  idOf: (row) => row.entry?.id ?? null,
  storedCheckAt: (row) => row.entry?.nextCheckAt ?? null,
  write: async (tx, id, data) => {
    await tx.blacklistEntry.update({ where: { id }, data })
  },
  events: {
    list: {
      label: '列入黑名单',
      from: ['NONE'],
      to: ['SCHEDULED', 'ACTIVE'],
      by: mayList,
      role: (actor) => hasPermission(actor, DECIDE_BLACKLIST),
      forbidden: SUPERVISORS_ONLY,
      run: async ({ tx, row, at, actor, input }) => {
        if (input.endsAt.getTime() <= input.startsAt.getTime())
          throw invalid('黑名单的结束时间须晚于开始时间', { endsAt: ['结束时间须晚于开始时间'] })
        if (input.endsAt.getTime() <= at.getTime())
          throw invalid('黑名单的结束时间须晚于现在', { endsAt: ['结束时间已过'] })
        const status = input.startsAt.getTime() > at.getTime() ? 'SCHEDULED' : 'ACTIVE'
        const entry = await tx.blacklistEntry.create({
          data: {
            organizationId: row.organizationId,
            issuedByOrganizationId: actor.organizationId,
            decidedByUserId: actor.userId,
            source: 'DEPARTMENT',
            status,
            reason: input.reason,
            evidence: input.evidence,
            startsAt: input.startsAt,
            endsAt: input.endsAt,
          },
        })
        await announce(tx, row, entry, 'listed', nameOf(actor))
        return {
          to: status,
          createdId: entry.id,
          result: { id: entry.id },
          audit: {
            organizationId: row.organizationId,
            source: 'DEPARTMENT',
            reason: input.reason,
            startsAt: input.startsAt,
            endsAt: input.endsAt,
          },
        }
      },
    },
    autoList: {
      label: '自动列入黑名单',
      from: ['NONE'],
      to: 'ACTIVE',
      by: 'internal',
      run: async ({ tx, row, at, input }) => {
        const endsAt = addDays(at, AUTOMATIC_BLACKLIST_DAYS)
        const entry = await tx.blacklistEntry.create({
          data: {
            organizationId: row.organizationId,
            source: 'AUTOMATIC',
            reason: input.reason,
            evidence: input.evidence,
            startsAt: at,
            endsAt,
          },
        })
        await announce(tx, row, entry, 'listed', '平台')
        return {
          createdId: entry.id,
          result: { id: entry.id },
          audit: { organizationId: row.organizationId, source: 'AUTOMATIC', reason: input.reason, startsAt: at, endsAt },
        }
      },
    },
    start: {
      label: '黑名单开始执行',
      from: ['SCHEDULED'],
      to: 'ACTIVE',
      by: 'system',
      dueAt: (row) => row.entry?.startsAt ?? null,
      run: async ({ tx, row }) => {
        await announce(tx, row, row.entry!, 'started', '平台')
        return { audit: { organizationId: row.organizationId, startsAt: row.entry!.startsAt } }
      },
    },
    end: {
      label: '黑名单期满',
      from: ['ACTIVE'],
      to: 'ENDED',
      by: 'system',
      dueAt: (row) => row.entry?.endsAt ?? null,
      run: async ({ tx, row }) => {
        await announce(tx, row, row.entry!, 'ended', '平台')
        return { audit: { organizationId: row.organizationId, endsAt: row.entry!.endsAt } }
      },
    },
    repair: {
      label: '申请信用修复',
      from: ['ACTIVE'],
      to: 'ACTIVE',
      by: (actor, row) =>
        actor.organizationId === row.organizationId && can(actor, APPLY_REPAIR, { organizationId: row.organizationId }),
      role: (actor) => can(actor, APPLY_REPAIR, { organizationId: actor.organizationId }),
      forbidden: '只有被列入黑名单的机构可以申请信用修复',
      stateConflict: '只有执行中的黑名单可以申请信用修复',
      guard: (row, at) =>
        row.pendingRepairs > 0
          ? '已有待审核的信用修复申请，请等待主管部门审核'
          : row.repairOpensAt && at.getTime() < row.repairOpensAt.getTime()
            ? `列入黑名单满规定期限后方可申请信用修复（${formatBeijingDate(row.repairOpensAt)}起）`
            : null,
      run: async ({ tx, row, actor, input }) => {
        const entry = row.entry!
        const application = await tx.repairApplication.create({
          data: {
            blacklistEntryId: entry.id,
            organizationId: row.organizationId,
            statement: input.statement,
            evidence: input.evidence,
            submittedByUserId: actor.userId!,
          },
        })
        const deciders = entry.issuedByOrganizationId
          ? [entry.issuedByOrganizationId]
          : (await competentDepartments(tx, row.subject.serviceItemCodes ?? [], row.subject.regionCode ?? '')).map(
              (d) => d.organizationId,
            )
        for (const organizationId of deciders) {
          await notify(tx, {
            organizationId,
            kind: 'repair-submitted',
            title: `信用修复申请：${row.subject.name}`,
            body: `${row.subject.name}申请信用修复（黑名单理由：${entry.reason}），请审核。`,
            link: '/supervision/credit',
            dedupeKey: `repair-submitted:${application.id}:${organizationId}`,
          })
        }
        return {
          result: { id: application.id, status: 'PENDING' as const },
          audit: { repairApplicationId: application.id },
        }
      },
    },
    lift: {
      label: '信用修复移出黑名单',
      from: ['ACTIVE'],
      to: 'LIFTED',
      by: 'internal',
      run: async ({ tx, row, at, input }) => {
        await announce(tx, row, row.entry!, 'lifted', '平台')
        return {
          set: { liftedAt: at, liftedReason: input.reason.slice(0, 500) },
          audit: { organizationId: row.organizationId, liftedAt: at, ...input },
        }
      },
    },
  },
})

scheduleMachine(blacklistMachine)

/**
 * Lists a firm automatically when its level falls to D (for a year), unless an entry already in
 * force lasts at least as long. Called by the credit record machine after a score change.
 */
export async function listAutomaticallyAtD(tx: Tx, organizationId: string, at: Date, score: number) {
  const until = addDays(at, AUTOMATIC_BLACKLIST_DAYS)
  const covering = await tx.blacklistEntry.count({
    where: { organizationId, liftedAt: null, startsAt: { lte: at }, endsAt: { gte: until } },
  })
  if (covering > 0) return null
  const applied = await applyEvent(tx, blacklistMachine, { organizationId }, 'autoList', SYSTEM, {
    reason: `信用分降至 ${score} 分（D 级），依规则自动列入黑名单一年`,
    evidence: '信用记录见该机构信用页面',
  })
  return applied.id
}

