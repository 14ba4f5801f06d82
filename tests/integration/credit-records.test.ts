// Credit records from the public rule table: a department records with evidence, the record is
// pending for the objection window (working days) and then effective; the firm may contest it and a
// department reviews it; effective points count until they expire. Score = 100 + effective
// unexpired points within 0..120, levels A/B/C/D; the score is stored with its history and the
// directory follows. Every refusal changes nothing.
import { beforeEach, describe, expect, test } from 'vitest'
import { prisma } from '#app/db.server.ts'
import { createListedIntermediary, createDepartmentMember, type Member } from '#tests/factories/bidding.ts'
import { creditCounts, freshToken, moveClockTo, pastWindow, recordFor, standingOf } from '#tests/factories/credit.ts'
import { createMember, createNewDepartment } from '#tests/factories/index.ts'
import { api } from '#tests/helpers/app.ts'

let ecology: Member // 四川省生态环境厅: supervises ZJ-ECO-001 in the whole province
let water: Member // 四川省水利厅: another field

beforeEach(async () => {
  ecology = await createDepartmentMember('ECOLOGY')
  water = await createDepartmentMember('WATER')
})

describe('the rule table', () => {
  test('is public data: codes, descriptions, points and validity, negative ones for two years', async () => {
    const response = await api.get('/api/v1/credit-rules')
    expect(response.status).toBe(200)
    const rules = response.body.items as Array<{ code: string; points: number; validityDays: number; eventKinds: string[] }>
    const byCode = Object.fromEntries(rules.map((r) => [r.code, r]))
    expect(byCode.WINNER_ABANDONED).toMatchObject({ points: -10, validityDays: 730, eventKinds: ['AWARD_DECLINED', 'WINNER_ABANDONED'] })
    expect(byCode.ABANDONED_REPEATEDLY).toMatchObject({ points: -20, count: { threshold: 3, windowDays: 365, perAnnouncement: false } })
    expect(byCode.BID_RIGGING).toMatchObject({ points: -40, validityDays: 730 })
    expect(byCode.DEPARTMENT_COMMENDATION).toMatchObject({ points: 5 })
    expect(rules.filter((r) => r.points < 0).every((r) => r.validityDays === 730)).toBe(true)
    expect(rules).toHaveLength(14)
  })
})

