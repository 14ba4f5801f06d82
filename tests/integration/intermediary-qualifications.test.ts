// Qualifications: declaration, scan upload (type by content, size limit), authorized download,
// review by a department of the field or the admin, expiry and the reminder job; suspension.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { prisma } from '#app/db.server.ts'
import { formatBeijingDate } from '#app/domain/clock/china-time.ts'
import { remindExpiringQualifications } from '#jobs/qualification-expiry.ts'
import { startWebSession } from '#app/domain/accounts/session.server.ts'
import { api, call } from '#tests/helpers/app.ts'
import { createMember, createNewDepartment } from '#tests/factories/index.ts'

process.env.UPLOAD_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'zjcs-uploads-'))

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])

function upload(qualificationId: string, bytes: Uint8Array, name: string, token: string, type = 'application/pdf') {
  const form = new FormData()
  form.set('file', new File([new Uint8Array(bytes)], name, { type }))
  return call('POST', `/api/v1/intermediaries/me/qualifications/${qualificationId}/scan`, { token, body: form })
}

const qualificationBody = (overrides: Record<string, unknown> = {}) => ({
  typeCode: 'GEOHAZARD_ASSESSMENT',
  level: '乙级',
  certificateNo: '川地灾评（乙）字第 2024-018 号',
  issuer: '四川省自然资源厅',
  validFrom: '2024-03-01',
  validTo: '2099-02-28',
  ...overrides,
})

async function qualificationCounts() {
  const [qualifications, files, audits] = await Promise.all([
    prisma.qualification.count(),
    prisma.storedFile.count(),
    prisma.auditEntry.count(),
  ])
  return { qualifications, files, audits }
}

/** A member of the seeded province department of a field (it supervises that field's items). */
async function departmentMember(fieldCode: string) {
  const department = await prisma.department.findFirstOrThrow({ where: { fieldCode } })
  return createMember({ organizationId: department.organizationId })
}

let intermediary: Awaited<ReturnType<typeof createMember>>
let nrDepartment: Awaited<ReturnType<typeof createMember>>
let ecoDepartment: Awaited<ReturnType<typeof createMember>>
let admin: Awaited<ReturnType<typeof createMember>>

beforeAll(async () => {
  intermediary = await createMember({ type: 'INTERMEDIARY' })
  const entry = await api.put(
    '/api/v1/intermediaries/me',
    { serviceItemCodes: ['ZJ-NR-001'], commitmentAccepted: true },
    { token: intermediary.token },
  )
  expect(entry.status).toBe(200)
  nrDepartment = await departmentMember('NATURAL_RESOURCES')
  ecoDepartment = await departmentMember('ECOLOGY')
  admin = await createMember({ type: 'PLATFORM' })
})

async function declare(token = intermediary.token, overrides: Record<string, unknown> = {}) {
  const response = await api.post('/api/v1/intermediaries/me/qualifications', qualificationBody(overrides), { token })
  expect(response.status).toBe(201)
  return response.body
}

