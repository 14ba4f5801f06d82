// CSRF protection for web forms: a random token in an httpOnly cookie, repeated in a hidden field
// (<CsrfInput/>) of every form; an action accepts a POST only when both match and, when the
// browser sends an Origin header, it is this site.
import crypto from 'node:crypto'
import { createCookie } from '@remix-run/node'
import { cookieSecure } from '#app/domain/accounts/session.server.ts'
import { forbidden } from '#app/domain/errors.ts'
import { env } from '#app/env.server.ts'

export const CSRF_FIELD = 'csrf'

let cookie: ReturnType<typeof createCookie> | undefined
function csrfCookie() {
  cookie ??= createCookie('zjcs_csrf', {
    httpOnly: true,
    sameSite: 'lax',
    secure: cookieSecure(),
    path: '/',
    secrets: [env().SESSION_SECRET],
  })
  return cookie
}

/** The request's CSRF token, and a Set-Cookie value when a new one had to be made. */
export async function csrfToken(request: Request): Promise<{ token: string; setCookie: string | null }> {
  const existing: unknown = await csrfCookie().parse(request.headers.get('Cookie'))
  if (typeof existing === 'string' && existing.length >= 32) return { token: existing, setCookie: null }
  const token = crypto.randomBytes(24).toString('base64url')
  return { token, setCookie: await csrfCookie().serialize(token) }
}

export async function validateCsrf(request: Request, formData: FormData): Promise<void> {
  const origin = request.headers.get('Origin')
  if (origin && origin !== 'null' && new URL(origin).host !== new URL(request.url).host) {
    throw forbidden('请求来源不受信任')
  }
  const expected: unknown = await csrfCookie().parse(request.headers.get('Cookie'))
  const given = formData.get(CSRF_FIELD)
  if (typeof expected !== 'string' || typeof given !== 'string' || given.length !== expected.length) {
    throw forbidden('页面已过期，请刷新后重试')
  }
  if (!crypto.timingSafeEqual(Buffer.from(given), Buffer.from(expected))) throw forbidden('页面已过期，请刷新后重试')
}
