// 综合评分 with a technical score through the web pages of the built app, without JavaScript (session
// cookie + CSRF token, forms posted as application/x-www-form-urlencoded): the owner names evaluators
// on the new-announcement form, the evaluators are told at the opening and score on
// /announcements/{id}/scores, the owner sees who has scored, and the last scores let the evaluation
// run. Refusals show a Chinese message and change nothing in the database.
import { describe, expect, test } from 'vitest'
import { prisma } from '#app/db.server.ts'
import { startWebSession } from '#app/domain/accounts/session.server.ts'
import { isoToChinaLocal } from '#app/domain/clock/china-time.ts'
import { createMember } from '#tests/factories/index.ts'
import {
  advanceClock,
  announcementBody,
  announcementRow,
  clockNow,
  createListedIntermediary,
  createOwnerWithProject,
  inDays,
  placeBids,
  publishedAnnouncement,
  type Member,
} from '#tests/factories/bidding.ts'
import { api, call } from '#tests/helpers/app.ts'
import { openForm } from '#tests/helpers/accounts.ts'

async function webSession(member: { user: { id: string }; organization: { id: string } }) {
  const setCookie = await startWebSession(member.user.id, member.organization.id)
  return setCookie.split(';')[0]!
}

/** Posts a form; pairs (not a record) so that a checkbox group can repeat its name. */
function post(pathname: string, pairs: Array<[string, string]>, cookie: string) {
  return call('POST', pathname, {
    cookie,
    body: new URLSearchParams(pairs).toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  })
}

/** The opening tag of the element with this data-testid ('' when absent). */
const tagOf = (html: string, testId: string) => new RegExp(`<[^>]*data-testid="${testId}"[^>]*>`).exec(html)?.[0] ?? ''

/** The list item with this data-testid, up to its end ('' when absent). */
const itemOf = (html: string, testId: string) => new RegExp(`data-testid="${testId}"[^]*?</li>`).exec(html)?.[0] ?? ''

const SCORE_WEIGHTS = { price: 40, credit: 20, rating: 20, technical: 20 }

function scoreFields(
  projectId: string,
  deadline: string,
  weights: Record<string, string>,
  evaluatorUserIds: string[],
): Array<[string, string]> {
  return [
    ['projectId', projectId],
    ['approvalItemCode', 'SP-ECO-001'],
    ['serviceItemCode', 'ZJ-ECO-001'],
    ['title', '电子材料项目环境影响报告书编制（综合评分）'],
    ['scope', '编制环境影响报告书，配合完成技术评估和审批。'],
    ['method', 'SCORE'],
    ['priceCeiling', '150000.00'],
    ['fixedPrice', ''],
    ['directIntermediaryId', ''],
    ['weights.price', weights.price ?? ''],
    ['weights.credit', weights.credit ?? ''],
    ['weights.rating', weights.rating ?? ''],
    ['weights.technical', weights.technical ?? ''],
    ...evaluatorUserIds.map((id): [string, string] => ['evaluatorUserIds', id]),
    ['deadline', deadline],
    ['serviceDays', '40'],
    ['intent', 'draft'],
  ]
}

async function newAnnouncementForm() {
  const { owner, projectId } = await createOwnerWithProject()
  const [first, second] = [
    await createMember({ organizationId: owner.organization.id }),
    await createMember({ organizationId: owner.organization.id }),
  ]
  const cookie = await webSession(owner)
  const link = `/announcements/new?projectId=${projectId}&approvalItemCode=SP-ECO-001`
  const form = await openForm(link, cookie)
  const deadline = isoToChinaLocal(new Date((await clockNow()).getTime() + 5 * 86_400_000))
  const submit = (weights: Record<string, string>, evaluators: string[]) =>
    post(link, [['csrf', form.csrf], ...scoreFields(projectId, deadline, weights, evaluators)], form.cookie)
  return { owner, projectId, first: first!, second: second!, form, submit }
}

const weightFields = { price: '40', credit: '20', rating: '20', technical: '20' }

