// GET /api/v1/complaints — public: the outcomes of decided complaints, anonymized (no complainant,
// no complaint text); ?inbox=1 for a department (its complaints, open first by deadline) or the admin
// (escalated and unrouted ones); ?mine=1 for the complaints the caller's organization filed.
// POST /api/v1/complaints — signed in (owner, intermediary): { subjectOrganizationId, announcementId?,
// contractId?, reason } → 201 { id, status, departmentId, dueAt }; 429 beyond the daily limit.
import { ComplaintFiled, ComplaintList } from '#app/domain/credit/responses.ts'
import { complaintInbox, complaintOutcomes, fileComplaint, myComplaints } from '#app/domain/complaints/complaints.server.ts'
import { ComplaintInput } from '#app/domain/credit/schemas.ts'
import { apiRoute, jsonResponse, method, page, parseQuery, requireActor } from '#app/utils/api.server.ts'
import { PaginationSchema, z } from '#app/utils/zod.ts'

const Query = PaginationSchema.extend({
  inbox: z.enum(['1']).optional(),
  mine: z.enum(['1']).optional(),
  status: z.enum(['SUBMITTED', 'ESCALATED', 'UPHELD', 'REJECTED']).optional(),
})

const route = apiRoute(
  {
    GET: method({
      responses: { 200: ComplaintList },
      summary: '投诉处理结果（公开，匿名）；inbox=1 待办投诉；mine=1 本机构提出的投诉',
      query: Query,
      handler: async ({ actor, url }) => {
        const query = parseQuery(url, Query)
        const { items, total } = query.inbox
          ? await complaintInbox(requireActor(actor), query)
          : query.mine
            ? await myComplaints(requireActor(actor), query)
            : await complaintOutcomes(query)
        return jsonResponse(page<unknown>(items, total, query))
      },
    }),
    POST: method({
      responses: { 201: ComplaintFiled },
      auth: true,
      body: ComplaintInput,
      summary: '提出投诉',
      handler: async ({ actor, body }) => jsonResponse(await fileComplaint(requireActor(actor), body), 201),
    }),
  },
  { path: '/api/v1/complaints', tag: 'credit' },
)
export const loader = route.loader
export const action = route.action
