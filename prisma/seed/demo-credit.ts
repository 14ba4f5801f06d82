// Demo credit data for `npm start` (never for tests): credit records in every state, a score history,
// a blacklisted firm with a pending credit repair application, and complaints (one open, one
// decided). Everything goes through the domain functions and machines, as a department and the firms
// would do it in the pages; only time is simulated: a record meant to be effective (or expired) is
// backdated and then the record's own deadline step is applied (advanceRow), as the ticker would
// have done, and the score history is dated as it would have happened. Idempotent: it runs once
// (AppSetting demo.credit).
import type { PrismaClient } from '#app/generated/prisma/client.ts'
import { demoUscc, DEMO_ORGANIZATIONS } from '#prisma/seed/demo.ts'
import { DEPARTMENTS, departmentUscc } from '#prisma/seed/departments.ts'

const MARKER = 'demo.credit'
const DAY = 86_400_000

export async function seedCreditDemo(prisma: PrismaClient, log: (message: string) => void): Promise<void> {
  if (await prisma.appSetting.findUnique({ where: { key: MARKER } })) return
  const { loadActor } = await import('#app/domain/permissions/permissions.server.ts')
  const { saveEntry } = await import('#app/domain/intermediaries/entry.server.ts')
  const { recordCredit, contestCreditRecord, reviewCreditRecord } = await import('#app/domain/credit/credit-records.server.ts')
  const { addToBlacklist, applyForRepair } = await import('#app/domain/credit/blacklist.server.ts')
  const { creditRecordMachine } = await import('#app/domain/credit/credit-record-machine.server.ts')
  const { fileComplaint, decideComplaint } = await import('#app/domain/complaints/complaints.server.ts')
  const { advanceRow } = await import('#app/domain/engine/engine.server.ts')
  const { now } = await import('#app/domain/clock/clock.server.ts')

  /** The first member of an organization (by USCC), acting for it. */
  async function actorOf(uscc: string) {
    const membership = await prisma.membership.findFirst({
      where: { organization: { uscc } },
      orderBy: { createdAt: 'asc' },
      select: { userId: true, organizationId: true },
    })
    return membership ? loadActor(membership.userId, membership.organizationId) : null
  }
  const demo = (email: string) => demoUscc(DEMO_ORGANIZATIONS.find((d) => d.email === email)!.usccBody)
  const department = (fieldCode: string) => actorOf(departmentUscc(DEPARTMENTS.findIndex((d) => d.fieldCode === fieldCode)))

  const [eia, water, geo, safety, owner, owner2] = await Promise.all(
    [
      'eia.shuan@zjcs-demo.cn',
      'swc.tianfu@zjcs-demo.cn',
      'geo.chuanxi@zjcs-demo.cn',
      'safety.anxin@zjcs-demo.cn',
      'owner.tianfu@zjcs-demo.cn',
      'owner.jinjiang@zjcs-demo.cn',
    ].map((email) => actorOf(demo(email))),
  )
  const [ecology, waterDept, naturalResources, emergency] = await Promise.all(
    ['ECOLOGY', 'WATER', 'NATURAL_RESOURCES', 'EMERGENCY'].map(department),
  )
  if (!eia || !water || !geo || !safety || !owner || !owner2 || !ecology || !waterDept || !naturalResources || !emergency) {
    log('credit demo skipped: demo organizations or departments are missing')
    return
  }

  // The firms offer the service items their departments supervise (kept when already entered).
  for (const [firm, code] of [
    [eia, 'ZJ-ECO-001'],
    [water, 'ZJ-WATER-001'],
    [geo, 'ZJ-NR-001'],
    [safety, 'ZJ-EMER-001'],
  ] as const) {
    const offered = await prisma.offeredService.findMany({ where: { organizationId: firm.organizationId }, select: { serviceItemCode: true } })
    const codes = [...new Set([...offered.map((o) => o.serviceItemCode), code])]
    if (offered.length === 0 || !offered.some((o) => o.serviceItemCode === code))
      await saveEntry(firm, { serviceItemCodes: codes, commitmentAccepted: true })
  }

  /** A record that happened `daysAgo` days ago and whose window has passed: its deadline steps are applied. */
  async function historic(id: string, daysAgo: number) {
    const record = await prisma.creditRecord.findUniqueOrThrow({ where: { id } })
    const at = now().getTime()
    const occurredAt = new Date(at - daysAgo * DAY)
    await prisma.creditRecord.update({
      where: { id },
      data: {
        occurredAt,
        objectionEndsAt: new Date(occurredAt.getTime() + 7 * DAY),
        expiresAt: new Date(occurredAt.getTime() + (record.expiresAt.getTime() - record.occurredAt.getTime())),
      },
    })
    await advanceRow(creditRecordMachine, id)
    // The steps ran now; the demo's history shows them when they would have happened.
    const done = await prisma.creditRecord.findUniqueOrThrow({ where: { id } })
    const effectiveAt = new Date(occurredAt.getTime() + 7 * DAY)
    await prisma.creditRecord.update({ where: { id }, data: { effectiveAt } })
    await prisma.creditScoreChange.updateMany({ where: { creditRecordId: id, cause: 'CreditRecord:takeEffect' }, data: { at: effectiveAt } })
    await prisma.creditScoreChange.updateMany({ where: { creditRecordId: id, cause: 'CreditRecord:expire' }, data: { at: done.expiresAt } })
  }

  // 四川蜀安环评: effective records (a severe overdue, a commendation), one expired, one pending.
  const overdue = await recordCredit(ecology, { intermediaryId: eia.organizationId, ruleCode: 'SERVICE_OVERDUE_SEVERE', evidence: '川环函〔2026〕41 号：报告书编制超过合同约定时限 14 个工作日' })
  await historic(overdue.id, 120)
  const praised = await recordCredit(ecology, { intermediaryId: eia.organizationId, ruleCode: 'DEPARTMENT_COMMENDATION', evidence: '川环办〔2026〕7 号：2025 年度环评文件质量考核优秀' })
  await historic(praised.id, 60)
  const old = await recordCredit(ecology, { intermediaryId: eia.organizationId, ruleCode: 'SERVICE_OVERDUE', evidence: '川环函〔2024〕12 号：报告表逾期 3 个工作日提交' })
  await historic(old.id, 800)
  await recordCredit(ecology, { intermediaryId: eia.organizationId, ruleCode: 'SERVICE_OVERDUE', evidence: '川环函〔2026〕58 号：补充材料逾期提交' })

  // 成都天府水保: a record it contested, awaiting the department's review.
  const contested = await recordCredit(waterDept, { intermediaryId: water.organizationId, ruleCode: 'FALSE_MATERIALS', evidence: '川水罚〔2026〕9 号：水土保持方案引用的监测数据与原始记录不符' })
  await contestCreditRecord(water, contested.id, { reason: '监测数据系业主提供，我司已在方案中注明来源，不属于提供虚假材料。' })

  // 四川川西地灾: a record annulled on review.
  const annulled = await recordCredit(naturalResources, { intermediaryId: geo.organizationId, ruleCode: 'FEE_RAISED', evidence: '业主来信反映评估费高于合同约定' })
  await contestCreditRecord(geo, annulled.id, { reason: '增加的费用为业主书面确认的补充勘查费，附补充协议。' })
  await reviewCreditRecord(naturalResources, annulled.id, { upheld: false, reason: '经核查，补充协议真实有效，不属于擅自加价，撤销该记录。' })

  // 成都安信安评: bid rigging (effective), blacklisted 100 days ago, a credit repair application pending.
  const rigging = await recordCredit(emergency, { intermediaryId: safety.organizationId, ruleCode: 'BID_RIGGING', evidence: '川应急罚〔2026〕3 号：与其他两家机构串通报价' })
  await historic(rigging.id, 110)
  const at = now().getTime()
  const entry = await addToBlacklist(emergency, {
    intermediaryId: safety.organizationId,
    reason: '串通报价，情节严重',
    evidence: '川应急罚〔2026〕3 号行政处罚决定书',
    startsAt: new Date(at - 100 * DAY),
    endsAt: new Date(at + 265 * DAY),
  })
  await applyForRepair(safety, entry.id, {
    statement: '已对相关责任人作出处理，建立报价复核与回避制度，并完成全员合规培训。',
    evidence: '整改报告、内部制度文件、培训签到表',
  })

  // Complaints: one open (to the water department), one decided (rejected, public without the complainant).
  await fileComplaint(owner, {
    subjectOrganizationId: water.organizationId,
    reason: '方案编制过程中多次要求额外支付专家评审费用，合同中并无此项约定。',
  })
  const decided = await fileComplaint(owner2, {
    subjectOrganizationId: eia.organizationId,
    reason: '报告书修改意见反馈不及时，影响项目审批进度。',
  })
  await decideComplaint(ecology, decided.id, {
    outcome: 'REJECTED',
    reply: '经核查，延误系业主补充材料不及时所致，中介机构已按约定时限反馈，投诉不成立。',
  })

  await prisma.appSetting.create({ data: { key: MARKER, value: new Date(at).toISOString() } })
  log('credit demo: records in every state, a blacklisted firm with a repair application, two complaints')
}
