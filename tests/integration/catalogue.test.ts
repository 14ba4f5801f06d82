import { describe, expect, test } from 'vitest'
import { prisma } from '#app/db.server.ts'
import { api } from '#tests/helpers/app.ts'
import { APPROVAL_ITEMS, SERVICE_ITEMS } from '#prisma/seed/catalogue.ts'

describe('GET /api/v1/approval-items', () => {
  test('lists the active approval items sorted by code with { code, name, department, kind }', async () => {
    const response = await api.get('/api/v1/approval-items?pageSize=100')
    expect(response.status).toBe(200)
    expect(response.body).toMatchObject({ page: 1, pageSize: 100, total: APPROVAL_ITEMS.length })
    const codes = response.body.items.map((i: { code: string }) => i.code)
    expect(codes).toEqual([...codes].sort())
    expect(response.body.items.find((i: { code: string }) => i.code === 'SP-ECO-001')).toMatchObject({
      code: 'SP-ECO-001',
      name: '建设项目环境影响评价审批',
      department: '生态环境主管部门',
      kind: 'LICENSE',
    })
  })

  test('q matches a Chinese substring of the name', async () => {
    const response = await api.get(`/api/v1/approval-items?q=${encodeURIComponent('环境影响')}`)
    expect(response.status).toBe(200)
    expect(response.body.items.map((i: { code: string }) => i.code)).toEqual(['SP-ECO-001'])
    expect(response.body.total).toBe(1)
  })

  test('q matches a substring of the code', async () => {
    const response = await api.get('/api/v1/approval-items?q=sp-nr')
    expect(response.body.items.map((i: { code: string }) => i.code)).toEqual([
      'SP-NR-001',
      'SP-NR-002',
      'SP-NR-003',
      'SP-NR-004',
    ])
  })

  test('LIKE wildcards in q match themselves: "%" and "_" find nothing', async () => {
    for (const q of ['%', '_', '环境%']) {
      const response = await api.get(`/api/v1/approval-items?q=${encodeURIComponent(q)}`)
      expect(response.status).toBe(200)
      expect(response.body).toMatchObject({ items: [], total: 0 })
    }
  })

  test('pages through the list with page and pageSize', async () => {
    const first = await api.get('/api/v1/approval-items?page=1&pageSize=5')
    const second = await api.get('/api/v1/approval-items?page=2&pageSize=5')
    expect(first.body.items).toHaveLength(5)
    expect(second.body).toMatchObject({ page: 2, pageSize: 5, total: APPROVAL_ITEMS.length })
    expect(second.body.items[0].code > first.body.items[4].code).toBe(true)
  })

  test('pageSize above 100 is refused with 400 and a field error', async () => {
    const response = await api.get('/api/v1/approval-items?pageSize=101')
    expect(response.status).toBe(400)
    expect(response.headers.get('Content-Type')).toMatch(/application\/problem\+json/)
    expect(response.body.errors.pageSize).toBeDefined()
  })

  test('page 0 is refused with 400', async () => {
    expect((await api.get('/api/v1/approval-items?page=0')).status).toBe(400)
  })
})

describe('GET /api/v1/approval-items/{code}', () => {
  test('answers the item with the service items it needs, required ones first', async () => {
    const response = await api.get('/api/v1/approval-items/SP-NR-004')
    expect(response.status).toBe(200)
    expect(response.body).toMatchObject({
      code: 'SP-NR-004',
      name: '不动产登记',
      kind: 'OTHER',
      legalBasis: expect.stringContaining('不动产登记暂行条例'),
    })
    expect(response.body.serviceItems).toEqual([
      { code: 'ZJ-NR-004', name: '土地勘测定界', required: true, note: expect.any(String) },
      { code: 'ZJ-NR-005', name: '房产测绘', required: false, note: expect.any(String) },
    ])
  })

  test('an unknown code is a 404 problem', async () => {
    const response = await api.get('/api/v1/approval-items/SP-NOPE-999')
    expect(response.status).toBe(404)
    expect(response.headers.get('Content-Type')).toMatch(/application\/problem\+json/)
  })
})

