import { beforeAll, describe, expect, test } from 'vitest'
import { prisma } from '#app/db.server.ts'
import {
  addQualificationLevel,
  createApprovalItem,
  createQualificationType,
  createServiceItem,
  deleteApprovalItem,
  deleteQualificationType,
  deleteServiceItem,
  saveApprovalServiceLink,
  setApprovalItemActive,
  setApprovalServiceLinkActive,
  setQualificationTypeActive,
  setServiceItemActive,
  updateApprovalItem,
  updateServiceItem,
} from '#app/domain/catalogue/catalogue-admin.server.ts'
import { getApprovalItem, getServiceItem, listApprovalItems } from '#app/domain/catalogue/catalogue.server.ts'
import { createDepartment } from '#app/domain/departments/departments.server.ts'
import { DomainError } from '#app/domain/errors.ts'
import { loadActor, type Actor } from '#app/domain/permissions/permissions.server.ts'
import { createMember, randomUscc } from '#tests/factories/index.ts'

let admin: Actor
let owner: Actor
let department: Actor

async function actorOf(type: 'PLATFORM' | 'OWNER' | 'DEPARTMENT') {
  const member = await createMember({ type })
  return (await loadActor(member.user.id, member.organization.id))!
}

beforeAll(async () => {
  admin = await actorOf('PLATFORM')
  owner = await actorOf('OWNER')
  department = await actorOf('DEPARTMENT')
})

let n = 0
const nextCode = (prefix: string) => `${prefix}-T${(n++).toString().padStart(3, '0')}`

const approvalInput = (code: string) => ({
  code,
  name: `测试审批事项${code}`,
  department: '生态环境主管部门',
  fieldCode: 'ECOLOGY',
  kind: 'LICENSE' as const,
  legalBasis: '《中华人民共和国环境影响评价法》第二十二条',
})

const serviceInput = (code: string) => ({
  code,
  name: `测试中介服务${code}`,
  department: '生态环境主管部门',
  fieldCode: 'ECOLOGY',
  legalBasis: '《中华人民共和国环境影响评价法》第十九条',
  qualificationTypeCode: null,
  qualificationMinLevel: null,
  feeBasis: 'MARKET' as const,
  standardDays: 20,
})

async function auditEntries(entityType: string, entityId: string) {
  return prisma.auditEntry.findMany({ where: { entityType, entityId }, orderBy: { id: 'asc' } })
}

async function expectDomainError(promise: Promise<unknown>, status: number) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(DomainError)
  expect((error as DomainError).status).toBe(status)
  return error as DomainError
}

describe('approval items', () => {
  test('the admin creates, updates, deactivates and reactivates an approval item, each with an audit entry', async () => {
    const code = nextCode('SP')
    await createApprovalItem(admin, approvalInput(code))
    await updateApprovalItem(admin, code, { ...approvalInput(code), name: '改名后的审批事项', kind: 'OTHER' })
    await setApprovalItemActive(admin, code, false)
    expect((await getApprovalItem(code)).active).toBe(false)
    expect((await listApprovalItems({ page: 1, pageSize: 100, q: code })).total).toBe(0)
    expect((await listApprovalItems({ page: 1, pageSize: 100, q: code, includeInactive: true })).total).toBe(1)
    await setApprovalItemActive(admin, code, true)
    const row = await prisma.approvalItem.findUniqueOrThrow({ where: { code } })
    expect(row).toMatchObject({ name: '改名后的审批事项', kind: 'OTHER', active: true })
    const entries = await auditEntries('ApprovalItem', code)
    expect(entries.map((e) => e.action)).toEqual(['create', 'update', 'deactivate', 'activate'])
    expect(entries.every((e) => e.actorUserId === admin.userId)).toBe(true)
    expect(JSON.parse(entries[1]!.before!)).toMatchObject({ name: `测试审批事项${code}`, kind: 'LICENSE' })
  })

  test('a duplicate code is a 409 conflict with a field error and creates nothing', async () => {
    const code = nextCode('SP')
    await createApprovalItem(admin, approvalInput(code))
    const before = await prisma.auditEntry.count()
    const error = await expectDomainError(createApprovalItem(admin, approvalInput(code)), 409)
    expect(error.fieldErrors?.code).toBeDefined()
    expect(await prisma.auditEntry.count()).toBe(before)
  })

  test('an unknown field is a 400 with errors.fieldCode', async () => {
    const error = await expectDomainError(
      createApprovalItem(admin, { ...approvalInput(nextCode('SP')), fieldCode: 'NOPE' }),
      400,
    )
    expect(error.fieldErrors?.fieldCode).toBeDefined()
  })

  test('an approval item that links to service items cannot be deleted (409); it stays, deactivation is the way', async () => {
    await expectDomainError(deleteApprovalItem(admin, 'SP-ECO-001'), 409)
    expect(await prisma.approvalItem.findUnique({ where: { code: 'SP-ECO-001' } })).not.toBeNull()
  })

  test('an approval item nothing refers to can be deleted, with an audit entry', async () => {
    const code = nextCode('SP')
    await createApprovalItem(admin, approvalInput(code))
    await deleteApprovalItem(admin, code)
    expect(await prisma.approvalItem.findUnique({ where: { code } })).toBeNull()
    expect((await auditEntries('ApprovalItem', code)).map((e) => e.action)).toEqual(['create', 'delete'])
  })
})

