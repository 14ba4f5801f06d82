// Reading the catalogue: approval items, service items, the links between them, regions and
// qualification types. Public lists show active items only and are sorted by code; any item stays
// resolvable by its code after it is deactivated (the detail says active: false, shown as 已停用).
import { prisma } from '#app/db.server.ts'
import { notFound } from '#app/domain/errors.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
import type { ApprovalItemKind, FeeBasis } from '#app/generated/prisma/enums.ts'
import { containsPattern, LIKE_ESCAPE, normalizeQuery } from '#app/domain/catalogue/like.ts'
import type { Pagination } from '#app/utils/zod.ts'

export type ListOptions = Pagination & { q?: string; includeInactive?: boolean }
export type Paged<T> = { items: T[]; total: number }

export type QualificationRequirement = { typeCode: string; typeName: string; minLevel: string } | null


const offset = ({ page, pageSize }: Pagination) => (page - 1) * pageSize

/**
 * The codes of one page of a catalogue table matching `q` (substring of name or code) and the
 * total count. Raw SQL so that LIKE wildcards typed by the user are escaped and match literally.
 */
async function searchCodes(
  table: 'ApprovalItem' | 'ServiceItem',
  options: ListOptions,
): Promise<{ codes: string[]; total: number }> {
  const q = normalizeQuery(options.q)
  const conditions: Prisma.Sql[] = []
  if (!options.includeInactive) conditions.push(Prisma.sql`active = 1`)
  if (q) {
    const pattern = containsPattern(q)
    const escape = Prisma.raw(`'${LIKE_ESCAPE}'`)
    conditions.push(Prisma.sql`(name LIKE ${pattern} ESCAPE ${escape} OR code LIKE ${pattern} ESCAPE ${escape})`)
  }
  const where = conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, ' AND ')}` : Prisma.empty
  const from = Prisma.raw(`\`${table}\``)
  const [counted] = await prisma.$queryRaw<
    Array<{ total: bigint | number }>
  >`SELECT COUNT(*) AS total FROM ${from} ${where}`
  const rows = await prisma.$queryRaw<Array<{ code: string }>>`
    SELECT code FROM ${from} ${where} ORDER BY code LIMIT ${options.pageSize} OFFSET ${offset(options)}`
  return { codes: rows.map((r) => r.code), total: Number(counted?.total ?? 0) }
}

function inOrder<T extends { code: string }>(codes: string[], rows: T[]): T[] {
  const byCode = new Map(rows.map((row) => [row.code, row]))
  return codes.flatMap((code) => byCode.get(code) ?? [])
}

function requirementOf(item: {
  qualificationTypeCode: string | null
  qualificationMinLevel: string | null
  qualificationType: { name: string } | null
}): QualificationRequirement {
  if (!item.qualificationTypeCode || !item.qualificationMinLevel) return null
  return {
    typeCode: item.qualificationTypeCode,
    typeName: item.qualificationType?.name ?? '',
    minLevel: item.qualificationMinLevel,
  }
}

// ---------------------------------------------------------------- approval items

export type ApprovalItemSummary = {
  code: string
  name: string
  department: string
  kind: ApprovalItemKind
  fieldCode: string
  active: boolean
}

const approvalSummarySelect = {
  code: true,
  name: true,
  department: true,
  kind: true,
  fieldCode: true,
  active: true,
} as const

export async function listApprovalItems(options: ListOptions): Promise<Paged<ApprovalItemSummary>> {
  const { codes, total } = await searchCodes('ApprovalItem', options)
  const rows = codes.length
    ? await prisma.approvalItem.findMany({ where: { code: { in: codes } }, select: approvalSummarySelect })
    : []
  return { items: inOrder(codes, rows), total }
}

export type ApprovalItemDetail = ApprovalItemSummary & {
  legalBasis: string
  fieldName: string
  serviceItems: Array<{ code: string; name: string; required: boolean; note: string | null; active: boolean }>
}

/** An approval item with the service items it needs (required ones first); 404 when unknown. */
export async function getApprovalItem(code: string): Promise<ApprovalItemDetail> {
  const row = await prisma.approvalItem.findUnique({
    where: { code },
    select: {
      ...approvalSummarySelect,
      legalBasis: true,
      field: { select: { name: true } },
      serviceLinks: {
        where: { active: true },
        orderBy: [{ required: 'desc' }, { serviceItemCode: 'asc' }],
        select: { required: true, note: true, serviceItem: { select: { code: true, name: true, active: true } } },
      },
    },
  })
  if (!row) throw notFound(`未找到编码为 ${code} 的行政审批事项`)
  const { field, serviceLinks, ...item } = row
  return {
    ...item,
    fieldName: field.name,
    serviceItems: serviceLinks.map((link) => ({ ...link.serviceItem, required: link.required, note: link.note })),
  }
}