describe('POST /api/v1/intermediaries/me/qualifications', () => {
  test('declares a qualification as self-declared, not verified (201), audited and synced', async () => {
    const outbox = await prisma.searchOutbox.count({ where: { entityId: intermediary.organization.id } })
    const q = await declare()
    expect(q).toMatchObject({
      typeCode: 'GEOHAZARD_ASSESSMENT',
      level: '乙级',
      validFrom: '2024-03-01',
      validTo: '2099-02-28',
      status: 'SELF_DECLARED',
      verified: false,
      expired: false,
      current: true,
      scan: null,
    })
    expect(await prisma.auditEntry.count({ where: { entityType: 'Qualification', entityId: q.id, action: 'declare' } })).toBe(1)
    expect(await prisma.searchOutbox.count({ where: { entityId: intermediary.organization.id } })).toBe(outbox + 1)
    const publicProfile = await api.get(`/api/v1/intermediaries/${intermediary.organization.id}`)
    expect(publicProfile.body.qualifications).toContainEqual(expect.objectContaining({ id: q.id, verified: false }))
  })

  test('a level the type does not have: 400 with errors.level and nothing changes', async () => {
    const before = await qualificationCounts()
    const response = await api.post('/api/v1/intermediaries/me/qualifications', qualificationBody({ level: '丙级' }), {
      token: intermediary.token,
    })
    expect(response.status).toBe(400)
    expect(response.body.errors.level[0]).toContain('甲级、乙级')
    expect(await qualificationCounts()).toEqual(before)
  })

  test('validTo before validFrom: 400 with errors.validTo and nothing changes', async () => {
    const before = await qualificationCounts()
    const response = await api.post(
      '/api/v1/intermediaries/me/qualifications',
      qualificationBody({ validFrom: '2025-01-01', validTo: '2024-12-31' }),
      { token: intermediary.token },
    )
    expect(response.status).toBe(400)
    expect(response.body.errors.validTo).toBeDefined()
    expect(await qualificationCounts()).toEqual(before)
  })

  test('an unknown type: 400 with errors.typeCode and nothing changes', async () => {
    const before = await qualificationCounts()
    const response = await api.post('/api/v1/intermediaries/me/qualifications', qualificationBody({ typeCode: 'NOPE' }), {
      token: intermediary.token,
    })
    expect(response.status).toBe(400)
    expect(response.body.errors.typeCode).toBeDefined()
    expect(await qualificationCounts()).toEqual(before)
  })

  test('a malformed date or a missing issuer: 400', async () => {
    const bad = await api.post('/api/v1/intermediaries/me/qualifications', qualificationBody({ validFrom: '2024-02-30' }), {
      token: intermediary.token,
    })
    expect(bad.status).toBe(400)
    expect(bad.body.errors.validFrom).toBeDefined()
    const { issuer: _issuer, ...noIssuer } = qualificationBody()
    const missing = await api.post('/api/v1/intermediaries/me/qualifications', noIssuer, { token: intermediary.token })
    expect(missing.status).toBe(400)
    expect(missing.body.errors.issuer).toBeDefined()
  })

  test('ISO datetimes are accepted and stored as Beijing calendar dates', async () => {
    const q = await declare(intermediary.token, { validFrom: '2024-02-29T16:30:00Z', validTo: '2099-01-01T00:00:00+08:00' })
    expect(q.validFrom).toBe('2024-03-01')
    expect(q.validTo).toBe('2099-01-01')
  })

  test('an expired qualification is reported expired and not current', async () => {
    const q = await declare(intermediary.token, { validFrom: '2018-01-01', validTo: '2021-01-01' })
    expect(q).toMatchObject({ status: 'SELF_DECLARED', expired: true, current: false, displayStatus: 'EXPIRED' })
  })

  test('an owner or a department cannot declare qualifications: 403', async () => {
    const owner = await createMember({ type: 'OWNER' })
    expect((await api.post('/api/v1/intermediaries/me/qualifications', qualificationBody(), { token: owner.token })).status).toBe(403)
    expect((await api.post('/api/v1/intermediaries/me/qualifications', qualificationBody(), { token: nrDepartment.token })).status).toBe(403)
  })
})

describe('scans', () => {
  test('a PDF scan is stored with its SHA-256; the owner downloads the same bytes', async () => {
    const q = await declare()
    const response = await upload(q.id, PDF, '资质证书.pdf', intermediary.token)
    expect(response.status).toBe(200)
    expect(response.body.scan).toMatchObject({ contentType: 'application/pdf', size: PDF.length, originalName: '资质证书.pdf' })
    const stored = await prisma.storedFile.findFirstOrThrow({ where: { qualifications: { some: { id: q.id } } } })
    expect(stored.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(stored.storageKey).not.toContain('资质')

    const download = await call('GET', `/api/v1/qualifications/${q.id}/scan`, { token: intermediary.token })
    expect(download.status).toBe(200)
    expect(download.headers.get('Content-Type')).toBe('application/pdf')
    expect(download.text).toBe(PDF.toString('latin1'))
  })

  test('a PNG named .pdf is stored as image/png (type by content, not name)', async () => {
    const q = await declare()
    const response = await upload(q.id, PNG, 'scan.pdf', intermediary.token)
    expect(response.status).toBe(200)
    expect(response.body.scan.contentType).toBe('image/png')
  })

  test('a text file named .pdf: 415 and nothing is stored', async () => {
    const q = await declare()
    const before = await qualificationCounts()
    const response = await upload(q.id, Buffer.from('这不是 PDF，只是一个改了扩展名的文本文件'), 'fake.pdf', intermediary.token)
    expect(response.status).toBe(415)
    expect(response.body.errors.file).toBeDefined()
    expect(await qualificationCounts()).toEqual(before)
  })

  test('a file over 10 MiB: 413 and nothing is stored', async () => {
    const q = await declare()
    const before = await qualificationCounts()
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0x20)
    PDF.copy(big)
    const response = await upload(q.id, big, 'big.pdf', intermediary.token)
    expect(response.status).toBe(413)
    expect(await qualificationCounts()).toEqual(before)
  })

  test('a JSON body instead of multipart: 415', async () => {
    const q = await declare()
    const response = await api.post(`/api/v1/intermediaries/me/qualifications/${q.id}/scan`, { file: 'x' }, { token: intermediary.token })
    expect(response.status).toBe(415)
  })

  test("another intermediary can neither upload to nor download someone else's scan", async () => {
    const q = await declare()
    await upload(q.id, PDF, 'a.pdf', intermediary.token)
    const other = await createMember({ type: 'INTERMEDIARY' })
    expect((await upload(q.id, PDF, 'b.pdf', other.token)).status).toBe(404)
    expect((await call('GET', `/api/v1/qualifications/${q.id}/scan`, { token: other.token })).status).toBe(403)
    expect((await call('GET', `/api/v1/qualifications/${q.id}/scan`)).status).toBe(401)
  })

  test('the supervising department and the admin may download; a department of another field may not', async () => {
    const q = await declare()
    await upload(q.id, PDF, 'a.pdf', intermediary.token)
    expect((await call('GET', `/api/v1/qualifications/${q.id}/scan`, { token: nrDepartment.token })).status).toBe(200)
    expect((await call('GET', `/api/v1/qualifications/${q.id}/scan`, { token: admin.token })).status).toBe(200)
    expect((await call('GET', `/api/v1/qualifications/${q.id}/scan`, { token: ecoDepartment.token })).status).toBe(403)
  })
})

