// Platform rules: the public list with descriptions, the admin's PUT (each value in its range, unknown
// rules refused, nothing changed by a refusal), concurrent changes, and the /admin/rules page.
import { beforeAll, describe, expect, test } from 'vitest'
import { prisma } from '#app/db.server.ts'
import { startWebSession } from '#app/domain/accounts/session.server.ts'
import { RULE_DEFAULTS, RULE_NAMES } from '#app/domain/announcements/rules.server.ts'
import { createMember } from '#tests/factories/index.ts'
import { openForm, postForm } from '#tests/helpers/accounts.ts'
import { api, call } from '#tests/helpers/app.ts'

type Member = Awaited<ReturnType<typeof createMember>>
let admin: Member
let adminCookie = ''

beforeAll(async () => {
  admin = await createMember({ type: 'PLATFORM' })
  adminCookie = (await startWebSession(admin.user.id, admin.organization.id)).split(';')[0]!
})

const stored = async () => (await api.get('/api/v1/platform-rules')).body.rules as Record<string, number>
const state = async () => ({ rules: await stored(), audits: await prisma.auditEntry.count() })

describe('GET /api/v1/platform-rules', () => {
  test('lists every rule with its value and a Chinese description, including the rules of the next issues', async () => {
    const response = await api.get('/api/v1/platform-rules')
    expect(response.status).toBe(200)
    expect(response.body.rules).toMatchObject({
      minBiddingDays: 3,
      publicityDays: 3,
      minimumBids: 3,
      signingDays: 5,
      ratingWindowDays: 15,
      creditObjectionWorkdays: 5,
      complaintWorkdays: 10,
      repairMinDays: 90,
      inspectionDrawHours: 24,
    })
    expect(Object.keys(response.body.rules).sort()).toEqual([...RULE_NAMES].sort())
    for (const name of RULE_NAMES) expect(response.body.descriptions[name]).toMatch(/[\u4e00-\u9fff]/)
  })

  test('the new rules are stored rows (a later change of a default in the code changes nothing here)', async () => {
    const rows = await prisma.appSetting.findMany({ where: { key: { startsWith: 'rule.' } } })
    expect(rows.map((r) => r.key.slice('rule.'.length)).sort()).toEqual([...RULE_NAMES].sort())
    for (const row of rows) expect(Number(row.value)).toBe(RULE_DEFAULTS[row.key.slice('rule.'.length) as keyof typeof RULE_DEFAULTS])
  })
})

describe('PUT /api/v1/platform-rules', () => {
  test('the platform admin changes some rules: 200 with all rules, stored and audited', async () => {
    const audits = await prisma.auditEntry.count({ where: { entityType: 'PlatformRules' } })
    const response = await api.put('/api/v1/platform-rules', { publicityDays: 5, signingDays: 7 }, { token: admin.token })
    expect(response.status).toBe(200)
    expect(response.body.rules).toMatchObject({ publicityDays: 5, signingDays: 7, minBiddingDays: 3 })
    expect(await stored()).toMatchObject({ publicityDays: 5, signingDays: 7 })
    const entries = await prisma.auditEntry.findMany({ where: { entityType: 'PlatformRules' }, orderBy: { id: 'asc' } })
    expect(entries).toHaveLength(audits + 1)
    const last = entries.at(-1)!
    expect(last.actorUserId).toBe(admin.user.id)
    expect(JSON.parse(last.before!)).toMatchObject({ publicityDays: 3, signingDays: 5 })
    expect(JSON.parse(last.after!)).toMatchObject({ publicityDays: 5, signingDays: 7 })
  })

  test('setting the values it already has changes nothing and records nothing', async () => {
    const before = await state()
    const response = await api.put('/api/v1/platform-rules', { minimumBids: before.rules.minimumBids }, { token: admin.token })
    expect(response.status).toBe(200)
    expect(await state()).toEqual(before)
  })

  test.each([
    [{ minimumBids: 11 }, 'minimumBids'],
    [{ minimumBids: 0 }, 'minimumBids'],
    [{ publicityDays: 2.5 }, 'publicityDays'],
    [{ repairMinDays: 2000 }, 'repairMinDays'],
    [{ inspectionDrawHours: '24' }, 'inspectionDrawHours'],
    [{ minBiddingDays: 4, noSuchRule: 3 }, 'noSuchRule'],
  ])('%j → 400 with errors.%s, and nothing changes', async (body, field) => {
    const before = await state()
    const response = await api.put('/api/v1/platform-rules', body, { token: admin.token })
    expect(response.status).toBe(400)
    expect(response.body.errors[field]).toBeDefined()
    expect(await state()).toEqual(before)
  })

  test('an out-of-range value names its range in Chinese', async () => {
    const response = await api.put('/api/v1/platform-rules', { minimumBids: 11 }, { token: admin.token })
    expect(response.body.errors.minimumBids).toEqual(['须为 1–10 之间的整数（家）'])
  })

  test('ten parallel changes by the admin: each 200, the last one written wins, one audit entry per change', async () => {
    const audits = await prisma.auditEntry.count({ where: { entityType: 'PlatformRules' } })
    const values = Array.from({ length: 10 }, (_, i) => 11 + i)
    const responses = await Promise.all(values.map((v) => api.put('/api/v1/platform-rules', { ratingWindowDays: v }, { token: admin.token })))
    expect(responses.map((r) => r.status)).toEqual(values.map(() => 200))
    expect(values).toContain((await stored()).ratingWindowDays)
    const entries = await prisma.auditEntry.findMany({ where: { entityType: 'PlatformRules' }, orderBy: { id: 'asc' }, skip: audits })
    expect(entries).toHaveLength(10)
    // Serialized: each entry's before is the previous entry's after.
    for (let i = 1; i < entries.length; i++) expect(entries[i]!.before).toBe(entries[i - 1]!.after)
  })
})

