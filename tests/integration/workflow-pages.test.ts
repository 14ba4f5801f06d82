// The workflow pages through the built app without JavaScript (session cookie + CSRF token, forms
// posted as application/x-www-form-urlencoded): projects, the announcement form, the owner's manage
// page, the bid page, the inbox and the subscriptions. Refusals show a Chinese message and change
// nothing in the database.
import { describe, expect, test } from 'vitest'
import { prisma } from '#app/db.server.ts'
import { startWebSession } from '#app/domain/accounts/session.server.ts'
import { isoToChinaLocal } from '#app/domain/clock/china-time.ts'
import { createMember } from '#tests/factories/index.ts'
import {
  advanceClock,
  clockNow,
  createListedIntermediary,
  createOwnerWithProject,
  publishedAnnouncement,
} from '#tests/factories/bidding.ts'
import { api, call } from '#tests/helpers/app.ts'
import { openForm } from '#tests/helpers/accounts.ts'

async function webSession(member: { user: { id: string }; organization: { id: string } }) {
  const setCookie = await startWebSession(member.user.id, member.organization.id)
  return setCookie.split(';')[0]!
}

async function signIn(options: Parameters<typeof createMember>[0]) {
  const member = await createMember(options)
  return { ...member, cookie: await webSession(member) }
}

/** Posts a form; pairs (not a record) so that a checkbox group can repeat its name. */
function post(pathname: string, pairs: Array<[string, string]>, cookie: string) {
  return call('POST', pathname, {
    cookie,
    body: new URLSearchParams(pairs).toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  })
}

/** A deadline `days` days after the application clock, as a datetime-local value in China time. */
async function localDeadline(days: number) {
  return isoToChinaLocal(new Date((await clockNow()).getTime() + days * 86_400_000))
}

const escaped = (text: string) => text.replaceAll('&', '&amp;')

function announcementFields(
  projectId: string,
  deadline: string,
  overrides: Record<string, string> = {},
): Array<[string, string]> {
  return Object.entries({
    projectId,
    approvalItemCode: 'SP-ECO-001',
    serviceItemCode: 'ZJ-ECO-001',
    title: '电子材料项目环境影响报告书编制',
    scope: '编制环境影响报告书，配合完成技术评估和审批。',
    method: 'LOWEST_PRICE',
    priceCeiling: '150000.00',
    fixedPrice: '',
    directIntermediaryId: '',
    'weights.price': '',
    'weights.credit': '',
    'weights.rating': '',
    deadline,
    serviceDays: '40',
    paymentTerms: '合同签订后预付 30%，批复后付清',
    contactName: '王工',
    contactPhone: '028-86001234',
    intent: 'publish',
    ...overrides,
  })
}

