// Keeping the catalogue (platform admin, permission manage:catalogue): approval items, service items,
// the links between them, qualification types and their levels. Every change is one transaction
// with its audit entry. A row that anything refers to is never deleted, only deactivated
// (active = false): it leaves the public lists but stays resolvable by its code.
import { prisma, type Tx } from '#app/db.server.ts'
import { audit } from '#app/domain/audit/audit.server.ts'
import {
  ApprovalItemFields,
  ApprovalItemInput,
  LevelName,
  LinkInput,
  QualificationTypeFields,
  QualificationTypeInput,
  ServiceItemFields,
  ServiceItemInput,
} from '#app/domain/catalogue/schemas.ts'
import { conflict, invalid, notFound, type DomainError } from '#app/domain/errors.ts'
import { requirePermission, type Actor, type Permission } from '#app/domain/permissions/permissions.server.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
import { fieldErrorsOf, type z } from '#app/utils/zod.ts'

export const MANAGE_CATALOGUE = 'manage:catalogue' satisfies Permission

/** Checks the permission first (a non-admin learns nothing from validation), then the input. */
function parse<S extends z.ZodType>(actor: Actor, schema: S, input: unknown): z.infer<S> {
  requirePermission(actor, MANAGE_CATALOGUE)
  const result = schema.safeParse(input)
  if (!result.success) throw invalid('提交的内容未通过校验', fieldErrorsOf(result.error))
  return result.data
}

/** Runs a catalogue change for an admin in one transaction; duplicate keys become a 409. */
async function change<T>(actor: Actor, work: (tx: Tx) => Promise<T>, duplicate?: () => DomainError): Promise<T> {
  requirePermission(actor, MANAGE_CATALOGUE)
  try {
    return await prisma.$transaction(work)
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError) {
      if (error.code === 'P2002' && duplicate) throw duplicate()
      if (error.code === 'P2003') throw conflict('该记录已被其他数据引用，不能删除，请改为停用')
    }
    throw error
  }
}

async function requireField(tx: Tx, fieldCode: string) {
  const field = await tx.field.findUnique({ where: { code: fieldCode } })
  if (!field) throw invalid('领域不存在', { fieldCode: ['请选择已有的领域'] })
}

// ---------------------------------------------------------------- approval items

export async function createApprovalItem(actor: Actor, rawInput: ApprovalItemInput) {
  const input = parse(actor, ApprovalItemInput, rawInput)
  return change(
    actor,
    async (tx) => {
      await requireField(tx, input.fieldCode)
      if (await tx.approvalItem.findUnique({ where: { code: input.code } })) throw duplicateApprovalItem()
      const row = await tx.approvalItem.create({ data: input })
      await audit(tx, { actor, entityType: 'ApprovalItem', entityId: row.code, action: 'create', after: input })
      return row
    },
    duplicateApprovalItem,
  )
}
const duplicateApprovalItem = () => conflict('该审批事项编码已存在', { code: ['编码已被使用'] })

export async function updateApprovalItem(actor: Actor, code: string, rawInput: ApprovalItemFields) {
  const input = parse(actor, ApprovalItemFields, rawInput)
  return change(actor, async (tx) => {
    const before = await tx.approvalItem.findUnique({ where: { code } })
    if (!before) throw notFound(`未找到编码为 ${code} 的行政审批事项`)
    await requireField(tx, input.fieldCode)
    const row = await tx.approvalItem.update({ where: { code }, data: input })
    await audit(tx, {
      actor,
      entityType: 'ApprovalItem',
      entityId: code,
      action: 'update',
      before: pick(before, input),
      after: input,
    })
    return row
  })
}

export async function setApprovalItemActive(actor: Actor, code: string, active: boolean) {
  return change(actor, async (tx) => {
    const before = await tx.approvalItem.findUnique({ where: { code } })
    if (!before) throw notFound(`未找到编码为 ${code} 的行政审批事项`)
    if (before.active === active) return before
    const row = await tx.approvalItem.update({ where: { code }, data: { active } })
    await audit(tx, {
      actor,
      entityType: 'ApprovalItem',
      entityId: code,
      action: active ? 'activate' : 'deactivate',
      before: { active: before.active },
      after: { active },
    })
    return row
  })
}

