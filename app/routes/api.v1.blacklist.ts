// GET /api/v1/blacklist?q=&page=&pageSize= — public: the entries in force now.
// POST /api/v1/blacklist — a department supervising one of the firm's service items lists it:
// { intermediaryId, reason, evidence, startsAt, endsAt } (dates or ISO instants) → 201 { id, status }.
import { BlacklistCreated, BlacklistList } from '#app/domain/credit/responses.ts'
import { addToBlacklist, listActiveBlacklist } from '#app/domain/credit/blacklist.server.ts'
import { BlacklistInput } from '#app/domain/credit/schemas.ts'
import { apiRoute, jsonResponse, method, page, parseQuery, requireActor } from '#app/utils/api.server.ts'
import { PaginationSchema, z } from '#app/utils/zod.ts'

const Query = PaginationSchema.extend({ q: z.string().trim().max(100).optional() })

const route = apiRoute(
  {
    GET: method({
      responses: { 200: BlacklistList },
      summary: '黑名单（公开：执行中的）',
      query: Query,
      handler: async ({ url }) => {
        const query = parseQuery(url, Query)
        const { items, total } = await listActiveBlacklist({ ...query, q: query.q || undefined })
        return jsonResponse(page(items, total, query))
      },
    }),
    POST: method({
      responses: { 201: BlacklistCreated },
      auth: true,
      body: BlacklistInput,
      summary: '列入黑名单（行业主管部门）',
      handler: async ({ actor, body }) => jsonResponse(await addToBlacklist(requireActor(actor), body), 201),
    }),
  },
  { path: '/api/v1/blacklist', tag: 'credit' },
)
export const loader = route.loader
export const action = route.action