describe('review (核验 / 驳回)', () => {
  test('a department of the field verifies: VERIFIED, reviewer recorded, intermediary notified', async () => {
    const q = await declare()
    const response = await api.post(`/api/v1/qualifications/${q.id}/verify`, {}, { token: nrDepartment.token })
    expect(response.status).toBe(200)
    expect(response.body).toMatchObject({ status: 'VERIFIED', verified: true })
    const row = await prisma.qualification.findUniqueOrThrow({ where: { id: q.id } })
    expect(row.reviewedByOrganizationId).toBe(nrDepartment.organization.id)
    expect(row.reviewedByUserId).toBe(nrDepartment.user.id)
    expect(row.reviewedAt).not.toBeNull()
    expect(await prisma.auditEntry.count({ where: { entityId: q.id, action: 'verify' } })).toBe(1)
    expect(await prisma.notification.count({ where: { organizationId: intermediary.organization.id, kind: 'qualification-verified' } })).toBeGreaterThan(0)
    const again = await api.post(`/api/v1/qualifications/${q.id}/verify`, {}, { token: nrDepartment.token })
    expect(again.status).toBe(409)
  })

  test('a department outside its field: 403 and nothing changes', async () => {
    const q = await declare()
    const audits = await prisma.auditEntry.count()
    const response = await api.post(`/api/v1/qualifications/${q.id}/verify`, {}, { token: ecoDepartment.token })
    expect(response.status).toBe(403)
    const row = await prisma.qualification.findUniqueOrThrow({ where: { id: q.id } })
    expect(row.status).toBe('SELF_DECLARED')
    expect(row.reviewedAt).toBeNull()
    expect(await prisma.auditEntry.count()).toBe(audits)
  })

  test('rejection needs a reason (400); with one the status is REJECTED and the reason kept', async () => {
    const q = await declare()
    const without = await api.post(`/api/v1/qualifications/${q.id}/reject`, {}, { token: admin.token })
    expect(without.status).toBe(400)
    expect(without.body.errors.reason).toBeDefined()
    expect((await prisma.qualification.findUniqueOrThrow({ where: { id: q.id } })).status).toBe('SELF_DECLARED')
    const rejected = await api.post(`/api/v1/qualifications/${q.id}/reject`, { reason: '证书编号与发证机关公示信息不符' }, { token: admin.token })
    expect(rejected.status).toBe(200)
    expect(rejected.body).toMatchObject({ status: 'REJECTED', verified: false, current: false, review: { note: '证书编号与发证机关公示信息不符' } })
  })

  test('an intermediary cannot verify (even its own) qualification: 403', async () => {
    const q = await declare()
    expect((await api.post(`/api/v1/qualifications/${q.id}/verify`, {}, { token: intermediary.token })).status).toBe(403)
    expect((await prisma.qualification.findUniqueOrThrow({ where: { id: q.id } })).status).toBe('SELF_DECLARED')
  })

  test('an unknown qualification: 404', async () => {
    expect((await api.post('/api/v1/qualifications/nope/verify', {}, { token: admin.token })).status).toBe(404)
  })
})