describe('the new-announcement form names evaluators', () => {
  test("a SCORE announcement with a technical weight and two evaluators chosen among the owner's users is created", async () => {
    const { owner, projectId, first, second, form, submit } = await newAnnouncementForm()
    const outsider = await createMember({ type: 'OWNER' })
    // The owner's users are offered (name and e-mail), nobody else's.
    for (const member of [owner, first, second]) {
      expect(tagOf(form.page.text, `evaluator-${member.user.id}`)).toContain('name="evaluatorUserIds"')
      expect(form.page.text).toContain(member.user.email)
    }
    expect(form.page.text).not.toContain(`evaluator-${outsider.user.id}`)
    expect(form.page.text).toContain('仅综合评分且技术分权重大于 0 时需要选择')
    expect(form.page.text).toContain('name="weights.technical"')

    const created = await submit(weightFields, [first.user.id, second.user.id])
    expect(created.status, created.text).toBe(302)
    const announcement = await prisma.announcement.findFirstOrThrow({
      where: { projectId },
      include: { evaluators: true },
    })
    expect(created.headers.get('Location')).toBe(`/announcements/${announcement.id}?saved=1`)
    expect(announcement).toMatchObject({ method: 'SCORE', status: 'DRAFT', weightPrice: 40, weightTechnical: 20 })
    expect(announcement.evaluators.map((e) => e.userId).sort()).toEqual([first.user.id, second.user.id].sort())
    expect(announcement.evaluators.every((e) => e.submittedAt === null)).toBe(true)

    // The manage page lists them, none has scored yet.
    const manage = await call('GET', `/announcements/${announcement.id}/manage`, { cookie: form.cookie })
    expect(manage.status).toBe(200)
    expect(manage.text).toContain('data-testid="evaluators"')
    for (const member of [first, second]) {
      expect(itemOf(manage.text, `evaluator-${member.user.id}`)).toContain('未提交')
    }
  })

  test('a technical weight without evaluators is refused on the evaluators field, the values are kept, nothing is created', async () => {
    const { projectId, submit } = await newAnnouncementForm()
    const refused = await submit(weightFields, [])
    expect(refused.status).toBe(400)
    expect(refused.text).toContain('设置了技术分权重时须指定评审人员')
    expect(refused.text).toMatch(/data-testid="error-evaluatorUserIds"[^>]*><li>请指定评审人员<\/li>/)
    expect(tagOf(refused.text, 'evaluators')).not.toBe('')
    expect(refused.text).toMatch(/<input[^>]*name="weights.technical"[^>]*value="20"/)
    expect(refused.text).toContain('value="电子材料项目环境影响报告书编制（综合评分）"')
    expect(await prisma.announcement.count({ where: { projectId } })).toBe(0)
  })

  test('evaluators without a technical weight are refused, and the checked boxes stay checked', async () => {
    const { projectId, first, submit } = await newAnnouncementForm()
    const refused = await submit({ ...weightFields, price: '60', technical: '' }, [first.user.id])
    expect(refused.status).toBe(400)
    expect(refused.text).toMatch(/data-testid="error-evaluatorUserIds"[^>]*><li>无需评审人员<\/li>/)
    expect(tagOf(refused.text, `evaluator-${first.user.id}`)).toContain('checked=""')
    expect(await prisma.announcement.count({ where: { projectId } })).toBe(0)
    expect(await prisma.announcementEvaluator.count({ where: { userId: first.user.id } })).toBe(0)
  })

  test('a user of another organization posted as evaluator is refused, nothing is created', async () => {
    const { projectId, first, submit } = await newAnnouncementForm()
    const outsider = await createMember({ type: 'OWNER' })
    const refused = await submit(weightFields, [first.user.id, outsider.user.id])
    expect(refused.status).toBe(400)
    expect(refused.text).toMatch(/data-testid="error-evaluatorUserIds"[^>]*><li>评审人员须为本单位的用户<\/li>/)
    expect(await prisma.announcement.count({ where: { projectId } })).toBe(0)
  })
})

