// The opening (开启报名) once bidding has closed: every active bid's last sealed version is decrypted
// and its validity decided (eligibility, re-confirmation after an amendment, the ceiling and the
// floor). A price sealed under a key this host does not hold is no reason to invalidate a bid: the
// step stops (StuckError), the announcement stays EVALUATING and the admin is told, so that the bid
// can be opened once the key ring is right. A ciphertext that does not authenticate was altered.
import { platformRules } from '#app/domain/announcements/rules.server.ts'
import { addDays } from '#app/domain/clock/china-time.ts'
import type { AnnouncementWork } from '#app/domain/announcements/machine.server.ts'
import { notifyBidders, notifyEvaluators, notifyOwner } from '#app/domain/announcements/notices.server.ts'
import { checkEligibilityOfMany } from '#app/domain/bidding/eligibility.server.ts'
import { openPrice, SealedPriceKeyUnavailable } from '#app/domain/bidding/sealed-price.server.ts'
import { StuckError } from '#app/domain/engine/engine.server.ts'
import { env } from '#app/env.server.ts'
import { formatBeijingTime as beijingTime } from '#app/domain/clock/china-time.ts'
import { fenOfDecimal as fenOf, formatYuan } from '#app/utils/money.ts'

/**
 * Test-only fault seam. With ZJCS_FAULT_PAUSE_IN=open (env.server.ts refuses it in production) the
 * opening stops here, inside its transaction after the bid rows were written, and says so on stderr,
 * so that tests/integration/announcement-crash.test.ts can kill the process mid-transition.
 */
async function faultPause(point: 'open') {
  if (env().ZJCS_FAULT_PAUSE_IN !== point) return
  process.stderr.write(`[fault] paused in ${point}\n`)
  await new Promise((resolve) => setTimeout(resolve, 60_000))
}

export type OpenedBidEntry = {
  bidId: string
  intermediaryId: string
  price: string | null
  valid: boolean
  reason: string | null
}

export const openWork: AnnouncementWork = async ({ tx, row: a, at }) => {
  const bids = await tx.bid.findMany({
    where: { announcementId: a.id, status: 'ACTIVE' },
    include: { versions: { orderBy: { version: 'desc' }, take: 1 } },
  })
  const eligibility = await checkEligibilityOfMany(
    tx,
    bids.map((b) => b.intermediaryId),
    a,
    at,
  )
  const ceiling = fenOf(a.priceCeiling)
  const floor = fenOf(a.priceFloor)
  const fixed = fenOf(a.fixedPrice)
  const opened: OpenedBidEntry[] = []
  for (const bid of bids) {
    const last = bid.versions[0]!
    let price: number | null = a.method === 'LOTTERY' ? fixed : null
    let reason: string | null = null
    if (a.method !== 'LOTTERY' && last.priceCiphertext) {
      try {
        price = openPrice(last.priceCiphertext, bid.id, last.version)
      } catch (error) {
        if (error instanceof SealedPriceKeyUnavailable) {
          throw new StuckError(
            `报价以密钥 ${error.kid} 密封，本机的 BID_PRICE_KEYS 中没有该密钥；请配置该密钥后重试开启（报名未作无效处理）`,
          )
        }
        reason = '报价密文无法解密（已被篡改）'
      }
    }
    const e = eligibility.get(bid.intermediaryId)!
    if (reason === null) {
      if (bid.needsReconfirmation) reason = '公告变更后未在截止前重新确认'
      else if (!e.eligible) reason = e.reason
      else if (price === null) reason = '未报价'
      else if (ceiling !== null && price > ceiling) reason = '报价高于最高限价'
      else if (floor !== null && price < floor) reason = '报价低于最低限价'
    }
    const openedPrice = price === null ? null : formatYuan(price)
    await tx.bid.update({ where: { id: bid.id }, data: { openedPrice, valid: reason === null, invalidReason: reason } })
    opened.push({
      bidId: bid.id,
      intermediaryId: bid.intermediaryId,
      price: openedPrice,
      valid: reason === null,
      reason,
    })
  }
  await faultPause('open')
  // A SCORE announcement with a technical weight waits for its evaluators until this instant.
  const evaluationEndsAt =
    a.method === 'SCORE' && (a.weightTechnical ?? 0) > 0
      ? addDays(at, (await platformRules(tx)).technicalScoringDays)
      : null
  await notifyBidders(tx, a, {
    kind: 'deadline-reached',
    title: `报名已截止：${a.title}`,
    body: `「${a.title}」报名已截止，报名已开启，正在评审。`,
    dedupeKey: `deadline:${a.id}`,
  })
  await notifyOwner(tx, a, {
    kind: 'deadline-reached',
    title: `报名已截止：${a.title}`,
    body: `共有 ${bids.length} 家报名，正在评审。`,
    dedupeKey: `deadline:${a.id}`,
  })
  if (evaluationEndsAt) {
    await notifyEvaluators(tx, a, {
      kind: 'technical-scoring',
      title: `请评定技术分：${a.title}`,
      body: `「${a.title}」报名已开启。您是业主指定的评审人员，请在 ${beijingTime(evaluationEndsAt)}（北京时间）前为每个有效报名评定技术分（0–100）。`,
      dedupeKey: `scoring:${a.id}`,
    })
  }
  return { set: { openedAt: at, evaluationEndsAt }, audit: { bids: opened } }
}
