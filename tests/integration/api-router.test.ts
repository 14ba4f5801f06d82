// The direct /api table (app/utils/api-router.server.ts) must pick the route and params that React
// Router (what Remix uses) picks, for every API route and for paths around them; and through the real
// Express app it must answer as Remix's handler does.
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import type { ServerBuild } from '@remix-run/node'
import { matchRoutes, type AgnosticRouteObject } from '@remix-run/router'
import { http, passthrough } from 'msw'
import { beforeAll, describe, expect, test } from 'vitest'
import { compileApiRoutes, matchApiRoute } from '#app/utils/api-router.server.ts'
import { createApp } from '../../server.ts'
import { prisma } from '#app/db.server.ts'
import { registrationBody } from '#tests/helpers/accounts.ts'
import { api } from '#tests/helpers/app.ts'
import { mockServer } from '#tests/mocks/server.ts'

let build: ServerBuild
beforeAll(async () => {
  build = (await import(/* @vite-ignore */ path.resolve(import.meta.dirname, '../../build/index.js'))) as ServerBuild
})

/** The route tree as Remix hands it to React Router. */
function routeTree(): AgnosticRouteObject[] {
  const children = (parentId: string | undefined): AgnosticRouteObject[] =>
    Object.values(build.routes)
      .filter((route) => route.parentId === parentId)
      .map((route) =>
        route.index
          ? { id: route.id, index: true, path: route.path, caseSensitive: route.caseSensitive }
          : { id: route.id, path: route.path, caseSensitive: route.caseSensitive, children: children(route.id) },
      )
  return children(undefined)
}

function reactRouterPick(pathname: string) {
  const matches = matchRoutes(routeTree(), pathname)
  const last = matches?.at(-1)
  return last ? { id: last.route.id, params: last.params } : null
}

describe('route table', () => {
  test('every API path picks the same route and params as React Router', () => {
    const table = compileApiRoutes(build)
    expect(table.length).toBeGreaterThan(40)
    const samples = new Set<string>()
    for (const route of table) {
      for (const value of ['me', 'ck3x9a0000', '%E4%B8%AD%E4%BB%8B', 'a%2Fb']) {
        const filled = `/${route.path.replace(/:[^/]+/g, value).replace('*', `x/${value}`)}`
        samples.add(filled)
        samples.add(`${filled}/`)
        samples.add(filled.toUpperCase())
      }
    }
    for (const extra of ['/api/v1/intermediaries/me', '/api/v1/openapi.json', '/api/v1/nothing/here', '/api/v2/x', '/api/v1/announcements/a/bids/mine/extra'])
      samples.add(extra)
    let compared = 0
    for (const pathname of samples) {
      const expected = reactRouterPick(pathname)
      const found = matchApiRoute(table, pathname)
      // Routes the table leaves out (pages) may match in React Router; the table must then answer null.
      if (expected && !table.some((r) => r.id === expected.id)) expect(found, pathname).toBeNull()
      else {
        expect(found && { id: found.route.id, params: found.params }, pathname).toEqual(expected)
        compared += 1
      }
    }
    expect(compared).toBeGreaterThan(150)
  })
})

describe('through the Express app', () => {
  test('answers as Remix does: JSON, problems, 404 for unknown paths, HEAD as GET without a body', async () => {
    mockServer.use(http.all(/^http:\/\/127\.0\.0\.1:\d+\//, () => passthrough()))
    const server = (await createApp()).listen(0)
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    try {
      const direct = await fetch(`${base}/api/v1/service-items?pageSize=2`)
      const viaRemix = await api.get('/api/v1/service-items?pageSize=2')
      expect(direct.status).toBe(200)
      expect(await direct.json()).toEqual(viaRemix.body)
      expect(direct.headers.get('X-Request-Id')).toBeTruthy()

      const bad = await fetch(`${base}/api/v1/auth/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{' })
      expect(bad.status).toBe(400)
      expect(bad.headers.get('Content-Type')).toContain('application/problem+json')

      const unknown = await fetch(`${base}/api/v1/no-such-thing`, { method: 'DELETE' })
      expect(unknown.status).toBe(404)
      expect((await unknown.json()).detail).toContain('/api/v1/no-such-thing')

      // The request id of the server's middleware reaches the domain (the audit entry records it).
      const registered = await fetch(`${base}/api/v1/auth/register`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Request-Id': 'router-check-1' },
        body: JSON.stringify(registrationBody()),
      })
      expect(registered.status).toBe(201)
      expect(await prisma.auditEntry.count({ where: { requestId: 'router-check-1' } })).toBeGreaterThan(0)

      const head = await fetch(`${base}/api/v1/service-items`, { method: 'HEAD' })
      expect(head.status).toBe(200)
      expect(await head.text()).toBe('')
    } finally {
      server.close()
    }
  })
})
