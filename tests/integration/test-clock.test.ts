import { describe, expect, test } from 'vitest'
import { prisma } from '#app/db.server.ts'
import { api } from '#tests/helpers/app.ts'

describe('test clock', () => {
  test('advanceBy moves the application clock forwards by an ISO 8601 duration', async () => {
    const before = Date.parse((await api.get('/api/v1/test/clock')).body.now)
    const moved = await api.post('/api/v1/test/clock', { advanceBy: 'P3DT1H' })
    expect(moved.status).toBe(200)
    const after = Date.parse((await api.get('/api/v1/test/clock')).body.now)
    expect(after - before).toBeGreaterThanOrEqual((3 * 24 + 1) * 3600_000)
    expect(after - before).toBeLessThan((3 * 24 + 1) * 3600_000 + 60_000)
  })

  test('the clock never moves backwards: 400 and nothing changes', async () => {
    const offsetBefore = await prisma.appSetting.findUnique({ where: { key: 'testClock.offsetMs' } })
    const response = await api.post('/api/v1/test/clock', { now: '2001-01-01T00:00:00+08:00' })
    expect(response.status).toBe(400)
    expect(response.headers.get('Content-Type')).toMatch(/application\/problem\+json/)
    const offsetAfter = await prisma.appSetting.findUnique({ where: { key: 'testClock.offsetMs' } })
    expect(offsetAfter?.value).toBe(offsetBefore?.value)
  })

  test('a malformed duration is a 400 with a field error', async () => {
    const response = await api.post('/api/v1/test/clock', { advanceBy: 'three days' })
    expect(response.status).toBe(400)
    expect(response.body.errors.advanceBy).toBeDefined()
  })
})

test('an unknown /api path answers problem+json 404', async () => {
  const response = await api.get('/api/v1/no-such-thing')
  expect(response.status).toBe(404)
  expect(response.headers.get('Content-Type')).toMatch(/application\/problem\+json/)
  expect(response.body).toMatchObject({ status: 404, title: expect.any(String), detail: expect.any(String) })
})
