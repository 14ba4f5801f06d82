// The OpenAPI 3.1 document of /api/v1, built from the same zod schemas that validate requests:
// every apiRoute that declares its path registers its operations here when its module loads, with
// its request body and query schemas, the schemas of its answers (`responses`: status → zod schema,
// null for no body, or a binary media type) and whether it needs a bearer token. Every operation
// also answers problem+json for 4XX. tests/integration/openapi.test.ts checks that every /api/v1
// route is documented and that the document passes Redocly's recommended rules; the integration
// suite validates every JSON answer it receives against this document (tests/helpers/app.ts).
import { singleton } from '#app/utils/singleton.server.ts'
import { z } from '#app/utils/zod.ts'

/** A documented answer: its JSON schema, null for an empty body (204), or a download (its media types). */
export type ResponseDoc = z.ZodType | null | { binary: readonly string[] }

export type OperationDoc = {
  /** one line for the OpenAPI document */
  summary?: string
  /** zod schema of the query string, for the OpenAPI document (handlers still call parseQuery) */
  query?: z.ZodType
  /** the answers by status: a zod schema of the JSON body, null (no body) or `{ binary: [mediaType, …] }` */
  responses?: Record<number, ResponseDoc>
  /** default: the verb and the path ("getAnnouncementsByIdLog") */
  operationId?: string
  /** a multipart/form-data upload: the name of its file field */
  upload?: string
}

type Operation = OperationDoc & { body?: z.ZodType; auth?: boolean }
type Registry = Map<string, Map<string, Operation>>

const registry = singleton('openapi', () => new Map() as Registry)
const tags = singleton('openapi-tags', () => new Map<string, string>())

export function registerOperations(
  path: string,
  tag: string | undefined,
  methods: Record<string, Operation | undefined>,
) {
  const operations = registry.get(path) ?? new Map<string, Operation>()
  for (const [verb, spec] of Object.entries(methods)) if (spec) operations.set(verb.toLowerCase(), spec)
  registry.set(path, operations)
  if (tag) tags.set(path, tag)
}

const TAG_DESCRIPTIONS: Record<string, string> = {
  accounts: '注册、登录与接口令牌',
  announcements: '采购公告、结果与质疑',
  audit: '审计日志的公开校验',
  bidding: '报名与报价（密封）',
  catalogue: '审批事项与中介服务事项目录',
  departments: '行业主管部门',
  integration: '审批系统对接与事件推送（Webhook）',
  intermediaries: '中介机构名录与入驻',
  notifications: '站内通知',
  ocds: '开放合同数据标准（OCDS 1.1）',
  platform: '平台规则',
  projects: '项目与审批事项所需的中介服务',
  supervision: '行业监管',
  test: '测试时钟（仅测试环境）',
  transparency: '透明日志（RFC 9162）：检查点、叶子与证明',
}

const problemRef = { $ref: '#/components/schemas/Problem' }

/** A zod schema as JSON Schema 2020-12 (what OpenAPI 3.1 uses), without the `$schema` key. */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output') {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >
  return rest
}

function queryParameters(schema: z.ZodType | undefined) {
  if (!schema) return []
  const json = jsonSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] }
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema: property,
  }))
}

const pascal = (word: string) =>
  word
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('')

/** getAnnouncementsByIdLog for GET /api/v1/announcements/:id/log. */
export function defaultOperationId(verb: string, path: string): string {
  const words = path
    .replace(/^\/api\/v1\/?/, '')
    .split('/')
    .filter(Boolean)
    .map((segment) => (segment.startsWith(':') ? `By${pascal(segment.slice(1))}` : pascal(segment)))
  return verb.toLowerCase() + words.join('')
}

const STATUS_TEXT: Record<number, string> = {
  200: '成功',
  201: '已创建',
  202: '已受理',
  204: '成功（无内容）',
}

function responses(op: Operation) {
  const documented: Record<string, unknown> = {}
  for (const [status, doc] of Object.entries(op.responses ?? {})) {
    const description = STATUS_TEXT[Number(status)] ?? '成功'
    if (doc === null) documented[status] = { description }
    else if ('binary' in doc && Array.isArray(doc.binary)) {
      const content = Object.fromEntries(
        doc.binary.map((type) => [type, { schema: { type: 'string', contentMediaType: type } }]),
      )
      documented[status] = { description, content }
    } else {
      documented[status] = {
        description,
        content: { 'application/json': { schema: jsonSchema(doc as z.ZodType, 'output') } },
      }
    }
  }
  documented['4XX'] = {
    description: '请求被拒绝（RFC 9457 problem+json）',
    content: { 'application/problem+json': { schema: problemRef } },
  }
  return documented
}

function requestBody(op: Operation) {
  if (op.upload) {
    return {
      required: true,
      content: {
        'multipart/form-data': {
          schema: {
            type: 'object',
            required: [op.upload],
            properties: { [op.upload]: { type: 'string', contentMediaType: 'application/octet-stream' } },
          },
        },
      },
    }
  }
  return op.body
    ? { required: true, content: { 'application/json': { schema: jsonSchema(op.body, 'input') } } }
    : undefined
}

/** Every registered operation by path (":id" form) and verb: the coverage test reads it. */
export function registeredOperations(): Array<{ path: string; verb: string; operation: Operation }> {
  return [...registry.entries()].flatMap(([path, ops]) =>
    [...ops.entries()].map(([verb, operation]) => ({ path, verb, operation })),
  )
}

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const [path, operations] of [...registry.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const templated = path.replace(/\/:(\w+)/g, '/{$1}')
    const pathParameters = [...path.matchAll(/\/:(\w+)/g)].map(([, name]) => ({
      name,
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }))
    paths[templated] = Object.fromEntries(
      [...operations.entries()].map(([verb, op]) => [
        verb,
        {
          operationId: op.operationId ?? defaultOperationId(verb, path),
          summary: op.summary,
          tags: tags.has(path) ? [tags.get(path)] : undefined,
          // A public operation may still be called with a token (the answer then says more, e.g. myBid).
          security: op.auth ? [{ bearer: [] }] : [{}, { bearer: [] }],
          parameters: [...pathParameters, ...queryParameters(op.query)],
          requestBody: requestBody(op),
          responses: responses(op),
        },
      ]),
    )
  }
  const usedTags = [...new Set(tags.values())].sort()
  return {
    openapi: '3.1.0',
    info: {
      title: '中介服务网上超市 API',
      version: '1',
      description:
        '中介服务网上超市的公开接口：网页能办的事，程序都能通过 /api/v1 办理。认证：Authorization: Bearer <令牌>；错误为 RFC 9457 problem+json。',
      license: { name: 'CC BY 4.0', identifier: 'CC-BY-4.0' },
    },
    servers: [{ url: '/', description: '本平台' }],
    tags: usedTags.map((name) => ({ name, description: TAG_DESCRIPTIONS[name] ?? name })),
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'POST /api/v1/auth/token 或网页中创建的接口令牌' },
      },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'detail'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            errors: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
          },
          additionalProperties: false,
        },
      },
    },
  }
}
