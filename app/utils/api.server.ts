// The frame of every /api/v1 handler: request id, bearer authentication, JSON bodies checked
// (content type, 1 MiB limit, syntax, zod schema with unknown fields refused), Idempotency-Key
// replay for POST, and errors as RFC 9457 problem+json. Handlers only call the domain.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { authenticateToken } from '#app/domain/accounts/tokens.server.ts'
import { syncClock } from '#app/domain/clock/clock.server.ts'
import { DomainError, type DomainErrorKind } from '#app/domain/errors.ts'
import type { Actor } from '#app/domain/permissions/permissions.server.ts'
import { claimIdempotencyKey, releaseIdempotencyKey, storeIdempotentAnswer } from '#app/utils/idempotency.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import { requestContext } from '#app/utils/request-context.server.ts'
import { registerOperations, type OperationDoc } from '#app/utils/openapi.server.ts'
import { fieldErrorsOf, type z } from '#app/utils/zod.ts'

export const MAX_JSON_BYTES = 1024 * 1024

const TITLES: Record<number, string> = {
  400: '请求内容有误',
  401: '未登录或令牌无效',
  403: '无权执行此操作',
  404: '未找到',
  405: '不支持该请求方法',
  409: '与当前状态冲突',
  413: '请求内容过大',
  415: '不支持的内容类型',
  422: '不符合业务规则',
  429: '请求过于频繁',
  500: '服务器内部错误',
}

export function problem(
  status: number,
  detail: string,
  extra: { errors?: Record<string, string[]>; type?: string; headers?: HeadersInit } = {},
): Response {
  const body = {
    type: extra.type ?? 'about:blank',
    title: TITLES[status] ?? '请求失败',
    status,
    detail,
    ...(extra.errors ? { errors: extra.errors } : {}),
  }
  const headers = new Headers(extra.headers)
  headers.set('Content-Type', 'application/problem+json; charset=utf-8')
  return new Response(JSON.stringify(body), { status, headers })
}

/** Thrown inside a handler to answer with a problem directly. */
export class ProblemResponse extends Error {
  constructor(readonly response: Response) {
    super(`problem ${response.status}`)
  }
}

const kindType = (kind: DomainErrorKind) => `https://zjcs.gov.cn/problems/${kind.replace('_', '-')}`

function problemFromError(error: unknown): Response {
  if (error instanceof ProblemResponse) return error.response
  if (error instanceof DomainError) {
    return problem(error.status, error.message, { errors: error.fieldErrors, type: kindType(error.kind) })
  }
  if (error instanceof Response) return error
  logger.error({ err: error }, 'unhandled error in API handler')
  return problem(500, '服务器处理请求时出错，请稍后重试')
}

export function jsonResponse(data: unknown, status = 200, headers?: HeadersInit): Response {
  const h = new Headers(headers)
  h.set('Content-Type', 'application/json; charset=utf-8')
  return new Response(JSON.stringify(data), { status, headers: h })
}