describe('owner: project and announcement through the forms', () => {
  test('a new project shows 尚未办理 for its required service; the announcement form publishes it and the walk then shows it', async () => {
    const owner = await signIn({ type: 'OWNER' })
    const form = await openForm('/projects/new', owner.cookie)
    expect(form.page.text).toContain('data-testid="approval-SP-ECO-001"')
    expect(form.page.text).toContain('财政资金')
    const created = await post(
      '/projects/new',
      [
        ['csrf', form.csrf],
        ['name', '成都天府新区年产 5 万吨电子材料项目'],
        ['investmentCode', '2026-510107-39-03-000123'],
        ['regionCode', '510107'],
        ['funding', 'SELF'],
        ['description', ''],
        ['approvalItemCodes', 'SP-ECO-001'],
        ['approvalItemCodes', 'SP-NR-001'],
      ],
      form.cookie,
    )
    expect(created.status, created.text).toBe(302)
    const project = await prisma.project.findFirstOrThrow({
      where: { ownerOrganizationId: owner.organization.id },
      include: { approvalItems: true },
    })
    expect(created.headers.get('Location')).toBe(`/projects/${project.id}?created=1`)
    expect(project).toMatchObject({ funding: 'SELF', regionCode: '510107', investmentCode: '2026-510107-39-03-000123' })
    expect(project.approvalItems.map((a) => a.approvalItemCode).sort()).toEqual(['SP-ECO-001', 'SP-NR-001'])

    const before = await call('GET', `/projects/${project.id}`, { cookie: owner.cookie })
    expect(before.status).toBe(200)
    expect(before.text.match(/data-testid="not-started"/g)).toHaveLength(2)
    const link = `/announcements/new?projectId=${project.id}&approvalItemCode=SP-ECO-001&serviceItemCode=ZJ-ECO-001`
    expect(before.text).toContain(`href="${escaped(link)}"`)

    // The form offers only the service items the chosen approval item needs, and shows the legal
    // qualification requirement as fixed text (no field for eligibility conditions).
    const geo = await call('GET', `/announcements/new?projectId=${project.id}&approvalItemCode=SP-NR-001`, {
      cookie: owner.cookie,
    })
    expect(geo.status).toBe(200)
    expect(geo.text).toContain('data-testid="service-ZJ-NR-001"')
    expect(geo.text).not.toContain('data-testid="service-ZJ-ECO-001"')
    expect(geo.text).toContain('须持有有效的地质灾害危险性评估资质（乙级及以上）')
    expect(geo.text).not.toMatch(/name="(eligibility|qualification)/)

    const page = await openForm(link, owner.cookie)
    expect(page.page.text).toContain('data-testid="service-ZJ-ECO-001"')
    expect(page.page.text).toContain('无资质要求')
    const deadline = await localDeadline(5)
    const published = await post(link, [['csrf', page.csrf], ...announcementFields(project.id, deadline)], page.cookie)
    expect(published.status, published.text).toBe(302)
    const announcement = await prisma.announcement.findFirstOrThrow({ where: { projectId: project.id } })
    expect(published.headers.get('Location')).toBe(`/announcements/${announcement.id}?published=1`)
    expect(announcement.status).toBe('PUBLISHED')
    expect(announcement.seedCommitment).toMatch(/^[0-9a-f]{64}$/)
    // The datetime-local value is China time: 17:00 in the form is 09:00Z.
    expect(announcement.deadline.toISOString()).toBe(new Date(`${deadline}:00+08:00`).toISOString())
    expect(announcement.priceCeiling?.toFixed(2)).toBe('150000.00')
    expect(announcement.contactName).toBe('王工')

    const after = await call('GET', `/projects/${project.id}`, { cookie: owner.cookie })
    expect(after.text.match(/data-testid="not-started"/g)).toHaveLength(1) // only the geohazard assessment is left
    expect(after.text).toContain(`href="/announcements/${announcement.id}/manage"`)
    expect(after.text).toContain('报名中')
    const list = await call('GET', '/projects', { cookie: owner.cookie })
    expect(list.text).toContain('成都天府新区年产 5 万吨电子材料项目')
    expect(list.text).toContain('data-testid="new-project"')
  })

  test('"保存草稿" keeps the announcement a draft, published later from the manage page', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const cookie = await webSession(owner)
    const link = `/announcements/new?projectId=${projectId}&approvalItemCode=SP-ECO-001`
    const page = await openForm(link, cookie)
    const saved = await post(
      link,
      [['csrf', page.csrf], ...announcementFields(projectId, await localDeadline(4), { intent: 'draft' })],
      page.cookie,
    )
    expect(saved.status, saved.text).toBe(302)
    const draft = await prisma.announcement.findFirstOrThrow({ where: { projectId } })
    expect(draft.status).toBe('DRAFT')
    expect(draft.seedCommitment).toBeNull()

    const manage = await openForm(`/announcements/${draft.id}/manage`, cookie)
    expect(manage.page.text).toContain('data-testid="publish"')
    const published = await post(
      `/announcements/${draft.id}/manage`,
      [
        ['csrf', manage.csrf],
        ['intent', 'publish'],
      ],
      manage.cookie,
    )
    expect(published.status).toBe(302)
    expect(published.headers.get('Location')).toBe(`/announcements/${draft.id}/manage?done=published`)
    expect((await prisma.announcement.findUniqueOrThrow({ where: { id: draft.id } })).status).toBe('PUBLISHED')
  })

  test('a project without any approval item is refused with the message and nothing is created', async () => {
    const owner = await signIn({ type: 'OWNER' })
    const form = await openForm('/projects/new', owner.cookie)
    const refused = await post(
      '/projects/new',
      [
        ['csrf', form.csrf],
        ['name', '无审批事项的项目'],
        ['regionCode', '510107'],
        ['funding', 'PUBLIC'],
      ],
      form.cookie,
    )
    expect(refused.status).toBe(400)
    expect(refused.text).toContain('请至少选择一个拟申请的审批事项')
    expect(refused.text).toContain('value="无审批事项的项目"') // what was typed is kept
    expect(await prisma.project.count({ where: { ownerOrganizationId: owner.organization.id } })).toBe(0)
  })

  test('direct selection with public funds is disabled in the form and refused (422) when posted anyway', async () => {
    const { owner, projectId } = await createOwnerWithProject({ funding: 'PUBLIC' })
    const firm = await createListedIntermediary()
    const cookie = await webSession(owner)
    const link = `/announcements/new?projectId=${projectId}&approvalItemCode=SP-ECO-001`
    const page = await openForm(link, cookie)
    expect(page.page.text).toContain('data-testid="direct-disabled-note"')
    expect(page.page.text).toMatch(
      /<input[^>]*value="DIRECT"[^>]*disabled=""|<input[^>]*disabled=""[^>]*value="DIRECT"/,
    )
    const refused = await post(
      link,
      [
        ['csrf', page.csrf],
        ...announcementFields(projectId, await localDeadline(4), {
          method: 'DIRECT',
          fixedPrice: '80000.00',
          directIntermediaryId: firm.organization.id,
        }),
      ],
      page.cookie,
    )
    expect(refused.status).toBe(422)
    expect(refused.text).toContain('使用财政资金的项目不得采用直接选取方式')
    expect(await prisma.announcement.count({ where: { projectId } })).toBe(0)
  })

  test('a deadline less than 3 days away is refused (422) with the rule, and nothing is created', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const cookie = await webSession(owner)
    const link = `/announcements/new?projectId=${projectId}&approvalItemCode=SP-ECO-001`
    const page = await openForm(link, cookie)
    const refused = await post(
      link,
      [['csrf', page.csrf], ...announcementFields(projectId, await localDeadline(1))],
      page.cookie,
    )
    expect(refused.status).toBe(422)
    expect(refused.text).toContain('报名截止时间距发布不得少于 3 日')
    const invalid = await post(
      link,
      [['csrf', page.csrf], ...announcementFields(projectId, await localDeadline(4), { serviceDays: '', title: '' })],
      page.cookie,
    )
    expect(invalid.status).toBe(400)
    expect(invalid.text).toContain('请填写服务时限（工作日）')
    expect(invalid.text).toContain('data-testid="error-title"')
    expect(await prisma.announcement.count({ where: { projectId } })).toBe(0)
  })
})

