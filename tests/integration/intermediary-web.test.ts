// The intermediary's pages (entry wizard, profile, qualifications, practitioners) and the
// supervision pages, through the built app without JavaScript.
import { describe, expect, test } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { prisma } from '#app/db.server.ts'
import { startWebSession } from '#app/domain/accounts/session.server.ts'
import { call } from '#tests/helpers/app.ts'
import { cookiesOf, openForm, postForm } from '#tests/helpers/accounts.ts'
import { createMember } from '#tests/factories/index.ts'

process.env.UPLOAD_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'zjcs-uploads-'))

async function signIn(options: Parameters<typeof createMember>[0]) {
  const member = await createMember(options)
  const setCookie = await startWebSession(member.user.id, member.organization.id)
  return { ...member, cookie: setCookie.split(';')[0]! }
}

describe('entry wizard /account/entry', () => {
  test('step 1 lists service items by field; step 2 shows the letter; accepting lists the firm at once', async () => {
    const me = await signIn({ type: 'INTERMEDIARY' })
    const step1 = await call('GET', '/account/entry', { cookie: me.cookie })
    expect(step1.status).toBe(200)
    expect(step1.text).toContain('data-testid="entry-service-ZJ-ECO-001"')
    expect(step1.text).toContain('生态环境')
    expect(step1.text).not.toContain('data-testid="entry-listed"')

    const step2Path = '/account/entry?step=2&services=ZJ-ECO-001&services=ZJ-WATER-001'
    const { cookie, csrf, page } = await openForm(step2Path, me.cookie)
    expect(page.text).toContain('中介服务机构信用承诺书')
    expect(page.text).toContain('不围标、串标')
    expect(page.text).toContain('data-testid="entry-accept-commitment"')
    expect(page.text).toContain('data-testid="entry-submit"')

    const fields = {
      csrf,
      serviceItemCodes: 'ZJ-ECO-001',
      'commitments[0].serviceItemCode': 'ZJ-ECO-001',
      'commitments[0].promisedDays': '20',
      'commitments[0].feeStandard': '报告表 2 万元起',
    }
    const refused = await postForm(step2Path, fields, cookie)
    expect(refused.status).toBe(400)
    expect(refused.text).toContain('须阅读并接受信用承诺书')
    expect(await prisma.offeredService.count({ where: { organizationId: me.organization.id } })).toBe(0)

    const accepted = await postForm(step2Path, { ...fields, commitmentAccepted: 'on' }, cookie)
    expect(accepted.status).toBe(302)
    expect(accepted.headers.get('Location')).toBe('/account/entry?done=1')
    const done = await call('GET', '/account/entry?done=1', { cookie })
    expect(done.text).toContain('data-testid="entry-listed"')
    expect(done.text).toContain('已入驻，公开展示中')
    expect(done.text).toContain(`href="/intermediaries/${me.organization.id}"`)
    const commitment = await prisma.serviceCommitment.findFirstOrThrow({ where: { organizationId: me.organization.id } })
    expect(commitment).toMatchObject({ serviceItemCode: 'ZJ-ECO-001', promisedDays: 20 })
  })

  test('step 2 without any service item goes back to step 1 with a message', async () => {
    const me = await signIn({ type: 'INTERMEDIARY' })
    const page = await call('GET', '/account/entry?step=2', { cookie: me.cookie })
    expect(page.text).toContain('请至少选择一项中介服务事项')
    expect(page.text).toContain('data-testid="entry-step-1"')
  })

  test('an owner gets 403 on the wizard; a post without the CSRF token is refused', async () => {
    const owner = await signIn({ type: 'OWNER' })
    expect((await call('GET', '/account/entry', { cookie: owner.cookie })).status).toBe(403)
    const me = await signIn({ type: 'INTERMEDIARY' })
    const response = await postForm('/account/entry?step=2&services=ZJ-ECO-001', { serviceItemCodes: 'ZJ-ECO-001', commitmentAccepted: 'on' }, me.cookie)
    expect(response.status).toBe(403)
    expect(await prisma.offeredService.count({ where: { organizationId: me.organization.id } })).toBe(0)
  })
})

