// The authorization matrix at the call sites: every permission-bearing route outside the announcement
// workflow (platform rules, departments, the admin pages, qualification review and scans,
// suspension, tokens, the intermediary's own entry, projects, the supervision pages), each called
// over HTTP by one actor of every kind, against the status each must get. A refused request changes
// nothing (the row counts of the tables it could touch and the audit log stay as they were).
//
// The actors, around one firm F (intermediary) in 成都市武侯区 that offers ZJ-EMER-001 (应急管理) and
// ZJ-NR-001 (自然资源) and holds a 安全评价 qualification (governed by 应急管理), and one project P of
// the owner applying for SP-EMER-001 (应急管理):
//   public             no token, no session
//   owner / otherOwner the owner of P / another owner
//   intermediary       F / otherIntermediary another firm
//   deptField          应急管理 department of 成都市: governs the qualification, supervises ZJ-EMER-001 and P's field
//   deptOtherField     自然资源 department of 成都市: supervises ZJ-NR-001 of F (so it may suspend F and read
//                      its scans) but neither governs the qualification nor P's field
//   deptOtherRegion    应急管理 department of 内江市 (F and P are outside its region)
//   admin              the platform admin
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { prisma } from '#app/db.server.ts'
import { startWebSession } from '#app/domain/accounts/session.server.ts'
import { issueApiToken } from '#app/domain/accounts/tokens.server.ts'
import { createListedIntermediary, type Member } from '#tests/factories/bidding.ts'
import { createMember, createNewDepartment, randomUscc } from '#tests/factories/index.ts'
import { cookiesOf } from '#tests/helpers/accounts.ts'
import { api, call, type CallResult } from '#tests/helpers/app.ts'

process.env.UPLOAD_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'zjcs-uploads-'))

const ROLES = [
  'public',
  'owner',
  'otherOwner',
  'intermediary',
  'otherIntermediary',
  'deptField',
  'deptOtherField',
  'deptOtherRegion',
  'admin',
] as const
type Role = (typeof ROLES)[number]
/** An HTTP status, or "login": a redirect to the sign-in page (web pages without a session). */
type Outcome = number | 'login'
type Table = Record<Role, Outcome>

type Actor = { member: Member | null; cookie: string; csrf: string }
const actors = {} as Record<Role, Actor>

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')
let firm: Member
let projectId = ''
let scannedQualificationId = ''
let practitionerId = ''

/** A self-declared 安全评价 qualification of F, for one review. */
async function freshQualification(): Promise<string> {
  const q = await prisma.qualification.create({
    data: {
      organizationId: firm.organization.id,
      typeCode: 'SAFETY_EVALUATION',
      levelCode: '乙级',
      certificateNo: `APJ-（川）-${Math.random().toString(36).slice(2, 8)}`,
      issuer: '四川省应急管理厅',
      validFrom: new Date('2024-01-01'),
      validTo: new Date('2099-12-31'),
    },
  })
  return q.id
}

const setFirmStatus = (status: 'ACTIVE' | 'SUSPENDED') =>
  prisma.organization.update({ where: { id: firm.organization.id }, data: { status } })

