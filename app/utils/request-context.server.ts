// Per-request context (request id, acting user) carried through async calls for logs and audit.
import { AsyncLocalStorage } from 'node:async_hooks'
import { singleton } from '#app/utils/singleton.server.ts'

export type RequestContext = { requestId: string; userId?: string; organizationId?: string }

export const requestContext = singleton('requestContext', () => new AsyncLocalStorage<RequestContext>())

export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.requestId
}