/** A published SCORE announcement with two evaluators, three bids; a third user of the owner is not named. */
async function scoredAnnouncement() {
  const { owner, projectId } = await createOwnerWithProject()
  const first = await createMember({ organizationId: owner.organization.id })
  const second = await createMember({ organizationId: owner.organization.id })
  const { id } = await publishedAnnouncement(owner, projectId, {
    title: '电子材料项目环境影响报告书编制（综合评分）',
    method: 'SCORE',
    weights: SCORE_WEIGHTS,
    evaluatorUserIds: [first.user.id, second.user.id],
  })
  const firms: Member[] = []
  for (let i = 0; i < 3; i++) firms.push(await createListedIntermediary())
  const bidIds = await placeBids(id, [
    { firm: firms[0]!, price: '100000.00' },
    { firm: firms[1]!, price: '90000.00' },
    { firm: firms[2]!, price: '120000.00' },
  ])
  return {
    owner,
    id,
    firms,
    bidIds,
    first: { ...first, cookie: await webSession(first) },
    second: { ...second, cookie: await webSession(second) },
  }
}

const scoresPath = (id: string) => `/announcements/${id}/scores`

/** The evaluator's form posted with these scores (in bid order). */
async function submitScores(id: string, cookie: string, entries: Array<[string, string]>) {
  const form = await openForm(scoresPath(id), cookie)
  return post(
    scoresPath(id),
    [
      ['csrf', form.csrf],
      ['intent', 'score'],
      ...entries.flatMap(([bidId, score]): Array<[string, string]> => [
        ['bidId', bidId],
        [`score.${bidId}`, score],
      ]),
    ],
    form.cookie,
  )
}

const scoresOf = async (userId: string, bidIds: string[]) =>
  (
    await prisma.technicalScore.findMany({
      where: { evaluatorUserId: userId, bidId: { in: bidIds } },
      orderBy: { bidId: 'asc' },
    })
  ).map((s) => [s.bidId, s.score.toFixed(2)])

