import { expect, test } from 'vitest'
import { api } from '#tests/helpers/app.ts'

test('GET /api/v1/openapi.json describes the API from the zod schemas that validate it', async () => {
  const response = await api.get('/api/v1/openapi.json')
  expect(response.status).toBe(200)
  const doc = response.body
  expect(doc.openapi).toBe('3.1.0')
  for (const path of ['/api/v1/auth/register', '/api/v1/auth/token', '/api/v1/me', '/api/v1/approval-items/{code}', '/api/v1/departments']) {
    expect(Object.keys(doc.paths)).toContain(path)
  }
  const register = doc.paths['/api/v1/auth/register'].post.requestBody.content['application/json'].schema
  // the body schema is the strict zod object: required parts and no extra fields
  expect(register.required).toEqual(expect.arrayContaining(['organization', 'user']))
  expect(register.additionalProperties).toBe(false)
  expect(register.properties.organization.properties.type.enum).toEqual(['OWNER', 'INTERMEDIARY'])
  expect(doc.paths['/api/v1/me'].get.security).toEqual([{ bearer: [] }])
})
