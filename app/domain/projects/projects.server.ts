// Projects (项目) of an owner and the approval walk: "approval item X → the service items it needs
// (required first) → announcements and contract status of each", so an owner sees what is still
// missing before the approval can be filed. The owner's members see their projects; a department
// sees the projects that involve its approval items or supervised service items in its region; the
// platform admin sees all.
import { prisma, type Tx } from '#app/db.server.ts'
import { audit } from '#app/domain/audit/audit.server.ts'
import { regionPrefix } from '#app/domain/catalogue/regions.ts'
import { forbidden, invalid, notFound } from '#app/domain/errors.ts'
import {
  can,
  requirePermission,
  type Actor,
  type Permission,
  type Scope,
} from '#app/domain/permissions/permissions.server.ts'
import type { Prisma } from '#app/generated/prisma/client.ts'
import type { AnnouncementStatus, Funding } from '#app/generated/prisma/enums.ts'
import { z } from '#app/utils/zod.ts'
import type { Pagination } from '#app/utils/zod.ts'
import { approvalScopeOf, type ApprovalScope } from '#app/domain/integration/approval-systems.server.ts'

export const CREATE_PROJECT = 'create:project' satisfies Permission
export const READ_PROJECT = 'read:project' satisfies Permission

export const ProjectInput = z.strictObject({
  name: z.string().trim().min(2, '项目名称至少 2 个字').max(200, '项目名称最多 200 个字'),
  regionCode: z
    .string()
    .trim()
    .regex(/^\d{6}$/, '请选择项目所在行政区划'),
  funding: z.enum(['PUBLIC', 'SELF'], { error: '请选择资金来源（财政资金或自有资金）' }),
  investmentCode: z
    .string()
    .trim()
    .max(64, '投资项目代码最多 64 个字符')
    .regex(/^[0-9A-Za-z-]*$/, '投资项目代码只能包含数字、字母和连字符')
    .optional()
    .transform((v) => (v ? v : undefined)),
  description: z.string().trim().max(5000, '项目简介最多 5000 个字').optional(),
  approvalItemCodes: z
    .array(z.string().trim().min(1).max(32))
    .min(1, '请至少选择一个拟申请的审批事项')
    .max(50, '审批事项最多 50 个')
    .refine((codes) => new Set(codes).size === codes.length, '审批事项不能重复'),
})
export type ProjectInput = z.infer<typeof ProjectInput>

export async function createProject(actor: Actor, input: ProjectInput): Promise<{ id: string }> {
  requirePermission(actor, CREATE_PROJECT, { organizationId: actor.organizationId }, '仅项目业主可以创建项目')
  return prisma.$transaction(async (tx) => {
    const region = await tx.region.findUnique({ where: { code: input.regionCode }, select: { code: true } })
    if (!region) throw invalid('行政区划不存在', { regionCode: ['行政区划不存在'] })
    const items = await tx.approvalItem.findMany({
      where: { code: { in: input.approvalItemCodes }, active: true },
      select: { code: true },
    })
    const missing = input.approvalItemCodes.filter((code) => !items.some((i) => i.code === code))
    if (missing.length > 0)
      throw invalid(`审批事项不存在或已停用：${missing.join('、')}`, {
        approvalItemCodes: [`不存在或已停用：${missing.join('、')}`],
      })
    const project = await tx.project.create({
      data: {
        ownerOrganizationId: actor.organizationId,
        name: input.name,
        regionCode: input.regionCode,
        funding: input.funding,
        investmentCode: input.investmentCode ?? null,
        description: input.description || null,
        createdByUserId: actor.userId,
        approvalItems: { create: input.approvalItemCodes.map((approvalItemCode) => ({ approvalItemCode })) },
      },
    })
    await audit(tx, { actor, entityType: 'Project', entityId: project.id, action: 'create', after: input })
    return { id: project.id }
  })
}

/**
 * The permission resource of a project: its owner, region, every service item it involves and the
 * fields of the approval items it applies for (a department of such a field sees it too).
 */