describe('intermediary: the bid page', () => {
  test('a price above the ceiling is refused (422) in Chinese and stores nothing; a valid price is sealed', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const { id } = await publishedAnnouncement(owner, projectId)
    const firm = await createListedIntermediary()
    const cookie = await webSession(firm)
    const page = await openForm(`/announcements/${id}/bid`, cookie)
    expect(page.page.text).toContain('data-testid="eligible"')
    expect(page.page.text).toContain('data-testid="bid-form"')
    expect(page.page.text).toContain('随机数用于可验证抽取')

    const refused = await post(
      `/announcements/${id}/bid`,
      [
        ['csrf', page.csrf],
        ['intent', 'submit'],
        ['price', '150000.01'],
        ['nonce', ''],
      ],
      page.cookie,
    )
    expect(refused.status).toBe(422)
    expect(refused.text).toContain('报价 150000.01 元高于最高限价 150000.00 元')
    expect(await prisma.bid.count({ where: { announcementId: id } })).toBe(0)
    expect(await prisma.bidVersion.count({ where: { bid: { announcementId: id } } })).toBe(0)

    const malformed = await post(
      `/announcements/${id}/bid`,
      [
        ['csrf', page.csrf],
        ['intent', 'submit'],
        ['price', '12,000'],
        ['nonce', ''],
      ],
      page.cookie,
    )
    expect(malformed.status).toBe(400)
    expect(malformed.text).toContain('金额格式不正确')
    expect(await prisma.bid.count({ where: { announcementId: id } })).toBe(0)

    const accepted = await post(
      `/announcements/${id}/bid`,
      [
        ['csrf', page.csrf],
        ['intent', 'submit'],
        ['price', '98765.43'],
        ['nonce', 'my-own-nonce-1'],
      ],
      page.cookie,
    )
    expect(accepted.status, accepted.text).toBe(302)
    expect(accepted.headers.get('Location')).toBe(`/announcements/${id}/bid?done=submitted`)
    const bid = await prisma.bid.findFirstOrThrow({ where: { announcementId: id }, include: { versions: true } })
    expect(bid).toMatchObject({
      intermediaryId: firm.organization.id,
      status: 'ACTIVE',
      nonce: 'my-own-nonce-1',
      openedPrice: null,
    })
    expect(bid.versions).toHaveLength(1)
    expect(bid.versions[0]!.priceCiphertext).toBeTruthy()
    expect(bid.versions[0]!.priceCiphertext).not.toContain('98765')

    const after = await call('GET', `/announcements/${id}/bid?done=submitted`, { cookie })
    expect(after.text).toContain('报名成功')
    expect(after.text).toContain('data-testid="my-bid"')
    // its bidder alone sees its sealed price and the version history (the leak test checks everyone else)
    expect(after.text).toContain('data-testid="my-bid-price">¥98,765.43</span>')
    expect(after.text).toContain('data-testid="my-bid-versions"')

    const withdrawn = await post(
      `/announcements/${id}/bid`,
      [
        ['csrf', page.csrf],
        ['intent', 'withdraw'],
      ],
      page.cookie,
    )
    expect(withdrawn.status).toBe(302)
    expect((await prisma.bid.findUniqueOrThrow({ where: { id: bid.id } })).status).toBe('WITHDRAWN')
  })

  test('a firm without the required qualification sees why it is not eligible and its bid is refused (422)', async () => {
    const { owner, projectId } = await createOwnerWithProject({ approvalItemCodes: ['SP-NR-001'] })
    const { id } = await publishedAnnouncement(owner, projectId, {
      approvalItemCode: 'SP-NR-001',
      serviceItemCode: 'ZJ-NR-001',
    })
    const firm = await createListedIntermediary({
      serviceItemCodes: ['ZJ-NR-001'],
      qualification: { typeCode: 'GEOHAZARD_ASSESSMENT', levelCode: '乙级', validTo: '2020-12-31' },
    })
    const cookie = await webSession(firm)
    const page = await openForm(`/announcements/${id}/bid`, cookie)
    expect(page.page.text).toContain('data-testid="not-eligible"')
    expect(page.page.text).toContain('没有在有效期内的此类资质')
    const refused = await post(
      `/announcements/${id}/bid`,
      [
        ['csrf', page.csrf],
        ['intent', 'submit'],
        ['price', '50000'],
        ['nonce', ''],
      ],
      page.cookie,
    )
    expect(refused.status).toBe(422)
    expect(refused.text).toContain('不符合报名条件')
    expect(await prisma.bid.count({ where: { announcementId: id } })).toBe(0)
  })

  test('an owner gets 403 on the bid page', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const { id } = await publishedAnnouncement(owner, projectId)
    expect((await call('GET', `/announcements/${id}/bid`, { cookie: await webSession(owner) })).status).toBe(403)
  })
})

