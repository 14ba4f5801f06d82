// Zero-threshold entry (零门槛、零限制入驻): an intermediary picks the service items it offers,
// accepts the credit commitment letter and is listed at once — no approval step, no fee, capital,
// headcount, age or local-registration condition. It edits its profile and its service commitments
// at any time. Every change is one transaction with its audit entry and a search-sync outbox row.
import { prisma, type Tx } from '#app/db.server.ts'
import { audit } from '#app/domain/audit/audit.server.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import { invalid } from '#app/domain/errors.ts'
import { requireOwnIntermediary } from '#app/domain/intermediaries/access.server.ts'
import { COMMITMENT_LETTER_VERSION } from '#app/domain/intermediaries/commitment-letter.ts'
import {
  type CommitmentInput,
  CommitmentsInput,
  EntryInput,
  ProfileInput,
} from '#app/domain/intermediaries/entry-schemas.ts'
import { enqueueSearchSync } from '#app/domain/intermediaries/search-sync.server.ts'
import type { Actor } from '#app/domain/permissions/permissions.server.ts'
import { fieldErrorsOf, type z } from '#app/utils/zod.ts'

export const UPDATE_PROFILE = 'update:profile'

function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input)
  if (!result.success) throw invalid('提交的内容未通过校验', fieldErrorsOf(result.error))
  return result.data
}

type Commitment = { serviceItemCode: string; promisedDays: number; feeStandard: string; feeBasisNote: string | null }

export type EntryView = {
  id: string
  name: string
  status: string
  serviceItemCodes: string[]
  commitments: Commitment[]
  commitment: { version: string; acceptedAt: string; acceptedByUserId: string | null } | null
  listedAt: string | null
  updatedAt: string | null
}

/** The acting intermediary's entry: offered services, commitments, acceptance, listing. */
export async function getEntry(actor: Actor): Promise<EntryView> {
  const organizationId = requireOwnIntermediary(actor, 'read:profile')
  return entryView(prisma, organizationId)
}

async function entryView(db: Tx | typeof prisma, organizationId: string): Promise<EntryView> {
  const organization = await db.organization.findUniqueOrThrow({
    where: { id: organizationId },
    select: {
      id: true,
      name: true,
      status: true,
      updatedAt: true,
      intermediaryProfile: true,
      offeredServices: { orderBy: { serviceItemCode: 'asc' }, select: { serviceItemCode: true } },
      serviceCommitments: {
        orderBy: { serviceItemCode: 'asc' },
        select: { serviceItemCode: true, promisedDays: true, feeStandard: true, feeBasisNote: true },
      },
    },
  })
  const profile = organization.intermediaryProfile
  const updated = [organization.updatedAt, profile?.updatedAt].filter((d): d is Date => !!d)
  return {
    id: organization.id,
    name: organization.name,
    status: organization.status,
    serviceItemCodes: organization.offeredServices.map((s) => s.serviceItemCode),
    commitments: organization.serviceCommitments,
    commitment:
      profile?.commitmentVersion && profile.commitmentAcceptedAt
        ? {
            version: profile.commitmentVersion,
            acceptedAt: profile.commitmentAcceptedAt.toISOString(),
            acceptedByUserId: profile.commitmentAcceptedByUserId,
          }
        : null,
    listedAt: profile?.listedAt?.toISOString() ?? null,
    updatedAt: updated.length ? new Date(Math.max(...updated.map((d) => d.getTime()))).toISOString() : null,
  }
}

/** Locks the organization row so that concurrent edits of one entry apply one after the other. */
async function lockOrganization(tx: Tx, organizationId: string) {
  await tx.$queryRaw`SELECT id FROM Organization WHERE id = ${organizationId} FOR UPDATE`
}

/** Field errors of commitments that name a service item the intermediary does not offer, or twice. */
function commitmentErrors(
  commitments: Array<{ serviceItemCode: string }>,
  offered: ReadonlySet<string>,
  path = 'commitments',
) {
  const errors: Record<string, string[]> = {}
  const seen = new Set<string>()
  commitments.forEach((c, index) => {
    if (!offered.has(c.serviceItemCode)) {
      errors[`${path}.${index}.serviceItemCode`] = [`只能为本机构提供的服务事项作出承诺：${c.serviceItemCode}`]
    } else if (seen.has(c.serviceItemCode)) {
      errors[`${path}.${index}.serviceItemCode`] = [`同一服务事项只能有一项承诺：${c.serviceItemCode}`]
    }
    seen.add(c.serviceItemCode)
  })
  return errors
}

