// GET /api/v1/projects?investmentCode= — the projects the caller may see (owner: its own; department:
// those that involve its items; an approval system: those in its scope; admin: all), optionally only
// those with one 投资项目代码. POST /api/v1/projects — an owner creates a project.
import { createProject, listProjects, ProjectInput } from '#app/domain/projects/projects.server.ts'
import { apiRoute, jsonResponse, method, page, parseQuery, requireActor } from '#app/utils/api.server.ts'
import { PaginationSchema, z } from '#app/utils/zod.ts'
import { ProjectListAnswer } from '#app/domain/projects/responses.ts'
import { Created } from '#app/utils/api-schemas.ts'

const ProjectQuery = PaginationSchema.extend({
  q: z.string().trim().max(100).optional(),
  investmentCode: z.string().trim().min(1).max(64).optional(),
}).strict()

const route = apiRoute(
  {
    GET: method({
      responses: { 200: ProjectListAnswer },
      auth: true,
      query: ProjectQuery,
      summary: '项目列表',
      handler: async ({ actor, url }) => {
        const query = parseQuery(url, ProjectQuery)
        const { items, total } = await listProjects(requireActor(actor), query)
        return jsonResponse(page(items, total, query))
      },
    }),
    POST: method({
      responses: { 201: Created },
      auth: true,
      body: ProjectInput,
      summary: '创建项目（项目业主）',
      handler: async ({ actor, body }) => jsonResponse(await createProject(requireActor(actor), body), 201),
    }),
  },
  { path: '/api/v1/projects', tag: 'projects' },
)
export const loader = route.loader
export const action = route.action