/** The row counts a refused request must leave as they were (one statement). */
async function snapshot() {
  const [row] = await prisma.$queryRaw<Array<Record<string, bigint | string | null>>>`
    SELECT (SELECT COUNT(*) FROM AuditEntry) AS audits,
           (SELECT COUNT(*) FROM Organization) AS organizations,
           (SELECT COUNT(*) FROM Organization WHERE status = 'SUSPENDED') AS suspended,
           (SELECT COUNT(*) FROM User) AS users,
           (SELECT COUNT(*) FROM Membership) AS memberships,
           (SELECT COUNT(*) FROM Department) AS departments,
           (SELECT COUNT(*) FROM ApiToken) AS tokens,
           (SELECT COUNT(*) FROM ApiToken WHERE revokedAt IS NOT NULL) AS revokedTokens,
           (SELECT COUNT(*) FROM Qualification) AS qualifications,
           (SELECT COUNT(*) FROM Qualification WHERE status <> 'SELF_DECLARED') AS reviewed,
           (SELECT COUNT(*) FROM StoredFile) AS files,
           (SELECT COUNT(*) FROM Practitioner) AS practitioners,
           (SELECT COUNT(*) FROM OfferedService) AS offeredServices,
           (SELECT COUNT(*) FROM ServiceCommitment) AS commitments,
           (SELECT COUNT(*) FROM ServiceItemSubscription) AS subscriptions,
           (SELECT COUNT(*) FROM Project) AS projects,
           (SELECT COUNT(*) FROM Notification) AS notifications,
           (SELECT GROUP_CONCAT(CONCAT(\`key\`, '=', value) ORDER BY \`key\`) FROM AppSetting WHERE \`key\` LIKE 'rule.%') AS rules,
           (SELECT GROUP_CONCAT(CONCAT(code, '=', name, '/', IFNULL(fieldCode, '-')) ORDER BY code) FROM QualificationType) AS types`
  return Object.fromEntries(Object.entries(row!).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]))
}

type Request = {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  path: string
  json?: unknown
  /** A web form: posted form-urlencoded with the actor's CSRF token. */
  form?: Record<string, string>
  /** A multipart upload of a scan. */
  upload?: boolean
}

type Case = {
  name: string
  /** Runs before each actor's request (a fresh target, a reset state) and returns the request. */
  request: (role: Role) => Request | Promise<Request>
  expected: Table
}

/**
 * The table of a route: `others` for every role not named, 401 for the public of an API route
 * ("login" for a web page), the named roles as given.
 */
function statuses(others: Outcome, named: Partial<Table>, web = false): Table {
  const table = Object.fromEntries(ROLES.map((role) => [role, others])) as Table
  return { ...table, public: web ? 'login' : 401, ...named }
}
const FIRMS = { intermediary: 200, otherIntermediary: 200 } as const
const SIGNED_IN = statuses(200, {})

async function send(role: Role, request: Request): Promise<CallResult> {
  const actor = actors[role]
  if (request.form) {
    return call(request.method, request.path, {
      cookie: actor.cookie,
      body: new URLSearchParams({ csrf: actor.csrf, ...request.form }).toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    })
  }
  const token = actor.member?.token
  if (request.upload) {
    const body = new FormData()
    body.set('file', new File([new Uint8Array(PDF)], 'scan.pdf', { type: 'application/pdf' }))
    return call(request.method, request.path, { token, body })
  }
  if (request.path.startsWith('/api/')) return call(request.method, request.path, { token, json: request.json })
  return call(request.method, request.path, { cookie: actor.cookie })
}

function outcomeOf(result: CallResult): Outcome {
  if (result.status === 302 && /^\/login\?/.test(result.headers.get('Location') ?? '')) return 'login'
  return result.status
}

const refused = (outcome: Outcome) => outcome === 'login' || outcome >= 400

const rulesForm = async () => {
  const rules = (await api.get('/api/v1/platform-rules')).body.rules as Record<string, number>
  return Object.fromEntries(Object.entries(rules).map(([k, v]) => [k, String(v)]))
}