describe('/admin/rules', () => {
  test('the admin home links to it', async () => {
    const home = await call('GET', '/admin', { cookie: adminCookie })
    expect(home.status).toBe(200)
    expect(home.text).toContain('href="/admin/rules"')
  })

  test('shows every rule with its current value, unit and range', async () => {
    const page = await call('GET', '/admin/rules', { cookie: adminCookie })
    expect(page.status).toBe(200)
    const rules = await stored()
    for (const name of RULE_NAMES) {
      expect(page.text).toMatch(new RegExp(`<input[^>]*name="${name}"[^>]*value="${rules[name]}"|<input[^>]*value="${rules[name]}"[^>]*name="${name}"`))
    }
    expect(page.text).toContain('可设 1–10 家')
    expect(page.text).toContain('中选后双方签订合同的期限（工作日）')
  })

  test('the admin saves the form: redirect with a message, stored and audited', async () => {
    const form = await openForm('/admin/rules', adminCookie)
    const values = { ...Object.fromEntries(Object.entries(await stored()).map(([k, v]) => [k, String(v)])), minimumBids: '4', complaintWorkdays: '15' }
    const audits = await prisma.auditEntry.count({ where: { entityType: 'PlatformRules' } })
    const saved = await postForm('/admin/rules', { csrf: form.csrf, ...values }, form.cookie)
    expect(saved.status).toBe(302)
    expect(saved.headers.get('Location')).toBe('/admin/rules?saved=1')
    expect(await stored()).toMatchObject({ minimumBids: 4, complaintWorkdays: 15 })
    expect(await prisma.auditEntry.count({ where: { entityType: 'PlatformRules' } })).toBe(audits + 1)
    const after = await call('GET', '/admin/rules?saved=1', { cookie: form.cookie })
    expect(after.text).toContain('平台规则已保存')
  })

  test('an out-of-range or missing value is a 400 with the message next to its field; nothing changes', async () => {
    const form = await openForm('/admin/rules', adminCookie)
    const values = Object.fromEntries(Object.entries(await stored()).map(([k, v]) => [k, String(v)]))
    const before = await state()
    const refused = await postForm('/admin/rules', { csrf: form.csrf, ...values, minimumBids: '50', publicityDays: '' }, form.cookie)
    expect(refused.status).toBe(400)
    expect(refused.text).toContain('须为 1–10 之间的整数（家）')
    expect(refused.text).toContain('须为 1–30 之间的整数（自然日）')
    expect(await state()).toEqual(before)
  })

  test('a post without the CSRF token is refused (403) and changes nothing', async () => {
    const before = await state()
    const response = await postForm('/admin/rules', { minimumBids: '2' }, adminCookie)
    expect(response.status).toBe(403)
    expect(await state()).toEqual(before)
  })
})
