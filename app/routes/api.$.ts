// Any /api path that no route serves: problem+json 404 (never an HTML page).
import { apiRoute, method, problem } from '#app/utils/api.server.ts'

const notFound = method({ handler: async ({ url }) => problem(404, `接口 ${url.pathname} 不存在`) })
const route = apiRoute({ GET: notFound, POST: notFound, PUT: notFound, PATCH: notFound, DELETE: notFound })
export const loader = route.loader
export const action = route.action