async function replaceCommitments(tx: Tx, organizationId: string, commitments: Commitment[]) {
  await tx.serviceCommitment.deleteMany({ where: { organizationId } })
  if (commitments.length) {
    await tx.serviceCommitment.createMany({ data: commitments.map((c) => ({ organizationId, ...c })) })
  }
}

const normalizeCommitments = (list: Array<z.infer<typeof CommitmentInput>>): Commitment[] =>
  list.map((c) => ({
    serviceItemCode: c.serviceItemCode,
    promisedDays: c.promisedDays,
    feeStandard: c.feeStandard,
    feeBasisNote: c.feeBasisNote ?? null,
  }))

/**
 * PUT /api/v1/intermediaries/me: replaces the offered service items (and the commitments, when
 * given; otherwise keeps those of items still offered), records the acceptance of the credit
 * commitment letter and lists the intermediary at once on its first entry.
 */
export async function saveEntry(actor: Actor, rawInput: EntryInput): Promise<EntryView> {
  const organizationId = requireOwnIntermediary(actor, UPDATE_PROFILE)
  const input = parse(EntryInput, rawInput)
  const serviceItemCodes = [...new Set(input.serviceItemCodes)]
  const errors: Record<string, string[]> = {}
  if (input.commitmentAccepted !== true) errors.commitmentAccepted = ['须阅读并接受信用承诺书']
  Object.assign(errors, commitmentErrors(input.commitments ?? [], new Set(serviceItemCodes)))

  return prisma.$transaction(async (tx) => {
    const items = await tx.serviceItem.findMany({
      where: { code: { in: serviceItemCodes }, active: true },
      select: { code: true },
    })
    const known = new Set(items.map((i) => i.code))
    const unknown = serviceItemCodes.filter((code) => !known.has(code))
    if (unknown.length) errors.serviceItemCodes = [`中介服务事项不存在或已停用：${unknown.join('、')}`]
    if (Object.keys(errors).length) {
      throw invalid(errors.commitmentAccepted ? '须阅读并接受信用承诺书后才能入驻' : '提交的内容未通过校验', errors)
    }

    await lockOrganization(tx, organizationId)
    const before = await entryView(tx, organizationId)
    const at = now()
    await tx.offeredService.deleteMany({ where: { organizationId, serviceItemCode: { notIn: serviceItemCodes } } })
    await tx.offeredService.createMany({
      data: serviceItemCodes.map((serviceItemCode) => ({ organizationId, serviceItemCode })),
      skipDuplicates: true,
    })
    const commitments = input.commitments
      ? normalizeCommitments(input.commitments)
      : before.commitments.filter((c) => known.has(c.serviceItemCode))
    await replaceCommitments(tx, organizationId, commitments)
    const acceptance = {
      commitmentVersion: COMMITMENT_LETTER_VERSION,
      commitmentAcceptedAt: at,
      commitmentAcceptedByUserId: actor.userId,
    }
    await tx.intermediaryProfile.upsert({
      where: { organizationId },
      create: { organizationId, ...acceptance, listedAt: at },
      update: { ...acceptance, listedAt: before.listedAt ? undefined : at },
    })
    const after = await entryView(tx, organizationId)
    await audit(tx, {
      actor,
      entityType: 'IntermediaryProfile',
      entityId: organizationId,
      action: before.listedAt ? 'update-entry' : 'enter',
      before: before.listedAt ? pickEntry(before) : null,
      after: pickEntry(after),
    })
    await enqueueSearchSync(tx, organizationId)
    return after
  })
}

const pickEntry = (e: EntryView) => ({
  serviceItemCodes: e.serviceItemCodes,
  commitments: e.commitments,
  commitment: e.commitment,
  listedAt: e.listedAt,
})