describe('review by the field that governs the qualification type', () => {
  // The firm of beforeAll offers ZJ-NR-001 (自然资源); 安全评价 qualifications are governed by 应急管理.
  const safetyEvaluation = { typeCode: 'SAFETY_EVALUATION', level: '乙级', certificateNo: 'APJ-（川）-018', issuer: '四川省应急管理厅' }

  async function reviewCounts(id: string) {
    const row = await prisma.qualification.findUniqueOrThrow({ where: { id } })
    return { status: row.status, reviewedAt: row.reviewedAt, audits: await prisma.auditEntry.count(), notifications: await prisma.notification.count() }
  }

  test("a department supervising the firm's services may not verify or reject a type its field does not govern: 403, nothing changes", async () => {
    const q = await declare(intermediary.token, safetyEvaluation)
    const before = await reviewCounts(q.id)
    const verify = await api.post(`/api/v1/qualifications/${q.id}/verify`, {}, { token: nrDepartment.token })
    expect(verify.status).toBe(403)
    expect(verify.body.detail).toContain('主管该类资质的行业主管部门')
    expect((await api.post(`/api/v1/qualifications/${q.id}/reject`, { reason: '越权驳回' }, { token: nrDepartment.token })).status).toBe(403)
    expect(await reviewCounts(q.id)).toEqual(before)
  })

  test('the department of the governing field verifies it, though the firm offers none of its services', async () => {
    const q = await declare(intermediary.token, safetyEvaluation)
    const emergency = await departmentMember('EMERGENCY')
    const response = await api.post(`/api/v1/qualifications/${q.id}/verify`, {}, { token: emergency.token })
    expect(response.status).toBe(200)
    expect(response.body.status).toBe('VERIFIED')
  })

  test("a department of the governing field in another region (not above the firm's): 403, nothing changes", async () => {
    const q = await declare(intermediary.token, safetyEvaluation)
    const neijiang = await createNewDepartment({ fieldCode: 'EMERGENCY', regionCode: '511000' })
    const before = await reviewCounts(q.id)
    expect((await api.post(`/api/v1/qualifications/${q.id}/reject`, { reason: '辖区外' }, { token: neijiang.token })).status).toBe(403)
    expect(await reviewCounts(q.id)).toEqual(before)
  })

  test('a type without a field is reviewed by the platform admin only', async () => {
    await prisma.qualificationType.create({ data: { code: 'UNGOVERNED', name: '未指定领域的资质', issuingAuthority: '测试机关', levels: { create: [{ code: '甲级', rank: 1 }] } } })
    const q = await declare(intermediary.token, { typeCode: 'UNGOVERNED', level: '甲级' })
    expect((await api.post(`/api/v1/qualifications/${q.id}/verify`, {}, { token: nrDepartment.token })).status).toBe(403)
    expect((await api.post(`/api/v1/qualifications/${q.id}/verify`, {}, { token: admin.token })).status).toBe(200)
  })

  test('the review page lists for a department only the qualifications it may review', async () => {
    const q = await declare(intermediary.token, { ...safetyEvaluation, certificateNo: 'APJ-LIST-001' })
    const page = async (member: Awaited<ReturnType<typeof createMember>>) => {
      const cookie = (await startWebSession(member.user.id, member.organization.id)).split(';')[0]!
      const response = await call('GET', '/supervision/qualifications?pageSize=100', { cookie })
      expect(response.status).toBe(200)
      return response.text
    }
    expect(await page(await departmentMember('EMERGENCY'))).toContain(`data-testid="review-${q.id}"`)
    expect(await page(admin)).toContain(`data-testid="review-${q.id}"`)
    const nrPage = await page(nrDepartment)
    expect(nrPage).not.toContain('APJ-LIST-001')
    expect(nrPage).toContain('川地灾评（乙）字第 2024-018 号')
    expect(await page(await createNewDepartment({ fieldCode: 'EMERGENCY', regionCode: '511000' }))).not.toContain('APJ-LIST-001')
  })
})