describe('the manage page belongs to the owner', () => {
  test('another owner gets 403 on the manage page, and its cancel changes nothing', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const { id } = await publishedAnnouncement(owner, projectId)
    const stranger = await signIn({ type: 'OWNER' })
    const page = await call('GET', `/announcements/${id}/manage`, { cookie: stranger.cookie })
    expect(page.status).toBe(403)
    expect(page.text).toContain('无权访问')
    expect(page.text).not.toContain('data-testid="cancel-panel"')

    const { csrf, cookie } = await openForm('/projects', stranger.cookie)
    const cancel = await post(
      `/announcements/${id}/manage`,
      [
        ['csrf', csrf],
        ['intent', 'cancel'],
        ['reason', '恶意终止他人的公告'],
      ],
      cookie,
    )
    expect(cancel.status).toBe(403)
    const row = await prisma.announcement.findUniqueOrThrow({ where: { id } })
    expect(row.status).toBe('PUBLISHED')
    expect(row.statusReason).toBeNull()
    // Someone else's project is not even confirmed to exist.
    expect((await call('GET', `/projects/${projectId}`, { cookie: stranger.cookie })).status).toBe(404)
  })

  test('a draft of another owner is 404 on the manage page', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const cookie = await webSession(owner)
    const link = `/announcements/new?projectId=${projectId}&approvalItemCode=SP-ECO-001`
    const page = await openForm(link, cookie)
    await post(
      link,
      [['csrf', page.csrf], ...announcementFields(projectId, await localDeadline(4), { intent: 'draft' })],
      page.cookie,
    )
    const draft = await prisma.announcement.findFirstOrThrow({ where: { projectId } })
    const stranger = await signIn({ type: 'OWNER' })
    expect((await call('GET', `/announcements/${draft.id}/manage`, { cookie: stranger.cookie })).status).toBe(404)
  })
})