describe('the evaluator scores on /announcements/{id}/scores', () => {
  test('before the opening the page says scoring starts after the opening and shows nothing about the bids', async () => {
    const { id, first, firms } = await scoredAnnouncement()
    const page = await call('GET', scoresPath(id), { cookie: first.cookie })
    expect(page.status).toBe(200)
    expect(page.text).toContain('data-testid="scoring-not-open"')
    expect(page.text).toContain('报名截止后平台开启报名，评分随即开始')
    expect(page.text).not.toContain('data-testid="scoring-form"')
    for (const firm of firms) expect(page.text).not.toContain(firm.organization.name)
    // nobody is told to score before the opening
    expect(await prisma.notification.count({ where: { link: scoresPath(id) } })).toBe(0)
  })

  test('after the deadline each evaluator is told with a link to the page, scores once, and the last scores complete the evaluation', async () => {
    const { owner, id, firms, bidIds, first, second } = await scoredAnnouncement()
    await advanceClock('P4DT1H')
    expect((await announcementRow(id)).status).toBe('EVALUATING')

    // Each evaluator alone got a notification linking to the scoring page.
    const notices = await prisma.notification.findMany({
      where: { kind: 'technical-scoring', organizationId: owner.organization.id },
    })
    expect(notices.map((n) => [n.userId, n.organizationId, n.link]).sort()).toEqual(
      [
        [first.user.id, owner.organization.id, scoresPath(id)],
        [second.user.id, owner.organization.id, scoresPath(id)],
      ].sort(),
    )
    const inbox = await call('GET', '/account/notifications', { cookie: first.cookie })
    expect(inbox.text).toContain(`value="${scoresPath(id)}"`)
    expect(inbox.text).toContain('请评定技术分：电子材料项目环境影响报告书编制（综合评分）')
    const ownerInbox = await call('GET', '/account/notifications', { cookie: await webSession(owner) })
    expect(ownerInbox.text).not.toContain(scoresPath(id))

    const page = await call('GET', scoresPath(id), { cookie: first.cookie })
    expect(page.status).toBe(200)
    expect(page.text).toContain('data-testid="scoring-form"')
    expect(page.text).toContain('data-testid="scoring-ends"')
    for (const bidId of bidIds) expect(tagOf(page.text, `score-${bidId}`)).toContain(`name="score.${bidId}"`)
    for (const firm of firms) expect(page.text).toContain(firm.organization.name)
    expect(page.text).toContain('¥90,000.00')

    const submitted = await submitScores(id, first.cookie, [
      [bidIds[0]!, '95.5'],
      [bidIds[1]!, '80'],
      [bidIds[2]!, '60.25'],
    ])
    expect(submitted.status, submitted.text).toBe(302)
    expect(submitted.headers.get('Location')).toBe(`${scoresPath(id)}?done=submitted`)
    const expected = [
      [bidIds[0]!, '95.50'],
      [bidIds[1]!, '80.00'],
      [bidIds[2]!, '60.25'],
    ].sort()
    expect(await scoresOf(first.user.id, bidIds)).toEqual(expected)
    const firstRow = await prisma.announcementEvaluator.findUniqueOrThrow({
      where: { announcementId_userId: { announcementId: id, userId: first.user.id } },
    })
    expect(firstRow.submittedAt).not.toBeNull()
    // the other evaluator has not scored yet: still evaluating
    await advanceClock('PT1S')
    expect((await announcementRow(id)).status).toBe('EVALUATING')

    const readOnly = await call('GET', `${scoresPath(id)}?done=submitted`, { cookie: first.cookie })
    expect(readOnly.text).toContain('data-testid="scores-submitted"')
    expect(readOnly.text).toContain('已提交')
    expect(readOnly.text).toContain('95.50')
    expect(readOnly.text).not.toContain('data-testid="scoring-form"')

    const manage = await call('GET', `/announcements/${id}/manage`, { cookie: await webSession(owner) })
    expect(itemOf(manage.text, `evaluator-${first.user.id}`)).toContain('已提交')
    expect(itemOf(manage.text, `evaluator-${second.user.id}`)).toContain('未提交')
    // an evaluator finds the page from the manage page too
    const ownView = await call('GET', `/announcements/${id}/manage`, { cookie: second.cookie })
    expect(tagOf(ownView.text, 'my-scores')).toContain(`href="${scoresPath(id)}"`)

    const last = await submitScores(id, second.cookie, [
      [bidIds[0]!, '100'],
      [bidIds[1]!, '40'],
      [bidIds[2]!, '90.75'],
    ])
    expect(last.status, last.text).toBe(302)
    await advanceClock('PT1S')
    expect((await announcementRow(id)).status).toBe('PUBLICITY')
    // both evaluators' scores count: the mean of each bid's two scores
    const result = await api.get(`/api/v1/announcements/${id}/result`)
    const technical = (bidId: string) =>
      result.body.ranking.find((r: { bidId: string }) => r.bidId === bidId).score.technical
    expect([technical(bidIds[0]!), technical(bidIds[1]!), technical(bidIds[2]!)]).toEqual([97.75, 60, 75.5])
  })

  test('a second submission is refused (409) with the message and changes nothing', async () => {
    const { id, bidIds, first } = await scoredAnnouncement()
    await advanceClock('P4DT1H')
    const entries = (score: string) => bidIds.map((bidId): [string, string] => [bidId, score])
    expect((await submitScores(id, first.cookie, entries('70'))).status).toBe(302)
    const key = { announcementId_userId: { announcementId: id, userId: first.user.id } }
    const before = await prisma.announcementEvaluator.findUniqueOrThrow({ where: key })

    const form = await openForm(scoresPath(id), first.cookie)
    expect(form.page.text).not.toContain('data-testid="scoring-form"')
    const again = await post(
      scoresPath(id),
      [
        ['csrf', form.csrf],
        ['intent', 'score'],
        ...bidIds.flatMap((bidId): Array<[string, string]> => [
          ['bidId', bidId],
          [`score.${bidId}`, '99'],
        ]),
      ],
      form.cookie,
    )
    expect(again.status).toBe(409)
    expect(again.text).toContain('您已提交过评分')
    expect(await scoresOf(first.user.id, bidIds)).toEqual(bidIds.map((b) => [b, '70.00']).sort())
    expect((await prisma.announcementEvaluator.findUniqueOrThrow({ where: key })).submittedAt).toEqual(
      before.submittedAt,
    )
  })

  test('a score above 100 is refused beside its bid, the typed values are kept, nothing is stored', async () => {
    const { id, bidIds, first } = await scoredAnnouncement()
    await advanceClock('P4DT1H')
    const refused = await submitScores(id, first.cookie, [
      [bidIds[0]!, '88.5'],
      [bidIds[1]!, '101'],
      [bidIds[2]!, ''],
    ])
    expect(refused.status).toBe(400)
    expect(refused.text).toMatch(new RegExp(`data-testid="error-score.${bidIds[1]}"[^>]*><li>技术分为 0–100</li>`))
    expect(refused.text).toMatch(
      new RegExp(`data-testid="error-score.${bidIds[2]}"[^>]*><li>请填写 0–100 的技术分</li>`),
    )
    expect(refused.text).not.toContain(`data-testid="error-score.${bidIds[0]}"`)
    expect(tagOf(refused.text, `score-${bidIds[0]}`)).toContain('value="88.5"')
    expect(await prisma.technicalScore.count({ where: { bidId: { in: bidIds } } })).toBe(0)
    const row = await prisma.announcementEvaluator.findUniqueOrThrow({
      where: { announcementId_userId: { announcementId: id, userId: first.user.id } },
    })
    expect(row.submittedAt).toBeNull()
  })

  test('leaving out a bid is refused by the domain and stores nothing', async () => {
    const { id, bidIds, first } = await scoredAnnouncement()
    await advanceClock('P4DT1H')
    const refused = await submitScores(id, first.cookie, [
      [bidIds[0]!, '88'],
      [bidIds[1]!, '70'],
    ])
    expect(refused.status).toBe(400)
    expect(refused.text).toContain('须为每个有效报名各评一次分')
    expect(await prisma.technicalScore.count({ where: { bidId: { in: bidIds } } })).toBe(0)
  })
})