describe('a department records, the window passes, the record counts', () => {
  test('pending for the objection window, then effective: the score, its history and the directory follow', async () => {
    const firm = await createListedIntermediary()
    const id = await recordFor(ecology, firm.organization.id, 'FALSE_MATERIALS')
    const pending = await api.get(`/api/v1/credit-records/${id}`, { token: firm.token })
    expect(pending.status).toBe(200)
    expect(pending.body).toMatchObject({ status: 'PENDING', points: -30, source: 'DEPARTMENT', allowedActions: ['contest'] })
    // Pending: not public, not counted.
    expect((await api.get(`/api/v1/credit-records/${id}`)).status).toBe(404)
    expect((await api.get(`/api/v1/intermediaries/${firm.organization.id}/credit-records`)).body.total).toBe(0)
    expect((await standingOf(firm.organization.id)).score).toBe(100)
    // The window is 5 working days (rule creditObjectionWorkdays).
    const record = await prisma.creditRecord.findUniqueOrThrow({ where: { id } })
    const calendar = await (await import('#app/domain/clock/calendar.server.ts')).loadWorkingCalendar()
    expect(calendar.workingDaysBetween(record.createdAt, record.objectionEndsAt)).toBe(5)

    await moveClockTo(new Date(record.objectionEndsAt.getTime() - 1000))
    expect((await prisma.creditRecord.findUniqueOrThrow({ where: { id } })).status).toBe('PENDING')
    await pastWindow(id)
    const effective = await api.get(`/api/v1/credit-records/${id}`)
    expect(effective.status).toBe(200)
    expect(effective.body).toMatchObject({ status: 'EFFECTIVE', allowedActions: [] })
    const standing = await standingOf(firm.organization.id)
    expect(standing).toMatchObject({ score: 70, level: 'C' })
    expect(standing.history).toEqual([{ at: expect.any(String), score: 70, level: 'C', cause: 'CreditRecord:takeEffect' }])
    const listed = await api.get(`/api/v1/intermediaries?creditLevel=C&pageSize=100`)
    expect(listed.body.items.find((i: { id: string }) => i.id === firm.organization.id)).toMatchObject({ creditScore: 70, creditLevel: 'C' })
    const profile = await api.get(`/api/v1/intermediaries/${firm.organization.id}`)
    expect(profile.body).toMatchObject({ creditScore: 70, creditLevel: 'C' })
    const records = await api.get(`/api/v1/intermediaries/${firm.organization.id}/credit-records`)
    expect(records.body.items.map((r: { id: string }) => r.id)).toEqual([id])
  })

  test('effective points count until they expire, two years for a negative record', async () => {
    const firm = await createListedIntermediary()
    const id = await recordFor(ecology, firm.organization.id, 'SERVICE_OVERDUE_SEVERE')
    await pastWindow(id)
    expect(await standingOf(firm.organization.id)).toMatchObject({ score: 85, level: 'B' })
    const record = await prisma.creditRecord.findUniqueOrThrow({ where: { id } })
    expect(record.expiresAt.getTime() - record.occurredAt.getTime()).toBe(730 * 86_400_000)
    await moveClockTo(new Date(record.expiresAt.getTime() - 60_000))
    expect((await standingOf(firm.organization.id)).score).toBe(85)
    await moveClockTo(new Date(record.expiresAt.getTime() + 1000))
    expect((await prisma.creditRecord.findUniqueOrThrow({ where: { id } })).status).toBe('EXPIRED')
    const standing = await standingOf(firm.organization.id)
    expect(standing).toMatchObject({ score: 100, level: 'A' })
    expect(standing.history.map((h) => [h.score, h.cause])).toEqual([
      [85, 'CreditRecord:takeEffect'],
      [100, 'CreditRecord:expire'],
    ])
  })

  test('the score is clamped at 0 and 120', async () => {
    const low = await createListedIntermediary()
    const ids = []
    for (const rule of ['BID_RIGGING', 'BID_RIGGING', 'FALSE_MATERIALS', 'FALSE_MATERIALS']) ids.push(await recordFor(ecology, low.organization.id, rule))
    const high = await createListedIntermediary()
    for (let i = 0; i < 5; i++) ids.push(await recordFor(ecology, high.organization.id, 'DEPARTMENT_COMMENDATION'))
    for (const id of ids) await pastWindow(id)
    expect(await standingOf(low.organization.id)).toMatchObject({ score: 0, level: 'D' })
    expect(await standingOf(high.organization.id)).toMatchObject({ score: 120, level: 'A' })
  })

  test('a department may give a lighter value of the same sign', async () => {
    const firm = await createListedIntermediary()
    const id = await recordFor(ecology, firm.organization.id, 'FALSE_MATERIALS', { points: -12 })
    await pastWindow(id)
    expect((await standingOf(firm.organization.id)).score).toBe(88)
  })
})

describe('concurrency', () => {
  test('five records of one firm taking effect at the same time in parallel transactions are all counted', async () => {
    const firm = await createListedIntermediary()
    const ids = []
    for (const rule of ['SERVICE_OVERDUE', 'SERVICE_OVERDUE', 'FEE_RAISED', 'SERVICE_OVERDUE_SEVERE', 'DEPARTMENT_COMMENDATION'])
      ids.push(await recordFor(ecology, firm.organization.id, rule))
    // Every window ends now; each record's step runs in its own transaction, all at once.
    await prisma.creditRecord.updateMany({ where: { id: { in: ids } }, data: { objectionEndsAt: new Date(Date.now() - 60_000) } })
    const { advanceRow } = await import('#app/domain/engine/engine.server.ts')
    const { creditRecordMachine } = await import('#app/domain/credit/credit-record-machine.server.ts')
    const steps = await Promise.all(ids.map((id) => advanceRow(creditRecordMachine, id)))
    expect(steps).toEqual([1, 1, 1, 1, 1])
    const standing = await standingOf(firm.organization.id)
    expect(standing.score).toBe(100 - 5 - 5 - 20 - 15 + 5)
    expect(standing.history).toHaveLength(5)
    expect(standing.history.at(-1)!.score).toBe(60)
  })

  test('two reviews of one contested record at once: one applies (200), the other finds it reviewed (409)', async () => {
    const firm = await createListedIntermediary()
    const id = await recordFor(ecology, firm.organization.id, 'FEE_RAISED')
    await api.post(`/api/v1/credit-records/${id}/contest`, { reason: '不服' }, { token: firm.token })
    const [a, b] = await Promise.all([
      api.post(`/api/v1/credit-records/${id}/review`, { upheld: true, reason: '属实' }, { token: ecology.token }),
      api.post(`/api/v1/credit-records/${id}/review`, { upheld: false, reason: '不属实' }, { token: ecology.token }),
    ])
    expect([a.status, b.status].sort()).toEqual([200, 409])
    expect(await prisma.auditEntry.count({ where: { entityType: 'CreditRecord', entityId: id, action: 'review' } })).toBe(1)
  })
})

