// GET /api/v1/intermediaries/{id}/credit-records?status=&page=&pageSize= — the credit records of an
// organization, newest first: the public sees the effective ones; the organization itself and its
// supervising departments see all (and may filter by status).
import { CreditRecordList } from '#app/domain/credit/responses.ts'
import { listCreditRecords } from '#app/domain/credit/credit-records.server.ts'
import { apiRoute, jsonResponse, method, page, parseQuery } from '#app/utils/api.server.ts'
import { PaginationSchema, z } from '#app/utils/zod.ts'

const Query = PaginationSchema.extend({
  status: z.enum(['PENDING', 'CONTESTED', 'EFFECTIVE', 'ANNULLED', 'EXPIRED']).optional(),
})

const route = apiRoute(
  {
    GET: method({
      responses: { 200: CreditRecordList },
      summary: '机构的信用记录（公开：已生效的）',
      query: Query,
      handler: async ({ actor, params, url }) => {
        const query = parseQuery(url, Query)
        const { items, total } = await listCreditRecords(actor, params.id ?? '', query)
        return jsonResponse(page(items, total, query))
      },
    }),
  },
  { path: '/api/v1/intermediaries/:id/credit-records', tag: 'credit' },
)
export const loader = route.loader
export const action = route.action
