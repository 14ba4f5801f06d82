// GET /api/v1/departments — public list of departments (newest first).
// POST /api/v1/departments — the platform admin creates a department and its first user.
import { createDepartment, listDepartments } from '#app/domain/departments/departments.server.ts'
import { DepartmentInput } from '#app/domain/departments/schemas.ts'
import { apiRoute, jsonResponse, method, page, parseQuery, requireActor } from '#app/utils/api.server.ts'
import { PaginationSchema } from '#app/utils/zod.ts'
import { DepartmentCreated, DepartmentListAnswer } from '#app/domain/catalogue/responses.ts'

const route = apiRoute(
  {
    GET: method({
      responses: { 200: DepartmentListAnswer },
      summary: '行业主管部门',
      handler: async ({ url }) => {
        const query = parseQuery(url, PaginationSchema)
        const { items, total } = await listDepartments(query)
        const rows = items.map((d) => ({
          id: d.id,
          name: d.name,
          regionCode: d.regionCode,
          fieldCode: d.fieldCode,
          serviceItemCodes: d.serviceItems.map((s) => s.code),
        }))
        return jsonResponse(page(rows, total, query))
      },
    }),
    POST: method({
      responses: { 201: DepartmentCreated },
      summary: '创建行业主管部门及其第一个用户（平台管理员）',
      auth: true,
      body: DepartmentInput,
      handler: async ({ actor, body }) => {
        const created = await createDepartment(requireActor(actor), body)
        return jsonResponse(created, 201)
      },
    }),
  },
  { path: '/api/v1/departments', tag: 'departments' },
)
export const loader = route.loader
export const action = route.action