async function projectResource(db: Tx | typeof prisma, projectId: string) {
  const project = await db.project.findUnique({
    where: { id: projectId },
    select: {
      id: true,
      ownerOrganizationId: true,
      regionCode: true,
      approvalItems: {
        select: { approvalItem: { select: { fieldCode: true, serviceLinks: { select: { serviceItemCode: true } } } } },
      },
      announcements: { select: { serviceItemCode: true } },
    },
  })
  if (!project) return null
  const serviceItemCodes = new Set<string>(project.announcements.map((a) => a.serviceItemCode))
  for (const { approvalItem } of project.approvalItems)
    for (const link of approvalItem.serviceLinks) serviceItemCodes.add(link.serviceItemCode)
  return {
    organizationId: project.ownerOrganizationId,
    regionCode: project.regionCode,
    serviceItemCodes: [...serviceItemCodes],
    fieldCodes: project.approvalItems.map((p) => p.approvalItem.fieldCode),
  }
}

/** Whether a project falls in an approval system's scope: its regions, and its departments' fields. */
function inApprovalScope(
  scope: ApprovalScope,
  resource: { regionCode: string; fieldCodes: readonly string[] },
): boolean {
  return (
    scope.regionCodes.some((code) => resource.regionCode.startsWith(regionPrefix(code))) &&
    (scope.fieldCodes === null || resource.fieldCodes.some((f) => scope.fieldCodes!.includes(f)))
  )
}

/** Loads a project the actor may see (404 otherwise, so that ids are not confirmed to strangers). */
export async function requireVisibleProject(actor: Actor | null, projectId: string, db: Tx | typeof prisma = prisma) {
  const resource = await projectResource(db, projectId)
  // An approval system reads the projects of its scope (its regions and departments).
  const visible =
    resource !== null &&
    (actor?.organizationType === 'APPROVAL_SYSTEM'
      ? inApprovalScope(await approvalScopeOf(actor.organizationId), resource)
      : can(actor, READ_PROJECT, resource))
  if (!resource || !visible) throw notFound('未找到该项目')
  return resource
}

/**
 * The Prisma filter of the projects an actor may list, and the scope it was granted by: `own` for an
 * owner's members (their projects), `field` for a department, `any` for the platform admin.
 */
async function visibleProjects(actor: Actor): Promise<{ scope: Scope; where: Prisma.ProjectWhereInput }> {
  if (actor.permissions.has('read:project:any')) return { scope: 'any', where: {} }
  if (actor.organizationType === 'APPROVAL_SYSTEM' && actor.permissions.has('read:project:field')) {
    const scope = await approvalScopeOf(actor.organizationId)
    return {
      scope: 'field',
      where: {
        OR: scope.regionCodes.map((code) => ({ regionCode: { startsWith: regionPrefix(code) } })),
        ...(scope.fieldCodes === null
          ? {}
          : { approvalItems: { some: { approvalItem: { fieldCode: { in: scope.fieldCodes } } } } }),
      },
    }
  }
  if (actor.permissions.has('read:project:field') && actor.department) {
    const { fieldCode, serviceItemCodes, regionCode } = actor.department
    return {
      scope: 'field',
      where: {
        regionCode: { startsWith: regionPrefix(regionCode) },
        OR: [
          { approvalItems: { some: { approvalItem: { fieldCode } } } },
          {
            approvalItems: {
              some: { approvalItem: { serviceLinks: { some: { serviceItemCode: { in: serviceItemCodes } } } } },
            },
          },
          { announcements: { some: { serviceItemCode: { in: serviceItemCodes } } } },
        ],
      },
    }
  }
  if (actor.permissions.has('read:project:own'))
    return { scope: 'own', where: { ownerOrganizationId: actor.organizationId } }
  throw forbidden('您无权查看项目')
}

const projectSelect = {
  id: true,
  name: true,
  investmentCode: true,
  regionCode: true,
  region: { select: { name: true } },
  description: true,
  funding: true,
  createdAt: true,
  ownerOrganization: { select: { id: true, name: true } },
  approvalItems: {
    orderBy: { approvalItemCode: 'asc' },
    select: { approvalItem: { select: { code: true, name: true, department: true } } },
  },
} satisfies Prisma.ProjectSelect

export type ProjectView = {
  id: string
  name: string
  investmentCode: string | null
  regionCode: string
  regionName: string
  description: string | null
  funding: Funding
  owner: { id: string; name: string }
  approvalItems: Array<{ code: string; name: string; department: string }>
  createdAt: string
}