// ---------------------------------------------------------------- service items

export type ServiceItemSummary = {
  code: string
  name: string
  department: string
  fieldCode: string
  qualification: QualificationRequirement
  active: boolean
}

const serviceSummarySelect = {
  code: true,
  name: true,
  department: true,
  fieldCode: true,
  active: true,
  qualificationTypeCode: true,
  qualificationMinLevel: true,
  qualificationType: { select: { name: true } },
} as const

export async function listServiceItems(options: ListOptions): Promise<Paged<ServiceItemSummary>> {
  const { codes, total } = await searchCodes('ServiceItem', options)
  const rows = codes.length
    ? await prisma.serviceItem.findMany({ where: { code: { in: codes } }, select: serviceSummarySelect })
    : []
  const items = inOrder(codes, rows).map(
    ({ qualificationTypeCode, qualificationMinLevel, qualificationType, ...item }) => ({
      ...item,
      qualification: requirementOf({ qualificationTypeCode, qualificationMinLevel, qualificationType }),
    }),
  )
  return { items, total }
}

export type ServiceItemDetail = ServiceItemSummary & {
  legalBasis: string
  fieldName: string
  feeBasis: FeeBasis
  standardDays: number
  approvalItems: Array<{ code: string; name: string; required: boolean; note: string | null; active: boolean }>
}

/** A service item with the approval items that need it (required first); 404 when unknown. */
export async function getServiceItem(code: string): Promise<ServiceItemDetail> {
  const row = await prisma.serviceItem.findUnique({
    where: { code },
    select: {
      ...serviceSummarySelect,
      legalBasis: true,
      feeBasis: true,
      standardDays: true,
      field: { select: { name: true } },
      approvalLinks: {
        where: { active: true },
        orderBy: [{ required: 'desc' }, { approvalItemCode: 'asc' }],
        select: { required: true, note: true, approvalItem: { select: { code: true, name: true, active: true } } },
      },
    },
  })
  if (!row) throw notFound(`未找到编码为 ${code} 的中介服务事项`)
  const { field, approvalLinks, qualificationTypeCode, qualificationMinLevel, qualificationType, ...item } = row
  return {
    ...item,
    fieldName: field.name,
    qualification: requirementOf({ qualificationTypeCode, qualificationMinLevel, qualificationType }),
    approvalItems: approvalLinks.map((link) => ({ ...link.approvalItem, required: link.required, note: link.note })),
  }
}

// ---------------------------------------------------------------- fields, qualifications, regions

export function listFields() {
  return prisma.field.findMany({ orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }], select: { code: true, name: true } })
}

export type QualificationTypeRow = {
  code: string
  name: string
  issuingAuthority: string
  /** The field whose departments verify qualifications of this type (null: the platform admin only). */
  fieldCode: string | null
  active: boolean
  levels: Array<{ code: string; rank: number }>
}

export function listQualificationTypes(options: { includeInactive?: boolean } = {}): Promise<QualificationTypeRow[]> {
  return prisma.qualificationType.findMany({
    where: options.includeInactive ? {} : { active: true },
    orderBy: { code: 'asc' },
    select: {
      code: true,
      name: true,
      issuingAuthority: true,
      fieldCode: true,
      active: true,
      levels: { orderBy: { rank: 'asc' }, select: { code: true, rank: true } },
    },
  })
}

export type RegionRow = { code: string; name: string; level: number; parentCode: string | null }

/** The children of `parent` (the provinces when no parent is given), sorted by code. */
export async function listRegions(options: Pagination & { parent?: string }): Promise<Paged<RegionRow>> {
  const where = { parentCode: options.parent ?? null }
  const [items, total] = await Promise.all([
    prisma.region.findMany({
      where,
      orderBy: { code: 'asc' },
      skip: offset(options),
      take: options.pageSize,
      select: { code: true, name: true, level: true, parentCode: true },
    }),
    prisma.region.count({ where }),
  ])
  return { items, total }
}

export function getRegion(code: string) {
  return prisma.region.findUnique({
    where: { code },
    select: { code: true, name: true, level: true, parentCode: true },
  })
}

/** Every active service item as a choice for admin forms (code order). */
export function listServiceItemChoices() {
  return prisma.serviceItem.findMany({
    where: { active: true },
    orderBy: { code: 'asc' },
    select: { code: true, name: true, fieldCode: true },
  })
}
