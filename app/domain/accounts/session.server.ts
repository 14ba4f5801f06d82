// Web sign-in sessions: a random token in a signed, httpOnly, SameSite=Lax cookie; the database
// keeps its SHA-256, so a session is revocable and the web process stays stateless.
import { createCookie, redirect } from '@remix-run/node'
import { prisma } from '#app/db.server.ts'
import { audit } from '#app/domain/audit/audit.server.ts'
import { addDays } from '#app/domain/clock/china-time.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import { loadActor, type Actor } from '#app/domain/permissions/permissions.server.ts'
import { env } from '#app/env.server.ts'
import { newSecret, sha256 } from '#app/domain/accounts/secrets.server.ts'

export const SESSION_DAYS = 7

export function cookieSecure(): boolean {
  return env().COOKIE_SECURE ?? env().NODE_ENV === 'production'
}

let cookie: ReturnType<typeof createCookie> | undefined
function sessionCookie() {
  cookie ??= createCookie('zjcs_session', {
    httpOnly: true,
    sameSite: 'lax',
    secure: cookieSecure(),
    path: '/',
    secrets: [env().SESSION_SECRET],
    maxAge: SESSION_DAYS * 86400,
  })
  return cookie
}

/** Starts a session for a user acting for an organization; returns the Set-Cookie value. */
export async function startWebSession(userId: string, organizationId: string): Promise<string> {
  const token = newSecret('s')
  await prisma.$transaction(async (tx) => {
    const session = await tx.session.create({
      data: {
        tokenHash: sha256(token),
        userId,
        organizationId,
        expiresAt: addDays(now(), SESSION_DAYS),
      },
      select: { id: true, expiresAt: true },
    })
    await audit(tx, { actor: { userId, organizationId }, entityType: 'Session', entityId: session.id, action: 'sign-in', after: session })
  })
  return sessionCookie().serialize(token)
}

async function tokenOf(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie().parse(request.headers.get('Cookie'))
  return typeof value === 'string' ? value : null
}

/** The signed-in actor of a web request, or null. */
export async function getWebActor(request: Request): Promise<Actor | null> {
  const token = await tokenOf(request)
  if (!token) return null
  const session = await prisma.session.findUnique({ where: { tokenHash: sha256(token) } })
  if (!session || session.expiresAt.getTime() <= now().getTime()) return null
  return loadActor(session.userId, session.organizationId)
}

/** The signed-in actor, or a redirect to the sign-in page that comes back here afterwards. */
export async function requireWebActor(request: Request): Promise<Actor> {
  const actor = await getWebActor(request)
  if (actor) return actor
  const url = new URL(request.url)
  throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`)
}

/** Ends the session of this request; returns the Set-Cookie value that clears the cookie. */
export async function endWebSession(request: Request): Promise<string> {
  const token = await tokenOf(request)
  if (token) {
    await prisma.$transaction(async (tx) => {
      const session = await tx.session.findUnique({ where: { tokenHash: sha256(token) } })
      if (!session) return
      await tx.session.delete({ where: { id: session.id } })
      await audit(tx, {
        actor: { userId: session.userId, organizationId: session.organizationId },
        entityType: 'Session',
        entityId: session.id,
        action: 'sign-out',
      })
    })
  }
  return sessionCookie().serialize('', { maxAge: 0 })
}