/** Deletes an approval item nothing refers to (a mistaken entry); otherwise 409 — deactivate it instead. */
export async function deleteApprovalItem(actor: Actor, code: string) {
  return change(actor, async (tx) => {
    const before = await tx.approvalItem.findUnique({ where: { code } })
    if (!before) throw notFound(`未找到编码为 ${code} 的行政审批事项`)
    const links = await tx.approvalServiceLink.count({ where: { approvalItemCode: code } })
    if (links > 0) throw conflict('该审批事项已关联中介服务事项，不能删除，请改为停用')
    await tx.approvalItem.delete({ where: { code } })
    await audit(tx, { actor, entityType: 'ApprovalItem', entityId: code, action: 'delete', before })
  })
}

// ---------------------------------------------------------------- service items

async function checkQualification(
  tx: Tx,
  input: { qualificationTypeCode: string | null; qualificationMinLevel: string | null },
) {
  const { qualificationTypeCode: typeCode, qualificationMinLevel: minLevel } = input
  if (!typeCode && !minLevel) return
  if (!typeCode) throw invalid('设置最低等级时须同时选择资质类型', { qualificationTypeCode: ['请选择资质类型'] })
  if (!minLevel) throw invalid('设置资质要求时须同时选择最低等级', { qualificationMinLevel: ['请选择最低等级'] })
  const type = await tx.qualificationType.findUnique({ where: { code: typeCode }, include: { levels: true } })
  if (!type || !type.active)
    throw invalid('资质类型不存在或已停用', { qualificationTypeCode: ['请选择有效的资质类型'] })
  if (!type.levels.some((level) => level.code === minLevel)) {
    throw invalid(`${type.name}没有“${minLevel}”这一等级`, { qualificationMinLevel: ['请选择该资质类型的等级'] })
  }
}

export async function createServiceItem(actor: Actor, rawInput: z.input<typeof ServiceItemInput>) {
  const input = parse(actor, ServiceItemInput, rawInput)
  return change(
    actor,
    async (tx) => {
      await requireField(tx, input.fieldCode)
      await checkQualification(tx, input)
      if (await tx.serviceItem.findUnique({ where: { code: input.code } })) throw duplicateServiceItem()
      const row = await tx.serviceItem.create({ data: input })
      await audit(tx, { actor, entityType: 'ServiceItem', entityId: row.code, action: 'create', after: input })
      return row
    },
    duplicateServiceItem,
  )
}
const duplicateServiceItem = () => conflict('该中介服务事项编码已存在', { code: ['编码已被使用'] })

export async function updateServiceItem(actor: Actor, code: string, rawInput: z.input<typeof ServiceItemFields>) {
  const input = parse(actor, ServiceItemFields, rawInput)
  return change(actor, async (tx) => {
    const before = await tx.serviceItem.findUnique({ where: { code } })
    if (!before) throw notFound(`未找到编码为 ${code} 的中介服务事项`)
    await requireField(tx, input.fieldCode)
    await checkQualification(tx, input)
    const row = await tx.serviceItem.update({ where: { code }, data: input })
    await audit(tx, {
      actor,
      entityType: 'ServiceItem',
      entityId: code,
      action: 'update',
      before: pick(before, input),
      after: input,
    })
    return row
  })
}

export async function setServiceItemActive(actor: Actor, code: string, active: boolean) {
  return change(actor, async (tx) => {
    const before = await tx.serviceItem.findUnique({ where: { code } })
    if (!before) throw notFound(`未找到编码为 ${code} 的中介服务事项`)
    if (before.active === active) return before
    const row = await tx.serviceItem.update({ where: { code }, data: { active } })
    await audit(tx, {
      actor,
      entityType: 'ServiceItem',
      entityId: code,
      action: active ? 'activate' : 'deactivate',
      before: { active: before.active },
      after: { active },
    })
    return row
  })
}