describe('suspension', () => {
  test('a department of the field suspends with a reason and reinstates; both audited', async () => {
    const target = await createMember({ type: 'INTERMEDIARY' })
    await api.put('/api/v1/intermediaries/me', { serviceItemCodes: ['ZJ-NR-001'], commitmentAccepted: true }, { token: target.token })
    const id = target.organization.id
    const suspended = await api.post(`/api/v1/intermediaries/${id}/suspend`, { reason: '出具虚假评估报告，正在调查' }, { token: nrDepartment.token })
    expect(suspended.status).toBe(200)
    expect(suspended.body).toMatchObject({ status: 'SUSPENDED', statusReason: '出具虚假评估报告，正在调查' })
    const row = await prisma.organization.findUniqueOrThrow({ where: { id } })
    expect(row.status).toBe('SUSPENDED')
    expect(row.statusChangedAt).not.toBeNull()
    expect(await prisma.offeredService.count({ where: { organizationId: id } })).toBe(1)
    expect((await api.post(`/api/v1/intermediaries/${id}/suspend`, { reason: '重复' }, { token: nrDepartment.token })).status).toBe(409)
    const reinstated = await api.post(`/api/v1/intermediaries/${id}/reinstate`, { reason: '调查结束，未发现违规' }, { token: nrDepartment.token })
    expect(reinstated.status).toBe(200)
    expect(reinstated.body.status).toBe('ACTIVE')
    expect(await prisma.auditEntry.count({ where: { entityType: 'Organization', entityId: id } })).toBe(2)
  })

  test('the admin suspends any intermediary; a reason is required (400)', async () => {
    const target = await createMember({ type: 'INTERMEDIARY' })
    const id = target.organization.id
    const missing = await api.post(`/api/v1/intermediaries/${id}/suspend`, {}, { token: admin.token })
    expect(missing.status).toBe(400)
    expect(missing.body.errors.reason).toBeDefined()
    const ok = await api.post(`/api/v1/intermediaries/${id}/suspend`, { reason: '拒不配合监督检查' }, { token: admin.token })
    expect(ok.status).toBe(200)
  })

  test('a department outside the field, or an intermediary, cannot suspend: 403 and nothing changes', async () => {
    const target = await createMember({ type: 'INTERMEDIARY' })
    await api.put('/api/v1/intermediaries/me', { serviceItemCodes: ['ZJ-NR-001'], commitmentAccepted: true }, { token: target.token })
    const id = target.organization.id
    const audits = await prisma.auditEntry.count()
    expect((await api.post(`/api/v1/intermediaries/${id}/suspend`, { reason: '越权' }, { token: ecoDepartment.token })).status).toBe(403)
    expect((await api.post(`/api/v1/intermediaries/${id}/suspend`, { reason: '同行举报' }, { token: intermediary.token })).status).toBe(403)
    expect((await prisma.organization.findUniqueOrThrow({ where: { id } })).status).toBe('ACTIVE')
    expect(await prisma.auditEntry.count()).toBe(audits)
  })
})

describe('expiry reminder', () => {
  test('reminds once, 30 days before expiry, following the test clock', async () => {
    const member = await createMember({ type: 'INTERMEDIARY' })
    const clock = await api.get('/api/v1/test/clock')
    const start = new Date(clock.body.now)
    const validTo = new Date(start.getTime() + 40 * 86400_000).toISOString().slice(0, 10)
    const q = await declare(member.token, { validFrom: '2024-01-01', validTo })
    const reminders = () => prisma.notification.count({ where: { organizationId: member.organization.id, kind: 'qualification-expiry' } })

    await remindExpiringQualifications(start)
    expect(await reminders()).toBe(0)

    const moved = await api.post('/api/v1/test/clock', { advanceBy: 'P11D' })
    expect(moved.status).toBe(200)
    await remindExpiringQualifications(new Date(moved.body.now))
    expect(await reminders()).toBe(1)
    const notification = await prisma.notification.findFirstOrThrow({ where: { dedupeKey: `qualification-expiry:${q.id}` } })
    expect(notification.body).toContain(formatBeijingDate(validTo))
    expect((await prisma.qualification.findUniqueOrThrow({ where: { id: q.id } })).expiryRemindedAt).not.toBeNull()

    await remindExpiringQualifications(new Date(moved.body.now))
    const later = await api.post('/api/v1/test/clock', { advanceBy: 'P5D' })
    await remindExpiringQualifications(new Date(later.body.now))
    expect(await reminders()).toBe(1)
  })

  test('the task is registered with the worker through jobs/index.ts', async () => {
    await import('#jobs/index.ts')
    const { runAllTasksOnce } = await import('#jobs/worker.ts')
    await expect(runAllTasksOnce()).resolves.toBeUndefined()
  })
})
