// 行政区划 codes are six digits: province 51 00 00, city 51 01 00, county 51 01 07.
// A region covers its own code and every code that starts with its significant prefix.

/** The significant prefix of a region code: 510000 → "51", 510100 → "5101", 510107 → "510107". */
export function regionPrefix(code: string): string {
  let prefix = code
  while (prefix.length > 2 && prefix.endsWith('00')) prefix = prefix.slice(0, -2)
  return prefix
}

export function regionCovers(ancestor: string, code: string): boolean {
  return code.startsWith(regionPrefix(ancestor))
}

export function regionLevel(code: string): 1 | 2 | 3 {
  const prefix = regionPrefix(code)
  return prefix.length <= 2 ? 1 : prefix.length <= 4 ? 2 : 3
}
