// The approval-system exchange: tokens the admin issues to an approval system scoped to regions and
// departments, projects found by 投资项目代码, the approval walk; and webhooks: signed deliveries to
// a receiver on loopback, retried with backoff, the delivery log, a replay, refusal of private
// targets (at subscription and again at delivery, against DNS rebinding).
import crypto from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { http as mock, passthrough } from 'msw'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { prisma } from '#app/db.server.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import { loadActor } from '#app/domain/permissions/permissions.server.ts'
import { deliverDue, fanOutEvents } from '#app/domain/webhooks/delivery.server.ts'
import { createSubscription } from '#app/domain/webhooks/subscriptions.server.ts'
import { resetEnvCache } from '#app/env.server.ts'
import { runWebhookDelivery } from '#jobs/webhooks.ts'
import { createMember, randomUscc } from '#tests/factories/index.ts'
import {
  advanceClock,
  createDepartmentMember,
  createOwnerWithProject,
  publishedAnnouncement,
  type Member,
} from '#tests/factories/bidding.ts'
import { api } from '#tests/helpers/app.ts'
import { mockServer } from '#tests/mocks/server.ts'

type Received = { headers: http.IncomingHttpHeaders; body: string; url: string }
const received: Received[] = []
let answers: number[] = [] // the status of each next answer (then 200)
let receiver: http.Server
let hookUrl: string

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), url: req.url ?? '' })
      const always = req.url === '/down' ? 503 : undefined
      res.writeHead(always ?? answers.shift() ?? 200).end('ok')
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())))
// The receiver is real (on loopback): let msw pass those requests through; anything else still fails.
beforeEach(() => mockServer.use(mock.post(`${hookUrl}/*`, () => passthrough())))

function verifySignature(header: string | string[] | undefined, body: string, secret: string) {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(header))
  expect(match, `Zjcs-Signature ${header}`).not.toBeNull()
  const expected = crypto.createHmac('sha256', secret).update(`${match![1]}.${body}`).digest('hex')
  expect(match![2]).toBe(expected)
}

