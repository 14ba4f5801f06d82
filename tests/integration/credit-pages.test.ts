// The credit pages through the built app without JavaScript (session cookie + CSRF token): the
// department's workspace (record with an evidence file, review, blacklist, repair decision), the
// firm's credit page (contest, repair), the complaint form and page, and the public pages (rule
// table, blacklist, the profile's score chart rendered on the server as SVG). Refusals show a
// Chinese message and change nothing.
import { describe, expect, test } from 'vitest'
import { prisma } from '#app/db.server.ts'
import { startWebSession } from '#app/domain/accounts/session.server.ts'
import { createDepartmentMember, createListedIntermediary, type Member } from '#tests/factories/bidding.ts'
import { advanceClock } from '#tests/factories/bidding.ts'
import { creditCounts, pastWindow, recordFor } from '#tests/factories/credit.ts'
import { createMember } from '#tests/factories/index.ts'
import { openForm, postForm } from '#tests/helpers/accounts.ts'
import { call } from '#tests/helpers/app.ts'

async function session(member: Member) {
  return (await startWebSession(member.user.id, member.organization.id)).split(';')[0]!
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')

describe('the department’s workspace', () => {
  test('records a violation with an evidence file; a record without evidence is refused with a message', async () => {
    const firm = await createListedIntermediary()
    const department = await createDepartmentMember('ECOLOGY')
    const { cookie, csrf, page } = await openForm('/supervision/credit', await session(department))
    expect(page.text).toContain(firm.organization.name)
    const before = await creditCounts()
    const refused = await postForm('/supervision/credit', { csrf, intent: 'record', intermediaryId: firm.organization.id, ruleCode: 'FALSE_MATERIALS', evidence: '' }, cookie)
    expect(refused.status).toBe(400)
    expect(refused.text).toContain('请填写证据')
    expect(await creditCounts()).toEqual(before)
    const body = new FormData()
    for (const [k, v] of Object.entries({ csrf, intent: 'record', intermediaryId: firm.organization.id, ruleCode: 'FALSE_MATERIALS', evidence: '川环罚〔2026〕8 号', points: '' })) body.set(k, v)
    body.set('file', new File([new Uint8Array(PDF)], '决定书.pdf', { type: 'application/pdf' }))
    const recorded = await call('POST', '/supervision/credit', { cookie, body })
    expect(recorded.status).toBe(302)
    expect(recorded.headers.get('Location')).toBe('/supervision/credit?done=recorded')
    const record = await prisma.creditRecord.findFirstOrThrow({ where: { organizationId: firm.organization.id } })
    expect(record).toMatchObject({ ruleCode: 'FALSE_MATERIALS', status: 'PENDING', evidence: '川环罚〔2026〕8 号' })
    expect(record.evidenceFileId).not.toBeNull()
    const download = await call('GET', `/credit-records/${record.id}/evidence`, { cookie: await session(firm) })
    expect(download.status).toBe(200)
    expect((await call('GET', `/credit-records/${record.id}/evidence`)).status).toBe(401)
  })

  test('the firm contests on its credit page; the department reviews it; the firm’s page shows the result', async () => {
    const firm = await createListedIntermediary()
    const department = await createDepartmentMember('ECOLOGY')
    const id = await recordFor(department, firm.organization.id, 'FEE_RAISED')
    const firmCookie = await session(firm)
    const own = await openForm('/account/credit', firmCookie)
    expect(own.page.text).toContain('data-testid="contest-form"')
    const contested = await postForm('/account/credit', { csrf: own.csrf, intent: 'contest', recordId: id, reason: '收费系合同约定' }, own.cookie)
    expect(contested.status).toBe(302)
    const workspace = await openForm('/supervision/credit', await session(department))
    expect(workspace.page.text).toContain('收费系合同约定')
    const missing = await postForm('/supervision/credit', { csrf: workspace.csrf, intent: 'review', recordId: id, reason: '经核查属实' }, workspace.cookie)
    expect(missing.status).toBe(400)
    const reviewed = await postForm('/supervision/credit', { csrf: workspace.csrf, intent: 'review', recordId: id, upheld: 'true', reason: '经核查属实' }, workspace.cookie)
    expect(reviewed.status).toBe(302)
    expect((await prisma.creditRecord.findUniqueOrThrow({ where: { id } })).status).toBe('EFFECTIVE')
    const after = await call('GET', '/account/credit', { cookie: firmCookie })
    expect(after.text).toContain('已生效')
    expect(after.text).toContain('80')
  })

  test('blacklists a firm (a bad period is refused with a message); the firm applies for repair after 90 days; the department approves', async () => {
    const firm = await createListedIntermediary()
    const department = await createDepartmentMember('ECOLOGY')
    const workspace = await openForm('/supervision/credit', await session(department))
    const fields = { csrf: workspace.csrf, intent: 'blacklist', intermediaryId: firm.organization.id, reason: '串通报价', evidence: '川环罚〔2026〕9 号' }
    const before = await creditCounts()
    const bad = await postForm('/supervision/credit', { ...fields, startsAt: '2030-02-01', endsAt: '2030-01-01' }, workspace.cookie)
    expect(bad.status).toBe(400)
    expect(bad.text).toContain('结束日期须晚于开始日期')
    expect(await creditCounts()).toEqual(before)
    const today = new Date((await call('GET', '/api/v1/test/clock')).body.now)
    const end = new Date(today.getTime() + 400 * 86_400_000).toISOString().slice(0, 10)
    const listed = await postForm('/supervision/credit', { ...fields, startsAt: today.toISOString().slice(0, 10), endsAt: end }, workspace.cookie)
    expect(listed.status, listed.text.slice(0, 300)).toBe(302)
    const publicList = await call('GET', '/blacklist')
    expect(publicList.text).toContain(firm.organization.name)
    const profile = await call('GET', `/intermediaries/${firm.organization.id}`)
    expect(profile.text).toContain('data-testid="profile-blacklist"')

    await advanceClock('P91D')
    const member = await createMember({ organizationId: firm.organization.id })
    const own = await openForm('/account/credit', await session(member))
    expect(own.page.text).toContain('data-testid="repair-form"')
    const entry = await prisma.blacklistEntry.findFirstOrThrow({ where: { organizationId: firm.organization.id } })
    const applied = await postForm('/account/credit', { csrf: own.csrf, intent: 'repair', entryId: entry.id, statement: '已整改', evidence: '整改报告' }, own.cookie)
    expect(applied.status).toBe(302)
    const decider = await createMember({ organizationId: department.organization.id })
    const again = await openForm('/supervision/credit', await session(decider))
    const application = await prisma.repairApplication.findFirstOrThrow({ where: { blacklistEntryId: entry.id } })
    expect(again.page.text).toContain(`data-testid="repair-${application.id}"`)
    const approved = await postForm('/supervision/credit', { csrf: again.csrf, intent: 'decide-repair', applicationId: application.id, approve: 'true', reason: '整改到位' }, again.cookie)
    expect(approved.status).toBe(302)
    expect((await prisma.blacklistEntry.findUniqueOrThrow({ where: { id: entry.id } })).status).toBe('LIFTED')
  })

  test('a firm or an owner may not open the workspace (403); the public is sent to sign in', async () => {
    const firm = await createListedIntermediary()
    expect((await call('GET', '/supervision/credit', { cookie: await session(firm) })).status).toBe(403)
    expect((await call('GET', '/supervision/credit')).status).toBe(302)
  })
})

describe('complaints in the browser', () => {
  test('an owner files from the profile’s link; the department decides on the complaint page; the outcome is public', async () => {
    const firm = await createListedIntermediary()
    const owner = await createMember({ type: 'OWNER' })
    const form = await openForm(`/complaints/new?subject=${firm.organization.id}`, await session(owner))
    expect(form.page.text).toContain(firm.organization.name)
    const empty = await postForm('/complaints/new', { csrf: form.csrf, subjectOrganizationId: firm.organization.id, reason: '' }, form.cookie)
    expect(empty.status).toBe(400)
    const unknown = await postForm('/complaints/new', { csrf: form.csrf, subjectUscc: '91510000MA00000000', reason: '要求额外付费' }, form.cookie)
    expect(unknown.status).toBe(400)
    expect(unknown.text).toContain('未找到该统一社会信用代码')
    const filed = await postForm('/complaints/new', { csrf: form.csrf, subjectUscc: firm.organization.uscc, reason: '要求额外支付加急费' }, form.cookie)
    expect(filed.status).toBe(302)
    const location = filed.headers.get('Location')!
    const id = location.split('/')[2]!.split('?')[0]!
    const complaint = await prisma.complaint.findUniqueOrThrow({ where: { id } })
    const department = await createMember({ organizationId: complaint.departmentId! })
    const page = await openForm(`/complaints/${id}`, await session(department))
    expect(page.page.text).toContain('data-testid="complaint-decide"')
    const decided = await postForm(`/complaints/${id}`, { csrf: page.csrf, upheld: 'true', reply: '经查属实，已责令整改。' }, page.cookie)
    expect(decided.status).toBe(302)
    const outcomes = await call('GET', '/complaints')
    expect(outcomes.text).toContain('经查属实，已责令整改。')
    expect(outcomes.text).not.toContain('要求额外支付加急费')
    const inbox = await call('GET', '/supervision/complaints', { cookie: await session(department) })
    expect(inbox.text).toContain(`data-testid="inbox-${id}"`)
  })
})

describe('public pages', () => {
  test('the rule table; the profile shows the score chart as SVG and the history as a table', async () => {
    const rules = await call('GET', '/credit-rules')
    expect(rules.status).toBe(200)
    expect(rules.text).toContain('BID_RIGGING')
    const firm = await createListedIntermediary()
    const department = await createDepartmentMember('ECOLOGY')
    const id = await recordFor(department, firm.organization.id, 'SERVICE_OVERDUE')
    await pastWindow(id)
    const profile = await call('GET', `/intermediaries/${firm.organization.id}`)
    expect(profile.status).toBe(200)
    expect(profile.text).toContain('data-testid="score-chart"')
    expect(profile.text).toMatch(/<svg[^>]*viewBox/)
    expect(profile.text).toContain('data-testid="score-history"')
    expect(profile.text).toContain('未在约定的服务时限内完成服务')
  })
})
