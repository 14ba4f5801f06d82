// The working-day calendar: GET /api/v1/calendar (public) and the admin page /admin/calendar, where
// the platform admin records holidays and make-up workdays for years the chinese-days package does
// not know yet (audited; refusals as form messages that change nothing).
import { beforeAll, describe, expect, test } from 'vitest'
import { prisma } from '#app/db.server.ts'
import { startWebSession } from '#app/domain/accounts/session.server.ts'
import { chinaDate, chinaDayEnd } from '#app/domain/clock/china-time.ts'
import { loadWorkingCalendar } from '#app/domain/clock/calendar.server.ts'
import { openForm, postForm } from '#tests/helpers/accounts.ts'
import { api, call } from '#tests/helpers/app.ts'
import { clockNow } from '#tests/factories/bidding.ts'
import { createMember } from '#tests/factories/index.ts'

type Day = { date: string; workday: boolean; source: string; name: string | null }
const dayOf = (body: { days: Day[] }, date: string) => body.days.find((d) => d.date === date)

async function webSession(type: 'PLATFORM' | 'OWNER' | 'DEPARTMENT') {
  const member = await createMember({ type })
  return (await startWebSession(member.user.id, member.organization.id)).split(';')[0]!
}

const state = async () => {
  const [days, audits] = await Promise.all([
    prisma.calendarDay.findMany({ orderBy: { date: 'asc' } }),
    prisma.auditEntry.count({ where: { entityType: 'CalendarDay' } }),
  ])
  return { days, audits }
}

let admin: string

beforeAll(async () => {
  admin = await webSession('PLATFORM')
})

/** Posts the calendar form as the admin (with the page's CSRF token). */
async function post(fields: Record<string, string>, cookie = admin) {
  const form = await openForm('/admin/calendar', cookie)
  return postForm('/admin/calendar', { csrf: form.csrf, ...fields }, form.cookie)
}

