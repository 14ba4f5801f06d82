// Helpers of the credit, blacklist, complaint and dormancy tests: fresh tokens (tokens expire after
// 30 days of the advancing test clock), a department's record, and moving the clock to an instant.
import { prisma } from '#app/db.server.ts'
import { issueApiToken } from '#app/domain/accounts/tokens.server.ts'
import type { Member } from '#tests/factories/bidding.ts'
import { api } from '#tests/helpers/app.ts'

/** The member with a new API token (counts as a sign-in: it wakes a dormant entry). */
export async function freshToken(member: Member): Promise<Member> {
  const { token } = await issueApiToken({ userId: member.user.id, organizationId: member.organization.id, name: 'test' })
  return { ...member, token }
}

export async function moveClockTo(instant: Date | string) {
  const target = typeof instant === 'string' ? instant : instant.toISOString()
  const current = new Date((await api.get('/api/v1/test/clock')).body.now)
  if (new Date(target).getTime() <= current.getTime()) return
  const response = await api.post('/api/v1/test/clock', { now: target })
  if (response.status !== 200) throw new Error(`clock: ${response.status} ${response.text}`)
}

/** A department records a rule for a firm (201 expected); answers the record's id. */
export async function recordFor(department: Member, intermediaryId: string, ruleCode: string, extra: Record<string, unknown> = {}) {
  const response = await api.post(
    '/api/v1/credit-records',
    { intermediaryId, ruleCode, evidence: '川环罚〔2026〕12 号行政处罚决定书', ...extra },
    { token: department.token },
  )
  if (response.status !== 201) throw new Error(`record: ${response.status} ${response.text}`)
  return response.body.id as string
}

/** Moves the clock past the record's objection window (the ticker makes it effective). */
export async function pastWindow(recordId: string) {
  const record = await prisma.creditRecord.findUniqueOrThrow({ where: { id: recordId } })
  await moveClockTo(new Date(record.objectionEndsAt.getTime() + 1000))
}

export const standingOf = async (organizationId: string) =>
  (await api.get(`/api/v1/intermediaries/${organizationId}/credit-history`)).body as {
    score: number
    level: string
    history: Array<{ score: number; level: string; cause: string }>
  }

/** The counts a refused credit request must leave unchanged. */
export async function creditCounts() {
  const [records, entries, repairs, complaints, audits, standings] = await Promise.all([
    prisma.creditRecord.count(),
    prisma.blacklistEntry.count(),
    prisma.repairApplication.count(),
    prisma.complaint.count(),
    prisma.auditEntry.count(),
    prisma.creditStanding.count(),
  ])
  return { records, entries, repairs, complaints, audits, standings }
}
