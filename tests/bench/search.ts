// Benchmark: the embedded search index against what a DBA would pick instead, in the same run and
// on the same 100,000 firms: SQL `LIKE` on InnoDB, and MariaDB's CJK full-text engine Mroonga
// (a FULLTEXT index with a bigram tokenizer, `MATCH … AGAINST('+环评' IN BOOLEAN MODE)`).
//
// 1. Generates 100,000 intermediaries (seeded, reproducible): Sichuan regions from @vant/area-data,
//    names like 成都蜀安环评咨询有限公司, valid-format USCCs, 1–4 of 16 service items.
// 2. Loads them into two scratch tables of a scratch database (zjcs_bench_search, dropped at the
//    end): InnoDB for LIKE, Mroonga for MATCH. Installs mariadb-plugin-mroonga with apt when the
//    plugin is missing (as root, like the database itself) and INSTALL SONAME 'ha_mroonga'.
// 3. Builds the embedded index (time, heap delta after GC, the index's own estimate).
// 4. Runs 1,000 mixed queries (name fragments, service keywords and abbreviations, USCC fragments,
//    with and without filters, various sorts) through the three: embedded search (ids + total),
//    and `WHERE <text> AND filters ORDER BY … LIMIT 10` on each table (ids only, no COUNT — in
//    SQL's favour). Prints p50/p95/max, ratios, index sizes, build times, memory, and the top-10
//    overlap with LIKE on exact-substring queries (no trade vocabulary, sort newest, same filters,
//    word-aligned fragments; fragments cut in mid-word are reported apart: the search rule matches
//    words, LIKE and Mroonga substrings).
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import v8 from 'node:v8'
import vm from 'node:vm'
import { areaList } from '@vant/area-data'
import mysql from 'mysql2/promise'
import { regionPrefix } from '#app/domain/catalogue/regions.ts'
import { createDatabase, embeddedMariadbRunning, startEmbeddedMariadb, stopEmbeddedMariadb } from '#scripts/embedded-mariadb.ts'
import { ABBREVIATIONS } from '#search/chinese.ts'
import { EmbeddedIntermediarySearch } from '#search/embedded.ts'
import { words } from '#search/words.ts'
import { type CreditLevel, type IntermediaryDocument, type SearchQuery } from '#search/port.ts'

const DATABASE = 'zjcs_bench_search'
const PAGE_SIZE = 10

// ---- seeded randomness ----

