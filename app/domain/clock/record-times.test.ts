import fs from 'node:fs'
import internals from '@prisma/internals'
import { describe, expect, test } from 'vitest'
import { PrismaMariaDb } from '@prisma/adapter-mariadb'
import { PrismaClient } from '#app/generated/prisma/client.ts'
import { recordTimesPlan, stampRecordTimes, type RuntimeDataModel } from '#app/domain/clock/record-times.ts'

const AT = new Date('2027-02-10T08:00:00.000Z')
const at = () => AT

// The generated client's own data model, as app/db.server.ts reads it (no connection is made).
const dataModel = (new PrismaClient({ adapter: new PrismaMariaDb({ host: '127.0.0.1' }) }) as unknown as { _runtimeDataModel: RuntimeDataModel })._runtimeDataModel
const plan = recordTimesPlan(dataModel)

describe('the fields stamped are exactly the schema’s @default(now()) and @updatedAt fields', () => {
  test('createdAt ⇔ @default(now()), updatedAt ⇔ @updatedAt, in every model', async () => {
    const dmmf = await internals.getDMMF({ datamodel: fs.readFileSync('prisma/schema.prisma', 'utf8') })
    const fromSchema = (pick: (f: (typeof dmmf.datamodel.models)[number]['fields'][number]) => boolean) =>
      dmmf.datamodel.models.flatMap((m) => m.fields.filter(pick).map((f) => `${m.name}.${f.name}`)).sort()
    const nowDefaults = fromSchema((f) => typeof f.default === 'object' && f.default !== null && 'name' in f.default && f.default.name === 'now')
    const updatedAts = fromSchema((f) => f.isUpdatedAt === true)
    const stamped = (field: 'createdAt' | 'updatedAt') =>
      Object.entries(plan).filter(([, p]) => p[field]).map(([model]) => `${model}.${field}`).sort()
    expect(stamped('createdAt')).toEqual(nowDefaults)
    expect(stamped('updatedAt')).toEqual(updatedAts)
    expect(nowDefaults).toContain('Bid.createdAt')
  })
})

describe('stampRecordTimes', () => {
  test('a create gets createdAt and updatedAt; the caller’s object is not changed', () => {
    const data = { name: '项目', funding: 'SELF' }
    const args = { data }
    expect(stampRecordTimes(plan, 'Project', 'create', args, at)).toEqual({ data: { ...data, createdAt: AT, updatedAt: AT } })
    expect(args).toEqual({ data: { name: '项目', funding: 'SELF' } })
  })

  test('a model without the fields is left as it is', () => {
    const args = { data: { key: 'x', failures: 1, windowStartAt: AT } }
    expect(stampRecordTimes(plan, 'SignInThrottle', 'create', args, at)).toEqual(args)
    expect(stampRecordTimes(plan, 'Membership', 'create', { data: { roleName: 'r' } }, at)).toEqual({ data: { roleName: 'r', createdAt: AT } })
  })

  test('a given time is kept', () => {
    const given = new Date('2020-01-01T00:00:00Z')
    expect(stampRecordTimes(plan, 'Bid', 'update', { where: { id: 'b' }, data: { updatedAt: given } }, at)).toEqual({
      where: { id: 'b' },
      data: { updatedAt: given },
    })
  })

  test('createMany stamps each row; updateMany and update stamp updatedAt only', () => {
    expect(stampRecordTimes(plan, 'OfferedService', 'createMany', { data: [{ serviceItemCode: 'a' }, { serviceItemCode: 'b' }] }, at)).toEqual({
      data: [
        { serviceItemCode: 'a', createdAt: AT },
        { serviceItemCode: 'b', createdAt: AT },
      ],
    })
    expect(stampRecordTimes(plan, 'Bid', 'updateMany', { where: {}, data: { valid: false } }, at)).toEqual({
      where: {},
      data: { valid: false, updatedAt: AT },
    })
    expect(stampRecordTimes(plan, 'Notification', 'update', { where: { id: 'n' }, data: { readAt: AT } }, at)).toEqual({
      where: { id: 'n' },
      data: { readAt: AT },
    })
  })

  test('upsert stamps its create and its update', () => {
    expect(stampRecordTimes(plan, 'AppSetting', 'upsert', { where: { key: 'k' }, create: { key: 'k', value: '1' }, update: { value: '1' } }, at)).toEqual({
      where: { key: 'k' },
      create: { key: 'k', value: '1', updatedAt: AT },
      update: { value: '1', updatedAt: AT },
    })
  })

  test('nested writes are stamped with the related model’s fields', () => {
    const args = {
      data: {
        name: '项目',
        approvalItems: { create: [{ approvalItemCode: 'A' }], createMany: { data: { approvalItemCode: 'B' } } },
        ownerOrganization: { connect: { id: 'o' } },
      },
    }
    expect(stampRecordTimes(plan, 'Project', 'create', args, at)).toEqual({
      data: {
        name: '项目',
        createdAt: AT,
        updatedAt: AT,
        approvalItems: {
          create: [{ approvalItemCode: 'A', createdAt: AT }],
          createMany: { data: { approvalItemCode: 'B', createdAt: AT } },
        },
        ownerOrganization: { connect: { id: 'o' } },
      },
    })
    const update = stampRecordTimes(
      plan,
      'Announcement',
      'update',
      {
        where: { id: 'a' },
        data: {
          bids: {
            update: { where: { id: 'b' }, data: { valid: true } },
            updateMany: [{ where: {}, data: { valid: false } }],
            upsert: { where: { id: 'c' }, create: { status: 'ACTIVE' }, update: {} },
          },
          project: { update: { name: '新名' } },
          serviceItem: { connectOrCreate: { where: { code: 'x' }, create: { code: 'x' } } },
        },
      },
      at,
    )
    expect(update).toEqual({
      where: { id: 'a' },
      data: {
        updatedAt: AT,
        bids: {
          update: { where: { id: 'b' }, data: { valid: true, updatedAt: AT } },
          updateMany: [{ where: {}, data: { valid: false, updatedAt: AT } }],
          upsert: { where: { id: 'c' }, create: { status: 'ACTIVE', createdAt: AT, updatedAt: AT }, update: { updatedAt: AT } },
        },
        project: { update: { name: '新名', updatedAt: AT } },
        serviceItem: { connectOrCreate: { where: { code: 'x' }, create: { code: 'x', createdAt: AT, updatedAt: AT } } },
      },
    })
  })

  test('reads are passed on untouched and never read the clock', () => {
    const args = { where: { id: 'x' } }
    const clock = () => {
      throw new Error('read the clock')
    }
    expect(stampRecordTimes(plan, 'Bid', 'findUnique', args, clock)).toBe(args)
    expect(stampRecordTimes(plan, 'Bid', 'deleteMany', args, clock)).toBe(args)
  })
})