const CASES: Case[] = [
  // ---------------------------------------------------------------- platform rules
  { name: 'GET /api/v1/platform-rules', request: () => ({ method: 'GET', path: '/api/v1/platform-rules' }), expected: statuses(200, { public: 200 }) },
  {
    name: 'PUT /api/v1/platform-rules',
    request: () => ({ method: 'PUT', path: '/api/v1/platform-rules', json: { publicityDays: 2 + Math.floor(Math.random() * 20) } }),
    expected: statuses(403, { admin: 200 }),
  },
  { name: 'GET /admin/rules', request: () => ({ method: 'GET', path: '/admin/rules' }), expected: statuses(403, { admin: 200 }, true) },
  {
    name: 'POST /admin/rules',
    request: async () => ({ method: 'POST', path: '/admin/rules', form: { ...(await rulesForm()), minimumBids: String(1 + Math.floor(Math.random() * 9)) } }),
    expected: statuses(403, { admin: 302 }, true),
  },
  // ---------------------------------------------------------------- departments and the catalogue
  { name: 'GET /api/v1/departments', request: () => ({ method: 'GET', path: '/api/v1/departments' }), expected: statuses(200, { public: 200 }) },
  {
    name: 'POST /api/v1/departments',
    request: () => ({
      method: 'POST',
      path: '/api/v1/departments',
      json: {
        name: `测试市应急管理局${Math.random().toString(36).slice(2, 6)}`,
        uscc: randomUscc('1'),
        regionCode: '510100',
        fieldCode: 'EMERGENCY',
        serviceItemCodes: ['ZJ-EMER-001'],
        user: { email: `dept-${Math.random().toString(36).slice(2)}@example.com`, password: 'Yingji-2026-guanli', name: '应急局管理员' },
      },
    }),
    expected: statuses(403, { admin: 201 }),
  },
  { name: 'GET /admin', request: () => ({ method: 'GET', path: '/admin' }), expected: statuses(403, { admin: 200 }, true) },
  { name: 'GET /admin/departments', request: () => ({ method: 'GET', path: '/admin/departments' }), expected: statuses(403, { admin: 200 }, true) },
  {
    name: 'GET /admin/catalogue/qualification-types',
    request: () => ({ method: 'GET', path: '/admin/catalogue/qualification-types' }),
    expected: statuses(403, { admin: 200 }, true),
  },
  {
    name: 'POST /admin/catalogue/qualification-types (the field of a type)',
    request: () => ({
      method: 'POST',
      path: '/admin/catalogue/qualification-types',
      form: { intent: 'update', typeCode: 'ASSET_APPRAISAL', name: '资产评估机构备案', issuingAuthority: '省级财政部门', fieldCode: 'FINANCE' },
    }),
    expected: statuses(403, { admin: 302 }, true),
  },
  // ---------------------------------------------------------------- qualification review and scans
  {
    name: 'POST /api/v1/qualifications/{id}/verify',
    request: async () => ({ method: 'POST', path: `/api/v1/qualifications/${await freshQualification()}/verify`, json: {} }),
    expected: statuses(403, { deptField: 200, admin: 200 }),
  },
  {
    name: 'POST /api/v1/qualifications/{id}/reject',
    request: async () => ({ method: 'POST', path: `/api/v1/qualifications/${await freshQualification()}/reject`, json: { reason: '证书编号与公示信息不符' } }),
    expected: statuses(403, { deptField: 200, admin: 200 }),
  },
  {
    name: 'GET /supervision/qualifications',
    request: () => ({ method: 'GET', path: '/supervision/qualifications' }),
    expected: statuses(403, { deptField: 200, deptOtherField: 200, deptOtherRegion: 200, admin: 200 }, true),
  },
  {
    name: 'POST /supervision/qualifications (verify)',
    request: async () => ({ method: 'POST', path: '/supervision/qualifications', form: { intent: 'verify', qualificationId: await freshQualification() } }),
    expected: statuses(403, { deptField: 302, admin: 302 }, true),
  },
  {
    name: 'GET /api/v1/qualifications/{id}/scan',
    request: () => ({ method: 'GET', path: `/api/v1/qualifications/${scannedQualificationId}/scan` }),
    expected: statuses(403, { intermediary: 200, deptField: 200, deptOtherField: 200, admin: 200 }),
  },
  {
    name: 'GET /qualifications/{id}/scan',
    request: () => ({ method: 'GET', path: `/qualifications/${scannedQualificationId}/scan` }),
    expected: statuses(403, { public: 401, intermediary: 200, deptField: 200, deptOtherField: 200, admin: 200 }),
  },
  // ---------------------------------------------------------------- suspension
  {
    name: 'POST /api/v1/intermediaries/{id}/suspend',
    request: async () => {
      await setFirmStatus('ACTIVE')
      return { method: 'POST', path: `/api/v1/intermediaries/${firm.organization.id}/suspend`, json: { reason: '出具虚假报告，正在调查' } }
    },
    expected: statuses(403, { deptField: 200, deptOtherField: 200, admin: 200 }),
  },
  {
    name: 'POST /api/v1/intermediaries/{id}/reinstate',
    request: async () => {
      await setFirmStatus('SUSPENDED')
      return { method: 'POST', path: `/api/v1/intermediaries/${firm.organization.id}/reinstate`, json: { reason: '调查结束' } }
    },
    expected: statuses(403, { deptField: 200, deptOtherField: 200, admin: 200 }),
  },
  {
    name: 'GET /supervision/intermediaries',
    request: () => ({ method: 'GET', path: '/supervision/intermediaries' }),
    expected: statuses(403, { deptField: 200, deptOtherField: 200, deptOtherRegion: 200, admin: 200 }, true),
  },
  {
    name: 'POST /supervision/intermediaries (suspend)',
    request: async () => {
      await setFirmStatus('ACTIVE')
      return { method: 'POST', path: '/supervision/intermediaries', form: { intent: 'suspend', organizationId: firm.organization.id, reason: '抽查不合格' } }
    },
    expected: statuses(403, { deptField: 302, deptOtherField: 302, admin: 302 }, true),
  },
  // ---------------------------------------------------------------- tokens and the account
  { name: 'GET /api/v1/me', request: () => ({ method: 'GET', path: '/api/v1/me' }), expected: SIGNED_IN },
  { name: 'GET /api/v1/auth/tokens', request: () => ({ method: 'GET', path: '/api/v1/auth/tokens' }), expected: SIGNED_IN },
  {
    name: 'POST /api/v1/auth/tokens',
    request: () => ({ method: 'POST', path: '/api/v1/auth/tokens', json: { name: '对接系统' } }),
    expected: statuses(201, {}),
  },
  {
    name: "DELETE /api/v1/auth/tokens/{id} (the owner's token)",
    request: async () => {
      const { id } = await issueApiToken({ userId: actors.owner.member!.user.id, organizationId: actors.owner.member!.organization.id, name: '待吊销' })
      return { method: 'DELETE', path: `/api/v1/auth/tokens/${id}` }
    },
    expected: statuses(404, { owner: 204 }),
  },
  {
    name: "POST /api/v1/auth/tokens/{id}/revoke (the owner's token)",
    request: async () => {
      const { id } = await issueApiToken({ userId: actors.owner.member!.user.id, organizationId: actors.owner.member!.organization.id, name: '待吊销' })
      return { method: 'POST', path: `/api/v1/auth/tokens/${id}/revoke` }
    },
    expected: statuses(404, { owner: 200 }),
  },
  // ---------------------------------------------------------------- the intermediary's own entry
  { name: 'GET /api/v1/intermediaries/me', request: () => ({ method: 'GET', path: '/api/v1/intermediaries/me' }), expected: statuses(403, FIRMS) },
  {
    name: 'PUT /api/v1/intermediaries/me',
    request: () => ({ method: 'PUT', path: '/api/v1/intermediaries/me', json: { serviceItemCodes: ['ZJ-EMER-001', 'ZJ-NR-001'], commitmentAccepted: true } }),
    expected: statuses(403, FIRMS),
  },
  { name: 'GET /api/v1/intermediaries/me/profile', request: () => ({ method: 'GET', path: '/api/v1/intermediaries/me/profile' }), expected: statuses(403, FIRMS) },
  {
    name: 'PUT /api/v1/intermediaries/me/profile',
    request: () => ({ method: 'PUT', path: '/api/v1/intermediaries/me/profile', json: { regionCode: '510107', introduction: `简介${Math.random()}` } }),
    expected: statuses(403, FIRMS),
  },
  {
    name: 'PUT /api/v1/intermediaries/me/commitments',
    request: () => ({ method: 'PUT', path: '/api/v1/intermediaries/me/commitments', json: { commitments: [] } }),
    expected: statuses(403, FIRMS),
  },
  { name: 'GET /api/v1/intermediaries/me/practitioners', request: () => ({ method: 'GET', path: '/api/v1/intermediaries/me/practitioners' }), expected: statuses(403, FIRMS) },
  {
    name: 'POST /api/v1/intermediaries/me/practitioners',
    request: () => ({ method: 'POST', path: '/api/v1/intermediaries/me/practitioners', json: { name: '王工', certificateNo: `AQ-${Math.random()}`, title: '安全评价师' } }),
    expected: statuses(403, { intermediary: 201, otherIntermediary: 201 }),
  },
  {
    name: "PUT /api/v1/intermediaries/me/practitioners/{id} (F's practitioner)",
    request: () => ({ method: 'PUT', path: `/api/v1/intermediaries/me/practitioners/${practitionerId}`, json: { title: `高级安全评价师${Math.random()}` } }),
    expected: statuses(403, { intermediary: 200, otherIntermediary: 404 }),
  },
  { name: 'GET /api/v1/intermediaries/me/qualifications', request: () => ({ method: 'GET', path: '/api/v1/intermediaries/me/qualifications' }), expected: statuses(403, FIRMS) },
  {
    name: 'POST /api/v1/intermediaries/me/qualifications',
    request: () => ({
      method: 'POST',
      path: '/api/v1/intermediaries/me/qualifications',
      json: { typeCode: 'SAFETY_EVALUATION', level: '乙级', certificateNo: `APJ-${Math.random()}`, issuer: '四川省应急管理厅', validFrom: '2024-01-01', validTo: '2099-01-01' },
    }),
    expected: statuses(403, { intermediary: 201, otherIntermediary: 201 }),
  },
  {
    name: "POST /api/v1/intermediaries/me/qualifications/{id}/scan (F's qualification)",
    request: () => ({ method: 'POST', path: `/api/v1/intermediaries/me/qualifications/${scannedQualificationId}/scan`, upload: true }),
    expected: statuses(403, { intermediary: 200, otherIntermediary: 404 }),
  },
  { name: 'GET /api/v1/me/subscriptions', request: () => ({ method: 'GET', path: '/api/v1/me/subscriptions' }), expected: statuses(403, FIRMS) },
  {
    name: 'PUT /api/v1/me/subscriptions',
    request: () => ({ method: 'PUT', path: '/api/v1/me/subscriptions', json: { serviceItemCodes: ['ZJ-ECO-001'] } }),
    expected: statuses(403, FIRMS),
  },
  // ---------------------------------------------------------------- projects
  {
    name: 'POST /api/v1/projects',
    request: () => ({ method: 'POST', path: '/api/v1/projects', json: { name: '危险化学品仓库改扩建项目', regionCode: '510107', funding: 'SELF', approvalItemCodes: ['SP-EMER-001'] } }),
    expected: statuses(403, { owner: 201, otherOwner: 201 }),
  },
  {
    name: 'GET /api/v1/projects',
    request: () => ({ method: 'GET', path: '/api/v1/projects' }),
    expected: statuses(200, { intermediary: 403, otherIntermediary: 403 }),
  },
  {
    name: 'GET /api/v1/projects/{id} (P)',
    request: () => ({ method: 'GET', path: `/api/v1/projects/${projectId}` }),
    expected: statuses(404, { owner: 200, deptField: 200, admin: 200 }),
  },
  {
    name: 'GET /api/v1/projects/{id}/approval-items/{code}/services (P)',
    request: () => ({ method: 'GET', path: `/api/v1/projects/${projectId}/approval-items/SP-EMER-001/services` }),
    expected: statuses(404, { owner: 200, deptField: 200, admin: 200 }),
  },
  { name: 'GET /projects', request: () => ({ method: 'GET', path: '/projects' }), expected: statuses(200, { intermediary: 403, otherIntermediary: 403 }, true) },
  { name: 'GET /projects/new', request: () => ({ method: 'GET', path: '/projects/new' }), expected: statuses(403, { owner: 200, otherOwner: 200 }, true) },
]

