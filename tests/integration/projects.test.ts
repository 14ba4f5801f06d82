// Projects and the approval walk: an owner creates a project with the approval items it applies for;
// the walk lists the service items each needs (required first) with their announcements; the
// departments of the field see the project, nobody else does.
import { beforeAll, describe, expect, test } from 'vitest'
import { prisma } from '#app/db.server.ts'
import { createMember } from '#tests/factories/index.ts'
import { announcementBody, createDepartmentMember, inDays, type Member } from '#tests/factories/bidding.ts'
import { api } from '#tests/helpers/app.ts'

const counts = async () => {
  const [projects, links, audits] = await Promise.all([prisma.project.count(), prisma.projectApprovalItem.count(), prisma.auditEntry.count({ where: { entityType: 'Project' } })])
  return { projects, links, audits }
}

const body = (overrides: Record<string, unknown> = {}) => ({
  name: '成都东部新区不动产登记配套项目',
  regionCode: '510107',
  funding: 'SELF',
  investmentCode: '2026-510107-47-01-000001',
  approvalItemCodes: ['SP-NR-004'],
  ...overrides,
})

let owner: Member
let naturalResources: Member
let ecology: Member

beforeAll(async () => {
  owner = await createMember({ type: 'OWNER' })
  naturalResources = await createDepartmentMember('NATURAL_RESOURCES')
  ecology = await createDepartmentMember('ECOLOGY')
})

describe('POST /api/v1/projects', () => {
  test('an owner creates a project with its approval items and an audit entry (201)', async () => {
    const before = await counts()
    const response = await api.post('/api/v1/projects', body({ approvalItemCodes: ['SP-NR-004', 'SP-ECO-001'] }), { token: owner.token })
    expect(response.status, response.text).toBe(201)
    const project = await prisma.project.findUniqueOrThrow({ where: { id: response.body.id }, include: { approvalItems: true } })
    expect(project).toMatchObject({ ownerOrganizationId: owner.organization.id, regionCode: '510107', funding: 'SELF', investmentCode: '2026-510107-47-01-000001' })
    expect(project.approvalItems.map((a) => a.approvalItemCode).sort()).toEqual(['SP-ECO-001', 'SP-NR-004'])
    expect(await counts()).toEqual({ projects: before.projects + 1, links: before.links + 2, audits: before.audits + 1 })
  })

  test.each([
    ['no name', { name: undefined }],
    ['an unknown funding', { funding: 'LOAN' }],
    ['a malformed region code', { regionCode: '5101' }],
    ['no approval item', { approvalItemCodes: [] }],
    ['a duplicated approval item', { approvalItemCodes: ['SP-NR-004', 'SP-NR-004'] }],
    ['an unknown field', { eligibility: '本地企业' }],
  ])('a malformed body (%s) is refused with 400 and creates nothing', async (_name, overrides) => {
    const before = await counts()
    const response = await api.post('/api/v1/projects', body(overrides), { token: owner.token })
    expect(response.status, response.text).toBe(400)
    expect(response.headers.get('Content-Type')).toContain('application/problem+json')
    expect(await counts()).toEqual(before)
  })

  test('an unknown approval item is refused with 400 naming it, and creates nothing', async () => {
    const before = await counts()
    const response = await api.post('/api/v1/projects', body({ approvalItemCodes: ['SP-NR-004', 'SP-XX-999'] }), { token: owner.token })
    expect(response.status).toBe(400)
    expect(response.body.detail).toContain('SP-XX-999')
    expect(response.body.errors.approvalItemCodes).toBeDefined()
    expect(await counts()).toEqual(before)
  })

  test('an intermediary cannot create a project (403), nothing is created', async () => {
    const firm = await createMember({ type: 'INTERMEDIARY' })
    const before = await counts()
    const response = await api.post('/api/v1/projects', body(), { token: firm.token })
    expect(response.status).toBe(403)
    expect(await counts()).toEqual(before)
  })

  test('without a token: 401', async () => {
    const before = await counts()
    expect((await api.post('/api/v1/projects', body())).status).toBe(401)
    expect(await counts()).toEqual(before)
  })
})

