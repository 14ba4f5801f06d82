// Default handlers of the third-party services the product talks to. Each service's handlers live
// in their own file beside this one and are added here.
import type { RequestHandler } from 'msw'
import { MEILI_TEST_HOST, meilisearchHandlers } from '#tests/mocks/meilisearch.ts'

export const handlers: RequestHandler[] = [
  // Only http://meili.test:7700 (no key): tests point MEILI_HOST there; other hosts stay unhandled.
  ...meilisearchHandlers(MEILI_TEST_HOST),
]