describe('approval systems', () => {
  let admin: Member
  let system: { id: string; token: string; tokenId: string }
  let scoped: { token: string }
  let projectId: string

  beforeAll(async () => {
    admin = await createMember({ type: 'PLATFORM' })
    const owner = await createMember({ type: 'OWNER' })
    const project = await api.post(
      '/api/v1/projects',
      {
        name: '天府新区电子材料项目',
        regionCode: '510107',
        funding: 'SELF',
        investmentCode: '2026-510107-39-03-000123',
        approvalItemCodes: ['SP-ECO-001'],
      },
      { token: owner.token },
    )
    projectId = project.body.id
    await api.post(
      '/api/v1/projects',
      {
        name: '绵阳另一项目',
        regionCode: '510703',
        funding: 'SELF',
        investmentCode: '2026-510703-39-03-000999',
        approvalItemCodes: ['SP-ECO-001'],
      },
      { token: owner.token },
    )
  })

  test('the admin registers an approval system for a region and issues its token; others are refused', async () => {
    const body = { name: '成都市政务服务审批系统', uscc: randomUscc('1'), regionCodes: ['510100'] }
    const owner = await createMember({ type: 'OWNER' })
    expect((await api.post('/api/v1/approval-systems', body, { token: owner.token })).status).toBe(403)
    expect(
      (await api.post('/api/v1/approval-systems', { ...body, regionCodes: [] }, { token: admin.token })).status,
    ).toBe(400)
    expect(
      (await api.post('/api/v1/approval-systems', { ...body, regionCodes: ['999999'] }, { token: admin.token })).status,
    ).toBe(400)
    expect(await prisma.approvalSystem.count()).toBe(0)
    const created = await api.post('/api/v1/approval-systems', body, { token: admin.token })
    expect(created.status).toBe(201)
    system = created.body
    expect((await api.post('/api/v1/approval-systems', body, { token: admin.token })).status).toBe(409)
    const me = await api.get('/api/v1/me', { token: system.token })
    expect(me.status).toBe(200)
    // the service user cannot sign in with a password
    const email = (
      await prisma.user.findFirstOrThrow({ where: { memberships: { some: { organizationId: system.id } } } })
    ).email
    expect((await api.post('/api/v1/auth/token', { email, password: '!' })).status).toBeGreaterThanOrEqual(400)
    // scoped to the water department: only approval items of the water field
    const water = await prisma.department.findFirstOrThrow({
      where: { fieldCode: 'WATER' },
      select: { organizationId: true },
    })
    const other = await api.post(
      '/api/v1/approval-systems',
      { name: '水利审批系统', uscc: randomUscc('1'), regionCodes: ['510000'], departmentIds: [water.organizationId] },
      { token: admin.token },
    )
    expect(other.status).toBe(201)
    scoped = other.body
  })

  test('GET /projects?investmentCode= finds the project in its scope; the walk answers per service item', async () => {
    const found = await api.get('/api/v1/projects?investmentCode=2026-510107-39-03-000123', { token: system.token })
    expect(found.status).toBe(200)
    expect(found.body.items.map((p: { id: string }) => p.id)).toEqual([projectId])
    // outside its region (绵阳) nothing, even with the exact code
    expect(
      (await api.get('/api/v1/projects?investmentCode=2026-510703-39-03-000999', { token: system.token })).body.items,
    ).toEqual([])
    // a system scoped to another department's field does not see an ecology approval case
    expect(
      (await api.get('/api/v1/projects?investmentCode=2026-510107-39-03-000123', { token: scoped.token })).body.items,
    ).toEqual([])
    const walk = await api.get(`/api/v1/projects/${projectId}/approval-items/SP-ECO-001/services`, {
      token: system.token,
    })
    expect(walk.status).toBe(200)
    expect(walk.body.items[0]).toMatchObject({
      required: true,
      accepted: false,
      acceptedResultFiles: [],
      contract: null,
    })
    expect(
      (await api.get(`/api/v1/projects/${projectId}/approval-items/SP-ECO-001/services`, { token: scoped.token }))
        .status,
    ).toBe(404)
    expect((await api.get('/api/v1/projects?investmentCode=x', {})).status).toBe(401)
  })

  test('the admin issues a further token and revokes the first; the revoked one is refused', async () => {
    const second = await api.post(`/api/v1/approval-systems/${system.id}/tokens`, {}, { token: admin.token })
    expect(second.status).toBe(201)
    expect(
      (
        await api.post(
          `/api/v1/approval-systems/${system.id}/tokens/${system.tokenId}/revoke`,
          {},
          { token: (await createMember({ type: 'OWNER' })).token },
        )
      ).status,
    ).toBe(403)
    expect(
      (
        await api.post(
          `/api/v1/approval-systems/${system.id}/tokens/${system.tokenId}/revoke`,
          {},
          { token: admin.token },
        )
      ).status,
    ).toBe(200)
    expect((await api.get('/api/v1/me', { token: system.token })).status).toBe(401)
    expect((await api.get('/api/v1/me', { token: second.body.token })).status).toBe(200)
    const list = await api.get('/api/v1/approval-systems', { token: admin.token })
    expect(list.body.items.find((s: { id: string }) => s.id === system.id).tokens).toHaveLength(2)
    system.token = second.body.token
  })
})

