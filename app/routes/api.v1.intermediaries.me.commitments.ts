// PUT /api/v1/intermediaries/me/commitments — replaces the service commitments (promised working
// days, fee standard, 收费依据) of the acting intermediary's offered service items.
import { saveCommitments } from '#app/domain/intermediaries/entry.server.ts'
import { CommitmentsInput } from '#app/domain/intermediaries/entry-schemas.ts'
import { apiRoute, jsonResponse, method, requireActor } from '#app/utils/api.server.ts'
import { EntryAnswer } from '#app/domain/intermediaries/responses.ts'

const route = apiRoute(
  {
    PUT: method({
      responses: { 200: EntryAnswer },
      auth: true,
      body: CommitmentsInput,
      summary: '修改服务承诺（承诺时限、收费标准）',
      handler: async ({ actor, body }) => jsonResponse(await saveCommitments(requireActor(actor), body)),
    }),
  },
  { path: '/api/v1/intermediaries/me/commitments', tag: 'intermediaries' },
)
export const loader = route.loader
export const action = route.action