describe('profile, qualifications and practitioners pages', () => {
  test('/account/profile saves and shows 最后更新', async () => {
    const me = await signIn({ type: 'INTERMEDIARY' })
    const { cookie, csrf, page } = await openForm('/account/profile', me.cookie)
    expect(page.text).toContain('最后更新')
    const saved = await postForm('/account/profile', { csrf, shortName: '蜀安', introduction: '环评咨询', regionCode: '510104', website: '' }, cookie)
    expect(saved.status).toBe(302)
    expect((await prisma.intermediaryProfile.findUniqueOrThrow({ where: { organizationId: me.organization.id } })).shortName).toBe('蜀安')
    const bad = await postForm('/account/profile', { csrf, regionCode: '510104', website: 'not a url' }, cookie)
    expect(bad.status).toBe(400)
    expect(bad.text).toContain('网址须以 http:// 或 https:// 开头')
  })

  test('/account/qualifications declares a qualification with a scan (multipart) and shows 自主申报', async () => {
    const me = await signIn({ type: 'INTERMEDIARY' })
    const { cookie, csrf, page } = await openForm('/account/qualifications', me.cookie)
    expect(page.text).toMatch(/enctype="multipart\/form-data"/i)
    const form = new FormData()
    for (const [k, v] of Object.entries({ csrf, intent: 'create', typeCode: 'SURVEYING', level: '乙级', certificateNo: '乙测资字 51100123', issuer: '四川省自然资源厅', validFrom: '2024-01-01', validTo: '2099-12-31' })) form.set(k, v)
    form.set('file', new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])], '证书.jpg', { type: 'image/jpeg' }))
    const created = await call('POST', '/account/qualifications', { cookie, body: form })
    expect(created.status).toBe(302)
    const q = await prisma.qualification.findFirstOrThrow({ where: { organizationId: me.organization.id }, include: { scanFile: true } })
    expect(q.scanFile?.contentType).toBe('image/jpeg')
    const list = await call('GET', '/account/qualifications', { cookie })
    expect(list.text).toContain('自主申报')
    const download = await call('GET', `/qualifications/${q.id}/scan`, { cookie })
    expect(download.status).toBe(200)
    expect(download.headers.get('Content-Type')).toBe('image/jpeg')

    const fake = new FormData()
    for (const [k, v] of Object.entries({ csrf, intent: 'create', typeCode: 'SURVEYING', level: '乙级', certificateNo: 'X', issuer: 'Y', validFrom: '2024-01-01', validTo: '2099-12-31' })) fake.set(k, v)
    fake.set('file', new File(['plain text'], 'fake.pdf', { type: 'application/pdf' }))
    const refused = await call('POST', '/account/qualifications', { cookie, body: fake })
    expect(refused.status).toBe(415)
    expect(await prisma.qualification.count({ where: { organizationId: me.organization.id } })).toBe(1)
  })

  test('/account/practitioners adds and deactivates a practitioner', async () => {
    const me = await signIn({ type: 'INTERMEDIARY' })
    const { cookie, csrf } = await openForm('/account/practitioners', me.cookie)
    const added = await postForm('/account/practitioners', { csrf, intent: 'add', name: '李娜', certificateNo: 'ZC-2019-0088', title: '注册测绘师', specialty: '' }, cookie)
    expect(added.status).toBe(302)
    const p = await prisma.practitioner.findFirstOrThrow({ where: { organizationId: me.organization.id } })
    await postForm('/account/practitioners', { csrf, intent: 'set-active', id: p.id, active: 'false' }, cookie)
    expect((await prisma.practitioner.findUniqueOrThrow({ where: { id: p.id } })).active).toBe(false)
  })
})

describe('supervision pages', () => {
  test('a department lists the entries of its field, verifies a qualification and suspends with a reason', async () => {
    const firm = await createMember({ type: 'INTERMEDIARY' })
    await prisma.offeredService.create({ data: { organizationId: firm.organization.id, serviceItemCode: 'ZJ-NR-004' } })
    const q = await prisma.qualification.create({
      data: {
        organizationId: firm.organization.id,
        typeCode: 'SURVEYING',
        levelCode: '丙级',
        certificateNo: '丙测资字 5101',
        issuer: '成都市规划和自然资源局',
        validFrom: new Date('2024-01-01'),
        validTo: new Date('2099-01-01'),
      },
    })
    const department = await prisma.department.findFirstOrThrow({ where: { fieldCode: 'NATURAL_RESOURCES' } })
    const officer = await signIn({ organizationId: department.organizationId })

    const list = await call('GET', '/supervision/intermediaries', { cookie: officer.cookie })
    expect(list.status).toBe(200)
    expect(list.text).toContain(firm.organization.name)
    const reviews = await openForm('/supervision/qualifications', officer.cookie)
    expect(reviews.page.text).toContain('丙测资字 5101')
    const verified = await postForm('/supervision/qualifications', { csrf: reviews.csrf, intent: 'verify', qualificationId: q.id }, reviews.cookie)
    expect(verified.status).toBe(302)
    expect((await prisma.qualification.findUniqueOrThrow({ where: { id: q.id } })).status).toBe('VERIFIED')

    const noReason = await postForm('/supervision/intermediaries', { csrf: reviews.csrf, intent: 'suspend', organizationId: firm.organization.id, reason: '' }, reviews.cookie)
    expect(noReason.status).toBe(400)
    const suspended = await postForm('/supervision/intermediaries', { csrf: reviews.csrf, intent: 'suspend', organizationId: firm.organization.id, reason: '测绘成果质量抽查不合格' }, reviews.cookie)
    expect(suspended.status).toBe(302)
    const filtered = await call('GET', '/supervision/intermediaries?status=SUSPENDED', { cookie: officer.cookie })
    expect(filtered.text).toContain('测绘成果质量抽查不合格')

    const eco = await prisma.department.findFirstOrThrow({ where: { fieldCode: 'ECOLOGY' } })
    const outsider = await signIn({ organizationId: eco.organizationId })
    const outsiderList = await call('GET', '/supervision/intermediaries', { cookie: outsider.cookie })
    expect(outsiderList.text).not.toContain(firm.organization.name)
  })

  test('an intermediary gets 403 on the supervision pages', async () => {
    const me = await signIn({ type: 'INTERMEDIARY' })
    expect((await call('GET', '/supervision/intermediaries', { cookie: me.cookie })).status).toBe(403)
    expect((await call('GET', '/supervision/qualifications', { cookie: me.cookie })).status).toBe(403)
    void cookiesOf
  })
})
