// GET/PUT /api/v1/intermediaries/me/profile — the acting intermediary's profile (简介、地址、联系人、
// 地区、网址); every edit is audited and the public page shows when it was last updated.
import { getProfile, updateProfile } from '#app/domain/intermediaries/entry.server.ts'
import { ProfileInput } from '#app/domain/intermediaries/entry-schemas.ts'
import { apiRoute, jsonResponse, method, requireActor } from '#app/utils/api.server.ts'
import { ProfileAnswer } from '#app/domain/intermediaries/responses.ts'

const route = apiRoute(
  {
    GET: method({
      responses: { 200: ProfileAnswer },
      auth: true,
      summary: '本中介机构的机构信息',
      handler: async ({ actor }) => jsonResponse(await getProfile(requireActor(actor))),
    }),
    PUT: method({
      responses: { 200: ProfileAnswer },
      auth: true,
      body: ProfileInput,
      summary: '修改机构信息',
      handler: async ({ actor, body }) => jsonResponse(await updateProfile(requireActor(actor), body)),
    }),
  },
  { path: '/api/v1/intermediaries/me/profile', tag: 'intermediaries' },
)
export const loader = route.loader
export const action = route.action
