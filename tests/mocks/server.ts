// msw for third-party HTTP (Meilisearch, Stripe …). Unhandled requests fail the test.
import { setupServer } from 'msw/node'
import { handlers } from '#tests/mocks/handlers.ts'

export const mockServer = setupServer(...handlers)