describe('objection and review', () => {
  test('the firm contests within the window; the department upholds (effective) or annuls it, with a reason', async () => {
    const firm = await createListedIntermediary()
    const upheld = await recordFor(ecology, firm.organization.id, 'FEE_RAISED')
    const annulled = await recordFor(ecology, firm.organization.id, 'BID_RIGGING')
    for (const id of [upheld, annulled]) {
      const contested = await api.post(`/api/v1/credit-records/${id}/contest`, { reason: '收费依据为合同约定，不属于擅自加价。' }, { token: firm.token })
      expect(contested.status, contested.text).toBe(200)
      expect(contested.body.status).toBe('CONTESTED')
    }
    // A contested record does not take effect when the window ends.
    await pastWindow(upheld)
    expect((await prisma.creditRecord.findUniqueOrThrow({ where: { id: upheld } })).status).toBe('CONTESTED')
    const reviewer = await freshToken(ecology)
    const view = await api.get(`/api/v1/credit-records/${upheld}`, { token: reviewer.token })
    expect(view.body.allowedActions).toEqual(['review', 'attachEvidence'])
    const noReason = await api.post(`/api/v1/credit-records/${upheld}/review`, { upheld: true, reason: ' ' }, { token: reviewer.token })
    expect(noReason.status).toBe(400)
    const first = await api.post(`/api/v1/credit-records/${upheld}/review`, { upheld: true, reason: '经核查，收费超出合同约定。' }, { token: reviewer.token })
    expect(first.body).toMatchObject({ status: 'EFFECTIVE', reviewReason: '经核查，收费超出合同约定。' })
    const second = await api.post(`/api/v1/credit-records/${annulled}/review`, { upheld: false, reason: '证据不足。' }, { token: reviewer.token })
    expect(second.body).toMatchObject({ status: 'ANNULLED' })
    expect((await standingOf(firm.organization.id)).score).toBe(80)
    const again = await api.post(`/api/v1/credit-records/${annulled}/review`, { upheld: true, reason: '再议' }, { token: reviewer.token })
    expect(again.status).toBe(409)
  })

  test('refused: contesting after the window (409), another firm (404), a positive record (409), reviewing by another field (403)', async () => {
    const firm = await createListedIntermediary()
    const other = await createListedIntermediary()
    const late = await recordFor(ecology, firm.organization.id, 'SERVICE_OVERDUE')
    const plus = await recordFor(ecology, firm.organization.id, 'DEPARTMENT_COMMENDATION')
    const reason = { reason: '不服' }
    expect((await api.post(`/api/v1/credit-records/${late}/contest`, reason, { token: other.token })).status).toBe(404)
    expect((await api.post(`/api/v1/credit-records/${plus}/contest`, reason, { token: firm.token })).status).toBe(409)
    expect((await api.post(`/api/v1/credit-records/${late}/contest`, reason, { token: ecology.token })).status).toBe(403)
    const contested = await recordFor(ecology, firm.organization.id, 'SERVICE_OVERDUE')
    expect((await api.post(`/api/v1/credit-records/${contested}/contest`, reason, { token: firm.token })).status).toBe(200)
    expect((await api.post(`/api/v1/credit-records/${contested}/review`, { upheld: true, reason: '属实' }, { token: water.token })).status).toBe(404)
    const before = await creditCounts()
    await pastWindow(late)
    const fresh = await freshToken(firm)
    const after = await api.post(`/api/v1/credit-records/${late}/contest`, reason, { token: fresh.token })
    expect(after.status).toBe(409)
    expect((await prisma.creditRecord.findUniqueOrThrow({ where: { id: late } })).status).toBe('EFFECTIVE')
    expect((await creditCounts()).records).toBe(before.records)
  })
})