describe('amendment, re-confirmation and the inbox', () => {
  test('an amendment through the form asks bidders to re-confirm; the bidder reads it in the inbox and marks it read', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const { id } = await publishedAnnouncement(owner, projectId)
    const firm = await createListedIntermediary()
    const firmCookie = await webSession(firm)
    const bidPage = await openForm(`/announcements/${id}/bid`, firmCookie)
    expect(
      (
        await post(
          `/announcements/${id}/bid`,
          [
            ['csrf', bidPage.csrf],
            ['intent', 'submit'],
            ['price', '120000'],
            ['nonce', ''],
          ],
          bidPage.cookie,
        )
      ).status,
    ).toBe(302)

    const ownerCookie = await webSession(owner)
    const manage = await openForm(`/announcements/${id}/manage`, ownerCookie)
    expect(manage.page.text).toContain('data-testid="amend-panel"')
    expect(manage.page.text).not.toContain('data-testid="opened-bids"') // sealed until the deadline
    const noReason = await post(
      `/announcements/${id}/manage`,
      [
        ['csrf', manage.csrf],
        ['intent', 'amend'],
        ['reason', ''],
        ['priceCeiling', '160000.00'],
      ],
      manage.cookie,
    )
    expect(noReason.status).toBe(400)
    expect(await prisma.announcementAmendment.count({ where: { announcementId: id } })).toBe(0)
    const deadline = await localDeadline(6)
    const amended = await post(
      `/announcements/${id}/manage`,
      [
        ['csrf', manage.csrf],
        ['intent', 'amend'],
        ['reason', '调整最高限价'],
        ['title', ''],
        ['priceCeiling', '160000.00'],
        ['deadline', deadline],
        ['serviceDays', ''],
      ],
      manage.cookie,
    )
    expect(amended.status, amended.text).toBe(302)
    const row = await prisma.announcement.findUniqueOrThrow({ where: { id } })
    expect(row.priceCeiling?.toFixed(2)).toBe('160000.00')
    expect(row.deadline.toISOString()).toBe(new Date(`${deadline}:00+08:00`).toISOString())
    expect(row.serviceDays).toBe(40) // left empty: unchanged
    expect((await prisma.bid.findFirstOrThrow({ where: { announcementId: id } })).needsReconfirmation).toBe(true)

    const reconfirm = await call('GET', `/announcements/${id}/bid`, { cookie: firmCookie })
    expect(reconfirm.text).toContain('data-testid="needs-reconfirmation"')

    const inbox = await openForm('/account/notifications', firmCookie)
    expect(inbox.page.text).toContain('公告变更：电子材料项目环境影响报告书编制')
    expect(inbox.page.text).toContain('未读 1 条')
    expect(inbox.page.text).toContain('data-testid="nav-unread"')
    const notification = await prisma.notification.findFirstOrThrow({
      where: { organizationId: firm.organization.id, kind: 'announcement-amended' },
    })
    const read = await post(
      '/account/notifications',
      [
        ['csrf', inbox.csrf],
        ['intent', 'read'],
        ['id', notification.id],
      ],
      inbox.cookie,
    )
    expect(read.status).toBe(302)
    expect((await prisma.notification.findUniqueOrThrow({ where: { id: notification.id } })).readAt).not.toBeNull()
    const afterRead = await call('GET', '/account/notifications', { cookie: firmCookie })
    expect(afterRead.text).toContain('未读 0 条')
    expect(afterRead.text).not.toContain('data-testid="nav-unread"')

    // Someone else's notification cannot be marked read from this inbox.
    const other = await createListedIntermediary()
    const foreign = await prisma.notification.create({
      data: { organizationId: other.organization.id, kind: 'test', title: '他人的通知', body: '—' },
    })
    const refused = await post(
      '/account/notifications',
      [
        ['csrf', inbox.csrf],
        ['intent', 'read'],
        ['id', foreign.id],
      ],
      inbox.cookie,
    )
    expect(refused.status).toBe(404)
    expect((await prisma.notification.findUniqueOrThrow({ where: { id: foreign.id } })).readAt).toBeNull()

    // Re-confirm through the form: the flag clears and a CONFIRM version is recorded.
    const confirmed = await post(
      `/announcements/${id}/bid`,
      [
        ['csrf', bidPage.csrf],
        ['intent', 'revise'],
        ['price', '119000'],
        ['nonce', ''],
      ],
      bidPage.cookie,
    )
    expect(confirmed.status, confirmed.text).toBe(302)
    const bid = await prisma.bid.findFirstOrThrow({
      where: { announcementId: id },
      include: { versions: { orderBy: { version: 'asc' } } },
    })
    expect(bid.needsReconfirmation).toBe(false)
    expect(bid.versions.map((v) => v.action)).toEqual(['SUBMIT', 'CONFIRM'])
  })

  test('"全部标为已读" marks every unread notification of the organization and no one else\'s', async () => {
    const me = await signIn({ type: 'INTERMEDIARY' })
    const other = await createMember({ type: 'INTERMEDIARY' })
    await prisma.notification.createMany({
      data: [
        { organizationId: me.organization.id, kind: 'test', title: '通知一', body: '一' },
        { organizationId: me.organization.id, kind: 'test', title: '通知二', body: '二' },
        { organizationId: other.organization.id, kind: 'test', title: '别人的', body: '三' },
      ],
    })
    const inbox = await openForm('/account/notifications?unread=1', me.cookie)
    expect(inbox.page.text).toContain('未读 2 条')
    const all = await post(
      '/account/notifications?unread=1',
      [
        ['csrf', inbox.csrf],
        ['intent', 'read-all'],
      ],
      inbox.cookie,
    )
    expect(all.status).toBe(302)
    expect(all.headers.get('Location')).toBe('/account/notifications?unread=1')
    expect(await prisma.notification.count({ where: { organizationId: me.organization.id, readAt: null } })).toBe(0)
    expect(await prisma.notification.count({ where: { organizationId: other.organization.id, readAt: null } })).toBe(1)
    const empty = await call('GET', '/account/notifications?unread=1', { cookie: me.cookie })
    expect(empty.text).toContain('没有未读通知')
  })
})

