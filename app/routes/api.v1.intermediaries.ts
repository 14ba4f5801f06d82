// GET /api/v1/intermediaries?q=&serviceItem=&field=&regionCode=&creditLevel=&verified=&blacklisted=
// &suspended=&sort=relevance|credit|rating|newest&page=&pageSize= — the public directory. Suspended
// and blacklisted firms are listed and marked unless `suspended=false` / `blacklisted=false`. When
// the search index cannot answer, the database does and the answer carries `searchUnavailable`.
import { DirectoryQuery } from '#app/domain/intermediaries/directory-query.ts'
import { searchDirectory } from '#app/domain/intermediaries/directory.server.ts'
import { apiRoute, jsonResponse, method, parseQuery } from '#app/utils/api.server.ts'
import { DirectoryAnswer } from '#app/domain/intermediaries/responses.ts'

const route = apiRoute(
  {
    GET: method({
      responses: { 200: DirectoryAnswer },
      summary: '搜索中介机构名录（公开）',
      query: DirectoryQuery,
      handler: async ({ url }) => {
        const query = parseQuery(url, DirectoryQuery)
        return jsonResponse(await searchDirectory(query))
      },
    }),
  },
  { path: '/api/v1/intermediaries', tag: 'intermediaries' },
)
export const loader = route.loader
export const action = route.action