describe('bad input and rights: a clear error, nothing changed', () => {
  test.each([
    ['no evidence', { ruleCode: 'FALSE_MATERIALS', evidence: '  ' }, 400, 'evidence'],
    ['an unknown rule', { ruleCode: 'NO_SUCH_RULE', evidence: '决定书' }, 400, 'ruleCode'],
    ['a rule only the platform records', { ruleCode: 'COMPLAINT_UPHELD', evidence: '决定书' }, 400, 'ruleCode'],
    ['points larger than the rule', { ruleCode: 'FALSE_MATERIALS', evidence: '决定书', points: -31 }, 400, 'points'],
    ['points of the other sign', { ruleCode: 'FALSE_MATERIALS', evidence: '决定书', points: 5 }, 400, 'points'],
  ])('%s: 400, nothing changed', async (_name, body, status, field) => {
    const firm = await createListedIntermediary()
    const before = await creditCounts()
    const response = await api.post('/api/v1/credit-records', { intermediaryId: firm.organization.id, ...body }, { token: ecology.token })
    expect(response.status, response.text).toBe(status)
    expect(Object.keys(response.body.errors ?? {})).toContain(field)
    expect(await creditCounts()).toEqual(before)
  })

  test('a department outside the firm’s fields (403) or region (403), a firm (403), an unknown firm (404)', async () => {
    const firm = await createListedIntermediary() // 成都市武侯区, ZJ-ECO-001
    const otherRegion = await createNewDepartment({ fieldCode: 'ECOLOGY', regionCode: '511000' }) // 内江市
    const cityEcology = await createNewDepartment({ fieldCode: 'ECOLOGY', regionCode: '510100' })
    const body = { intermediaryId: firm.organization.id, ruleCode: 'FALSE_MATERIALS', evidence: '决定书' }
    const before = await creditCounts()
    expect((await api.post('/api/v1/credit-records', body, { token: water.token })).status).toBe(403)
    expect((await api.post('/api/v1/credit-records', body, { token: otherRegion.token })).status).toBe(403)
    expect((await api.post('/api/v1/credit-records', body, { token: firm.token })).status).toBe(403)
    expect((await api.post('/api/v1/credit-records', body)).status).toBe(401)
    expect((await api.post('/api/v1/credit-records', { ...body, intermediaryId: 'nope' }, { token: ecology.token })).status).toBe(404)
    expect(await creditCounts()).toEqual(before)
    // The city's department of the field may (its region covers the firm's).
    expect((await api.post('/api/v1/credit-records', body, { token: cityEcology.token })).status).toBe(201)
  })

  test('an owner is not recorded by a department (403); departments see every record, the public the effective ones', async () => {
    const owner = await createMember({ type: 'OWNER' })
    const response = await api.post('/api/v1/credit-records', { intermediaryId: owner.organization.id, ruleCode: 'FALSE_MATERIALS', evidence: '决定书' }, { token: ecology.token })
    expect(response.status).toBe(403)
    const firm = await createListedIntermediary()
    await recordFor(ecology, firm.organization.id, 'FALSE_MATERIALS')
    const seen = async (token?: string) => (await api.get(`/api/v1/intermediaries/${firm.organization.id}/credit-records`, { token })).body.total
    expect({ public: await seen(), firm: await seen(firm.token), ecology: await seen(ecology.token), water: await seen(water.token) }).toEqual({
      public: 0,
      firm: 1,
      ecology: 1,
      water: 0,
    })
  })
})

describe('an evidence file', () => {
  test('the recording department attaches a PDF; the firm and supervisors may download it, the public not', async () => {
    const firm = await createListedIntermediary()
    const id = await recordFor(ecology, firm.organization.id, 'FALSE_MATERIALS')
    const body = new FormData()
    body.set('file', new File([Buffer.from('%PDF-1.4\n%%EOF\n')], '处罚决定书.pdf', { type: 'application/pdf' }))
    const { call } = await import('#tests/helpers/app.ts')
    const uploaded = await call('POST', `/api/v1/credit-records/${id}/evidence`, { token: ecology.token, body })
    expect(uploaded.status, uploaded.text).toBe(200)
    expect(uploaded.body.evidenceFile).toMatchObject({ contentType: 'application/pdf' })
    expect((await api.get(`/api/v1/credit-records/${id}/evidence`, { token: firm.token })).status).toBe(200)
    expect((await api.get(`/api/v1/credit-records/${id}/evidence`)).status).toBe(401)
    const other = new FormData()
    other.set('file', new File([Buffer.from('%PDF-1.4\n%%EOF\n')], 'x.pdf'))
    expect((await call('POST', `/api/v1/credit-records/${id}/evidence`, { token: water.token, body: other })).status).toBe(404)
  })
})