function mulberry32(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
const random = mulberry32(20260101)
const int = (max: number) => Math.floor(random() * max)
const pick = <T>(items: readonly T[]): T => items[int(items.length)]!
const chance = (p: number) => random() < p

// ---- reference data ----

const SERVICE_ITEMS = [
  { code: 'ZJ001', name: '建设项目环境影响评价文件编制', field: 'environment' },
  { code: 'ZJ002', name: '水土保持方案编制', field: 'water' },
  { code: 'ZJ003', name: '安全预评价', field: 'safety' },
  { code: 'ZJ004', name: '节能评估报告编制', field: 'energy' },
  { code: 'ZJ005', name: '社会稳定风险评估', field: 'society' },
  { code: 'ZJ006', name: '地质灾害危险性评估', field: 'geology' },
  { code: 'ZJ007', name: '地震安全性评价', field: 'geology' },
  { code: 'ZJ008', name: '洪水影响评价', field: 'water' },
  { code: 'ZJ009', name: '交通影响评价', field: 'traffic' },
  { code: 'ZJ010', name: '职业病危害预评价', field: 'safety' },
  { code: 'ZJ011', name: '工程测绘', field: 'survey' },
  { code: 'ZJ012', name: '岩土工程勘察', field: 'survey' },
  { code: 'ZJ013', name: '施工图设计文件审查', field: 'design' },
  { code: 'ZJ014', name: '防雷装置设计技术评价', field: 'safety' },
  { code: 'ZJ015', name: '文物影响评估', field: 'culture' },
  { code: 'ZJ016', name: '建设工程造价咨询', field: 'cost' },
] as const

const BRAND_FIRST = [...'蜀川华天锦盛恒宏诚博中鑫瑞嘉正信泰安科德新通远永金蓉峨岷巴青翔鸿润达']
const BRAND_SECOND = [...'安信源泰达华诚瑞成科和兴丰实卓越航辰智恒宇坤峰']
const BUSINESS = ['环评', '环保', '水保', '测绘', '安全', '勘察', '设计', '检测', '评估', '工程', '规划', '节能', '地质', '建筑']
const KIND = ['咨询', '科技', '技术服务', '工程技术', '咨询服务']
const FORM = ['有限公司', '有限责任公司']
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

const counties = Object.keys(areaList.county_list).filter((code) => code.startsWith('51'))
const cityShortName = (code: string) => {
  const name = areaList.city_list[`${code.slice(0, 4)}00`] ?? '四川'
  return name.replace(/(市|藏族羌族自治州|藏族自治州|彝族自治州)$/, '').slice(0, 2)
}

function uscc(regionCode: string): string {
  let body = `91${regionCode}`
  for (let i = 0; i < 9; i++) body += pick(USCC_ALPHABET.slice(0, 30).split(''))
  let sum = 0
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(body[i]!) * USCC_WEIGHTS[i]!
  return body + USCC_ALPHABET[(31 - (sum % 31)) % 31]!
}

function levelOf(score: number): CreditLevel {
  return score >= 90 ? 'A' : score >= 75 ? 'B' : score >= 60 ? 'C' : 'D'
}

export function generateDocuments(count: number): IntermediaryDocument[] {
  const base = Date.UTC(2020, 0, 1)
  const docs: IntermediaryDocument[] = []
  for (let i = 0; i < count; i++) {
    const regionCode = pick(counties)
    const brand = pick(BRAND_FIRST) + pick(BRAND_SECOND)
    const business = pick(BUSINESS)
    const prefix = chance(0.5) ? cityShortName(regionCode) : chance(0.4) ? '四川' : ''
    const items = [...new Set(Array.from({ length: 1 + int(4) }, () => pick(SERVICE_ITEMS)))]
    const creditScore = 40 + int(61)
    const createdAt = base + i * 60_000 + int(60_000)
    docs.push({
      id: `b${String(i).padStart(6, '0')}`,
      name: `${prefix}${brand}${business}${pick(KIND)}${pick(FORM)}`,
      shortName: chance(0.6) ? `${brand}${business}` : null,
      uscc: uscc(regionCode),
      regionCode,
      regionPath: [`${regionCode.slice(0, 2)}0000`, `${regionCode.slice(0, 4)}00`, regionCode],
      serviceItemCodes: items.map((item) => item.code),
      serviceItemNames: items.map((item) => item.name),
      fieldCodes: [...new Set(items.map((item) => item.field))],
      introduction: chance(0.5) ? `专业从事${items.map((item) => item.name).join('、')}等技术服务，服务范围覆盖${cityShortName(regionCode)}及周边地区。` : null,
      creditScore,
      creditLevel: levelOf(creditScore),
      ratingAverage: chance(0.3) ? null : Math.round((3 + random() * 2) * 10) / 10,
      hasVerifiedQualification: chance(0.4),
      blacklisted: chance(0.02),
      suspended: chance(0.03),
      createdAt,
      updatedAt: createdAt,
    })
  }
  return docs
}

// ---- queries ----

/**
 * exact: an exact-substring query, where LIKE is the reference (sort newest, no trade vocabulary,
 * a word-aligned fragment); midWord: a fragment cut in the middle of words (timed, compared apart).
 */
type BenchQuery = { kind: string; query: SearchQuery; exact: boolean; midWord: boolean }

const SERVICE_KEYWORDS = ['环境影响评价', '水土保持', '测绘', '勘察', '造价', '地质灾害', '交通影响', '防雷', '文物', '节能评估', '安全预评价', '施工图', '环评', '水保', '安评', '地灾', '能评', '稳评']

/** A part of a name as people type it: the brand, the short name, the city and brand, or a slice. */
function nameFragment(doc: IntermediaryDocument): { q: string; midWord: boolean } {
  const brand = doc.shortName ?? doc.name.slice(-10, -6)
  switch (int(4)) {
    case 0:
      return { q: brand.slice(0, 2), midWord: false } // brand
    case 1:
      return { q: brand, midWord: false } // brand + business
    case 2:
      return { q: doc.name.slice(0, 4), midWord: false } // city + brand (or brand + business)
    default:
      return { q: doc.name.slice(2, 7), midWord: true } // five characters from anywhere
  }
}

function randomFilters(doc: IntermediaryDocument): Partial<SearchQuery> {
  const filters: Partial<SearchQuery> = {}
  const n = 1 + int(2)
  for (let i = 0; i < n; i++) {
    switch (int(5)) {
      case 0:
        filters.regionCode = chance(0.5) ? doc.regionPath[1] : doc.regionCode
        break
      case 1:
        filters.serviceItemCodes = [pick(SERVICE_ITEMS).code]
        break
      case 2:
        filters.creditLevels = chance(0.5) ? ['A'] : ['A', 'B']
        break
      case 3:
        filters.verifiedOnly = true
        break
      default:
        filters.excludeBlacklisted = true
        filters.excludeSuspended = true
    }
  }
  return filters
}

/** Whether a query uses an abbreviation or a full form (the index expands those; SQL does not). */
function mentionsTradeVocabulary(q: string): boolean {
  return [...ABBREVIATIONS].some(([abbreviation, fullForms]) => q.includes(abbreviation) || fullForms.some((fullForm) => q.includes(fullForm)))
}

export function generateQueries(docs: IntermediaryDocument[], count: number): BenchQuery[] {
  const queries: BenchQuery[] = []
  for (let i = 0; i < count; i++) {
    const doc = pick(docs)
    const roll = random()
    let kind: string
    let q: string | undefined
    let midWord = false
    let filters: Partial<SearchQuery> = {}
    if (roll < 0.3) {
      kind = 'name'
      if (chance(0.15)) q = `${cityShortName(doc.regionCode)} ${pick(BUSINESS)}`
      else ({ q, midWord } = nameFragment(doc))
    } else if (roll < 0.5) {
      kind = 'service'
      q = pick(SERVICE_KEYWORDS)
    } else if (roll < 0.65) {
      kind = 'uscc'
      const length = 4 + int(5)
      const start = 2 + int(18 - length - 2)
      q = doc.uscc.slice(start, start + length)
    } else if (roll < 0.9) {
      kind = 'filtered'
      if (chance(0.5)) ({ q, midWord } = nameFragment(doc))
      else q = pick(SERVICE_KEYWORDS)
      filters = randomFilters(doc)
    } else {
      kind = 'filters-only'
      filters = randomFilters(doc)
    }
    const sort: SearchQuery['sort'] = q === undefined ? pick(['newest', 'credit', 'rating'] as const) : chance(0.75) ? 'newest' : 'relevance'
    const comparable = q !== undefined && sort === 'newest' && !mentionsTradeVocabulary(q)
    queries.push({ kind, exact: comparable && !midWord, midWord: comparable && midWord, query: { q, ...filters, sort, page: 1, pageSize: PAGE_SIZE } })
  }
  return queries
}

// ---- SQL side: the same rows in an InnoDB table (LIKE) and a Mroonga table (MATCH) ----

const COLUMNS = [
  'id', 'name', 'short_name', 'uscc', 'region_code', 'region_path', 'service_item_codes', 'service_item_names',
  'field_codes', 'introduction', 'credit_score', 'credit_level', 'rating_average', 'has_verified_qualification',
  'blacklisted', 'suspended', 'created_at', 'updated_at',
]
const TEXT_COLUMNS = 'name, short_name, uscc, service_item_names, introduction'
const MROONGA_TOKENIZER = 'TokenBigramSplitSymbolAlphaDigit'

const columnsSql = `
      id VARCHAR(16) NOT NULL PRIMARY KEY,
      name VARCHAR(100) NOT NULL,
      short_name VARCHAR(50) NULL,
      uscc CHAR(18) NOT NULL,
      region_code CHAR(6) NOT NULL,
      region_path VARCHAR(40) NOT NULL,
      service_item_codes VARCHAR(200) NOT NULL,
      service_item_names VARCHAR(500) NOT NULL,
      field_codes VARCHAR(200) NOT NULL,
      introduction VARCHAR(500) NULL,
      credit_score INT NOT NULL,
      credit_level CHAR(1) NOT NULL,
      rating_average DECIMAL(3,1) NULL,
      has_verified_qualification TINYINT NOT NULL,
      blacklisted TINYINT NOT NULL,
      suspended TINYINT NOT NULL,
      created_at BIGINT NOT NULL,
      updated_at BIGINT NOT NULL,
      KEY created_at (created_at),
      KEY credit_score (credit_score),
      KEY region_code (region_code)`

async function insertRows(connection: mysql.Connection, table: string, docs: IntermediaryDocument[]): Promise<void> {
  for (let start = 0; start < docs.length; start += 2000) {
    const rows = docs.slice(start, start + 2000).map((d) => [
      d.id, d.name, d.shortName ?? null, d.uscc, d.regionCode, d.regionPath.join(','), d.serviceItemCodes.join(','),
      d.serviceItemNames.join('、'), d.fieldCodes.join(','), d.introduction ?? null, d.creditScore, d.creditLevel,
      d.ratingAverage, d.hasVerifiedQualification ? 1 : 0, d.blacklisted ? 1 : 0, d.suspended ? 1 : 0, d.createdAt,
      d.updatedAt,
    ])
    await connection.query(`INSERT INTO ${table} (${COLUMNS.join(', ')}) VALUES ?`, [rows])
  }
}

async function loadInnodb(connection: mysql.Connection, docs: IntermediaryDocument[]): Promise<void> {
  await connection.query('DROP TABLE IF EXISTS intermediary')
  await connection.query(`CREATE TABLE intermediary (${columnsSql}) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`)
  await insertRows(connection, 'intermediary', docs)
  await connection.query('ANALYZE TABLE intermediary')
}

/** Loads the Mroonga table; returns the time of the rows and of the full-text index apart. */
async function loadMroonga(connection: mysql.Connection, docs: IntermediaryDocument[]): Promise<{ loadMs: number; indexMs: number }> {
  await connection.query('DROP TABLE IF EXISTS intermediary_mroonga')
  await connection.query(`CREATE TABLE intermediary_mroonga (${columnsSql}) ENGINE=Mroonga DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`)
  let t = performance.now()
  await insertRows(connection, 'intermediary_mroonga', docs)
  const loadMs = performance.now() - t
  t = performance.now()
  await connection.query(`ALTER TABLE intermediary_mroonga ADD FULLTEXT INDEX ft (${TEXT_COLUMNS}) COMMENT 'tokenizer "${MROONGA_TOKENIZER}"'`)
  return { loadMs, indexMs: performance.now() - t }
}

/** Mroonga in this server: installs the Debian package when the plugin is missing (as root). */
async function ensureMroonga(connection: mysql.Connection): Promise<string | null> {
  const installed = async () => {
    const [rows] = await connection.query<mysql.RowDataPacket[]>("SELECT PLUGIN_STATUS FROM information_schema.PLUGINS WHERE PLUGIN_NAME = 'Mroonga'")
    return rows.length > 0
  }
  if (await installed()) return null
  const [[{ dir }]] = (await connection.query("SELECT @@plugin_dir AS dir")) as unknown as [[{ dir: string }]]
  if (!fs.existsSync(path.join(dir, 'ha_mroonga.so'))) {
    if (process.getuid?.() !== 0) return 'mariadb-plugin-mroonga is not installed and this user is not root (sudo apt-get install mariadb-plugin-mroonga)'
    say('  installing mariadb-plugin-mroonga with apt-get…')
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
    // Its post-install step cannot reach the system's socket (there is no system server): harmless.
    execFileSync('apt-get', ['install', '-y', '-qq', 'mariadb-plugin-mroonga'], { stdio: ['ignore', 'inherit', 'inherit'], env })
  }
  await connection.query("INSTALL SONAME 'ha_mroonga'")
  return (await installed()) ? null : 'INSTALL SONAME ha_mroonga did not register the plugin'
}

const escapeLike = (term: string) => term.replace(/[\\%_]/g, (c) => `\\${c}`)

/** The query's terms for SQL: split at anything that is not a letter or digit. */
function splitTerms(q: string | undefined): string[] {
  return [...new Set((q ?? '').normalize('NFKC').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean))]
}

