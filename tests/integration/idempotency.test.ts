import { describe, expect, test } from 'vitest'
import { api } from '#tests/helpers/app.ts'

const clockNow = async () => Date.parse((await api.get('/api/v1/test/clock')).body.now)

describe('Idempotency-Key on POST', () => {
  test('a repeat with the same key and body returns the first answer and does nothing again', async () => {
    const headers = { 'Idempotency-Key': 'move-clock-once' }
    const first = await api.post('/api/v1/test/clock', { advanceBy: 'P1D' }, { headers })
    const afterFirst = await clockNow()
    const second = await api.post('/api/v1/test/clock', { advanceBy: 'P1D' }, { headers })
    expect(second.status).toBe(first.status)
    expect(second.body).toEqual(first.body)
    expect(second.headers.get('Idempotent-Replayed')).toBe('true')
    // the clock did not move another day
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