/** PUT /api/v1/intermediaries/me/commitments: replaces the service commitments only. */
export async function saveCommitments(actor: Actor, rawInput: CommitmentsInput): Promise<EntryView> {
  const organizationId = requireOwnIntermediary(actor, UPDATE_PROFILE)
  const input = parse(CommitmentsInput, rawInput)
  return prisma.$transaction(async (tx) => {
    await lockOrganization(tx, organizationId)
    const before = await entryView(tx, organizationId)
    const errors = commitmentErrors(input.commitments, new Set(before.serviceItemCodes))
    if (Object.keys(errors).length) throw invalid('只能为本机构提供的服务事项作出承诺', errors)
    await replaceCommitments(tx, organizationId, normalizeCommitments(input.commitments))
    const after = await entryView(tx, organizationId)
    await audit(tx, {
      actor,
      entityType: 'IntermediaryProfile',
      entityId: organizationId,
      action: 'update-commitments',
      before: { commitments: before.commitments },
      after: { commitments: after.commitments },
    })
    await enqueueSearchSync(tx, organizationId)
    return after
  })
}

export type ProfileView = {
  id: string
  name: string
  uscc: string
  shortName: string | null
  introduction: string | null
  address: string | null
  contactName: string | null
  contactPhone: string | null
  regionCode: string
  website: string | null
  contactEmail: string | null
  updatedAt: string
}

async function profileView(db: Tx | typeof prisma, organizationId: string): Promise<ProfileView> {
  const o = await db.organization.findUniqueOrThrow({
    where: { id: organizationId },
    select: {
      id: true,
      name: true,
      uscc: true,
      address: true,
      contactName: true,
      contactPhone: true,
      regionCode: true,
      updatedAt: true,
      intermediaryProfile: {
        select: { shortName: true, introduction: true, website: true, contactEmail: true, updatedAt: true },
      },
    },
  })
  const p = o.intermediaryProfile
  const updatedAt = p && p.updatedAt > o.updatedAt ? p.updatedAt : o.updatedAt
  return {
    id: o.id,
    name: o.name,
    uscc: o.uscc,
    shortName: p?.shortName ?? null,
    introduction: p?.introduction ?? null,
    address: o.address,
    contactName: o.contactName,
    contactPhone: o.contactPhone,
    regionCode: o.regionCode,
    website: p?.website ?? null,
    contactEmail: p?.contactEmail ?? null,
    updatedAt: updatedAt.toISOString(),
  }
}

/** The acting intermediary's editable profile. */
export async function getProfile(actor: Actor): Promise<ProfileView> {
  return profileView(prisma, requireOwnIntermediary(actor, 'read:profile'))
}

/** Edits the profile (introduction, address, contacts, region, website); audited with before/after. */
export async function updateProfile(actor: Actor, rawInput: ProfileInput): Promise<ProfileView> {
  const organizationId = requireOwnIntermediary(actor, UPDATE_PROFILE)
  const input = parse(ProfileInput, rawInput)
  return prisma.$transaction(async (tx) => {
    const region = await tx.region.findUnique({ where: { code: input.regionCode }, select: { code: true } })
    if (!region) throw invalid('行政区划代码不存在', { regionCode: ['请选择有效的所在地区'] })
    await lockOrganization(tx, organizationId)
    const before = await profileView(tx, organizationId)
    const organizationFields = {
      address: input.address ?? null,
      contactName: input.contactName ?? null,
      contactPhone: input.contactPhone ?? null,
      regionCode: input.regionCode,
    }
    const profileFields = {
      shortName: input.shortName ?? null,
      introduction: input.introduction ?? null,
      website: input.website ?? null,
      contactEmail: input.contactEmail ?? null,
    }
    await tx.organization.update({ where: { id: organizationId }, data: organizationFields })
    await tx.intermediaryProfile.upsert({
      where: { organizationId },
      create: { organizationId, ...profileFields },
      update: profileFields,
    })
    const after = await profileView(tx, organizationId)
    const { updatedAt: _b, ...beforeFields } = before
    const { updatedAt: _a, ...afterFields } = after
    await audit(tx, {
      actor,
      entityType: 'IntermediaryProfile',
      entityId: organizationId,
      action: 'update-profile',
      before: beforeFields,
      after: afterFields,
    })
    await enqueueSearchSync(tx, organizationId)
    return after
  })
}

export type FieldServices = {
  code: string
  name: string
  serviceItems: Array<{ code: string; name: string; standardDays: number }>
}

/** The active service items grouped by field (领域), for the entry wizard. */
export async function serviceItemsByField(): Promise<FieldServices[]> {
  const fields = await prisma.field.findMany({
    orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }],
    select: {
      code: true,
      name: true,
      serviceItems: {
        where: { active: true },
        orderBy: { code: 'asc' },
        select: { code: true, name: true, standardDays: true },
      },
    },
  })
  return fields.filter((f) => f.serviceItems.length > 0)
}
