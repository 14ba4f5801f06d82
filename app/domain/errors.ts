// Errors that domain rules raise. Routes map the kind to an HTTP status (problem+json for the API,
// a form message or an error page for the web); the message is a Chinese sentence a clerk understands.
export type DomainErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'unsupported_type'
  | 'rule'
  | 'rate_limited'

export const STATUS_OF_KIND: Record<DomainErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported_type: 415,
  rule: 422,
  rate_limited: 429,
}

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    /** Per-field messages, keyed by the input's field path ("organization.uscc"). */
    readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message)
    this.name = 'DomainError'
  }
  get status() {
    return STATUS_OF_KIND[this.kind]
  }
}

export const invalid = (message: string, fieldErrors?: Record<string, string[]>) =>
  new DomainError('invalid', message, fieldErrors)
export const notFound = (message = '未找到该记录') => new DomainError('not_found', message)
export const forbidden = (message = '您无权执行此操作') => new DomainError('forbidden', message)
export const conflict = (message: string, fieldErrors?: Record<string, string[]>) =>
  new DomainError('conflict', message, fieldErrors)
export const ruleViolation = (message: string) => new DomainError('rule', message)
