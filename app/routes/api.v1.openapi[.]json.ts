import { apiRoute, jsonResponse, method } from '#app/utils/api.server.ts'
import { openApiDocument } from '#app/utils/openapi.server.ts'

const route = apiRoute({
  GET: method({ handler: async () => jsonResponse(openApiDocument()) }),
})
export const loader = route.loader
