// SQL LIKE patterns from user input. The escape character is '!' (declared with ESCAPE '!' in the
// query) rather than the backslash, so the pattern means the same under any sql_mode.

export const LIKE_ESCAPE = '!'

/** Escapes the LIKE wildcards % and _ (and the escape character itself) so they match literally. */
export function escapeLike(text: string): string {
  return text.replace(/[!%_]/g, (c) => `${LIKE_ESCAPE}${c}`)
}

/** A pattern matching any value that contains `text` as a substring. */
export function containsPattern(text: string): string {
  return `%${escapeLike(text)}%`
}

/** Trims a search query; an empty one means "no filter". */
export function normalizeQuery(q: string | null | undefined): string | undefined {
  const trimmed = q?.trim()
  return trimmed ? trimmed : undefined
}
