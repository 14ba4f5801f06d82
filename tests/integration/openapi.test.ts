import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import type { ServerBuild } from '@remix-run/node'
import { expect, test } from 'vitest'
import { compileApiRoutes } from '#app/utils/api-router.server.ts'
import { api } from '#tests/helpers/app.ts'

const run = promisify(execFile)
const root = path.resolve(import.meta.dirname, '../..')

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

test('every /api/v1 route has a documented operation: summary, operationId, security, a 2xx answer and problem+json', async () => {
  const build = (await import(/* @vite-ignore */ path.join(root, 'build/index.js'))) as ServerBuild
  const routes = compileApiRoutes(build).filter((r) => r.path.startsWith('api/v1/'))
  expect(routes.length).toBeGreaterThan(60)
  const doc = (await api.get('/api/v1/openapi.json')).body
  const documented = new Set(Object.keys(doc.paths))
  const missing = routes.map((r) => `/${r.path.replace(/:(\w+)/g, '{$1}')}`).filter((p) => !documented.has(p))
  expect(missing, 'routes without a documented operation (apiRoute(…, { path }) and responses)').toEqual([])
  const operationIds = new Set<string>()
  for (const [p, operations] of Object.entries<Record<string, any>>(doc.paths)) {
    for (const [verb, op] of Object.entries<any>(operations)) {
      const where = `${verb.toUpperCase()} ${p}`
      expect(op.summary, `${where}: summary`).toEqual(expect.any(String))
      expect(op.security, `${where}: security`).toEqual(expect.any(Array))
      expect(operationIds.has(op.operationId), `${where}: operationId ${op.operationId} is unique`).toBe(false)
      operationIds.add(op.operationId)
      const success = Object.keys(op.responses).filter((s) => /^2\d\d$/.test(s))
      expect(success.length, `${where}: a documented 2xx answer`).toBeGreaterThan(0)
      for (const s of success) {
        const content = op.responses[s].content
        if (content?.['application/json']) expect(content['application/json'].schema, `${where} ${s}: schema`).toEqual(expect.any(Object))
      }
      expect(op.responses['4XX'].content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' })
    }
  }
})

test('the document passes Redocly’s recommended rules with no error and no warning', async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zjcs-openapi-')), 'openapi.json')
  fs.writeFileSync(file, (await api.get('/api/v1/openapi.json')).text)
  const cli = path.join(root, 'node_modules/@redocly/cli/bin/cli.js')
  const result = await run(process.execPath, [cli, 'lint', file, '--format=json', '--max-problems=1000'], {
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    maxBuffer: 16 * 1024 * 1024,
  }).catch((error: { stdout: string }) => error)
  const report = JSON.parse(result.stdout) as { problems: Array<{ ruleId: string; severity: string; message: string; location: Array<{ pointer: string }> }> }
  const problems = report.problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`)
  expect(problems).toEqual([])
})

test('/api/docs renders the document with Swagger UI served by this server (no CDN)', async () => {
  const page = await api.get('/api/docs')
  expect(page.status).toBe(200)
  expect(page.text).toContain('/api/docs/swagger-ui-bundle.js')
  expect(page.text).not.toMatch(/https?:\/\/(?!localhost)/)
  const bundle = await api.get('/api/docs/swagger-ui-bundle.js')
  expect(bundle.status).toBe(200)
  expect(bundle.headers.get('Content-Type')).toContain('javascript')
  expect((await api.get('/api/docs/init.js')).text).toContain('/api/v1/openapi.json')
  expect((await api.get('/api/docs/package.json')).status).toBe(404)
})
