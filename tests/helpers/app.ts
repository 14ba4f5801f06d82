// Calls the built app (build/index.js, made by the integration global setup) through Remix's
// request handler, exactly as the HTTP server does, without opening a port.
import crypto from 'node:crypto'
import path from 'node:path'
import { createRequestHandler, type ServerBuild } from '@remix-run/node'
import { requestContext } from '#app/utils/request-context.server.ts'

let handler: ((request: Request) => Promise<Response>) | undefined

async function appHandler() {
  if (!handler) {
    const buildPath = path.resolve(import.meta.dirname, '../../build/index.js')
    const build = (await import(/* @vite-ignore */ buildPath)) as ServerBuild
    handler = createRequestHandler(build, 'test')
  }
  return handler
}

export type CallOptions = {
  token?: string
  json?: unknown
  body?: BodyInit
  headers?: Record<string, string>
  cookie?: string
}

export type CallResult<T = any> = { status: number; headers: Headers; body: T; text: string }

export async function call<T = any>(method: string, pathname: string, options: CallOptions = {}): Promise<CallResult<T>> {
  const headers = new Headers(options.headers)
  if (options.token) headers.set('Authorization', `Bearer ${options.token}`)
  if (options.cookie) headers.set('Cookie', options.cookie)
  let body = options.body
  if (options.json !== undefined) {
    body = JSON.stringify(options.json)
    if (!headers.has('Content-Type')) headers.set('Content-Type', 'application/json')
  }
  const request = new Request(`http://localhost${pathname}`, { method, headers, body })
  const run = await appHandler()
  const response = await requestContext.run({ requestId: crypto.randomUUID() }, () => run(request))
  const text = await response.text()
  let parsed: unknown = text
  if (/json/.test(response.headers.get('Content-Type') ?? '') && text) parsed = JSON.parse(text)
  return { status: response.status, headers: response.headers, body: parsed as T, text }
}

export const api = {
  get: <T = any>(p: string, o?: CallOptions) => call<T>('GET', p, o),
  post: <T = any>(p: string, json?: unknown, o?: CallOptions) => call<T>('POST', p, { ...o, json: json ?? o?.json }),
  put: <T = any>(p: string, json?: unknown, o?: CallOptions) => call<T>('PUT', p, { ...o, json: json ?? o?.json }),
  delete: <T = any>(p: string, o?: CallOptions) => call<T>('DELETE', p, o),
}