describe('the approval walk and who sees a project', () => {
  let projectId: string
  let announcementId: string
  let draftId: string

  beforeAll(async () => {
    const created = await api.post('/api/v1/projects', body({ name: '不动产登记走查项目' }), { token: owner.token })
    projectId = created.body.id
    const announcement = await api.post(
      '/api/v1/announcements',
      announcementBody(projectId, { approvalItemCode: 'SP-NR-004', serviceItemCode: 'ZJ-NR-004', title: '宗地勘测定界', deadline: await inDays(5) }),
      { token: owner.token },
    )
    expect(announcement.status, announcement.text).toBe(201)
    announcementId = announcement.body.id
    expect((await api.post(`/api/v1/announcements/${announcementId}/publish`, {}, { token: owner.token })).status).toBe(200)
    const draft = await api.post(
      '/api/v1/announcements',
      announcementBody(projectId, { approvalItemCode: 'SP-NR-004', serviceItemCode: 'ZJ-NR-005', title: '房产测绘（草稿）', deadline: await inDays(5) }),
      { token: owner.token },
    )
    expect(draft.status, draft.text).toBe(201)
    draftId = draft.body.id
  })

  test('lists the required ZJ-NR-004 before the optional ZJ-NR-005, with announcements and no contract', async () => {
    const response = await api.get(`/api/v1/projects/${projectId}/approval-items/SP-NR-004/services`, { token: owner.token })
    expect(response.status, response.text).toBe(200)
    const items = response.body.items
    expect(items.map((i: { serviceItemCode: string; required: boolean }) => [i.serviceItemCode, i.required])).toEqual([
      ['ZJ-NR-004', true],
      ['ZJ-NR-005', false],
    ])
    expect(items[0].announcements).toEqual([expect.objectContaining({ id: announcementId, status: 'PUBLISHED' })])
    // the owner sees its own draft in the walk
    expect(items[1].announcements).toEqual([expect.objectContaining({ id: draftId, status: 'DRAFT' })])
    expect(items[0].contract).toBeNull()
    expect(items[1].contract).toBeNull()
  })

  test('a department of the field sees the project, its walk (without drafts) and finds it in its list', async () => {
    const project = await api.get(`/api/v1/projects/${projectId}`, { token: naturalResources.token })
    expect(project.status, project.text).toBe(200)
    expect(project.body).toMatchObject({ id: projectId, owner: { id: owner.organization.id } })
    const list = await api.get('/api/v1/projects?pageSize=100', { token: naturalResources.token })
    expect(list.status).toBe(200)
    expect(list.body.items.map((p: { id: string }) => p.id)).toContain(projectId)
    const walk = await api.get(`/api/v1/projects/${projectId}/approval-items/SP-NR-004/services`, { token: naturalResources.token })
    expect(walk.status).toBe(200)
    expect(walk.body.items[0].announcements.map((a: { id: string }) => a.id)).toEqual([announcementId])
    expect(walk.body.items[1].announcements).toEqual([])
  })

  test('a department of another field does not see it (404) nor finds it in its list', async () => {
    expect((await api.get(`/api/v1/projects/${projectId}`, { token: ecology.token })).status).toBe(404)
    expect((await api.get(`/api/v1/projects/${projectId}/approval-items/SP-NR-004/services`, { token: ecology.token })).status).toBe(404)
    const list = await api.get('/api/v1/projects?pageSize=100', { token: ecology.token })
    expect(list.status).toBe(200)
    expect(list.body.items.map((p: { id: string }) => p.id)).not.toContain(projectId)
  })

  test('another owner does not see it (404) nor finds it in its list', async () => {
    const other = await createMember({ type: 'OWNER' })
    expect((await api.get(`/api/v1/projects/${projectId}`, { token: other.token })).status).toBe(404)
    expect((await api.get(`/api/v1/projects/${projectId}/approval-items/SP-NR-004/services`, { token: other.token })).status).toBe(404)
    const list = await api.get('/api/v1/projects', { token: other.token })
    expect(list.body.items.map((p: { id: string }) => p.id)).not.toContain(projectId)
    // the owner does
    const own = await api.get('/api/v1/projects?pageSize=100', { token: owner.token })
    expect(own.body.items.map((p: { id: string }) => p.id)).toContain(projectId)
  })

  test('an approval item the project did not apply for: 404', async () => {
    const response = await api.get(`/api/v1/projects/${projectId}/approval-items/SP-NR-001/services`, { token: owner.token })
    expect(response.status).toBe(404)
    expect((await api.get(`/api/v1/projects/${projectId}/approval-items/SP-XX-999/services`, { token: owner.token })).status).toBe(404)
  })

  test('an unknown project: 404', async () => {
    expect((await api.get('/api/v1/projects/cmnosuchproject000000000', { token: owner.token })).status).toBe(404)
  })
})