function view(p: Prisma.ProjectGetPayload<{ select: typeof projectSelect }>): ProjectView {
  return {
    id: p.id,
    name: p.name,
    investmentCode: p.investmentCode,
    regionCode: p.regionCode,
    regionName: p.region.name,
    description: p.description,
    funding: p.funding,
    owner: p.ownerOrganization,
    approvalItems: p.approvalItems.map((a) => a.approvalItem),
    createdAt: p.createdAt.toISOString(),
  }
}

export async function getProject(actor: Actor | null, projectId: string): Promise<ProjectView> {
  await requireVisibleProject(actor, projectId)
  return view(await prisma.project.findUniqueOrThrow({ where: { id: projectId }, select: projectSelect }))
}

/** The projects the actor may see (`scope` says which: its own, its field's or all), newest first. */
export async function listProjects(
  actor: Actor,
  options: Pagination & { q?: string; investmentCode?: string },
): Promise<{ items: ProjectView[]; total: number; scope: Scope }> {
  const visible = await visibleProjects(actor)
  const where: Prisma.ProjectWhereInput = {
    AND: [
      visible.where,
      options.q ? { OR: [{ name: { contains: options.q } }, { investmentCode: { contains: options.q } }] } : {},
      // 投资项目代码: the exact code an approval case carries
      options.investmentCode ? { investmentCode: options.investmentCode } : {},
    ],
  }
  const [rows, total] = await Promise.all([
    prisma.project.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: (options.page - 1) * options.pageSize,
      take: options.pageSize,
      select: projectSelect,
    }),
    prisma.project.count({ where }),
  ])
  return { items: rows.map(view), total, scope: visible.scope }
}

export type ServiceNeed = {
  serviceItemCode: string
  serviceItemName: string
  required: boolean
  note: string | null
  announcements: Array<{ id: string; status: AnnouncementStatus; title: string; method: string }>
  /** The contract of this service (the contracts issue fills it in). */
  contract: null | { id: string; status: string; dueAt: string | null; acceptedAt: string | null }
  /** For an approval case: the service is done and its result accepted (an accepted contract). */
  accepted: boolean
  /** The accepted result files (成果文件) with their SHA-256, for the approval system to check. */
  acceptedResultFiles: Array<{ title: string; sha256: string; size: number }>
  /** Whether this need is covered: an announcement on its way or awarded. */
  covered: boolean
}

const ACTIVE_STATES: readonly AnnouncementStatus[] = ['DRAFT', 'PUBLISHED', 'EVALUATING', 'PUBLICITY', 'AWARDED']

/** The approval walk: the service items an approval item of the project needs, required first. */
export async function approvalWalk(
  actor: Actor | null,
  projectId: string,
  approvalItemCode: string,
): Promise<ServiceNeed[]> {
  const project = await requireVisibleProject(actor, projectId)
  const applied = await prisma.projectApprovalItem.findUnique({
    where: { projectId_approvalItemCode: { projectId, approvalItemCode } },
  })
  if (!applied) throw notFound('该项目未申请此审批事项')
  const links = await prisma.approvalServiceLink.findMany({
    where: { approvalItemCode, active: true },
    orderBy: [{ required: 'desc' }, { serviceItemCode: 'asc' }],
    select: { required: true, note: true, serviceItem: { select: { code: true, name: true } } },
  })
  const isOwner = can(actor, 'manage:announcement', { organizationId: project.organizationId })
  const announcements = await prisma.announcement.findMany({
    where: {
      projectId,
      approvalItemCode,
      // Drafts are the owner's working papers.
      ...(isOwner ? {} : { status: { not: 'DRAFT' } }),
    },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { id: true, status: true, title: true, method: true, serviceItemCode: true },
  })
  return links.map((link) => {
    const own = announcements.filter((a) => a.serviceItemCode === link.serviceItem.code)
    return {
      serviceItemCode: link.serviceItem.code,
      serviceItemName: link.serviceItem.name,
      required: link.required,
      note: link.note,
      announcements: own.map(({ id, status, title, method }) => ({ id, status, title, method })),
      contract: null,
      // Contracts (a later issue) fill these in from the accepted contract and its deliverables.
      accepted: false,
      acceptedResultFiles: [],
      covered: own.some((a) => ACTIVE_STATES.includes(a.status) && a.status !== 'DRAFT'),
    }
  })
}