/** Deletes a service item nothing refers to; otherwise 409 — deactivate it instead. */
export async function deleteServiceItem(actor: Actor, code: string) {
  return change(actor, async (tx) => {
    const before = await tx.serviceItem.findUnique({ where: { code } })
    if (!before) throw notFound(`未找到编码为 ${code} 的中介服务事项`)
    const [links, departments] = await Promise.all([
      tx.approvalServiceLink.count({ where: { serviceItemCode: code } }),
      tx.departmentServiceItem.count({ where: { serviceItemCode: code } }),
    ])
    if (links + departments > 0) throw conflict('该中介服务事项已被审批事项或主管部门引用，不能删除，请改为停用')
    await tx.serviceItem.delete({ where: { code } })
    await audit(tx, { actor, entityType: 'ServiceItem', entityId: code, action: 'delete', before })
  })
}

// ---------------------------------------------------------------- approval ⇄ service links

/** Adds the link "approval item needs service item", or updates its required flag and note (and reactivates it). */
export async function saveApprovalServiceLink(actor: Actor, rawInput: z.input<typeof LinkInput>) {
  const input = parse(actor, LinkInput, rawInput)
  return change(actor, async (tx) => {
    const [approval, service] = await Promise.all([
      tx.approvalItem.findUnique({ where: { code: input.approvalItemCode } }),
      tx.serviceItem.findUnique({ where: { code: input.serviceItemCode } }),
    ])
    if (!approval) throw notFound(`未找到编码为 ${input.approvalItemCode} 的行政审批事项`)
    if (!service || !service.active) {
      throw invalid('中介服务事项不存在或已停用', { serviceItemCode: ['请输入有效的中介服务事项编码'] })
    }
    const key = { approvalItemCode_serviceItemCode: { approvalItemCode: approval.code, serviceItemCode: service.code } }
    const before = await tx.approvalServiceLink.findUnique({ where: key })
    const data = { required: input.required, note: input.note, active: true }
    const row = before
      ? await tx.approvalServiceLink.update({ where: key, data })
      : await tx.approvalServiceLink.create({
          data: { approvalItemCode: approval.code, serviceItemCode: service.code, ...data },
        })
    await audit(tx, {
      actor,
      entityType: 'ApprovalServiceLink',
      entityId: `${approval.code}:${service.code}`,
      action: before ? 'update' : 'create',
      before: before ? { required: before.required, note: before.note, active: before.active } : undefined,
      after: data,
    })
    return row
  })
}

export async function setApprovalServiceLinkActive(
  actor: Actor,
  approvalItemCode: string,
  serviceItemCode: string,
  active: boolean,
) {
  return change(actor, async (tx) => {
    const key = { approvalItemCode_serviceItemCode: { approvalItemCode, serviceItemCode } }
    const before = await tx.approvalServiceLink.findUnique({ where: key })
    if (!before) throw notFound('未找到该审批事项与中介服务事项的关联')
    if (before.active === active) return before
    const row = await tx.approvalServiceLink.update({ where: key, data: { active } })
    await audit(tx, {
      actor,
      entityType: 'ApprovalServiceLink',
      entityId: `${approvalItemCode}:${serviceItemCode}`,
      action: active ? 'activate' : 'deactivate',
      before: { active: before.active },
      after: { active },
    })
    return row
  })
}

/** All links of an approval item, inactive ones included (for the admin page). */
export function listApprovalLinksForAdmin(approvalItemCode: string) {
  return prisma.approvalServiceLink.findMany({
    where: { approvalItemCode },
    orderBy: [{ active: 'desc' }, { required: 'desc' }, { serviceItemCode: 'asc' }],
    select: {
      required: true,
      note: true,
      active: true,
      serviceItem: { select: { code: true, name: true, active: true } },
    },
  })
}

// ---------------------------------------------------------------- qualification types and levels

const duplicateQualificationType = () => conflict('该资质类型编码已存在', { code: ['编码已被使用'] })