beforeAll(async () => {
  const owner = await createMember({ type: 'OWNER' })
  firm = await createListedIntermediary({ serviceItemCodes: ['ZJ-EMER-001', 'ZJ-NR-001'] })
  const members: Record<Exclude<Role, 'public'>, Member> = {
    owner,
    otherOwner: await createMember({ type: 'OWNER' }),
    intermediary: firm,
    otherIntermediary: await createListedIntermediary({ serviceItemCodes: ['ZJ-WATER-001'] }),
    deptField: await createNewDepartment({ fieldCode: 'EMERGENCY', regionCode: '510100' }),
    deptOtherField: await createNewDepartment({ fieldCode: 'NATURAL_RESOURCES', regionCode: '510100' }),
    deptOtherRegion: await createNewDepartment({ fieldCode: 'EMERGENCY', regionCode: '511000' }),
    admin: await createMember({ type: 'PLATFORM' }),
  }
  for (const role of ROLES) {
    const member = role === 'public' ? null : members[role]
    const session = member ? (await startWebSession(member.user.id, member.organization.id)).split(';')[0]! : ''
    const page = await call('GET', '/login', { cookie: session })
    const withForm = page.status === 200 ? page : await call('GET', '/', { cookie: session })
    const csrf = /name="csrf" value="([^"]+)"/.exec(withForm.text)?.[1]
    if (!csrf) throw new Error(`no CSRF token for ${role}`)
    actors[role] = { member, cookie: cookiesOf(withForm, session), csrf }
  }

  const project = await api.post(
    '/api/v1/projects',
    { name: '成都危险化学品储存项目', regionCode: '510107', funding: 'SELF', approvalItemCodes: ['SP-EMER-001'] },
    { token: owner.token },
  )
  expect(project.status).toBe(201)
  projectId = project.body.id
  scannedQualificationId = await freshQualification()
  const scan = await send('intermediary', { method: 'POST', path: `/api/v1/intermediaries/me/qualifications/${scannedQualificationId}/scan`, upload: true })
  expect(scan.status).toBe(200)
  const practitioner = await api.post('/api/v1/intermediaries/me/practitioners', { name: '李工', certificateNo: 'AQ-510-001', title: '安全评价师' }, { token: firm.token })
  expect(practitioner.status).toBe(201)
  practitionerId = practitioner.body.id
})