describe('service items and links', () => {
  test('the admin creates a service item with a qualification requirement and links it to an approval item', async () => {
    const approval = nextCode('SP')
    const service = nextCode('ZJ')
    await createApprovalItem(admin, approvalInput(approval))
    await createServiceItem(admin, {
      ...serviceInput(service),
      qualificationTypeCode: 'SURVEYING',
      qualificationMinLevel: '乙级',
    })
    await saveApprovalServiceLink(admin, {
      approvalItemCode: approval,
      serviceItemCode: service,
      required: false,
      note: '视情况',
    })
    await saveApprovalServiceLink(admin, { approvalItemCode: approval, serviceItemCode: 'ZJ-ECO-001', required: true })
    const detail = await getApprovalItem(approval)
    expect(detail.serviceItems.map((s) => [s.code, s.required])).toEqual([
      ['ZJ-ECO-001', true],
      [service, false],
    ])
    expect((await getServiceItem(service)).qualification).toEqual({
      typeCode: 'SURVEYING',
      typeName: '测绘资质',
      minLevel: '乙级',
    })

    await saveApprovalServiceLink(admin, {
      approvalItemCode: approval,
      serviceItemCode: service,
      required: true,
      note: null,
    })
    await setApprovalServiceLinkActive(admin, approval, 'ZJ-ECO-001', false)
    expect((await getApprovalItem(approval)).serviceItems).toEqual([
      { code: service, name: `测试中介服务${service}`, required: true, note: null, active: true },
    ])
    expect((await auditEntries('ApprovalServiceLink', `${approval}:${service}`)).map((e) => e.action)).toEqual([
      'create',
      'update',
    ])
    expect((await auditEntries('ApprovalServiceLink', `${approval}:ZJ-ECO-001`)).map((e) => e.action)).toEqual([
      'create',
      'deactivate',
    ])
  })

  test('a minimum level that the qualification type does not have is a 400', async () => {
    const error = await expectDomainError(
      createServiceItem(admin, {
        ...serviceInput(nextCode('ZJ')),
        qualificationTypeCode: 'SAFETY_EVALUATION',
        qualificationMinLevel: '丁级',
      }),
      400,
    )
    expect(error.fieldErrors?.qualificationMinLevel).toBeDefined()
  })

  test('a qualification type without a minimum level is a 400', async () => {
    await expectDomainError(
      createServiceItem(admin, { ...serviceInput(nextCode('ZJ')), qualificationTypeCode: 'SURVEYING' }),
      400,
    )
  })

  test('updating and deactivating a service item are audited; the item stays resolvable', async () => {
    const code = nextCode('ZJ')
    await createServiceItem(admin, serviceInput(code))
    await updateServiceItem(admin, code, { ...serviceInput(code), feeBasis: 'GOVERNMENT_GUIDED', standardDays: 45 })
    await setServiceItemActive(admin, code, false)
    const detail = await getServiceItem(code)
    expect(detail).toMatchObject({ feeBasis: 'GOVERNMENT_GUIDED', standardDays: 45, active: false })
    expect((await auditEntries('ServiceItem', code)).map((e) => e.action)).toEqual(['create', 'update', 'deactivate'])
  })

  test('a deactivated service item cannot be linked to an approval item (400)', async () => {
    const code = nextCode('ZJ')
    await createServiceItem(admin, serviceInput(code))
    await setServiceItemActive(admin, code, false)
    await expectDomainError(
      saveApprovalServiceLink(admin, { approvalItemCode: 'SP-ECO-001', serviceItemCode: code, required: true }),
      400,
    )
  })

  test('a service item that an approval item or a department refers to cannot be deleted (409)', async () => {
    await expectDomainError(deleteServiceItem(admin, 'ZJ-ECO-001'), 409)
    const code = nextCode('ZJ')
    await createServiceItem(admin, serviceInput(code))
    await createDepartment(admin, {
      name: '测试部门',
      uscc: randomUscc('1'),
      regionCode: '510100',
      serviceItemCodes: [code],
      user: { email: `${code.toLowerCase()}@example.com`, password: 'a-long-enough-password', name: '测试' },
    })
    await expectDomainError(deleteServiceItem(admin, code), 409)
    expect(await prisma.serviceItem.findUnique({ where: { code } })).not.toBeNull()
  })
})

