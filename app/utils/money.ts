// Money is a decimal string in yuan with two decimals ("12800.00"); inside the product it is an
// integer number of fen (cents), which is exact up to 90 trillion yuan.
import { z } from 'zod'

const MONEY_PATTERN = /^(0|[1-9]\d{0,11})(\.\d{1,2})?$/

/** Fen of a yuan string with at most two decimals, or null when it is not one. */
export function parseYuan(text: string): number | null {
  const trimmed = text.trim()
  if (!MONEY_PATTERN.test(trimmed)) return null
  const [whole, fraction = ''] = trimmed.split('.')
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'))
}

/** "12800.00" for 1280000 fen. */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(fen)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/** A positive amount in yuan (string, or a JSON number) with at most two decimals → fen. */
export const MoneySchema = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const fen = parseYuan(typeof value === 'number' ? String(value) : value)
  if (fen === null) {
    ctx.addIssue({ code: 'custom', message: '金额格式不正确：应为以元为单位、最多两位小数的数字，如 12800.00' })
    return z.NEVER
  }
  if (fen <= 0) {
    ctx.addIssue({ code: 'custom', message: '金额必须大于 0' })
    return z.NEVER
  }
  return fen
})

/** Chinese display: ¥12,800.00 */
export function displayYuan(fen: number): string {
  const [whole, fraction] = formatYuan(fen).split('.')
  return `¥${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction}`
}

/** Fen of a DECIMAL(14,2) column value (Prisma.Decimal), or null. */
export function fenOfDecimal(value: { toFixed(digits: number): string } | null): number | null {
  return value === null ? null : parseYuan(value.toFixed(2))
}

/** "12800.00" of a DECIMAL(14,2) column value, or null. */
export function yuanOfDecimal(value: { toFixed(digits: number): string } | null): string | null {
  return value === null ? null : value.toFixed(2)
}