describe('who may open the scoring page', () => {
  test('a user of the owner who is not a named evaluator gets 403, and its post stores nothing', async () => {
    const { owner, id, bidIds, firms } = await scoredAnnouncement()
    await advanceClock('P4DT1H')
    const cookie = await webSession(owner)
    expect((await call('GET', scoresPath(id), { cookie })).status).toBe(403)
    // the CSRF token of another page is enough to reach the action
    const form = await openForm('/account/notifications', cookie)
    const refused = await post(
      scoresPath(id),
      [
        ['csrf', form.csrf],
        ['intent', 'score'],
        ...bidIds.flatMap((bidId): Array<[string, string]> => [
          ['bidId', bidId],
          [`score.${bidId}`, '100'],
        ]),
      ],
      form.cookie,
    )
    expect(refused.status).toBe(403)
    expect(await prisma.technicalScore.count({ where: { bidId: { in: bidIds } } })).toBe(0)
    // a bidder is not an evaluator either
    expect((await call('GET', scoresPath(id), { cookie: await webSession(firms[0]!) })).status).toBe(403)
  })

  test('a draft is 404 for a stranger (and an unknown id); its evaluator sees that scoring has not started', async () => {
    const { owner, projectId } = await createOwnerWithProject()
    const evaluator = await createMember({ organizationId: owner.organization.id })
    const created = await api.post(
      '/api/v1/announcements',
      announcementBody(projectId, {
        deadline: await inDays(4),
        method: 'SCORE',
        weights: SCORE_WEIGHTS,
        evaluatorUserIds: [evaluator.user.id],
      }),
      { token: owner.token },
    )
    expect(created.status, created.text).toBe(201)
    const id = created.body.id as string
    const stranger = await createMember({ type: 'OWNER' })
    expect((await call('GET', scoresPath(id), { cookie: await webSession(stranger) })).status).toBe(404)
    expect((await call('GET', scoresPath('no-such-announcement'), { cookie: await webSession(stranger) })).status).toBe(
      404,
    )
    expect((await call('GET', scoresPath(id), { cookie: await webSession(owner) })).status).toBe(403)
    const own = await call('GET', scoresPath(id), { cookie: await webSession(evaluator) })
    expect(own.status).toBe(200)
    expect(own.text).toContain('data-testid="scoring-not-open"')
    // signed out: to the sign-in page
    const anonymous = await call('GET', scoresPath(id))
    expect(anonymous.status).toBe(302)
    expect(anonymous.headers.get('Location')).toContain('/login?redirectTo=')
  })
})
