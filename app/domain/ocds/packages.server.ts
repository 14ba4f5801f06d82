// OCDS 1.1 packages: the release package feed (GET /api/v1/ocds/releases?since=, paginated by
// links.next) and the record package of one contracting process (GET /api/v1/ocds/records/{ocid})
// with its compiled release, merged from its releases by the standard's merge rules (objects merged
// field by field, arrays of objects with an `id` merged by id, other values replaced by the later
// release).
import { prisma } from '#app/db.server.ts'
import { now } from '#app/domain/clock/clock.server.ts'
import { notFound } from '#app/domain/errors.ts'
import { BID_EXTENSION, OCDS_VERSION, PUBLISHER, type OcdsRelease } from '#app/domain/ocds/releases.server.ts'

const packageHead = (uri: string, publishedDate: Date) => ({
  uri,
  version: OCDS_VERSION,
  extensions: [BID_EXTENSION],
  publisher: PUBLISHER,
  license: 'https://creativecommons.org/licenses/by/4.0/',
  publishedDate: publishedDate.toISOString(),
})

export type ReleaseFeedQuery = { since?: Date; cursor?: number; pageSize: number }

export async function releasePackage(url: URL, query: ReleaseFeedQuery) {
  const rows = await prisma.ocdsRelease.findMany({
    where: {
      ...(query.since ? { date: { gt: query.since } } : {}),
      ...(query.cursor !== undefined ? { seq: { gt: BigInt(query.cursor) } } : {}),
    },
    orderBy: { seq: 'asc' },
    take: query.pageSize + 1,
  })
  const page = rows.slice(0, query.pageSize)
  const releases = page.map((r) => JSON.parse(r.release) as OcdsRelease)
  const published = page.length > 0 ? page.at(-1)!.date : now()
  const result: Record<string, unknown> = { ...packageHead(url.toString(), published), releases }
  if (rows.length > query.pageSize) {
    const next = new URL(url.pathname, url.origin)
    if (query.since) next.searchParams.set('since', query.since.toISOString())
    next.searchParams.set('cursor', String(page.at(-1)!.seq))
    next.searchParams.set('pageSize', String(query.pageSize))
    result.links = { next: next.toString() }
  }
  return result
}

type Json = unknown

/** OCDS merge of `later` onto `earlier` (compiled releases). */
function merge(earlier: Json, later: Json): Json {
  if (later === undefined) return earlier
  if (later === null) return undefined
  if (Array.isArray(later)) {
    const identified = later.every((item) => item && typeof item === 'object' && !Array.isArray(item) && 'id' in item)
    if (!identified || !Array.isArray(earlier)) return later
    const byId = new Map<string, Json>((earlier as Array<{ id: string }>).map((item) => [String(item.id), item]))
    for (const item of later as Array<{ id: string }>) byId.set(String(item.id), merge(byId.get(String(item.id)), item))
    return [...byId.values()]
  }
  if (typeof later === 'object') {
    const base =
      earlier && typeof earlier === 'object' && !Array.isArray(earlier) ? { ...(earlier as Record<string, Json>) } : {}
    for (const [key, value] of Object.entries(later as Record<string, Json>)) {
      const merged = merge(base[key], value)
      if (merged === undefined) delete base[key]
      else base[key] = merged
    }
    return base
  }
  return later
}

export function compileReleases(ocid: string, releases: OcdsRelease[]): Record<string, unknown> {
  let compiled: Json = {}
  for (const release of releases) {
    const { id: _id, tag: _tag, ...rest } = release
    compiled = merge(compiled, rest)
  }
  return {
    ...(compiled as Record<string, unknown>),
    ocid,
    id: `${ocid}-compiled`,
    date: releases.at(-1)!.date,
    tag: ['compiled'],
  }
}

export async function recordPackage(url: URL, ocid: string) {
  const rows = await prisma.ocdsRelease.findMany({ where: { ocid }, orderBy: { seq: 'asc' } })
  if (rows.length === 0) throw notFound('未找到该开放合同数据记录')
  const releases = rows.map((r) => JSON.parse(r.release) as OcdsRelease)
  return {
    ...packageHead(url.toString(), rows.at(-1)!.date),
    records: [{ ocid, releases, compiledRelease: compileReleases(ocid, releases) }],
  }
}