describe('every route × every kind of actor → the expected status; a refusal changes nothing', () => {
  test.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const actual = {} as Table
    const unchanged: Partial<Record<Role, boolean>> = {}
    for (const role of ROLES) {
      const request = await c.request(role)
      const before = await snapshot()
      const outcome = outcomeOf(await send(role, request))
      actual[role] = outcome
      if (refused(outcome)) unchanged[role] = JSON.stringify(await snapshot()) === JSON.stringify(before)
    }
    await setFirmStatus('ACTIVE')
    expect(actual).toEqual(c.expected)
    expect(Object.entries(unchanged).filter(([, same]) => !same).map(([role]) => role)).toEqual([])
  })
})

describe('what each actor sees in the lists it may open', () => {
  test('the review list shows the 安全评价 qualification to its governing department and the admin only', async () => {
    const id = await freshQualification()
    const seen = async (role: Role) => (await call('GET', '/supervision/qualifications?pageSize=100', { cookie: actors[role].cookie })).text.includes(`data-testid="review-${id}"`)
    expect({ deptField: await seen('deptField'), deptOtherField: await seen('deptOtherField'), deptOtherRegion: await seen('deptOtherRegion'), admin: await seen('admin') }).toEqual({
      deptField: true,
      deptOtherField: false,
      deptOtherRegion: false,
      admin: true,
    })
  })

  test('the project list shows P to its owner, its field department and the admin only', async () => {
    const seen = async (role: Role) =>
      ((await api.get('/api/v1/projects?pageSize=100', { token: actors[role].member!.token })).body.items as Array<{ id: string }>).some((p) => p.id === projectId)
    const roles = ['owner', 'otherOwner', 'deptField', 'deptOtherField', 'deptOtherRegion', 'admin'] as const
    const table = Object.fromEntries(await Promise.all(roles.map(async (role) => [role, await seen(role)])))
    expect(table).toEqual({ owner: true, otherOwner: false, deptField: true, deptOtherField: false, deptOtherRegion: false, admin: true })
  })
})
