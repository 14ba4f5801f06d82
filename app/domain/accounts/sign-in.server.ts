// Signing in with e-mail and password, shared by POST /api/v1/auth/token and the /login page.
//
// Throttling (SignInThrottle rows, one per key): failures are counted per e-mail and per client
// address within a 15-minute window. The 5th failure for an e-mail (or the 20th from one address,
// which many users may share behind a NAT) blocks that key for 15 minutes: every attempt in that
// time is refused with 'rate_limited' (429, Retry-After) before the password is even checked. A
// success clears the e-mail's counter. Unknown e-mails and wrong passwords fail alike, with the
// same message and a password verification either way, so neither the answer nor its timing tells
// whether an account exists.
//
// Organization choice: a user acts for one organization at a time. Without `organizationId` the
// oldest membership is used; an organization the user is not a member of is refused with 403.
import { prisma } from '#app/db.server.ts'
import { hashPassword, verifyPassword } from '#app/domain/accounts/password.server.ts'
import type { Credentials } from '#app/domain/accounts/schemas.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import { DomainError, forbidden } from '#app/domain/errors.ts'
import { singleton } from '#app/utils/singleton.server.ts'

export const THROTTLE_WINDOW_MS = 15 * 60_000
export const THROTTLE_BLOCK_MS = 15 * 60_000
export const MAX_FAILURES_PER_EMAIL = 5
export const MAX_FAILURES_PER_ADDRESS = 20

export const WRONG_CREDENTIALS = '电子邮箱或密码不正确'

/** Refused because of too many failed attempts; `retryAfterSeconds` feeds the Retry-After header. */
export class SignInThrottledError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('rate_limited', `登录失败次数过多，请 ${Math.max(1, Math.ceil(retryAfterSeconds / 60))} 分钟后再试`)
  }
}

const dummy = singleton('sign-in.dummyHash', () => ({ hash: undefined as Promise<string> | undefined }))
/** A real argon2id hash to verify against when the e-mail is unknown (same work, same timing). */
function dummyHash(): Promise<string> {
  dummy.hash ??= hashPassword('not-a-real-password-but-the-same-work')
  return dummy.hash
}

const emailKey = (email: string) => `email:${email}`
const addressKey = (address: string) => `ip:${address.slice(0, 180)}`

async function blockedSeconds(keys: string[], at: Date): Promise<number> {
  const rows = await prisma.signInThrottle.findMany({ where: { key: { in: keys }, blockedUntil: { gt: at } } })
  const until = Math.max(0, ...rows.map((r) => r.blockedUntil!.getTime()))
  return until > 0 ? Math.ceil((until - at.getTime()) / 1000) : 0
}

/** Counts one failure for a key inside its window, and blocks the key at its limit. */
async function recordFailure(key: string, limit: number, at: Date): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await tx.signInThrottle.upsert({ where: { key }, create: { key, failures: 0, windowStartAt: at }, update: {} })
    const [row] = await tx.$queryRaw<Array<{ failures: number; windowStartAt: Date }>>`
      SELECT failures, windowStartAt FROM SignInThrottle WHERE \`key\` = ${key} FOR UPDATE`
    const windowOpen = row && at.getTime() - new Date(row.windowStartAt).getTime() < THROTTLE_WINDOW_MS
    const failures = windowOpen ? Number(row.failures) + 1 : 1
    await tx.signInThrottle.update({
      where: { key },
      data: {
        failures,
        windowStartAt: windowOpen ? undefined : at,
        blockedUntil: failures >= limit ? new Date(at.getTime() + THROTTLE_BLOCK_MS) : null,
      },
    })
  })
}

export type SignedIn = { userId: string; organizationId: string }

/**
 * Checks the credentials and picks the organization to act for. Throws 'unauthenticated' (401)
 * for a wrong e-mail or password, SignInThrottledError (429) while blocked, 'forbidden' (403) for
 * an organization the user is not a member of.
 */
export async function authenticateWithPassword(credentials: Credentials, clientAddress: string): Promise<SignedIn> {
  const email = credentials.email.trim().toLowerCase()
  const keys = [emailKey(email), addressKey(clientAddress)]
  const at = now()
  const blocked = await blockedSeconds(keys, at)
  if (blocked > 0) throw new SignInThrottledError(blocked)

  const user = await prisma.user.findUnique({ where: { email }, select: { id: true, passwordHash: true } })
  const valid = await verifyPassword(user?.passwordHash ?? (await dummyHash()), credentials.password)
  if (!user || !valid) {
    await recordFailure(keys[0]!, MAX_FAILURES_PER_EMAIL, at)
    await recordFailure(keys[1]!, MAX_FAILURES_PER_ADDRESS, at)
    throw new DomainError('unauthenticated', WRONG_CREDENTIALS)
  }
  await prisma.signInThrottle.deleteMany({ where: { key: keys[0]! } })

  const memberships = await prisma.membership.findMany({
    where: { userId: user.id },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { organizationId: true },
  })
  if (credentials.organizationId) {
    if (!memberships.some((m) => m.organizationId === credentials.organizationId)) {
      throw forbidden('您不是该机构的成员')
    }
    return { userId: user.id, organizationId: credentials.organizationId }
  }
  const first = memberships[0]
  if (!first) throw forbidden('该账号未加入任何机构')
  return { userId: user.id, organizationId: first.organizationId }
}
