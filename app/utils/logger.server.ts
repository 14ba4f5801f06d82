// Structured logs (pino). Every line inside a request carries its request id.
import { pino } from 'pino'
import { currentRequestId } from '#app/utils/request-context.server.ts'

export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'warn' : 'info'),
  base: undefined,
  redact: { paths: ['password', '*.password', 'token', '*.token', 'authorization', '*.authorization'], remove: true },
  mixin() {
    const requestId = currentRequestId()
    return requestId ? { requestId } : {}
  },
})