export async function createQualificationType(actor: Actor, rawInput: QualificationTypeInput) {
  const input = parse(actor, QualificationTypeInput, rawInput)
  if (new Set(input.levels).size !== input.levels.length)
    throw invalid('等级名称不能重复', { levels: ['等级名称不能重复'] })
  return change(
    actor,
    async (tx) => {
      if (await tx.qualificationType.findUnique({ where: { code: input.code } })) throw duplicateQualificationType()
      if (input.fieldCode) await requireField(tx, input.fieldCode)
      const { levels, ...type } = input
      const row = await tx.qualificationType.create({ data: type })
      if (levels.length) {
        await tx.qualificationLevel.createMany({
          data: levels.map((code, index) => ({ typeCode: row.code, code, rank: index + 1 })),
        })
      }
      await audit(tx, { actor, entityType: 'QualificationType', entityId: row.code, action: 'create', after: input })
      return row
    },
    duplicateQualificationType,
  )
}

export async function updateQualificationType(actor: Actor, code: string, rawInput: QualificationTypeFields) {
  const input = parse(actor, QualificationTypeFields, rawInput)
  return change(actor, async (tx) => {
    const before = await tx.qualificationType.findUnique({ where: { code } })
    if (!before) throw notFound(`未找到编码为 ${code} 的资质类型`)
    if (input.fieldCode) await requireField(tx, input.fieldCode)
    const row = await tx.qualificationType.update({ where: { code }, data: input })
    await audit(tx, {
      actor,
      entityType: 'QualificationType',
      entityId: code,
      action: 'update',
      before: pick(before, input),
      after: input,
    })
    return row
  })
}

/** Appends a level below the existing ones (the new level ranks lowest). */
export async function addQualificationLevel(actor: Actor, typeCode: string, rawLevel: string) {
  const level = parse(actor, LevelName, rawLevel)
  const duplicate = () => conflict(`该资质类型已有“${level}”等级`, { level: ['等级名称已存在'] })
  return change(
    actor,
    async (tx) => {
      const [type] = await tx.$queryRaw<
        Array<{ code: string }>
      >`SELECT code FROM QualificationType WHERE code = ${typeCode} FOR UPDATE`
      if (!type) throw notFound(`未找到编码为 ${typeCode} 的资质类型`)
      const levels = await tx.qualificationLevel.findMany({ where: { typeCode } })
      if (levels.some((l) => l.code === level)) throw duplicate()
      const rank = Math.max(0, ...levels.map((l) => l.rank)) + 1
      const row = await tx.qualificationLevel.create({ data: { typeCode, code: level, rank } })
      await audit(tx, {
        actor,
        entityType: 'QualificationType',
        entityId: typeCode,
        action: 'add-level',
        after: { level, rank },
      })
      return row
    },
    duplicate,
  )
}

export async function setQualificationTypeActive(actor: Actor, code: string, active: boolean) {
  return change(actor, async (tx) => {
    const before = await tx.qualificationType.findUnique({ where: { code } })
    if (!before) throw notFound(`未找到编码为 ${code} 的资质类型`)
    if (before.active === active) return before
    const row = await tx.qualificationType.update({ where: { code }, data: { active } })
    await audit(tx, {
      actor,
      entityType: 'QualificationType',
      entityId: code,
      action: active ? 'activate' : 'deactivate',
      before: { active: before.active },
      after: { active },
    })
    return row
  })
}

/** Deletes a qualification type (and its levels) that no service item requires; otherwise 409. */
export async function deleteQualificationType(actor: Actor, code: string) {
  return change(actor, async (tx) => {
    const before = await tx.qualificationType.findUnique({ where: { code }, include: { levels: true } })
    if (!before) throw notFound(`未找到编码为 ${code} 的资质类型`)
    const used = await tx.serviceItem.count({ where: { qualificationTypeCode: code } })
    if (used > 0) throw conflict('该资质类型已被中介服务事项引用，不能删除，请改为停用')
    await tx.qualificationLevel.deleteMany({ where: { typeCode: code } })
    await tx.qualificationType.delete({ where: { code } })
    await audit(tx, { actor, entityType: 'QualificationType', entityId: code, action: 'delete', before })
  })
}

/** The `before` image of the fields an update touches. */
function pick<T extends object>(row: T, fields: object): Partial<T> {
  return Object.fromEntries(Object.keys(fields).map((key) => [key, row[key as keyof T]])) as Partial<T>
}