type Engine = 'like' | 'mroonga'

function sqlFor(query: SearchQuery, engine: Engine): { sql: string; params: unknown[] } {
  const where: string[] = []
  const params: unknown[] = []
  const terms = splitTerms(query.q)
  if (engine === 'like') {
    for (const term of terms) {
      const like = `%${escapeLike(term)}%`
      where.push('(name LIKE ? OR short_name LIKE ? OR uscc LIKE ? OR service_item_names LIKE ? OR introduction LIKE ?)')
      params.push(like, like, like, like, like)
    }
  } else if (terms.length) {
    where.push(`MATCH(${TEXT_COLUMNS}) AGAINST(? IN BOOLEAN MODE)`)
    params.push(terms.map((term) => `+"${term}"`).join(' '))
  }
  if (query.serviceItemCodes?.length) {
    where.push(`(${query.serviceItemCodes.map(() => 'FIND_IN_SET(?, service_item_codes)').join(' OR ')})`)
    params.push(...query.serviceItemCodes)
  }
  if (query.fieldCode) {
    where.push('FIND_IN_SET(?, field_codes)')
    params.push(query.fieldCode)
  }
  if (query.regionCode) {
    where.push('region_code LIKE ?')
    params.push(`${regionPrefix(query.regionCode)}%`)
  }
  if (query.creditLevels?.length) {
    where.push(`credit_level IN (${query.creditLevels.map(() => '?').join(', ')})`)
    params.push(...query.creditLevels)
  }
  if (query.verifiedOnly) where.push('has_verified_qualification = 1')
  if (query.excludeBlacklisted) where.push('blacklisted = 0')
  if (query.excludeSuspended) where.push('suspended = 0')
  const order =
    query.sort === 'credit'
      ? 'credit_score DESC, created_at DESC, id'
      : query.sort === 'rating'
        ? 'rating_average IS NULL, rating_average DESC, created_at DESC, id'
        : 'created_at DESC, id' // newest; SQL has no relevance here, so relevance falls back to newest
  const table = engine === 'like' ? 'intermediary' : 'intermediary_mroonga'
  return {
    sql: `SELECT id FROM ${table} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order} LIMIT ${PAGE_SIZE}`,
    params,
  }
}

