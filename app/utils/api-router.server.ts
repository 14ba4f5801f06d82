// A direct path from Express to the /api route modules, compiled once at start.
//
// Remix matches every request by flattening, ranking and compiling the patterns of all its routes,
// twice for a resource route: about 0.9 ms of CPU per request here, the largest fixed cost in the
// bid-rush benchmark (tests/bench/bids.ts). API routes are resource routes whose loader and action
// already do everything (apiRoute in api.server.ts: authentication, body checks, problem+json), so
// this table calls the same functions Remix would call, with the same params. A request it does not
// match, or a method the module does not serve, goes on to Remix unchanged.
//
// The matching follows React Router's rules (tests/integration/api-router.test.ts compares the two
// on every API route): case-insensitive, decoded segments, optional trailing slash, a static segment
// ranks above a parameter, a splat ("*") last.
// createRemixRequest/sendRemixResponse are the adapter's own conversions (exported by its server
// module, not by its index).
import { createRemixRequest, sendRemixResponse } from '@remix-run/express/dist/server.js'
import type { ActionFunction, LoaderFunction, ServerBuild } from '@remix-run/node'
import type express from 'express'

type ApiModule = { loader?: LoaderFunction; action?: ActionFunction; default?: unknown }

export type ApiRoute = {
  id: string
  path: string
  pattern: RegExp
  paramNames: string[]
  score: number
  module: ApiModule
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** The full URL pattern of a route ("api/v1/announcements/:id/bids"), joining its parents' paths. */
function fullPath(build: ServerBuild, id: string): string {
  const route = build.routes[id]
  if (!route) return ''
  const parent = route.parentId ? fullPath(build, route.parentId) : ''
  return [parent, route.path ?? ''].filter((part) => part !== '').join('/')
}

/** Compiles the resource routes under /api into a table ordered as React Router ranks them. */
export function compileApiRoutes(build: ServerBuild): ApiRoute[] {
  const table: ApiRoute[] = []
  for (const id of Object.keys(build.routes)) {
    const module = build.routes[id]!.module as ApiModule
    const path = fullPath(build, id)
    if (!path.startsWith('api/') || module.default !== undefined || (!module.loader && !module.action)) continue
    const segments = path.split('/')
    // Optional segments are not used by the API; such a route is left to Remix.
    if (segments.some((segment) => segment.endsWith('?'))) continue
    const paramNames: string[] = []
    let source = '^'
    let score = segments.length
    for (const segment of segments) {
      if (segment === '*') {
        paramNames.push('*')
        source += '(?:\\/(.+)|\\/*)'
        score -= 2
      } else if (segment.startsWith(':')) {
        paramNames.push(segment.slice(1))
        source += '\\/([^\\/]+)'
        score += 3
      } else {
        source += `\\/${escapeRegExp(segment)}`
        score += 10
      }
    }
    source += segments.at(-1) === '*' ? '$' : '\\/*$'
    table.push({ id, path, pattern: new RegExp(source, 'i'), paramNames, score, module })
  }
  // Stable: equal scores keep the build's order, as React Router does.
  return table.sort((a, b) => b.score - a.score)
}

/** Each segment decoded, an encoded "/" inside a segment kept as %2F (as React Router does). */
function decodePath(pathname: string): string {
  try {
    return pathname
      .split('/')
      .map((segment) => decodeURIComponent(segment).replace(/\//g, '%2F'))
      .join('/')
  } catch {
    return pathname
  }
}

export function matchApiRoute(
  table: readonly ApiRoute[],
  pathname: string,
): { route: ApiRoute; params: Record<string, string> } | null {
  const decoded = decodePath(pathname)
  for (const route of table) {
    const match = route.pattern.exec(decoded)
    if (!match) continue
    const params: Record<string, string> = {}
    route.paramNames.forEach((name, i) => {
      const value = match[i + 1]
      if (value !== undefined) params[name] = value.replace(/%2F/g, '/')
    })
    return { route, params }
  }
  return null
}

/** Express middleware for /api/*: calls the matched module's loader (GET) or action (other verbs). */
export function apiRouter(build: ServerBuild): express.RequestHandler {
  const table = compileApiRoutes(build)
  return (req, res, next) => {
    const found = matchApiRoute(table, req.path)
    // GET and HEAD (Node sends no body for HEAD) go to the loader, like Remix; other verbs to the action.
    const handler = found && (req.method === 'GET' || req.method === 'HEAD' ? found.route.module.loader : found.route.module.action)
    if (!found || !handler) return next()
    const run = async () => {
      const request = createRemixRequest(req, res)
      const response: unknown = await handler({ request, params: found.params, context: {} })
      if (!(response instanceof Response)) throw new Error(`${found.route.id} answered something other than a Response`)
      await sendRemixResponse(res, response)
    }
    run().catch(next)
  }
}
