// The public catalogue pages and the admin pages, through the built app (server-rendered HTML,
// form posts without JavaScript).
import { beforeAll, describe, expect, test } from 'vitest'
import { prisma } from '#app/db.server.ts'
import { startWebSession } from '#app/domain/accounts/session.server.ts'
import { call, type CallResult } from '#tests/helpers/app.ts'
import { createMember, randomUscc } from '#tests/factories/index.ts'

function cookieJar(result: CallResult, previous = ''): string {
  const jar = new Map(
    previous
      .split(/;\s*/)
      .filter(Boolean)
      .map((pair) => pair.split('=', 2) as [string, string]),
  )
  for (const header of result.headers.getSetCookie()) {
    const [pair] = header.split(';')
    const index = pair!.indexOf('=')
    jar.set(pair!.slice(0, index).trim(), pair!.slice(index + 1))
  }
  return [...jar]
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}=${v}`)
    .join('; ')
}

async function signIn(type: 'PLATFORM' | 'OWNER') {
  const member = await createMember({ type })
  const setCookie = await startWebSession(member.user.id, member.organization.id)
  return setCookie.split(';')[0]!
}

/** GETs the page for the CSRF cookie and token, then posts the form fields (repeated names allowed). */
async function submit(pathname: string, fields: Array<[string, string]>, cookie: string) {
  const page = await call('GET', pathname, { cookie })
  expect(page.status).toBe(200)
  const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)?.[1]
  expect(csrf).toBeTruthy()
  return call('POST', pathname, {
    cookie: cookieJar(page, cookie),
    body: new URLSearchParams([['csrf', csrf!], ...fields]).toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  })
}

describe('public catalogue pages', () => {
  test('/catalogue/approval-items searches by a Chinese substring and links to the item', async () => {
    const page = await call('GET', `/catalogue/approval-items?q=${encodeURIComponent('环境影响')}`)
    expect(page.status).toBe(200)
    expect(page.text).toContain('<html lang="zh-CN"')
    expect(page.text).toContain('建设项目环境影响评价审批')
    expect(page.text).toContain('href="/catalogue/approval-items/SP-ECO-001"')
    expect(page.text).not.toContain('生产建设项目水土保持方案审批')
  })

  test('the list pages with previous/next links that keep the search', async () => {
    const page = await call('GET', '/catalogue/approval-items?pageSize=5&q=SP')
    expect(page.text).toContain('data-testid="pagination"')
    expect(/data-testid="pagination".*?<\/nav>/s.exec(page.text)?.[0]).toContain(
      'href="/catalogue/approval-items?pageSize=5&amp;q=SP&amp;page=2"',
    )
  })

  test('an approval item page lists the service items it needs, required first, each linked', async () => {
    const page = await call('GET', '/catalogue/approval-items/SP-NR-004')
    expect(page.status).toBe(200)
    const table = /data-testid="required-services"[\s\S]*?<\/table>/.exec(page.text)?.[0] ?? ''
    expect(table.indexOf('土地勘测定界')).toBeGreaterThan(-1)
    expect(table.indexOf('土地勘测定界')).toBeLessThan(table.indexOf('房产测绘'))
    expect(table).toContain('href="/catalogue/service-items/ZJ-NR-004"')
    expect(table).toContain('必需')
  })

  test('a service item page shows its qualification requirement and the approval items needing it', async () => {
    const page = await call('GET', '/catalogue/service-items/ZJ-EMER-001')
    expect(page.status).toBe(200)
    expect(page.text).toContain('安全评价检测检验机构资质（乙级及以上）')
    expect(page.text).toContain('危险化学品建设项目安全条件审查')
  })

  test('an unknown code is a 404 page in Chinese, without a stack trace', async () => {
    const page = await call('GET', '/catalogue/service-items/ZJ-NOPE-1')
    expect(page.status).toBe(404)
    expect(page.text).toContain('页面不存在')
    expect(page.text).not.toMatch(/at .*\.js:\d+/)
  })

  test('/departments lists the departments with their service items', async () => {
    const page = await call('GET', '/departments')
    expect(page.status).toBe(200)
    expect(page.text).toContain('四川省生态环境厅')
    expect(page.text).toContain('建设项目环境影响评价文件编制')
  })
})

describe('admin pages', () => {
  let adminCookie: string
  let ownerCookie: string
  beforeAll(async () => {
    adminCookie = await signIn('PLATFORM')
    ownerCookie = await signIn('OWNER')
  })

  test('a visitor who is not signed in is sent to the sign-in page', async () => {
    const page = await call('GET', '/admin/catalogue/approval-items')
    expect(page.status).toBe(302)
    expect(page.headers.get('Location')).toMatch(/^\/login\?redirectTo=/)
  })

  test('an owner gets the 403 page', async () => {
    for (const path of ['/admin', '/admin/catalogue/approval-items', '/admin/departments']) {
      const page = await call('GET', path, { cookie: ownerCookie })
      expect(page.status, path).toBe(403)
      expect(page.text).toContain('无权访问')
    }
  })

  test('the admin lists approval items including inactive ones', async () => {
    await prisma.approvalItem.update({ where: { code: 'SP-CR-001' }, data: { active: false } })
    try {
      const page = await call('GET', '/admin/catalogue/approval-items?pageSize=100', { cookie: adminCookie })
      expect(page.status).toBe(200)
      expect(page.text).toContain('文物保护单位建设控制地带内建设工程设计方案审批')
      expect(page.text).toContain('已停用')
    } finally {
      await prisma.approvalItem.update({ where: { code: 'SP-CR-001' }, data: { active: true } })
    }
  })

  test('the admin creates an approval item through the form; it is audited', async () => {
    const response = await submit(
      '/admin/catalogue/approval-items',
      [
        ['code', 'sp-test-web'],
        ['name', '网页新增的审批事项'],
        ['department', '生态环境主管部门'],
        ['fieldCode', 'ECOLOGY'],
        ['kind', 'OTHER'],
        ['legalBasis', '《中华人民共和国行政许可法》'],
      ],
      adminCookie,
    )
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe('/admin/catalogue/approval-items/SP-TEST-WEB?saved=1')
    expect(await prisma.approvalItem.findUnique({ where: { code: 'SP-TEST-WEB' } })).toMatchObject({ kind: 'OTHER' })
    expect(await prisma.auditEntry.count({ where: { entityType: 'ApprovalItem', entityId: 'SP-TEST-WEB' } })).toBe(1)
  })

  test('a form without the CSRF token is refused with 403 and changes nothing', async () => {
    const before = await prisma.approvalItem.count()
    const response = await call('POST', '/admin/catalogue/approval-items', {
      cookie: adminCookie,
      body: new URLSearchParams({
        code: 'SP-NO-CSRF',
        name: 'x',
        department: 'x',
        fieldCode: 'ECOLOGY',
        kind: 'OTHER',
        legalBasis: 'x',
      }).toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    })
    expect(response.status).toBe(403)
    expect(await prisma.approvalItem.count()).toBe(before)
  })

  test('a duplicate code is a 409 with the Chinese message next to the form', async () => {
    const response = await submit(
      '/admin/catalogue/approval-items',
      [
        ['code', 'SP-ECO-001'],
        ['name', '重复'],
        ['department', '生态环境主管部门'],
        ['fieldCode', 'ECOLOGY'],
        ['kind', 'LICENSE'],
        ['legalBasis', '依据'],
      ],
      adminCookie,
    )
    expect(response.status).toBe(409)
    expect(response.text).toContain('该审批事项编码已存在')
  })

  test('the admin marks a link as optional with a note and deactivates it from the item page', async () => {
    const saved = await submit(
      '/admin/catalogue/approval-items/SP-DEV-002',
      [
        ['intent', 'save-link'],
        ['serviceItemCode', 'ZJ-DEV-001'],
        ['note', '能耗较大的项目'],
      ],
      adminCookie,
    )
    expect(saved.status).toBe(302)
    const key = { approvalItemCode_serviceItemCode: { approvalItemCode: 'SP-DEV-002', serviceItemCode: 'ZJ-DEV-001' } }
    expect(await prisma.approvalServiceLink.findUnique({ where: key })).toMatchObject({
      required: false,
      note: '能耗较大的项目',
      active: true,
    })
    const deactivated = await submit(
      '/admin/catalogue/approval-items/SP-DEV-002',
      [
        ['intent', 'set-link-active'],
        ['serviceItemCode', 'ZJ-DEV-001'],
        ['active', 'false'],
      ],
      adminCookie,
    )
    expect(deactivated.status).toBe(302)
    expect(await prisma.approvalServiceLink.findUnique({ where: key })).toMatchObject({ active: false })
  })

  test('the admin sets a qualification requirement on a service item through the form', async () => {
    const response = await submit(
      '/admin/catalogue/service-items/ZJ-NR-002',
      [
        ['intent', 'update'],
        ['name', '压覆矿产资源评估'],
        ['department', '自然资源主管部门'],
        ['fieldCode', 'NATURAL_RESOURCES'],
        ['legalBasis', '《中华人民共和国矿产资源法》'],
        ['qualification', 'SURVEYING::乙级'],
        ['feeBasis', 'GOVERNMENT_GUIDED'],
        ['standardDays', '25'],
      ],
      adminCookie,
    )
    expect(response.status).toBe(302)
    expect(await prisma.serviceItem.findUnique({ where: { code: 'ZJ-NR-002' } })).toMatchObject({
      qualificationTypeCode: 'SURVEYING',
      qualificationMinLevel: '乙级',
      feeBasis: 'GOVERNMENT_GUIDED',
      standardDays: 25,
    })
  })

  test('the admin creates a qualification type with the field whose departments verify it; it is audited', async () => {
    const response = await submit(
      '/admin/catalogue/qualification-types',
      [
        ['intent', 'create'],
        ['code', 'WATER_MONITORING'],
        ['name', '水土保持监测资质'],
        ['issuingAuthority', '省级水行政主管部门'],
        ['fieldCode', 'WATER'],
        ['levels', '甲级、乙级'],
      ],
      adminCookie,
    )
    expect(response.status).toBe(302)
    expect(await prisma.qualificationType.findUnique({ where: { code: 'WATER_MONITORING' } })).toMatchObject({ fieldCode: 'WATER' })
    const page = await call('GET', '/admin/catalogue/qualification-types', { cookie: adminCookie })
    expect(page.text).toMatch(/data-testid="type-field-WATER_MONITORING">水利领域主管部门/)
  })

  test('the admin changes the field of a type; an unknown field is a 400 next to the form and changes nothing', async () => {
    const setField = (fieldCode: string) =>
      submit(
        '/admin/catalogue/qualification-types',
        [
          ['intent', 'update'],
          ['typeCode', 'LIGHTNING_PROTECTION'],
          ['name', '雷电防护装置检测资质'],
          ['issuingAuthority', '中国气象局 / 省级气象主管机构'],
          ['fieldCode', fieldCode],
        ],
        adminCookie,
      )
    const fieldOf = async () => (await prisma.qualificationType.findUniqueOrThrow({ where: { code: 'LIGHTNING_PROTECTION' } })).fieldCode
    const audits = await prisma.auditEntry.count()
    const unknown = await setField('NO_SUCH_FIELD')
    expect(unknown.status).toBe(400)
    expect(unknown.text).toContain('领域不存在')
    expect(await fieldOf()).toBe('METEOROLOGY')
    expect(await prisma.auditEntry.count()).toBe(audits)

    expect((await setField('')).status).toBe(302)
    expect(await fieldOf()).toBeNull()
    const entry = await prisma.auditEntry.findFirstOrThrow({ where: { entityType: 'QualificationType', entityId: 'LIGHTNING_PROTECTION', action: 'update' } })
    expect(JSON.parse(entry.before!)).toMatchObject({ fieldCode: 'METEOROLOGY' })
    expect(JSON.parse(entry.after!)).toMatchObject({ fieldCode: null })
  })

  test('the admin creates a department through the form', async () => {
    const email = `web-dept-${Date.now()}@example.com`
    const response = await submit(
      '/admin/departments',
      [
        ['name', '成都市水务局'],
        ['uscc', randomUscc('1')],
        ['regionCode', '510100'],
        ['serviceItemCodes', 'ZJ-WATER-001'],
        ['serviceItemCodes', 'ZJ-WATER-002'],
        ['user.name', '水务局管理员'],
        ['user.email', email],
        ['user.password', 'a-long-enough-password'],
      ],
      adminCookie,
    )
    expect(response.status).toBe(302)
    const user = await prisma.user.findUniqueOrThrow({
      where: { email },
      include: {
        memberships: { include: { organization: { include: { department: { include: { serviceItems: true } } } } } },
      },
    })
    const organization = user.memberships[0]!.organization
    expect(organization).toMatchObject({ type: 'DEPARTMENT', name: '成都市水务局' })
    expect(organization.department?.serviceItems.map((s) => s.serviceItemCode).sort()).toEqual([
      'ZJ-WATER-001',
      'ZJ-WATER-002',
    ])
  })

  test('a department form with a taken e-mail is a 409 naming the field; the password is not echoed', async () => {
    const before = await prisma.organization.count()
    const response = await submit(
      '/admin/departments',
      [
        ['name', '成都市气象局'],
        ['uscc', randomUscc('1')],
        ['regionCode', '510100'],
        ['serviceItemCodes', 'ZJ-MET-001'],
        ['user.name', '气象局管理员'],
        ['user.email', 'eco@dept.zjcs.local'],
        ['user.password', 'secret-password-123'],
      ],
      adminCookie,
    )
    expect(response.status).toBe(409)
    expect(response.text).toContain('该邮箱已注册')
    expect(response.text).not.toContain('secret-password-123')
    expect(await prisma.organization.count()).toBe(before)
  })
})