// ---- measurement ----

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!
}

function collectGarbage(): (() => void) | null {
  try {
    v8.setFlagsFromString('--expose-gc')
    return vm.runInNewContext('gc') as () => void
  } catch {
    return null
  }
}

const say = (line: string) => process.stdout.write(`${line}\n`)
const ms = (value: number) => `${value.toFixed(2)} ms`
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`

function option(args: string[], name: string, fallback: number): number {
  const match = args.find((arg) => arg.startsWith(`--${name}=`))
  return match ? Number(match.split('=')[1]) : fallback
}

/** Resident memory of a local process (the database server), or null when it cannot be read. */
function residentBytes(pid: number | null): number | null {
  if (!pid) return null
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Number(match[1]) * 1024 : null
  } catch {
    return null
  }
}

async function serverPid(connection: mysql.Connection): Promise<number | null> {
  const [[{ file }]] = (await connection.query('SELECT @@pid_file AS file')) as unknown as [[{ file: string }]]
  try {
    return Number(fs.readFileSync(file, 'utf8').trim()) || null
  } catch {
    return null
  }
}

/**
 * Bytes the Mroonga (Groonga) files of the scratch database take on disk (allocated blocks; Groonga
 * reserves large sparse files), when the server's data directory is local.
 */
async function mroongaFileBytes(connection: mysql.Connection): Promise<number | null> {
  const [[{ dir }]] = (await connection.query('SELECT @@datadir AS dir')) as unknown as [[{ dir: string }]]
  if (!fs.existsSync(dir)) return null
  return fs
    .readdirSync(dir)
    .filter((file) => file.startsWith(`${DATABASE}.mrn`))
    .reduce((sum, file) => sum + fs.statSync(path.join(dir, file)).blocks * 512, 0)
}

/** Resident memory jieba and its dictionary add to a fresh Node process (measured in a child). */
function jiebaResidentBytes(): number | null {
  const script = `const before = process.memoryUsage().rss
