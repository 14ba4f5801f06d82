// GET/PUT /api/v1/me/subscriptions — the service items whose new announcements an intermediary wants to hear of.
import {
  getSubscriptions,
  setSubscriptions,
  SubscriptionsInput,
} from '#app/domain/intermediaries/subscriptions.server.ts'
import { apiRoute, jsonResponse, method, requireActor } from '#app/utils/api.server.ts'
import { SubscriptionsAnswer } from '#app/domain/intermediaries/responses.ts'

const route = apiRoute(
  {
    GET: method({
      responses: { 200: SubscriptionsAnswer },
      auth: true,
      summary: '订阅的服务事项',
      handler: async ({ actor }) => jsonResponse(await getSubscriptions(requireActor(actor))),
    }),
    PUT: method({
      responses: { 200: SubscriptionsAnswer },
      auth: true,
      body: SubscriptionsInput,
      summary: '设置订阅的服务事项',
      handler: async ({ actor, body }) =>
        jsonResponse(await setSubscriptions(requireActor(actor), body.serviceItemCodes)),
    }),
  },
  { path: '/api/v1/me/subscriptions', tag: 'intermediaries' },
)
export const loader = route.loader
export const action = route.action
