// Calls the built app (build/index.js, made by the integration global setup) through Remix's
// request handler, exactly as the HTTP server does, without opening a port.
//
// Every answer of /api/v1 is checked against the OpenAPI document the app serves
// (GET /api/v1/openapi.json): the path and verb must be documented, the status too (exactly, or as
// 4XX), the media type must match, and a JSON body must validate against the documented schema
// (objects refuse undocumented fields). A mismatch fails the test that made the call.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { createRequestHandler, type ServerBuild } from '@remix-run/node'
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
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
  const result = { status: response.status, headers: response.headers, body: parsed as T, text }
  if (new URL(request.url).pathname.startsWith('/api/v1/')) await checkAnswer(method, new URL(request.url).pathname, result)
  return result
}

// ---- the response validator ----

type Documented = { content?: Record<string, { schema?: unknown }> }
type OperationEntry = { template: string; pattern: RegExp; statics: number; operations: Record<string, { responses: Record<string, Documented> }> }
type Checker = { entries: OperationEntry[]; validator: (schema: unknown, key: string) => ValidateFunction }

let checker: Promise<Checker> | undefined

async function loadChecker(): Promise<Checker> {
  const run = await appHandler()
  const response = await run(new Request('http://localhost/api/v1/openapi.json'))
  const doc = (await response.json()) as { paths: Record<string, OperationEntry['operations']>; components: unknown }
  const entries = Object.entries(doc.paths).map(([template, operations]) => {
    const segments = template.split('/').filter(Boolean)
    const source = segments.map((s) => (s.startsWith('{') ? '([^/]+)' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/')
    return { template, pattern: new RegExp(`^/${source}/?$`, 'i'), statics: segments.filter((s) => !s.startsWith('{')).length, operations }
  })
  entries.sort((a, b) => b.statics - a.statics)
  const ajv = new Ajv2020({ allErrors: true, strict: false })
  addFormats.default(ajv)
  ajv.addSchema({ $id: 'openapi', components: doc.components })
  const compiled = new Map<string, ValidateFunction>()
  const validator = (schema: unknown, key: string) => {
    let validate = compiled.get(key)
    if (!validate) {
      // $refs of the document point at #/components/…: resolve them in the document's schema
      const rewritten = JSON.parse(JSON.stringify(schema).replace(/"#\/components\//g, '"openapi#/components/')) as object
      validate = ajv.compile(rewritten)
      compiled.set(key, validate)
    }
    return validate
  }
  return { entries, validator }
}

const recordFile = process.env.OPENAPI_RECORD

async function checkAnswer(method: string, pathname: string, result: CallResult) {
  checker ??= loadChecker()
  const { entries, validator } = await checker
  const verb = method.toLowerCase() === 'head' ? 'get' : method.toLowerCase()
  const entry = entries.find((e) => e.pattern.test(pathname))
  const fail = (message: string) => {
    if (recordFile) {
      fs.appendFileSync(recordFile, `${JSON.stringify({ verb, template: entry?.template ?? pathname, status: result.status, message, body: result.body })}\n`)
      return
    }
    throw new Error(`OpenAPI: ${method} ${pathname} → ${result.status}: ${message}\n${result.text.slice(0, 1500)}`)
  }
  // An unknown path under /api is answered 404 problem+json by the catch-all route.
  if (!entry) return result.status === 404 && /problem\+json/.test(result.headers.get('Content-Type') ?? '') ? undefined : fail('the path is not documented')
  const operation = entry.operations[verb]
  // A verb the route does not serve is answered 405 problem+json by the API frame.
  if (!operation) return result.status === 405 ? undefined : fail(`${verb.toUpperCase()} is not documented`)
  const key = [String(result.status), `${String(result.status)[0]}XX`, 'default'].find((k) => operation.responses[k])
  if (!key) return fail('the status is not documented')
  const documented = operation.responses[key]!
  const type = (result.headers.get('Content-Type') ?? '').split(';')[0]!.trim()
  if (!documented.content) return result.text === '' ? undefined : fail('documented without a body, but it has one')
  const media = documented.content[type]
  if (!media) return fail(`media type ${type || '(none)'} is not documented (${Object.keys(documented.content).join(', ')})`)
  if (!/json/.test(type) || media.schema === undefined) return
  const validate = validator(media.schema, `${verb} ${entry.template} ${key} ${type}`)
  if (!validate(result.body)) fail(`the body does not match the documented schema: ${JSON.stringify(validate.errors?.slice(0, 5))}`)
}

export const api = {
  get: <T = any>(p: string, o?: CallOptions) => call<T>('GET', p, o),
  post: <T = any>(p: string, json?: unknown, o?: CallOptions) => call<T>('POST', p, { ...o, json: json ?? o?.json }),
  put: <T = any>(p: string, json?: unknown, o?: CallOptions) => call<T>('PUT', p, { ...o, json: json ?? o?.json }),
  delete: <T = any>(p: string, o?: CallOptions) => call<T>('DELETE', p, o),
}
