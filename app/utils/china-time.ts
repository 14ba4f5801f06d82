// Times in forms. <input type="datetime-local"> carries a wall-clock time without an offset; the
// product's forms mean China time (Asia/Shanghai, UTC+8 all year, no daylight saving), so the server
// adds "+08:00" to get the ISO 8601 instant the shared schemas expect, and fills such inputs back
// from an instant in the same way. Pure functions: pages and actions both use them.

export const CHINA_OFFSET = '+08:00'
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000

/**
 * "2026-12-01T17:00" (China time) → "2026-12-01T17:00:00+08:00"; empty → undefined. Anything else
 * is passed on unchanged so that the schema refuses it with its own message.
 */
export function chinaLocalToIso(value: string | null | undefined): string | undefined {
  const text = (value ?? '').trim()
  if (!text) return undefined
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?$/.exec(text)
  if (!match) return text
  return `${match[1]}T${match[2]}${match[3] ?? ':00'}${CHINA_OFFSET}`
}

/** An instant as the value of a datetime-local input in China time: "2026-12-01T17:00". */
export function isoToChinaLocal(iso: string | Date): string {
  return new Date(new Date(iso).getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 16)
}
