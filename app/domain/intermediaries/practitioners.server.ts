// 执业人员: the practitioners an intermediary shows on its public profile (name, certificate number,
// title/specialty). Added, edited and deactivated by the intermediary itself; never deleted.
import { prisma } from '#app/db.server.ts'
import { audit } from '#app/domain/audit/audit.server.ts'
import { invalid, notFound } from '#app/domain/errors.ts'
import { requireOwnIntermediary } from '#app/domain/intermediaries/access.server.ts'
import { PractitionerInput, PractitionerUpdate } from '#app/domain/intermediaries/entry-schemas.ts'
import { enqueueSearchSync } from '#app/domain/intermediaries/search-sync.server.ts'
import type { Actor } from '#app/domain/permissions/permissions.server.ts'
import { fieldErrorsOf, type z } from '#app/utils/zod.ts'
import { UPDATE_PROFILE } from '#app/domain/intermediaries/entry.server.ts'

const select = {
  id: true,
  name: true,
  certificateNo: true,
  title: true,
  specialty: true,
  active: true,
  updatedAt: true,
} as const

export type PractitionerView = {
  id: string
  name: string
  certificateNo: string
  title: string
  specialty: string | null
  active: boolean
  updatedAt: string
}

const toView = (row: Omit<PractitionerView, 'updatedAt'> & { updatedAt: Date }): PractitionerView => ({
  ...row,
  updatedAt: row.updatedAt.toISOString(),
})

function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input)
  if (!result.success) throw invalid('提交的内容未通过校验', fieldErrorsOf(result.error))
  return result.data
}

export async function listPractitioners(actor: Actor): Promise<PractitionerView[]> {
  const organizationId = requireOwnIntermediary(actor, 'read:profile')
  const rows = await prisma.practitioner.findMany({
    where: { organizationId },
    orderBy: [{ active: 'desc' }, { createdAt: 'asc' }, { id: 'asc' }],
    select,
  })
  return rows.map(toView)
}

export async function addPractitioner(actor: Actor, rawInput: PractitionerInput): Promise<PractitionerView> {
  const organizationId = requireOwnIntermediary(actor, UPDATE_PROFILE)
  const input = parse(PractitionerInput, rawInput)
  return prisma.$transaction(async (tx) => {
    const row = await tx.practitioner.create({
      data: { organizationId, ...input, specialty: input.specialty ?? null },
      select,
    })
    await audit(tx, { actor, entityType: 'Practitioner', entityId: row.id, action: 'create', after: input })
    await enqueueSearchSync(tx, organizationId)
    return toView(row)
  })
}

/** Edits (or deactivates / reactivates with `active`) one of the acting intermediary's practitioners. */
export async function updatePractitioner(
  actor: Actor,
  id: string,
  rawInput: PractitionerUpdate,
): Promise<PractitionerView> {
  const organizationId = requireOwnIntermediary(actor, UPDATE_PROFILE)
  const input = parse(PractitionerUpdate, rawInput)
  return prisma.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<Array<{ organizationId: string }>>`
      SELECT organizationId FROM Practitioner WHERE id = ${id} FOR UPDATE`
    if (!locked || locked.organizationId !== organizationId) throw notFound('未找到该执业人员')
    const before = await tx.practitioner.findUniqueOrThrow({ where: { id }, select })
    const data = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined))
    const row = await tx.practitioner.update({ where: { id }, data, select })
    const { updatedAt: _b, ...beforeFields } = before
    const { updatedAt: _a, ...afterFields } = row
    await audit(tx, {
      actor,
      entityType: 'Practitioner',
      entityId: id,
      action: input.active === false && before.active ? 'deactivate' : 'update',
      before: beforeFields,
      after: afterFields,
    })
    await enqueueSearchSync(tx, organizationId)
    return toView(row)
  })
}
