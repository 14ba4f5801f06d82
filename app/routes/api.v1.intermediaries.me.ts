// GET /api/v1/intermediaries/me — the acting intermediary's entry.
// PUT /api/v1/intermediaries/me — picks the offered service items, accepts the credit commitment
// letter (and optionally sets commitments): listed at once, no approval step. Answers with the public
// profile (as GET /api/v1/intermediaries/{id}) plus the recorded commitment acceptance.
import { getPublicProfile } from '#app/domain/intermediaries/directory.server.ts'
import { getEntry, saveEntry } from '#app/domain/intermediaries/entry.server.ts'
import { EntryInput } from '#app/domain/intermediaries/entry-schemas.ts'
import { apiRoute, jsonResponse, method, requireActor } from '#app/utils/api.server.ts'
import { EntryAnswer, EntrySavedAnswer } from '#app/domain/intermediaries/responses.ts'

const route = apiRoute(
  {
    GET: method({
      responses: { 200: EntryAnswer },
      auth: true,
      summary: '本中介机构的入驻信息',
      handler: async ({ actor }) => jsonResponse(await getEntry(requireActor(actor))),
    }),
    PUT: method({
      responses: { 200: EntrySavedAnswer },
      auth: true,
      body: EntryInput,
      summary: '入驻：选择服务事项并接受信用承诺书（即时公开展示）',
      handler: async ({ actor, body }) => {
        const entry = await saveEntry(requireActor(actor), body)
        return jsonResponse({ ...(await getPublicProfile(entry.id)), commitmentAcceptance: entry.commitment })
      },
    }),
  },
  { path: '/api/v1/intermediaries/me', tag: 'intermediaries' },
)
export const loader = route.loader
export const action = route.action