describe('subscriptions', () => {
  test('an intermediary saves its subscriptions; an unknown service item is refused and changes nothing', async () => {
    const me = await signIn({ type: 'INTERMEDIARY' })
    const form = await openForm('/account/subscriptions', me.cookie)
    expect(form.page.text).toContain('data-testid="subscribe-ZJ-NR-001"')
    expect(form.page.text).toContain('生态环境')
    const saved = await post(
      '/account/subscriptions',
      [
        ['csrf', form.csrf],
        ['serviceItemCodes', 'ZJ-NR-001'],
        ['serviceItemCodes', 'ZJ-ECO-001'],
      ],
      form.cookie,
    )
    expect(saved.status).toBe(302)
    const rows = await prisma.serviceItemSubscription.findMany({
      where: { organizationId: me.organization.id },
      orderBy: { serviceItemCode: 'asc' },
    })
    expect(rows.map((r) => r.serviceItemCode)).toEqual(['ZJ-ECO-001', 'ZJ-NR-001'])
    const page = await call('GET', '/account/subscriptions?saved=1', { cookie: me.cookie })
    expect(page.text).toMatch(/value="ZJ-NR-001"[^>]*checked=""|checked=""[^>]*value="ZJ-NR-001"/)

    const refused = await post(
      '/account/subscriptions',
      [
        ['csrf', form.csrf],
        ['serviceItemCodes', 'ZJ-NOPE-999'],
      ],
      form.cookie,
    )
    expect(refused.status).toBe(400)
    expect(refused.text).toContain('服务事项不存在或已停用：ZJ-NOPE-999')
    expect(await prisma.serviceItemSubscription.count({ where: { organizationId: me.organization.id } })).toBe(2)

    const owner = await signIn({ type: 'OWNER' })
    expect((await call('GET', '/account/subscriptions', { cookie: owner.cookie })).status).toBe(403)
  })
})

