// The public result of an announcement after evaluation: ranking, invalid and excluded bids, the
// draw with every input (so anyone can recompute it), the publicity period and the objections.
import { prisma } from '#app/db.server.ts'
import { listObjections, type ObjectionView } from '#app/domain/award/objections.server.ts'
import { WINNER_PURPOSE, type StoredResult } from '#app/domain/award/ranking.server.ts'
import { conflict, notFound } from '#app/domain/errors.ts'
import type { Actor } from '#app/domain/permissions/permissions.server.ts'
import type { AnnouncementStatus, SelectionMethod } from '#app/generated/prisma/enums.ts'
import { yuanOfDecimal } from '#app/utils/money.ts'

export type AnnouncementResult = {
  announcementId: string
  title: string
  status: AnnouncementStatus
  method: SelectionMethod
  statusReason: string | null
  round: number
  winner: null | { bidId: string; intermediaryId: string; name: string; uscc: string; price: string | null }
  ranking: StoredResult['ranking']
  invalid: StoredResult['invalid']
  excluded: StoredResult['excluded']
  draw: StoredResult['draw']
  averagePrice: StoredResult['averagePrice'] | null
  bidCount: number
  evaluatedAt: string | null
  publicityEndsAt: string | null
  awardedAt: string | null
  contractId: string | null
  objections: ObjectionView[]
}

/** The invalid bids of an announcement that failed before any ranking was stored (流标). */
async function invalidBids(announcementId: string): Promise<StoredResult['invalid']> {
  const bids = await prisma.bid.findMany({
    where: { announcementId, status: 'ACTIVE', valid: false },
    include: { intermediary: { select: { name: true, uscc: true } } },
  })
  return bids.map((b) => ({
    bidId: b.id,
    intermediaryId: b.intermediaryId,
    name: b.intermediary.name,
    uscc: b.intermediary.uscc,
    price: yuanOfDecimal(b.openedPrice),
    reason: b.invalidReason ?? '',
  }))
}

const RESULT_STATES: readonly AnnouncementStatus[] = ['PUBLICITY', 'AWARDED', 'FAILED']

export async function getResult(actor: Actor | null, id: string): Promise<AnnouncementResult> {
  const a = await prisma.announcement.findUnique({ where: { id } })
  if (!a || a.status === 'DRAFT') throw notFound('未找到该公告')
  if (!RESULT_STATES.includes(a.status) || !a.openedAt) throw conflict('评审尚未完成，暂无结果')
  const stored = a.result ? (JSON.parse(a.result) as StoredResult) : null
  const bidCount = await prisma.bid.count({ where: { announcementId: id, status: 'ACTIVE' } })
  const winnerEntry =
    a.status !== 'FAILED' && stored ? (stored.ranking.find((r) => r.bidId === a.winnerBidId) ?? null) : null
  return {
    announcementId: a.id,
    title: a.title,
    status: a.status,
    method: a.method,
    statusReason: a.statusReason,
    round: a.evaluationRound,
    winner: winnerEntry && {
      bidId: winnerEntry.bidId,
      intermediaryId: winnerEntry.intermediaryId,
      name: winnerEntry.name,
      uscc: winnerEntry.uscc,
      price: winnerEntry.price,
    },
    ranking: stored?.ranking ?? [],
    invalid: stored?.invalid ?? (await invalidBids(id)),
    excluded: stored?.excluded ?? [],
    // Results stored before the purpose was published used the same one: "winner".
    draw: stored?.draw ? { ...stored.draw, purpose: stored.draw.purpose ?? WINNER_PURPOSE } : null,
    averagePrice: stored?.averagePrice ?? null,
    bidCount,
    evaluatedAt: a.evaluatedAt?.toISOString() ?? null,
    publicityEndsAt: a.publicityEndsAt?.toISOString() ?? null,
    awardedAt: a.awardedAt?.toISOString() ?? null,
    contractId: null,
    objections: await listObjections(actor, id),
  }
}