describe('GET /api/v1/calendar', () => {
  test('2026: the package’s National Day week, weekends and the make-up workdays', async () => {
    const response = await api.get('/api/v1/calendar?year=2026')
    expect(response.status, response.text).toBe(200)
    expect(response.body).toMatchObject({ year: 2026, officialArrangementKnown: true, workdayCount: 248 })
    expect(response.body.days).toHaveLength(365)
    expect(dayOf(response.body, '2026-10-01')).toEqual({ date: '2026-10-01', workday: false, source: 'official', name: '国庆节' })
    expect(dayOf(response.body, '2026-10-08')).toEqual({ date: '2026-10-08', workday: true, source: 'weekday', name: null })
    expect(dayOf(response.body, '2026-10-10')).toEqual({ date: '2026-10-10', workday: true, source: 'official', name: '国庆节' })
    expect(dayOf(response.body, '2026-10-11')).toEqual({ date: '2026-10-11', workday: false, source: 'weekend', name: null })
  })

  test('without a year: the current year in China by the application clock', async () => {
    const response = await api.get('/api/v1/calendar')
    expect(response.status).toBe(200)
    expect(response.body.year).toBe(Number(chinaDate(await clockNow()).slice(0, 4)))
  })

  test.each([['abc'], ['1999'], ['2101'], ['2026.5']])('year=%s is a 400 naming the field', async (year) => {
    const response = await api.get(`/api/v1/calendar?year=${year}`)
    expect(response.status).toBe(400)
    expect(response.headers.get('Content-Type')).toContain('application/problem+json')
    expect(response.body.errors.year).toBeDefined()
  })

  test('is in the OpenAPI document with its year parameter', async () => {
    const doc = (await api.get('/api/v1/openapi.json')).body
    expect(doc.paths['/api/v1/calendar'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['year'])
  })
})

describe('/admin/calendar', () => {
  test('Spring Festival 2027 recorded by the admin: audited, shown, and counted by the calendar', async () => {
    const before = await state()
    const unknown = await api.get('/api/v1/calendar?year=2027')
    expect(unknown.body.officialArrangementKnown).toBe(false)
    expect(dayOf(unknown.body, '2027-02-08')).toMatchObject({ workday: true, source: 'weekday' })

    for (const date of ['2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11']) {
      const saved = await post({ intent: 'add', date, kind: 'HOLIDAY', name: '春节' })
      expect(saved.status, saved.text).toBe(302)
      expect(saved.headers.get('Location')).toBe('/admin/calendar?year=2027&saved=1')
    }
    expect((await post({ intent: 'add', date: '2027-02-20', kind: 'WORKDAY', name: '春节' })).status).toBe(302)

    const after = await state()
    expect(after.days).toHaveLength(before.days.length + 6)
    expect(after.audits).toBe(before.audits + 6)
    const entry = await prisma.auditEntry.findFirstOrThrow({ where: { entityType: 'CalendarDay', entityId: '2027-02-20' } })
    expect(entry.action).toBe('create')
    expect(JSON.parse(entry.after!)).toEqual({ date: '2027-02-20', kind: 'WORKDAY', name: '春节' })

    const known = await api.get('/api/v1/calendar?year=2027')
    expect(dayOf(known.body, '2027-02-08')).toEqual({ date: '2027-02-08', workday: false, source: 'override', name: '春节' })
    expect(dayOf(known.body, '2027-02-20')).toEqual({ date: '2027-02-20', workday: true, source: 'override', name: '春节' })
    const calendar = await loadWorkingCalendar()
    expect(calendar.addWorkingDays(new Date('2027-02-04T15:00:00+08:00'), 2)).toEqual(chinaDayEnd('2027-02-15'))

    const page = await call('GET', '/admin/calendar?year=2027', { cookie: admin })
    expect(page.status).toBe(200)
    expect(page.text).toContain('内置数据尚未收录 2027 年的放假安排')
    const table = /data-testid="recorded-days"[\s\S]*?<\/table>/.exec(page.text)?.[0] ?? ''
    expect(table).toContain('2027年2月20日')
    expect(table).toContain('调休上班')
    expect(page.text).toContain('已有平台录入的年份：2027')
  })

  test('the page shows the package’s arrangement of a year it knows', async () => {
    const page = await call('GET', '/admin/calendar?year=2026', { cookie: admin })
    const official = /data-testid="official-arrangement"[\s\S]*?<\/section>/.exec(page.text)?.[0] ?? ''
    expect(official).toContain('国庆节 · 放假')
    expect(official).toContain('2026年10月7日')
    expect(official).toContain('国庆节 · 调休上班')
    expect(official).toContain('2026年9月20日、2026年10月10日')
  })

  test.each([
    ['a date that does not exist', { date: '2027-02-30', kind: 'HOLIDAY', name: '春节' }, 400, '真实存在的日期'],
    ['a malformed date', { date: '2027/02/12', kind: 'HOLIDAY', name: '春节' }, 400, 'YYYY-MM-DD'],
    ['a year out of range', { date: '1999-10-01', kind: 'HOLIDAY', name: '国庆节' }, 400, '2004 至 2100'],
    ['no name', { date: '2027-05-03', kind: 'HOLIDAY', name: '' }, 400, '请填写名称'],
    ['an unknown kind', { date: '2027-05-03', kind: 'HALF_DAY', name: '劳动节' }, 400, '请选择放假或调休上班'],
  ])('%s is refused with a form message and changes nothing', async (_name, fields, status, message) => {
    const before = await state()
    const response = await post({ intent: 'add', ...fields })
    expect(response.status, response.text).toBe(status)
    expect(response.text).toContain(message)
    expect(await state()).toEqual(before)
  })

  test('a date recorded twice: 409 with a form message, the first record stays', async () => {
    expect((await post({ intent: 'add', date: '2027-10-01', kind: 'HOLIDAY', name: '国庆节' })).status).toBe(302)
    const before = await state()
    const again = await post({ intent: 'add', date: '2027-10-01', kind: 'WORKDAY', name: '改动' })
    expect(again.status).toBe(409)
    expect(again.text).toContain('已有记录')
    expect(await state()).toEqual(before)
  })

  test('ten parallel records of one date: one is saved, the others are 409, never a 500', async () => {
    const forms = await Promise.all(Array.from({ length: 10 }, () => openForm('/admin/calendar', admin)))
    const before = await state()
    const answers = await Promise.all(
      forms.map((form) => postForm('/admin/calendar', { csrf: form.csrf, intent: 'add', date: '2027-10-02', kind: 'HOLIDAY', name: '国庆节' }, form.cookie)),
    )
    expect(answers.map((a) => a.status).sort()).toEqual([302, ...Array(9).fill(409)])
    const after = await state()
    expect(after.days).toHaveLength(before.days.length + 1)
    expect(after.audits).toBe(before.audits + 1)
  })

  test('removing a record restores the weekday rule, audited; removing it again is a 404 message', async () => {
    expect((await post({ intent: 'add', date: '2027-06-14', kind: 'HOLIDAY', name: '端午节' })).status).toBe(302)
    expect(dayOf((await api.get('/api/v1/calendar?year=2027')).body, '2027-06-14')?.workday).toBe(false)
    const removed = await post({ intent: 'remove', date: '2027-06-14' })
    expect(removed.status, removed.text).toBe(302)
    expect(removed.headers.get('Location')).toBe('/admin/calendar?year=2027&removed=1')
    expect(dayOf((await api.get('/api/v1/calendar?year=2027')).body, '2027-06-14')).toMatchObject({ workday: true, source: 'weekday' })
    const entry = await prisma.auditEntry.findFirstOrThrow({ where: { entityType: 'CalendarDay', entityId: '2027-06-14', action: 'delete' } })
    expect(JSON.parse(entry.before!)).toEqual({ date: '2027-06-14', kind: 'HOLIDAY', name: '端午节' })

    const before = await state()
    const again = await post({ intent: 'remove', date: '2027-06-14' })
    expect(again.status).toBe(404)
    expect(again.text).toContain('没有平台记录')
    expect(await state()).toEqual(before)
  })

  test.each([['OWNER' as const], ['DEPARTMENT' as const]])('a %s user gets 403 on the page and on a post, nothing changes', async (type) => {
    const cookie = await webSession(type)
    expect((await call('GET', '/admin/calendar', { cookie })).status).toBe(403)
    const form = await openForm('/account', cookie)
    const before = await state()
    const response = await postForm('/admin/calendar', { csrf: form.csrf, intent: 'add', date: '2027-12-31', kind: 'HOLIDAY', name: '试' }, form.cookie)
    expect(response.status).toBe(403)
    expect(await state()).toEqual(before)
  })

  test('signed out: the page sends to the login; a post without the CSRF token is refused', async () => {
    const page = await call('GET', '/admin/calendar')
    expect(page.status).toBe(302)
    expect(page.headers.get('Location')).toContain('/login')
    const before = await state()
    const forged = await postForm('/admin/calendar', { intent: 'add', date: '2027-12-30', kind: 'HOLIDAY', name: '试' }, admin)
    expect(forged.status).toBe(403)
    expect(await state()).toEqual(before)
  })
})