// These move the application clock forwards; every deadline above is computed from the clock, so
// they stay last in the file.
describe('after the deadline', () => {
  test('the bid page says 报名已截止 and refuses a bid (409); the owner sees the opened bids; an objection goes owner → department', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const { id } = await publishedAnnouncement(owner, projectId)
    const firms = await Promise.all([0, 1, 2].map(() => createListedIntermediary()))
    for (const [i, firm] of firms.entries()) {
      const bid = await api.post(
        `/api/v1/announcements/${id}/bids`,
        { price: ['120000.00', '98000.50', '110000.00'][i] },
        { token: firm.token },
      )
      expect(bid.status, bid.text).toBe(201)
    }
    const late = await createListedIntermediary()
    const lateCookie = await webSession(late)
    const latePage = await openForm(`/announcements/${id}/bid`, lateCookie)
    await advanceClock('P4DT1H')

    const closed = await call('GET', `/announcements/${id}/bid`, { cookie: lateCookie })
    expect(closed.text).toContain('data-testid="bidding-closed"')
    expect(closed.text).toContain('报名已截止')
    expect(closed.text).not.toContain('data-testid="bid-form"')
    const refused = await post(
      `/announcements/${id}/bid`,
      [
        ['csrf', latePage.csrf],
        ['intent', 'submit'],
        ['price', '90000'],
        ['nonce', ''],
      ],
      latePage.cookie,
    )
    expect(refused.status).toBe(409)
    expect(refused.text).toContain('报名已截止或公告不在报名阶段')
    expect(await prisma.bid.count({ where: { announcementId: id, intermediaryId: late.organization.id } })).toBe(0)

    const ownerCookie = await webSession(owner)
    const manage = await openForm(`/announcements/${id}/manage`, ownerCookie)
    expect(manage.page.text).toContain('data-testid="opened-bids"')
    for (const firm of firms) expect(manage.page.text).toContain(firm.organization.name)
    expect(manage.page.text).toContain('98000.50')
    expect(manage.page.text).not.toContain('data-testid="amend-panel"')

    // A losing bidder objects, the owner answers 不成立, the bidder escalates, the department decides.
    const loser = firms[0]!
    const loserCookie = await webSession(loser)
    const objections = await openForm(`/announcements/${id}/objections`, loserCookie)
    expect(objections.page.text).toContain('data-testid="objection-form"')
    const tooShort = await post(
      `/announcements/${id}/objections`,
      [
        ['csrf', objections.csrf],
        ['intent', 'file'],
        ['reason', '不服'],
      ],
      objections.cookie,
    )
    expect(tooShort.status).toBe(400)
    expect(await prisma.objection.count({ where: { announcementId: id } })).toBe(0)
    const filed = await post(
      `/announcements/${id}/objections`,
      [
        ['csrf', objections.csrf],
        ['intent', 'file'],
        ['reason', '中选机构的报价明显低于成本，请核查。'],
      ],
      objections.cookie,
    )
    expect(filed.status, filed.text).toBe(302)
    const objection = await prisma.objection.findFirstOrThrow({ where: { announcementId: id } })
    expect(objection).toMatchObject({ intermediaryId: loser.organization.id, status: 'OPEN' })

    const withObjection = await call('GET', `/announcements/${id}/manage`, { cookie: ownerCookie })
    expect(withObjection.text).toContain(`data-testid="objection-${objection.id}"`)
    const noVerdict = await post(
      `/announcements/${id}/manage`,
      [
        ['csrf', manage.csrf],
        ['intent', 'answer'],
        ['objectionId', objection.id],
        ['answer', '报价经核实合理'],
      ],
      manage.cookie,
    )
    expect(noVerdict.status).toBe(400)
    expect(noVerdict.text).toContain('请说明质疑是否成立')
    expect((await prisma.objection.findUniqueOrThrow({ where: { id: objection.id } })).status).toBe('OPEN')
    const answered = await post(
      `/announcements/${id}/manage`,
      [
        ['csrf', manage.csrf],
        ['intent', 'answer'],
        ['objectionId', objection.id],
        ['answer', '报价经核实合理'],
        ['upheld', 'false'],
      ],
      manage.cookie,
    )
    expect(answered.status, answered.text).toBe(302)
    expect((await prisma.objection.findUniqueOrThrow({ where: { id: objection.id } })).status).toBe('ANSWERED')

    const escalated = await post(
      `/announcements/${id}/objections`,
      [
        ['csrf', objections.csrf],
        ['intent', 'escalate'],
        ['objectionId', objection.id],
      ],
      objections.cookie,
    )
    expect(escalated.status, escalated.text).toBe(302)
    expect((await prisma.objection.findUniqueOrThrow({ where: { id: objection.id } })).status).toBe('ESCALATED')

    // A department of another field has no decision form, and its decision is refused.
    const otherField = await prisma.department.findFirstOrThrow({ where: { fieldCode: 'NATURAL_RESOURCES' } })
    const outsider = await signIn({ organizationId: otherField.organizationId })
    const outsiderPage = await openForm(`/announcements/${id}/objections`, outsider.cookie)
    expect(outsiderPage.page.text).not.toContain('data-testid="decision-form"')
    const outsiderDecision = await post(
      `/announcements/${id}/objections`,
      [
        ['csrf', outsiderPage.csrf],
        ['intent', 'decide'],
        ['objectionId', objection.id],
        ['decision', '质疑成立'],
        ['upheld', 'true'],
      ],
      outsiderPage.cookie,
    )
    expect(outsiderDecision.status).toBe(403)
    expect((await prisma.objection.findUniqueOrThrow({ where: { id: objection.id } })).status).toBe('ESCALATED')

    const ecology = await prisma.department.findFirstOrThrow({ where: { fieldCode: 'ECOLOGY' } })
    const officer = await signIn({ organizationId: ecology.organizationId })
    const deptPage = await openForm(`/announcements/${id}/objections`, officer.cookie)
    expect(deptPage.page.text).toContain('data-testid="decision-form"')
    const decided = await post(
      `/announcements/${id}/objections`,
      [
        ['csrf', deptPage.csrf],
        ['intent', 'decide'],
        ['objectionId', objection.id],
        ['decision', '经核查，中选报价不低于成本，质疑不成立。'],
        ['upheld', 'false'],
      ],
      deptPage.cookie,
    )
    expect(decided.status, decided.text).toBe(302)
    expect(await prisma.objection.findUniqueOrThrow({ where: { id: objection.id } })).toMatchObject({
      status: 'REJECTED',
      decidedByOrganizationId: ecology.organizationId,
    })
  })

  test('the named firm accepts a direct selection on its page; another firm gets 403', async () => {
    const { owner, projectId } = await createOwnerWithProject({ funding: 'SELF' })
    const named = await createListedIntermediary()
    const { id } = await publishedAnnouncement(owner, projectId, {
      method: 'DIRECT',
      priceCeiling: undefined,
      fixedPrice: '60000.00',
      directIntermediaryId: named.organization.id,
    })
    const stranger = await createListedIntermediary()
    expect((await call('GET', `/announcements/${id}/direct`, { cookie: await webSession(stranger) })).status).toBe(403)

    const page = await openForm(`/announcements/${id}/direct`, await webSession(named))
    expect(page.page.text).toContain('data-testid="direct-accept"')
    const accepted = await post(
      `/announcements/${id}/direct`,
      [
        ['csrf', page.csrf],
        ['intent', 'accept'],
        ['reason', ''],
      ],
      page.cookie,
    )
    expect(accepted.status, accepted.text).toBe(302)
    const row = await prisma.announcement.findUniqueOrThrow({ where: { id } })
    expect(row).toMatchObject({ status: 'PUBLICITY', directResponse: 'ACCEPTED' })
    const after = await call('GET', `/announcements/${id}/direct`, { cookie: page.cookie })
    expect(after.text).toContain('贵机构已接受直接选取')
    expect(after.text).toContain('data-testid="decline-award"') // the winner may still decline here
  })
})