const { Jieba } = require('@node-rs/jieba'); const { dict } = require('@node-rs/jieba/dict.js')
Jieba.withDict(dict).cut('载入分词词典', false)
process.stdout.write(String(process.memoryUsage().rss - before))`
  try {
    return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }))
  } catch {
    return null
  }
}

async function innodbBytes(connection: mysql.Connection): Promise<{ data: number; index: number }> {
  const [[row]] = (await connection.query(
    "SELECT DATA_LENGTH AS data, INDEX_LENGTH AS idx FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'intermediary'",
  )) as unknown as [[{ data: number; idx: number }]]
  return { data: Number(row.data), index: Number(row.idx) }
}

/** Mean top-10 overlap of `actual` with `expected` (LIKE) over the chosen queries, and how many were identical. */
function overlap(chosen: number[], expected: string[][], actual: string[][]): { mean: number; identical: number; n: number } {
  let sum = 0
  let identical = 0
  for (const i of chosen) {
    const reference = expected[i]!
    const got = new Set(actual[i]!)
    const value = reference.length === 0 ? (got.size === 0 ? 1 : 0) : reference.filter((id) => got.has(id)).length / reference.length
    sum += value
    if (value === 1) identical++
  }
  return { mean: sum / Math.max(1, chosen.length), identical, n: chosen.length }
}

async function timeSql(connection: mysql.Connection, queries: BenchQuery[], engine: Engine): Promise<{ times: number[]; ids: string[][] }> {
  const times: number[] = []
  const ids: string[][] = []
  for (const { query } of queries) {
    const { sql, params } = sqlFor(query, engine)
    const t0 = performance.now()
    const [rows] = await connection.query<mysql.RowDataPacket[]>(sql, params)
    times.push(performance.now() - t0)
    ids.push(rows.map((row) => String(row.id)))
  }
  return { times, ids }
}

export async function run(args: string[]): Promise<void> {
  const docCount = option(args, 'docs', 100_000)
  const queryCount = option(args, 'queries', 1000)
  const processes = option(args, 'processes', 4)
  const started = performance.now()
  const gc = collectGarbage()

  let serverUrl: string
  let stopAfter = false
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL)
    url.pathname = ''
    serverUrl = url.toString().replace(/\/$/, '')
  } else {
    stopAfter = !embeddedMariadbRunning()
    serverUrl = await startEmbeddedMariadb()
  }
  const databaseUrl = await createDatabase(serverUrl, DATABASE)
  const connection = await mysql.createConnection({ uri: databaseUrl, charset: 'utf8mb4' })

  try {
    say(`search benchmark: ${docCount.toLocaleString()} intermediaries, ${queryCount} queries (node ${process.version}, gc ${gc ? 'exposed' : 'not exposed'})`)
    const mroongaMissing = await ensureMroonga(connection)
    if (mroongaMissing) say(`  Mroonga skipped: ${mroongaMissing}`)
    let t = performance.now()
    const docs = generateDocuments(docCount)
    const queries = generateQueries(docs, queryCount)
    say(`  generated documents and queries        ${ms(performance.now() - t)}`)

    t = performance.now()
    await loadInnodb(connection, docs)
    const innodbMs = performance.now() - t
    const innodb = await innodbBytes(connection)
    say(`  InnoDB table (LIKE) loaded             ${ms(innodbMs)}; data ${mb(innodb.data)}, B-tree indexes ${mb(innodb.index)}, no text index`)

    const pid = await serverPid(connection)
    const serverBefore = residentBytes(pid)
    let mroonga: { loadMs: number; indexMs: number; dataBytes: number | null; totalBytes: number | null } | null = null
    if (!mroongaMissing) {
      const before = await mroongaFileBytes(connection)
      const times = await loadMroonga(connection, docs)
      const total = await mroongaFileBytes(connection)
      mroonga = { ...times, dataBytes: before, totalBytes: total }
      say(`  Mroonga table loaded ${ms(times.loadMs)}, FULLTEXT (${MROONGA_TOKENIZER}) built ${ms(times.indexMs)}; Groonga files ${total === null ? 'n/a (remote server)' : mb(total)}`)
    }

    // Typed arrays live outside the JS heap (arrayBuffers), so count both.
    const used = () => {
      const usage = process.memoryUsage()
      return { heap: usage.heapUsed, buffers: usage.arrayBuffers }
    }
    // ArrayBuffer backing stores are released by a concurrent sweeper: collect, yield, collect.
    const settle = async () => {
      if (!gc) return
      gc()
      await new Promise((resolve) => setTimeout(resolve, 200))
      gc()
    }
    const jiebaBytes = jiebaResidentBytes() ?? 0
    words('载入分词词典')
    await settle()
    const before = used()
    t = performance.now()
    const index = new EmbeddedIntermediarySearch()
    await index.init()
    for (let start = 0; start < docs.length; start += 10_000) await index.upsert(docs.slice(start, start + 10_000))
    const buildMs = performance.now() - t
    await settle()
    const after = used()
    const heapDelta = after.heap - before.heap
    const buffersDelta = after.buffers - before.buffers
    const embeddedBytes = heapDelta + buffersDelta
    const estimate = index.memoryEstimate()
    say(`  built embedded index                   ${ms(buildMs)} (${(docCount / (buildMs / 1000)).toFixed(0)} docs/s)`)
    say(`  index memory: ${mb(embeddedBytes)} = JS heap ${mb(heapDelta)} + typed arrays ${mb(buffersDelta)}${gc ? ' (after GC)' : ' (no GC: approximate)'}; own estimate ${mb(estimate.bytes)}; ${estimate.tokens.toLocaleString()} words, ${estimate.postings.toLocaleString()} postings`)
    say(`  jieba and its dictionary (once per process, also with Meilisearch: queries are planned by the app): ${mb(jiebaBytes)} resident`)

    // Warm-up (JIT, caches) on every side, not timed.
    for (const { query } of queries.slice(0, 50)) {
      await index.search(query)
      await connection.query(sqlFor(query, 'like').sql, sqlFor(query, 'like').params)
      if (mroonga) await connection.query(sqlFor(query, 'mroonga').sql, sqlFor(query, 'mroonga').params)
    }

    const embeddedTimes: number[] = []
    const embeddedIds: string[][] = []
    const byKind = new Map<string, number[]>()
    for (const { query, kind } of queries) {
      const t0 = performance.now()
      const result = await index.search(query)
      const elapsed = performance.now() - t0
      embeddedTimes.push(elapsed)
      embeddedIds.push(result.ids)
      byKind.set(kind, [...(byKind.get(kind) ?? []), elapsed])
    }
    const like = await timeSql(connection, queries, 'like')
    const match = mroonga ? await timeSql(connection, queries, 'mroonga') : null
    const serverAfter = residentBytes(pid)

    const sorted = (times: number[]) => [...times].sort((a, b) => a - b)
    const e = sorted(embeddedTimes)
    const l = sorted(like.times)
    const m = match ? sorted(match.times) : null
    const row = (label: string, times: number[]) =>
      say(`  ${label.padEnd(12)} ${ms(quantile(times, 0.5)).padStart(12)} ${ms(quantile(times, 0.95)).padStart(12)} ${ms(times.at(-1)!).padStart(12)}`)
    say('')
    say('                      p50          p95          max')
    row('embedded', e)
    row('SQL LIKE', l)
    if (m) row('Mroonga', m)
    const ratio = (other: number[], q: number) => (quantile(other, q) / quantile(e, q)).toFixed(1)
    say(`  ratio to embedded: LIKE p50 ${ratio(l, 0.5)}×, p95 ${ratio(l, 0.95)}×${m ? `; Mroonga p50 ${ratio(m, 0.5)}×, p95 ${ratio(m, 0.95)}×` : ''}`)
    say('')
    say('  embedded by query kind:')
    for (const [kind, times] of byKind) {
      const s = sorted(times)
      say(`    ${kind.padEnd(14)} n=${String(times.length).padStart(4)}  p50 ${ms(quantile(s, 0.5))}  p95 ${ms(quantile(s, 0.95))}`)
    }

    const exact = queries.flatMap((query, i) => (query.exact ? [i] : []))
    const midWord = queries.flatMap((query, i) => (query.midWord ? [i] : []))
    const show = (label: string, result: { mean: number; identical: number; n: number }) =>
      say(`    ${label.padEnd(40)} ${result.mean.toFixed(3)} over ${result.n} queries (${result.identical} identical top-${PAGE_SIZE})`)
    say('')
    say(`  top-${PAGE_SIZE} overlap with LIKE (sort newest, same filters, no trade vocabulary):`)
    const embeddedOverlap = overlap(exact, like.ids, embeddedIds)
    show('embedded, exact-substring queries', embeddedOverlap)
    if (match) show('Mroonga, exact-substring queries', overlap(exact, like.ids, match.ids))
    show('embedded, fragments cut in mid-word', overlap(midWord, like.ids, embeddedIds))
    if (match) show('Mroonga, fragments cut in mid-word', overlap(midWord, like.ids, match.ids))

    say('')
    say('  memory and sharing:')
    say(`    embedded: ${mb(embeddedBytes)} of index + ${mb(jiebaBytes)} of jieba in every web process; ${processes} processes hold ${mb(processes * (embeddedBytes + jiebaBytes))} and each rebuilds at start (${ms(buildMs)})`)
    if (mroonga) {
      const grew = serverBefore !== null && serverAfter !== null ? mb(serverAfter - serverBefore) : 'n/a'
      say(`    Mroonga: one index in the database server for every process: files ${mroonga.totalBytes === null ? 'n/a' : mb(mroonga.totalBytes)}, server resident memory grew by ${grew}, built once (${ms(mroonga.loadMs + mroonga.indexMs)} with the rows)`)
    }

    const p95 = quantile(e, 0.95)
    const goals: Array<[string, boolean]> = [
      ['embedded ≥ 2× faster than LIKE at p95', quantile(l, 0.95) / p95 >= 2],
      ...(m ? [['embedded ≥ 2× faster than Mroonga at p95', quantile(m, 0.95) / p95 >= 2] as [string, boolean]] : []),
      ['overlap ≥ 0.9 on exact-substring queries', embeddedOverlap.mean >= 0.9],
    ]
    say('')
    say(`  goals: ${goals.map(([label, ok]) => `${ok ? 'PASS' : 'FAIL'} ${label}`).join('; ')}`)
    say(`  total bench time ${((performance.now() - started) / 1000).toFixed(1)} s`)
  } finally {
    await connection.query(`DROP DATABASE IF EXISTS \`${DATABASE}\``)
    await connection.end()
    if (stopAfter) await stopEmbeddedMariadb()
  }
}
