// GET /api/v1/projects/{id} — a project with its approval items (owner, its departments, admin).
import { getProject } from '#app/domain/projects/projects.server.ts'
import { apiRoute, jsonResponse, method, requireActor } from '#app/utils/api.server.ts'
import { ProjectAnswer } from '#app/domain/projects/responses.ts'

const route = apiRoute(
  {
    GET: method({
      responses: { 200: ProjectAnswer },
      auth: true,
      summary: '项目详情',
      handler: async ({ actor, params }) => jsonResponse(await getProject(requireActor(actor), params.id ?? '')),
    }),
  },
  { path: '/api/v1/projects/:id', tag: 'projects' },
)
export const loader = route.loader
