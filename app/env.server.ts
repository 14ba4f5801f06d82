// Every environment variable the product reads, validated once at start with zod.
import { z } from 'zod'

const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true')

const HEX_KEY = /^[0-9a-fA-F]{64}$/
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/

/**
 * BID_PRICE_KEYS: the sealed-price key ring, "kid:hex64,kid:hex64" with the current key first; an
 * entry without "kid:" gets the key id derived from the key (app/domain/bidding/sealed-price.server.ts).
 * Messages name entries by position, never by their value.
 */
const priceKeyRing = z.string().transform((text, ctx) => {
  const entries = text.split(',').map((entry) => entry.trim())
  const ring: Array<{ kid?: string; key: string }> = []
  for (const [i, entry] of entries.entries()) {
    const at = entry.lastIndexOf(':')
    const kid = at < 0 ? undefined : entry.slice(0, at)
    const key = entry.slice(at + 1)
    if ((kid !== undefined && !KEY_ID.test(kid)) || !HEX_KEY.test(key)) {
      ctx.addIssue({
        code: 'custom',
        message: `entry ${i + 1} must be <key id>:<64 hexadecimal characters> (key id: 1-32 of A-Z a-z 0-9 _ -) or the 64 hexadecimal characters alone`,
      })
      continue
    }
    if (kid !== undefined && ring.some((k) => k.kid === kid)) ctx.addIssue({ code: 'custom', message: `key id "${kid}" is given twice` })
    if (ring.some((k) => k.key.toLowerCase() === key.toLowerCase())) ctx.addIssue({ code: 'custom', message: `entry ${i + 1} repeats a key given before` })
    ring.push({ kid, key: key.toLowerCase() })
  }
  return ring
})

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    DATABASE_URL: z
      .string()
      .regex(/^(mysql|mariadb):\/\//, 'must be a mysql:// or mariadb:// URL')
      .optional(),
    SESSION_SECRET: z.string().min(32, 'must be at least 32 characters'),
    /** the sealed-price key ring (current first, then previous keys), see priceKeyRing */
    BID_PRICE_KEYS: priceKeyRing.optional(),
    /** one AES-256-GCM key for sealed bid prices, a ring of one: 64 hex characters (generated into .data/secrets.json) */
    BID_PRICE_KEY: z.string().regex(HEX_KEY, 'must be 64 hexadecimal characters (32 bytes)').optional(),
    /** Ed25519 key of the transparency log's checkpoints: the 32-byte seed as 64 hex characters (generated into .data/secrets.json) */
    TRANSPARENCY_SIGNING_KEY: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hexadecimal characters (the 32-byte Ed25519 seed)')
      .optional(),
    /** OCDS ocid prefix (ocds- and six characters, as the OCDS Data Support Team assigns); ocid = prefix + "-" + announcement id */
    OCDS_PREFIX: z
      .string()
      .regex(/^ocds-[a-z0-9]{6}$/, 'must be "ocds-" followed by six lower-case letters or digits')
      .default('ocds-zjcs00'),
    /** 1: webhook subscriptions may target private or loopback addresses (default: only with NODE_ENV=test) */
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: flag.optional(),
    COOKIE_SECURE: flag.optional(),
    ADMIN_EMAIL: z.email().optional(),
    ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
    ENABLE_TEST_CLOCK: flag.default(false),
    MEILI_HOST: z.url().optional(),
    MEILI_KEY: z.string().optional(),
    STRIPE_SECRET_KEY: z.string().optional(),
    /** smtp(s)://user:pass@host:port — without it e-mails are written to the log (to and subject only) */
    SMTP_URL: z.url().optional(),
    MAIL_FROM: z.string().min(3).default('zjcs <no-reply@zjcs.local>'),
    /** where uploaded files are kept (outside the web root); default .data/uploads */
    UPLOAD_DIR: z.string().optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** test-only fault seam (refused in production): the named step pauses inside its transaction; see transitions.server.ts */
    ZJCS_FAULT_PAUSE_IN: z.enum(['open']).optional(),
    /** benchmark-only (refused in production): audit entries also take the old hash chain's row lock, to compare throughput */
    ZJCS_BENCH_AUDIT_CHAIN: flag.default(false),
  })
  .superRefine((env, ctx) => {
    if (env.ENABLE_TEST_CLOCK && env.NODE_ENV === 'production') {
      ctx.addIssue({
        code: 'custom',
        path: ['ENABLE_TEST_CLOCK'],
        message: 'the test clock cannot be enabled when NODE_ENV=production',
      })
    }
    if (env.ZJCS_FAULT_PAUSE_IN !== undefined && env.NODE_ENV === 'production') {
      ctx.addIssue({ code: 'custom', path: ['ZJCS_FAULT_PAUSE_IN'], message: 'the fault seam is for tests and cannot be set when NODE_ENV=production' })
    }
    if (env.ZJCS_BENCH_AUDIT_CHAIN && env.NODE_ENV === 'production') {
      ctx.addIssue({ code: 'custom', path: ['ZJCS_BENCH_AUDIT_CHAIN'], message: 'the benchmark chain mode cannot be set when NODE_ENV=production' })
    }
    if (env.BID_PRICE_KEYS === undefined && env.BID_PRICE_KEY === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['BID_PRICE_KEYS'],
        message: 'set BID_PRICE_KEYS (the key ring) or BID_PRICE_KEY (one key) to seal bid prices; npm start generates one into .data/secrets.json',
      })
    }
    if (env.BID_PRICE_KEYS !== undefined && env.BID_PRICE_KEY !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['BID_PRICE_KEY'],
        message: 'set BID_PRICE_KEYS or BID_PRICE_KEY, not both: put the single key into the ring (BID_PRICE_KEYS=<new>,<that key>)',
      })
    }
    if ((env.ADMIN_EMAIL === undefined) !== (env.ADMIN_PASSWORD === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['ADMIN_PASSWORD'], message: 'set ADMIN_EMAIL and ADMIN_PASSWORD together' })
    }
  })

export type Env = z.infer<typeof EnvSchema>

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ''))
  const result = EnvSchema.safeParse(cleaned)
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  - ${issue.path.join('.')}: ${issue.message}`)
    throw new EnvError(`Invalid environment:\n${lines.join('\n')}`)
  }
  return result.data
}

let cached: Env | undefined

/** The validated environment (parsed on first use, then cached). */
export function env(): Env {
  cached ??= parseEnv()
  return cached
}

/** Forget the cached environment (tests that change process.env). */
export function resetEnvCache() {
  cached = undefined
}
