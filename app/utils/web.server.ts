// Helpers for web (HTML) routes: domain errors as route error responses, query parsing, and the
// permission check of admin pages.
import { requireWebActor } from '#app/domain/accounts/session.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import { can, type Actor, type Permission } from '#app/domain/permissions/permissions.server.ts'
import type { z } from '#app/utils/zod.ts'

/** Re-throws a DomainError as a Response with its status, for the route's ErrorBoundary. */
export function rethrowAsResponse(error: unknown): never {
  if (error instanceof DomainError) throw new Response(error.message, { status: error.status })
  throw error
}

/** Runs a domain read; a DomainError (e.g. not found) becomes the error page with its status. */
export async function orErrorPage<T>(work: Promise<T>): Promise<T> {
  try {
    return await work
  } catch (error) {
    rethrowAsResponse(error)
  }
}

/** The query string parsed with a zod schema, or a 400 error page. */
export function parseSearchParams<S extends z.ZodType>(request: Request, schema: S): z.infer<S> {
  const result = schema.safeParse(Object.fromEntries(new URL(request.url).searchParams))
  if (!result.success) throw new Response('查询参数有误', { status: 400 })
  return result.data
}

/** The signed-in actor holding `permission` (e.g. "manage:catalogue"); sign-in redirect or 403 page. */
export async function requireWebPermission(request: Request, permission: Permission): Promise<Actor> {
  const actor = await requireWebActor(request)
  if (!can(actor, permission)) throw new Response('无权访问', { status: 403 })
  return actor
}
