import { describe, expect, test } from 'vitest'
import { prisma } from '#app/db.server.ts'
import { advanceClock, type Member } from '#tests/factories/bidding.ts'
import { createMember } from '#tests/factories/index.ts'
import { api } from '#tests/helpers/app.ts'

const clockNow = async () => Date.parse((await api.get('/api/v1/test/clock')).body.now)

describe('Idempotency-Key on POST', () => {
  test('a repeat with the same key and body returns the first answer and does nothing again', async () => {
    const headers = { 'Idempotency-Key': 'move-clock-once' }
    // (6 hours, not a day: records expire 24 h after they were made by the application clock)
    const first = await api.post('/api/v1/test/clock', { advanceBy: 'PT6H' }, { headers })
    const afterFirst = await clockNow()
    const second = await api.post('/api/v1/test/clock', { advanceBy: 'PT6H' }, { headers })
    expect(second.status).toBe(first.status)
    expect(second.body).toEqual(first.body)
    expect(second.headers.get('Idempotent-Replayed')).toBe('true')
    // the clock did not move another 6 hours
    expect((await clockNow()) - afterFirst).toBeLessThan(3600_000)
  })

  test('the same key with another body is refused with 409 and does nothing', async () => {
    const headers = { 'Idempotency-Key': 'reused-key' }
    await api.post('/api/v1/test/clock', { advanceBy: 'PT1H' }, { headers })
    const before = await clockNow()
    const reused = await api.post('/api/v1/test/clock', { advanceBy: 'P10D' }, { headers })
    expect(reused.status).toBe(409)
    expect(reused.headers.get('Content-Type')).toMatch(/application\/problem\+json/)
    expect((await clockNow()) - before).toBeLessThan(3600_000)
  })

  test('refused answers are replayed too: the same bad request with the same key gets the same 400', async () => {
    const headers = { 'Idempotency-Key': 'bad-request' }
    const first = await api.post('/api/v1/test/clock', { advanceBy: 'nonsense' }, { headers })
    const again = await api.post('/api/v1/test/clock', { advanceBy: 'nonsense' }, { headers })
    expect(first.status).toBe(400)
    expect(again.status).toBe(400)
    expect(again.body).toEqual(first.body)
  })
})

describe('request bodies', () => {
  test('malformed JSON is a 400 problem', async () => {
    const response = await api.post('/api/v1/test/clock', undefined, {
      body: '{"advanceBy": ',
      headers: { 'Content-Type': 'application/json' },
    })
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ status: 400, detail: expect.stringContaining('JSON') })
  })

  test('a body that is not JSON is a 415 problem', async () => {
    const response = await api.post('/api/v1/test/clock', undefined, {
      body: 'advanceBy=P1D',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    })
    expect(response.status).toBe(415)
  })

  test('a body over 1 MiB is a 413 problem and the clock does not move', async () => {
    const before = await clockNow()
    const response = await api.post('/api/v1/test/clock', { advanceBy: 'P1D', padding: 'x'.repeat(1024 * 1024) })
    expect(response.status).toBe(413)
    expect((await clockNow()) - before).toBeLessThan(3600_000)
  })

  test('unknown fields are refused with a 400 naming the field', async () => {
    const response = await api.post('/api/v1/test/clock', { advanceBy: 'P1D', hurry: true })
    expect(response.status).toBe(400)
    expect(response.body.errors).toHaveProperty('hurry')
  })
})

// A POST that creates something, so that "the operation happened once" can be counted.
const projectBody = {
  name: '成都天府新区数据中心项目',
  regionCode: '510107',
  funding: 'SELF',
  approvalItemCodes: ['SP-ECO-001'],
} as const

async function projectsOf(owner: Member) {
  return prisma.project.findMany({ where: { ownerOrganizationId: owner.organization.id }, select: { id: true } })
}

/** The state a process leaves when it dies after storing the record and before storing the answer. */
async function crashBeforeAnswer(key: string) {
  const reset = await prisma.$executeRaw`UPDATE IdempotencyRecord SET status = NULL, responseBody = NULL WHERE \`key\` = ${key}`
  expect(reset).toBe(1)
}

