// The OpenAPI 3.1 document of /api/v1, built from the same zod schemas that validate requests:
// every apiRoute that declares its path registers its operations here when its module loads.
import { singleton } from '#app/utils/singleton.server.ts'
import { z } from '#app/utils/zod.ts'

type Operation = { summary?: string; body?: z.ZodType; query?: z.ZodType; auth?: boolean }
type Registry = Map<string, Map<string, Operation>>

const registry = singleton('openapi', () => new Map() as Registry)
const tags = singleton('openapi-tags', () => new Map<string, string>())

export function registerOperations(path: string, tag: string | undefined, methods: Record<string, Operation | undefined>) {
  const operations = registry.get(path) ?? new Map<string, Operation>()
  for (const [verb, spec] of Object.entries(methods)) if (spec) operations.set(verb.toLowerCase(), spec)
  registry.set(path, operations)
  if (tag) tags.set(path, tag)
}

const problemRef = { $ref: '#/components/schemas/Problem' }
const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })

function queryParameters(schema: z.ZodType | undefined) {
  if (!schema) return []
  const json = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] }
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema: property,
  }))
}

export function openApiDocument(serverUrl: string) {
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
          summary: op.summary,
          tags: tags.has(path) ? [tags.get(path)] : undefined,
          security: op.auth ? [{ bearer: [] }] : undefined,
          parameters: [...pathParameters, ...queryParameters(op.query)],
          requestBody: op.body ? { required: true, content: { 'application/json': { schema: jsonSchema(op.body) } } } : undefined,
          responses: {
            '2XX': { description: '成功', content: { 'application/json': {} } },
            '4XX': { description: '请求被拒绝', content: { 'application/problem+json': { schema: problemRef } } },
          },
        },
      ]),
    )
  }
  return {
    openapi: '3.1.0',
    info: { title: '中介服务网上超市 API', version: '1' },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
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
        },
      },
    },
  }
}
