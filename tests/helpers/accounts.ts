// Helpers for the account tests: a valid registration body, row counts to prove that a refused
// request changed nothing, and the CSRF dance of the web forms (GET the page for the cookie and
// the hidden token, then POST form-urlencoded with both).
import crypto from 'node:crypto'
import { prisma } from '#app/db.server.ts'
import { randomUscc } from '#tests/factories/index.ts'
import { call, type CallResult } from '#tests/helpers/app.ts'

export const STRONG_PASSWORD = 'Shu-an-2026-huanping'

export function registrationBody(
  overrides: { organization?: Record<string, unknown>; user?: Record<string, unknown> } = {},
) {
  return {
    organization: {
      type: 'INTERMEDIARY',
      uscc: randomUscc(),
      name: `四川蜀安环评咨询有限公司${crypto.randomBytes(2).toString('hex')}`,
      regionCode: '510107',
      legalRepresentative: '张明远',
      address: '四川省成都市武侯区人民南路四段 27 号',
      contactPhone: '028-85101101',
      ...overrides.organization,
    },
    user: {
      email: `reg-${crypto.randomBytes(4).toString('hex')}@example.com`,
      password: STRONG_PASSWORD,
      name: '黄丽',
      ...overrides.user,
    },
  }
}

export async function accountCounts() {
  const [organizations, users, memberships, tokens, sessions] = await Promise.all([
    prisma.organization.count(),
    prisma.user.count(),
    prisma.membership.count(),
    prisma.apiToken.count(),
    prisma.session.count(),
  ])
  return { organizations, users, memberships, tokens, sessions }
}

/** `name=value` pairs of a response's Set-Cookie headers, joined for a Cookie header. */
export function cookiesOf(result: CallResult, previous = ''): string {
  const jar = new Map<string, string>()
  for (const pair of previous.split(/;\s*/).filter(Boolean)) {
    const [name, ...rest] = pair.split('=')
    jar.set(name!, rest.join('='))
  }
  for (const header of result.headers.getSetCookie()) {
    const [pair] = header.split(';')
    const [name, ...rest] = pair!.split('=')
    jar.set(name!.trim(), rest.join('='))
  }
  return [...jar].filter(([, v]) => v !== '').map(([k, v]) => `${k}=${v}`).join('; ')
}

/** GETs a page and returns its cookies and the CSRF token of its forms. */
export async function openForm(pathname: string, cookie = '') {
  const page = await call('GET', pathname, { cookie })
  const token = /name="csrf" value="([^"]+)"/.exec(page.text)?.[1]
  if (page.status !== 200 || !token) throw new Error(`no form on ${pathname}: ${page.status}`)
  return { cookie: cookiesOf(page, cookie), csrf: token, page }
}

export function postForm(pathname: string, fields: Record<string, string>, cookie: string, headers: Record<string, string> = {}) {
  return call('POST', pathname, {
    cookie,
    body: new URLSearchParams(fields).toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
  })
}
