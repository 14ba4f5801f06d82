// GET /api/v1/ocds/releases?since=&cursor=&pageSize= — an OCDS 1.1 release package of the releases
// dated after `since`, oldest first, paginated by links.next.
import { releasePackage } from '#app/domain/ocds/packages.server.ts'
import { apiRoute, jsonResponse, method, parseQuery } from '#app/utils/api.server.ts'
import { z } from '#app/utils/zod.ts'
import { ReleasePackageAnswer } from '#app/domain/ocds/responses.ts'

const Query = z.strictObject({
  since: z.iso.datetime({ offset: true, error: 'since 须为带时区的 ISO 8601 时间' }).optional(),
  cursor: z.coerce.number().int().min(0).optional(),
  pageSize: z.coerce.number().int().min(1).max(100).default(100),
})

const route = apiRoute(
  {
    GET: method({
      responses: { 200: ReleasePackageAnswer },
      query: Query,
      summary: 'OCDS 1.1 发布包（since 之后的发布，links.next 分页）',
      handler: async ({ url }) => {
        const query = parseQuery(url, Query)
        return jsonResponse(
          await releasePackage(url, {
            since: query.since ? new Date(query.since) : undefined,
            cursor: query.cursor,
            pageSize: query.pageSize,
          }),
        )
      },
    }),
  },
  { path: '/api/v1/ocds/releases', tag: 'ocds' },
)
export const loader = route.loader