async function readBodyText(request: Request): Promise<string> {
  const declared = Number(request.headers.get('Content-Length') ?? 0)
  if (declared > MAX_JSON_BYTES) throw new ProblemResponse(problem(413, '请求内容不得超过 1 MiB'))
  if (!request.body) return ''
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > MAX_JSON_BYTES) {
      await reader.cancel()
      throw new ProblemResponse(problem(413, '请求内容不得超过 1 MiB'))
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

export type ApiContext<Body> = {
  request: Request
  params: Record<string, string | undefined>
  url: URL
  actor: Actor | null
  body: Body
}

type Handler<Body> = (ctx: ApiContext<Body>) => Promise<Response>

// `responses` and `operationId` document the method too (OperationDoc, openapi.server.ts).
type MethodSpec<S extends z.ZodType | undefined> = OperationDoc & {
  /** zod schema of the JSON body (use strict objects so unknown fields are refused) */
  body?: S
  /** require a bearer token (401 without one) */
  auth?: boolean
  /** Idempotency-Key replay for POST (default true). Off for answers that carry a secret (a new
   * API token), which must never be stored in the replay table. */
  idempotency?: boolean
  /** one line for the OpenAPI document */
  summary?: string
  /** zod schema of the query string, for the OpenAPI document (handlers still call parseQuery) */
  query?: z.ZodType
  handler: Handler<S extends z.ZodType ? z.infer<S> : undefined>
}

type Methods = Partial<Record<'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', MethodSpec<z.ZodType | undefined>>>

/** Declares one method of an API route with its body schema (kept as a helper for inference). */
export function method<S extends z.ZodType | undefined = undefined>(spec: MethodSpec<S>) {
  return spec as MethodSpec<z.ZodType | undefined>
}

async function authenticate(request: Request): Promise<Actor | null> {
  const header = request.headers.get('Authorization')
  if (!header) return null
  const match = /^Bearer\s+(\S+)$/i.exec(header)
  if (!match) throw new DomainError('unauthenticated', 'Authorization 头格式应为 "Bearer <令牌>"')
  return authenticateToken(match[1]!)
}

async function parseBody(request: Request, schema: z.ZodType): Promise<{ body: unknown; text: string }> {
  const text = await readBodyText(request)
  const contentType = request.headers.get('Content-Type') ?? ''
  if (text.length > 0 && !/^application\/([\w.+-]+\+)?json\b/i.test(contentType)) {
    throw new ProblemResponse(problem(415, '请求内容类型须为 application/json'))
  }
  let raw: unknown = {}
  if (text.trim().length > 0) {
    try {
      raw = JSON.parse(text)
    } catch {
      throw new ProblemResponse(problem(400, '请求内容不是合法的 JSON'))
    }
  }
  const result = schema.safeParse(raw)
  if (!result.success) {
    throw new ProblemResponse(problem(400, '请求内容未通过校验', { errors: fieldErrorsOf(result.error) }))
  }
  return { body: result.data, text }
}

/** The POST under its Idempotency-Key (app/utils/idempotency.server.ts); `run` answers, never throws. */
async function withIdempotency(
  request: Request,
  actor: Actor | null,
  bodyText: string,
  run: () => Promise<Response>,
): Promise<Response> {
  const key = request.headers.get('Idempotency-Key')
  if (!key) return run()
  if (key.length > 255) return problem(400, 'Idempotency-Key 不得超过 255 个字符')
  const scope = actor ? `${actor.userId}:${actor.organizationId}` : 'anonymous'
  const outcome = await claimIdempotencyKey({ scope, key, method: request.method, path: new URL(request.url).pathname, bodyText })
  switch (outcome.kind) {
    case 'other-request':
      return problem(409, '该 Idempotency-Key 已用于另一个请求')
    case 'still-running':
      return problem(409, '使用该 Idempotency-Key 的请求仍在处理中，请稍后重试', {
        headers: { 'Retry-After': String(outcome.retryAfterSeconds) },
      })
    case 'replay': {
      const contentType = outcome.status >= 400 ? 'application/problem+json; charset=utf-8' : 'application/json; charset=utf-8'
      const headers = { 'Idempotent-Replayed': 'true', 'Content-Type': contentType }
      return new Response(outcome.status === 204 ? null : outcome.body, { status: outcome.status, headers })
    }
  }
  let response: Response
  try {
    response = await run()
  } catch (error) {
    await releaseIdempotencyKey(outcome.claim)
    throw error
  }
  // A 5xx is not an answer to keep: the next request with this key runs again.
  if (response.status >= 500) await releaseIdempotencyKey(outcome.claim)
  else await storeIdempotentAnswer(outcome.claim, response.status, await response.clone().text())
  return response
}

async function dispatch(methods: Methods, args: LoaderFunctionArgs | ActionFunctionArgs): Promise<Response> {
  const { request, params } = args
  // HEAD is answered as GET (the server sends the headers only).
  const verb = (request.method.toUpperCase() === 'HEAD' ? 'GET' : request.method.toUpperCase()) as keyof Methods
  const spec = methods[verb]
  if (!spec) {
    return problem(405, `不支持 ${verb} 方法`, { headers: { Allow: Object.keys(methods).join(', ') } })
  }
  try {
    await syncClock()
    const actor = await authenticate(request)
    if (spec.auth && !actor) throw new DomainError('unauthenticated', '请提供有效的访问令牌（Authorization: Bearer <令牌>）')
    const store = requestContext.getStore()
    if (store && actor) Object.assign(store, { userId: actor.userId, organizationId: actor.organizationId })
    const { body, text } = spec.body ? await parseBody(request, spec.body) : { body: undefined, text: '' }
    // A refusal thrown by the domain is an answer like any other (replayed under its key); an
    // unexpected error becomes a 500, which is not kept.
    const run = () => spec.handler({ request, params, url: new URL(request.url), actor, body }).catch(problemFromError)
    return verb === 'POST' && spec.idempotency !== false ? await withIdempotency(request, actor, text, run) : await run()
  } catch (error) {
    return problemFromError(error)
  }
}

/** Builds a route's `loader` (GET) and `action` (other verbs) from a table of methods. */
export function apiRoute(methods: Methods, meta?: { path: string; tag?: string }) {
  if (meta) registerOperations(meta.path, meta.tag, methods)
  return {
    loader: (args: LoaderFunctionArgs) => dispatch(methods, args),
    action: (args: ActionFunctionArgs) => dispatch(methods, args),
  }
}

/** The actor, or 401 (for handlers whose method spec does not set `auth`). */
export function requireActor(actor: Actor | null): Actor {
  if (!actor) throw new DomainError('unauthenticated', '请提供有效的访问令牌')
  return actor
}

/** Parses the query string with a zod schema; 400 with per-field errors when it does not fit. */
export function parseQuery<S extends z.ZodType>(url: URL, schema: S): z.infer<S> {
  const result = schema.safeParse(Object.fromEntries(url.searchParams))
  if (!result.success) {
    throw new ProblemResponse(problem(400, '查询参数有误', { errors: fieldErrorsOf(result.error) }))
  }
  return result.data
}

export function page<T>(items: T[], total: number, pagination: { page: number; pageSize: number }) {
  return { items, page: pagination.page, pageSize: pagination.pageSize, total }
}