describe('Idempotency-Key: a crash before the answer was stored', () => {
  test('a younger pending record is waited for, then answered 409 with Retry-After; after 60 s it is taken over by exactly one request', async () => {
    const owner = await createMember({ type: 'OWNER' })
    const headers = { 'Idempotency-Key': 'crashed-project' }
    const first = await api.post('/api/v1/projects', projectBody, { token: owner.token, headers })
    expect(first.status, first.text).toBe(201)
    await crashBeforeAnswer('crashed-project')

    // Another body with that key is still another request: 409 at once.
    const other = await api.post('/api/v1/projects', { ...projectBody, name: '另一个项目' }, { token: owner.token, headers })
    expect(other.status).toBe(409)

    // The same request while the record is young: it waits (the wait is bounded by the application
    // clock, moved here by 15 s after a moment) and answers 409 with Retry-After; nothing runs.
    let answered = false
    const waiting = api.post('/api/v1/projects', projectBody, { token: owner.token, headers }).finally(() => (answered = true))
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(answered).toBe(false)
    await advanceClock('PT15S')
    const young = await waiting
    expect(young.status, young.text).toBe(409)
    expect(young.headers.get('Content-Type')).toMatch(/application\/problem\+json/)
    const retryAfter = Number(young.headers.get('Retry-After'))
    // the seconds until the record may be taken over (60 s after it started, 15 s have passed)
    expect(retryAfter).toBeGreaterThanOrEqual(40)
    expect(retryAfter).toBeLessThanOrEqual(45)
    expect(await projectsOf(owner)).toHaveLength(1)

    // Older than 60 s by the application clock: ten retries at once, one takes it over and runs.
    await advanceClock('PT46S')
    const retries = await Promise.all(Array.from({ length: 10 }, () => api.post('/api/v1/projects', projectBody, { token: owner.token, headers })))
    expect(retries.map((r) => r.status)).toEqual(retries.map(() => 201))
    const projects = await projectsOf(owner)
    expect(projects).toHaveLength(2)
    const second = projects.find((p) => p.id !== first.body.id)!.id
    expect(retries.map((r) => r.body.id)).toEqual(retries.map(() => second))
    const replay = await api.post('/api/v1/projects', projectBody, { token: owner.token, headers })
    expect(replay.status).toBe(201)
    expect(replay.body).toEqual({ id: second })
    expect(replay.headers.get('Idempotent-Replayed')).toBe('true')
  })
})

describe('Idempotency-Key: parallel requests', () => {
  test('50 parallel POSTs with one key and one body: the project is created once and all 50 get the first answer', async () => {
    const owner = await createMember({ type: 'OWNER' })
    const headers = { 'Idempotency-Key': 'parallel-project' }
    const answers = await Promise.all(Array.from({ length: 50 }, () => api.post('/api/v1/projects', projectBody, { token: owner.token, headers })))
    const projects = await projectsOf(owner)
    expect(projects).toHaveLength(1)
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 201))
    expect(answers.map((a) => a.body)).toEqual(answers.map(() => ({ id: projects[0]!.id })))
    expect(answers.filter((a) => a.headers.get('Idempotent-Replayed') === 'true')).toHaveLength(49)
  })

  test('the same key is per user and organization: another owner with that key creates its own project', async () => {
    const [a, b] = [await createMember({ type: 'OWNER' }), await createMember({ type: 'OWNER' })]
    const headers = { 'Idempotency-Key': 'shared-key' }
    const [ra, rb] = await Promise.all([a, b].map((owner) => api.post('/api/v1/projects', projectBody, { token: owner.token, headers })))
    expect([ra!.status, rb!.status]).toEqual([201, 201])
    expect(ra!.body.id).not.toBe(rb!.body.id)
  })
})

describe('Idempotency-Key: expiry after 24 hours', () => {
  test('an expired key is treated as new, and the prune task removes the expired records in batches', async () => {
    const owner = await createMember({ type: 'OWNER' })
    const headers = { 'Idempotency-Key': 'daily-project' }
    const first = await api.post('/api/v1/projects', projectBody, { token: owner.token, headers })
    expect(first.status).toBe(201)
    const old = await Promise.all(
      Array.from({ length: 5 }, (_, i) => api.post('/api/v1/projects', { ...projectBody, name: `旧项目 ${i}` }, { token: owner.token, headers: { 'Idempotency-Key': `old-${i}` } })),
    )
    expect(old.map((r) => r.status)).toEqual(old.map(() => 201))

    await advanceClock('PT23H59M')
    const stillReplayed = await api.post('/api/v1/projects', projectBody, { token: owner.token, headers })
    expect(stillReplayed.body).toEqual(first.body)
    expect(stillReplayed.headers.get('Idempotent-Replayed')).toBe('true')

    await advanceClock('PT2M')
    const again = await api.post('/api/v1/projects', projectBody, { token: owner.token, headers })
    expect(again.status).toBe(201)
    expect(again.headers.get('Idempotent-Replayed')).toBeNull()
    expect(again.body.id).not.toBe(first.body.id)
    expect(await projectsOf(owner)).toHaveLength(7)

    const oldKeys = old.map((_, i) => `old-${i}`)
    expect(await prisma.idempotencyRecord.count({ where: { key: { in: oldKeys } } })).toBe(5)
    const { pruneExpiredIdempotencyRecords } = await import('#jobs/idempotency-prune.ts')
    const pruned = await pruneExpiredIdempotencyRecords({ batchSize: 2 })
    expect(pruned).toBeGreaterThanOrEqual(5)
    expect(await prisma.idempotencyRecord.count({ where: { key: { in: oldKeys } } })).toBe(0)
    // the key that ran again (fresh) is kept and still replays
    expect(await prisma.idempotencyRecord.count({ where: { key: 'daily-project' } })).toBe(1)
    const replay = await api.post('/api/v1/projects', projectBody, { token: owner.token, headers })
    expect(replay.body).toEqual(again.body)
  })
})