describe('webhooks', () => {
  let owner: Member
  let projectId: string
  let subscriber: Member
  let subscription: { id: string; secret: string }

  beforeAll(async () => {
    ;({ owner, projectId } = await createOwnerWithProject())
    subscriber = await createMember({ type: 'INTERMEDIARY' })
  })

  test('who may subscribe, and to what', async () => {
    const department = await createDepartmentMember('ECOLOGY')
    expect(
      (await api.post('/api/v1/webhook-subscriptions', { url: `${hookUrl}/hook`, events: ['announcement.published'] }))
        .status,
    ).toBe(401)
    expect(
      (
        await api.post(
          '/api/v1/webhook-subscriptions',
          { url: `${hookUrl}/hook`, events: ['announcement.published'] },
          { token: department.token },
        )
      ).status,
    ).toBe(403)
    expect(
      (
        await api.post(
          '/api/v1/webhook-subscriptions',
          { url: `${hookUrl}/hook`, events: ['announcement.gone'] },
          { token: subscriber.token },
        )
      ).status,
    ).toBe(400)
    expect(
      (
        await api.post(
          '/api/v1/webhook-subscriptions',
          { url: 'ftp://example.com/x', events: ['announcement.published'] },
          { token: subscriber.token },
        )
      ).status,
    ).toBe(400)
    expect(await prisma.webhookSubscription.count()).toBe(0)
  })

  test('a published announcement is delivered signed; a 500 is retried within 30 s and then succeeds; a replay sends it again', async () => {
    const created = await api.post(
      '/api/v1/webhook-subscriptions',
      { url: `${hookUrl}/hook`, events: ['announcement.published', 'announcement.failed'] },
      { token: subscriber.token },
    )
    expect(created.status).toBe(201)
    subscription = created.body
    expect(subscription.secret).toMatch(/^whsec_/)
    answers = [500]
    const { id } = await publishedAnnouncement(owner, projectId)
    await runWebhookDelivery()
    expect(received).toHaveLength(1)
    const first = received[0]!
    verifySignature(first.headers['zjcs-signature'], first.body, subscription.secret)
    const event = JSON.parse(first.body)
    expect(event).toMatchObject({
      id: expect.stringMatching(/^evt_/),
      type: 'announcement.published',
      createdAt: expect.any(String),
      data: { announcement: { id, status: 'PUBLISHED', ocid: `ocds-zjcs00-${id}` } },
    })
    const log = async () =>
      (await api.get(`/api/v1/webhook-subscriptions/${subscription.id}/deliveries`, { token: subscriber.token })).body
    const [delivery] = (await log()).items
    expect(delivery).toMatchObject({
      event: 'announcement.published',
      status: 'PENDING',
      attempts: 1,
      responseStatus: 500,
    })
    expect(new Date(delivery.nextAttemptAt).getTime() - new Date(delivery.lastAttemptAt).getTime()).toBeLessThanOrEqual(
      30_000,
    )

    await runWebhookDelivery() // not due yet
    expect(received).toHaveLength(1)
    await advanceClock('PT30S')
    await runWebhookDelivery()
    expect(received).toHaveLength(2)
    expect(received[1]!.body).toBe(first.body) // the same event
    verifySignature(received[1]!.headers['zjcs-signature'], received[1]!.body, subscription.secret)
    expect((await log()).items[0]).toMatchObject({ status: 'SUCCEEDED', attempts: 2, responseStatus: 200 })

    // only its organization sees the log and replays
    const stranger = await createMember({ type: 'INTERMEDIARY' })
    expect(
      (await api.get(`/api/v1/webhook-subscriptions/${subscription.id}/deliveries`, { token: stranger.token })).status,
    ).toBe(404)
    expect(
      (
        await api.post(
          `/api/v1/webhook-subscriptions/${subscription.id}/deliveries/${delivery.id}/replay`,
          {},
          { token: stranger.token },
        )
      ).status,
    ).toBe(404)
    const replay = await api.post(
      `/api/v1/webhook-subscriptions/${subscription.id}/deliveries/${delivery.id}/replay`,
      {},
      { token: subscriber.token },
    )
    expect(replay.status).toBe(202)
    await runWebhookDelivery()
    expect(received).toHaveLength(3)
    expect(JSON.parse(received[2]!.body).id).toBe(event.id)
    expect((await log()).items[0]).toMatchObject({ status: 'SUCCEEDED', attempts: 3 })
    expect(
      (
        await api.post(
          `/api/v1/webhook-subscriptions/${subscription.id}/deliveries/nope/replay`,
          {},
          { token: subscriber.token },
        )
      ).status,
    ).toBe(404)
  })

  test('a target that keeps failing is retried with growing waits and given up after 24 h', async () => {
    const down = await api.post(
      '/api/v1/webhook-subscriptions',
      { url: `${hookUrl}/down`, events: ['announcement.published'] },
      { token: subscriber.token },
    )
    const before = received.length
    await publishedAnnouncement(owner, projectId)
    await runWebhookDelivery()
    const deliveries = async () =>
      (await api.get(`/api/v1/webhook-subscriptions/${down.body.id}/deliveries`, { token: subscriber.token })).body
        .items
    const waits: number[] = []
    for (let i = 0; i < 3; i++) {
      const [d] = await deliveries()
      waits.push(new Date(d.nextAttemptAt).getTime() - new Date(d.lastAttemptAt).getTime())
      await advanceClock(`PT${Math.ceil(waits.at(-1)! / 1000)}S`)
      await runWebhookDelivery()
    }
    expect(waits).toEqual([10_000, 20_000, 40_000])
    await advanceClock('P1D')
    await runWebhookDelivery()
    expect((await deliveries())[0]).toMatchObject({ status: 'FAILED', responseStatus: 503, attempts: 5 })
    expect(received.slice(before).filter((r) => r.url === '/down')).toHaveLength(5)
    expect(
      (await api.delete(`/api/v1/webhook-subscriptions/${down.body.id}`, { token: subscriber.token })).status,
    ).toBe(204)
  })

  test('private and loopback targets are refused unless allowed, at subscription and at delivery (DNS rebinding)', async () => {
    process.env.WEBHOOK_ALLOW_PRIVATE_NETWORKS = '0'
    resetEnvCache()
    try {
      const actor = (await loadActor(subscriber.user.id, subscriber.organization.id))!
      const refused = (url: string, address?: string) =>
        createSubscription(actor, { url, events: ['announcement.published'] }, async () => [
          { address: address ?? '127.0.0.1', family: 4 },
        ]).then(
          () => null,
          (error: unknown) => (error instanceof DomainError ? error.status : error),
        )
      for (const url of [
        `${hookUrl}/hook`,
        'http://[::1]:8080/x',
        'http://10.0.0.7/x',
        'http://169.254.169.254/latest',
        'http://[::ffff:192.168.1.1]/x',
      ]) {
        expect(await refused(url), url).toBe(422)
      }
      expect(await refused('https://hooks.example.test/x', '172.16.5.4')).toBe(422)
      const count = await prisma.webhookSubscription.count()
      // A name that resolves to a public address when subscribing and to loopback at delivery.
      const { id } = await createSubscription(
        actor,
        {
          url: `http://rebind.example.test:${(receiver.address() as AddressInfo).port}/hook`,
          events: ['announcement.failed'],
        },
        async () => [{ address: '93.184.216.34', family: 4 }],
      )
      expect(await prisma.webhookSubscription.count()).toBe(count + 1)
      const event = await prisma.webhookEvent.create({
        data: { id: 'evt_rebind', type: 'announcement.failed', createdAt: now(), data: '{}' },
      })
      await fanOutEvents()
      await prisma.webhookDelivery.updateMany({
        where: { subscriptionId: { not: id } },
        data: { status: 'SUCCEEDED', nextAttemptAt: null },
      })
      const before = received.length
      await deliverDue({ resolve: async () => [{ address: '127.0.0.1', family: 4 }] })
      expect(received.length).toBe(before)
      const delivery = await prisma.webhookDelivery.findFirstOrThrow({
        where: { subscriptionId: id, eventId: event.id },
      })
      expect(delivery).toMatchObject({ status: 'PENDING', attempts: 1, responseStatus: null })
      expect(delivery.lastError).toContain('内网')
    } finally {
      delete process.env.WEBHOOK_ALLOW_PRIVATE_NETWORKS
      resetEnvCache()
    }
  })
})