describe('GET /api/v1/service-items', () => {
  test('lists active service items with their qualification requirement', async () => {
    const response = await api.get('/api/v1/service-items?pageSize=100')
    expect(response.status).toBe(200)
    expect(response.body.total).toBe(SERVICE_ITEMS.length)
    const byCode = new Map(response.body.items.map((i: { code: string }) => [i.code, i]))
    expect(byCode.get('ZJ-ECO-001')).toMatchObject({
      name: '建设项目环境影响评价文件编制',
      department: '生态环境主管部门',
      qualification: null,
    })
    expect(byCode.get('ZJ-EMER-001')).toMatchObject({
      qualification: { typeCode: 'SAFETY_EVALUATION', minLevel: '乙级' },
    })
  })

  test('q "水土" finds the soil and water conservation plan', async () => {
    const response = await api.get(`/api/v1/service-items?q=${encodeURIComponent('水土')}`)
    expect(response.body.items.map((i: { code: string }) => i.code)).toEqual(['ZJ-WATER-001'])
  })

  test('pageSize above 100 is refused with 400', async () => {
    expect((await api.get('/api/v1/service-items?pageSize=101')).status).toBe(400)
  })
})

describe('GET /api/v1/service-items/{code}', () => {
  test('answers the item with qualification, fee basis, days and the approval items that need it', async () => {
    const response = await api.get('/api/v1/service-items/ZJ-HOUSING-001')
    expect(response.status).toBe(200)
    expect(response.body).toMatchObject({
      code: 'ZJ-HOUSING-001',
      name: '施工图设计文件审查',
      qualification: { typeCode: 'DRAWING_REVIEW', minLevel: '二类' },
      feeBasis: 'MARKET',
      standardDays: 15,
      legalBasis: expect.stringContaining('建设工程质量管理条例'),
      approvalItems: [{ code: 'SP-HOUSING-001', name: '建筑工程施工许可', required: true }],
    })
  })

  test('a service item without a legal qualification requirement says qualification: null', async () => {
    const response = await api.get('/api/v1/service-items/ZJ-DEV-002')
    expect(response.body.qualification).toBeNull()
  })

  test('an unknown code is a 404 problem', async () => {
    expect((await api.get('/api/v1/service-items/ZJ-NOPE-1')).status).toBe(404)
  })

  test('a deactivated service item leaves the list but stays resolvable by code', async () => {
    await prisma.serviceItem.update({ where: { code: 'ZJ-CR-001' }, data: { active: false } })
    try {
      const list = await api.get(`/api/v1/service-items?q=${encodeURIComponent('文物')}`)
      expect(list.body.items).toEqual([])
      const detail = await api.get('/api/v1/service-items/ZJ-CR-001')
      expect(detail.status).toBe(200)
      expect(detail.body.active).toBe(false)
    } finally {
      await prisma.serviceItem.update({ where: { code: 'ZJ-CR-001' }, data: { active: true } })
    }
  })
})

describe('GET /api/v1/regions', () => {
  test('without parent lists the provinces', async () => {
    const response = await api.get('/api/v1/regions')
    expect(response.status).toBe(200)
    expect(response.body.total).toBe(34)
    expect(response.body.items).toHaveLength(34)
    expect(response.body.items).toContainEqual({ code: '510000', name: '四川省', level: 1, parentCode: null })
    expect(response.body.items.every((r: { level: number }) => r.level === 1)).toBe(true)
  })

  test('?parent=510000 lists the cities of Sichuan', async () => {
    const response = await api.get('/api/v1/regions?parent=510000')
    expect(response.status).toBe(200)
    expect(response.body.items).toContainEqual({ code: '510100', name: '成都市', level: 2, parentCode: '510000' })
    expect(response.body.items.every((r: { parentCode: string }) => r.parentCode === '510000')).toBe(true)
    expect(response.body.total).toBe(response.body.items.length)
  })

  test('?parent=510100 lists the counties of Chengdu and pages like every list', async () => {
    const response = await api.get('/api/v1/regions?parent=510100&pageSize=2&page=1')
    expect(response.body.items).toHaveLength(2)
    expect(response.body.total).toBeGreaterThan(2)
    expect(response.body.items[0].level).toBe(3)
  })

  test('a malformed parent or pageSize above 100 is a 400', async () => {
    expect((await api.get('/api/v1/regions?parent=abc')).status).toBe(400)
    expect((await api.get('/api/v1/regions?pageSize=101')).status).toBe(400)
  })
})
