// Web routes turn a DomainError raised outside the form flow (CSRF refused, permission denied, not
// found) into an HTTP error that the route's ErrorBoundary shows as a friendly page.
import { data } from '@remix-run/node'
import { DomainError } from '#app/domain/errors.ts'

/** Rethrows a DomainError as an error response with its status; anything else unchanged. */
export function rethrowAsHttpError(error: unknown): never {
  if (error instanceof DomainError) throw data({ message: error.message }, { status: error.status })
  throw error
}