describe('qualification types', () => {
  test('the admin creates a type with ordered levels, appends a level and deactivates it, each audited', async () => {
    const code = nextCode('QT').replace(/-/g, '_')
    await createQualificationType(admin, {
      code,
      name: '测试资质',
      issuingAuthority: '测试发证机关',
      levels: ['甲级', '乙级'],
    })
    await addQualificationLevel(admin, code, '丙级')
    const levels = await prisma.qualificationLevel.findMany({ where: { typeCode: code }, orderBy: { rank: 'asc' } })
    expect(levels.map((l) => [l.code, l.rank])).toEqual([
      ['甲级', 1],
      ['乙级', 2],
      ['丙级', 3],
    ])
    await expectDomainError(addQualificationLevel(admin, code, '乙级'), 409)
    await setQualificationTypeActive(admin, code, false)
    expect((await auditEntries('QualificationType', code)).map((e) => e.action)).toEqual([
      'create',
      'add-level',
      'deactivate',
    ])
    await expectDomainError(
      createServiceItem(admin, {
        ...serviceInput(nextCode('ZJ')),
        qualificationTypeCode: code,
        qualificationMinLevel: '甲级',
      }),
      400,
    )
  })

  test('a qualification type that a service item requires cannot be deleted (409)', async () => {
    await expectDomainError(deleteQualificationType(admin, 'SURVEYING'), 409)
    expect(await prisma.qualificationType.findUnique({ where: { code: 'SURVEYING' } })).not.toBeNull()
  })
})

describe('permissions', () => {
  test('an owner may not change the catalogue: 403 and nothing changes', async () => {
    const before = await prisma.auditEntry.count()
    await expectDomainError(createApprovalItem(owner, approvalInput(nextCode('SP'))), 403)
    await expectDomainError(createServiceItem(owner, serviceInput(nextCode('ZJ'))), 403)
    await expectDomainError(setApprovalItemActive(owner, 'SP-ECO-001', false), 403)
    await expectDomainError(
      saveApprovalServiceLink(owner, {
        approvalItemCode: 'SP-ECO-001',
        serviceItemCode: 'ZJ-ECO-001',
        required: false,
      }),
      403,
    )
    await expectDomainError(createQualificationType(owner, { code: 'OWNER_QT', name: 'x', issuingAuthority: 'x' }), 403)
    expect(await prisma.auditEntry.count()).toBe(before)
    expect((await getApprovalItem('SP-ECO-001')).active).toBe(true)
  })

  test('a department may not change the catalogue nor create departments: 403', async () => {
    await expectDomainError(
      updateApprovalItem(department, 'SP-ECO-001', { ...approvalInput('SP-ECO-001'), name: '篡改' }),
      403,
    )
    await expectDomainError(deleteServiceItem(department, 'ZJ-ECO-001'), 403)
    await expectDomainError(
      createDepartment(department, {
        name: 'x',
        uscc: randomUscc('1'),
        regionCode: '510100',
        serviceItemCodes: ['ZJ-ECO-001'],
        user: { email: 'x@example.com', password: 'a-long-enough-password', name: 'x' },
      }),
      403,
    )
    expect((await getApprovalItem('SP-ECO-001')).name).toBe('建设项目环境影响评价审批')
  })
})
