import { expect, test } from 'vitest'
import { api } from '#tests/helpers/app.ts'

test('GET /healthz answers 200 when the database is reachable', async () => {
  const response = await api.get('/healthz')
  expect(response.status).toBe(200)
  expect(response.body).toEqual({ status: 'ok', database: 'ok' })
})
