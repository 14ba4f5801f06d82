// GET /api/v1/openapi.json — the OpenAPI 3.1 document of /api/v1 (app/utils/openapi.server.ts).
import { apiRoute, jsonResponse, method } from '#app/utils/api.server.ts'
import { openApiDocument } from '#app/utils/openapi.server.ts'
import { z } from '#app/utils/zod.ts'

const OpenApiDocument = z.looseObject({
  openapi: z.literal('3.1.0'),
  info: z.looseObject({}),
  paths: z.record(z.string(), z.unknown()),
})

const route = apiRoute(
  {
    GET: method({
      summary: '本接口的 OpenAPI 3.1 文档',
      responses: { 200: OpenApiDocument },
      handler: async () => jsonResponse(openApiDocument()),
    }),
  },
  { path: '/api/v1/openapi.json', tag: 'platform' },
)
export const loader = route.loader
