// The contract every IntermediarySearch adapter must pass (embedded.test.ts, meilisearch.test.ts).
//
// The Meilisearch adapter runs it against the msw model in tests/mocks/meilisearch.ts, whose `q`
// matching is a normalized substring test per query word (plus the index's synonyms). Real
// Meilisearch segments words and matches prefixes, never infixes. So the assertions here stick to
// what both must satisfy: whole words and names (蜀安, 环境影响), abbreviations through the adapter's
// own expansion (环评, 水保: the embedded dictionary, Meilisearch synonyms), USCC fragments through
// the adapter's own USCC handling (embedded n-grams, Meilisearch `usccSuffixes` prefix search), and
// relevance only in the coarse "name before introduction" sense both engines share.
import { beforeEach, describe, expect, it } from 'vitest'
import { type IntermediaryDocument, type IntermediarySearch, type SearchQuery } from './port.ts'

const T0 = Date.UTC(2026, 0, 1)

function doc(overrides: Partial<IntermediaryDocument> & Pick<IntermediaryDocument, 'id' | 'name' | 'uscc'>): IntermediaryDocument {
  return {
    shortName: null,
    regionCode: '510107',
    regionPath: ['510000', '510100', '510107'],
    serviceItemCodes: [],
    serviceItemNames: [],
    fieldCodes: [],
    introduction: null,
    creditScore: 80,
    creditLevel: 'B',
    ratingAverage: null,
    hasVerifiedQualification: false,
    blacklisted: false,
    suspended: false,
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  }
}

/** Five firms, created one minute apart (shuan oldest … hengxin newest). */
export const CONTRACT_DOCUMENTS: IntermediaryDocument[] = [
  doc({
    id: 'shuan',
    name: '四川蜀安环评咨询有限公司',
    shortName: '蜀安环评',
    uscc: '91510107MA6CJ8X83L',
    regionCode: '510107',
    regionPath: ['510000', '510100', '510107'],
    serviceItemCodes: ['SI-WATER'],
    serviceItemNames: ['水土保持方案编制'],
    fieldCodes: ['water'],
    introduction: '扎根成都武侯，服务全省。',
    creditScore: 92,
    creditLevel: 'A',
    ratingAverage: 4.8,
    hasVerifiedQualification: true,
    createdAt: T0 + 60_000,
  }),
  doc({
    id: 'huaxin',
    name: '成都华信环境科技有限公司',
    shortName: '华信环境',
    uscc: '91510104MA62N4QK7B',
    regionCode: '510104',
    regionPath: ['510000', '510100', '510104'],
    serviceItemCodes: ['SI-EIA'],
    serviceItemNames: ['建设项目环境影响评价文件编制'],
    fieldCodes: ['environment'],
    creditScore: 85,
    creditLevel: 'A',
    ratingAverage: null,
    createdAt: T0 + 120_000,
  }),
  doc({
    id: 'antai',
    name: '绵阳安泰安全评价有限公司',
    shortName: '安泰',
    uscc: '91510703MA6ATQ2P5R',
    regionCode: '510703',
    regionPath: ['510000', '510700', '510703'],
    serviceItemCodes: ['SI-SAFETY'],
    serviceItemNames: ['安全预评价'],
    fieldCodes: ['safety'],
    creditScore: 70,
    creditLevel: 'B',
    ratingAverage: 4.2,
    hasVerifiedQualification: true,
    createdAt: T0 + 180_000,
  }),
  doc({
    id: 'leshan',
    name: '乐山水利水电勘测设计有限公司',
    uscc: '91511102MA64H7UX0D',
    regionCode: '511102',
    regionPath: ['510000', '511100', '511102'],
    serviceItemCodes: ['SI-WATER', 'SI-SURVEY'],
    serviceItemNames: ['水土保持方案编制', '工程测绘'],
    fieldCodes: ['water', 'survey'],
    introduction: '专业从事水利工程勘测设计。',
    creditScore: 40,
    creditLevel: 'D',
    ratingAverage: 3.1,
    blacklisted: true,
    createdAt: T0 + 240_000,
  }),
  doc({
    id: 'hengxin',
    name: '德阳恒信节能技术服务有限公司',
    shortName: '恒信节能',
    uscc: '91510603MA6B9WY31C',
    regionCode: '510603',
    regionPath: ['510000', '510600', '510603'],
    serviceItemCodes: ['SI-ENERGY'],
    serviceItemNames: ['节能评估报告编制'],
    fieldCodes: ['energy'],
    introduction: '兼营安全生产标准化咨询。',
    creditScore: 60,
    creditLevel: 'C',
    ratingAverage: 3.9,
    suspended: true,
    createdAt: T0 + 300_000,
  }),
]

export function runSearchContract(name: string, makeAdapter: () => IntermediarySearch | Promise<IntermediarySearch>): void {
  describe(`IntermediarySearch contract: ${name}`, () => {
    let search: IntermediarySearch

    beforeEach(async () => {
      search = await makeAdapter()
      await search.init()
      await search.clear()
      await search.upsert(CONTRACT_DOCUMENTS)
    })

    const find = (query: Omit<SearchQuery, 'page' | 'pageSize'> & Partial<SearchQuery>) =>
      search.search({ page: 1, pageSize: 20, ...query })
    const idsOf = async (query: Omit<SearchQuery, 'page' | 'pageSize'> & Partial<SearchQuery>) =>
      (await find(query)).ids
    const sorted = async (query: Omit<SearchQuery, 'page' | 'pageSize'> & Partial<SearchQuery>) =>
      [...(await idsOf(query))].sort()

    it('init is idempotent and count reports the documents', async () => {
      await search.init()
      expect(await search.count()).toBe(5)
    })

    describe('text', () => {
      it('环评 finds the firm named …环评… and the firm offering 环境影响评价', async () => {
        expect(await sorted({ q: '环评' })).toEqual(['huaxin', 'shuan'])
      })

      it('环境影响 finds the firm offering 建设项目环境影响评价文件编制', async () => {
        expect(await idsOf({ q: '环境影响' })).toEqual(['huaxin'])
      })

      it('环境影响评价 also finds the firm that only says 环评', async () => {
        expect(await sorted({ q: '环境影响评价' })).toEqual(['huaxin', 'shuan'])
      })

      it('水保 finds the firms offering 水土保持方案编制', async () => {
        expect(await sorted({ q: '水保' })).toEqual(['leshan', 'shuan'])
      })

      it('a short-name fragment finds the firm', async () => {
        expect(await idsOf({ q: '蜀安' })).toEqual(['shuan'])
      })

      it('the full name finds the firm first', async () => {
        expect((await idsOf({ q: '四川蜀安环评咨询有限公司' }))[0]).toBe('shuan')
      })

      it('eight characters from the middle of a USCC find the firm', async () => {
        const uscc = CONTRACT_DOCUMENTS[2]!.uscc
        expect(await idsOf({ q: uscc.slice(5, 13) })).toEqual(['antai'])
        expect(await idsOf({ q: uscc.slice(5, 13).toLowerCase() })).toEqual(['antai'])
      })

      it('full-width input is normalized', async () => {
        const fullWidth = CONTRACT_DOCUMENTS[2]!.uscc.slice(5, 13).replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))
        expect(await idsOf({ q: fullWidth })).toEqual(['antai'])
      })

      it('every query word must match', async () => {
        expect(await idsOf({ q: '成都 环境' })).toEqual(['huaxin'])
        expect(await idsOf({ q: '华信 水保' })).toEqual([])
      })

      it('a name match ranks above an introduction match', async () => {
        expect(await idsOf({ q: '安全' })).toEqual(['antai', 'hengxin'])
        expect(await idsOf({ q: '安全', sort: 'newest' })).toEqual(['hengxin', 'antai'])
      })

      it('nothing matches an unknown word', async () => {
        expect(await find({ q: '区块链' })).toEqual({ ids: [], total: 0 })
      })
    })

    describe('filters', () => {
      it('by service item (any of several)', async () => {
        expect(await sorted({ serviceItemCodes: ['SI-WATER'] })).toEqual(['leshan', 'shuan'])
        expect(await sorted({ serviceItemCodes: ['SI-SAFETY', 'SI-ENERGY'] })).toEqual(['antai', 'hengxin'])
      })

      it('by field', async () => {
        expect(await idsOf({ fieldCode: 'survey' })).toEqual(['leshan'])
      })

      it('by region: a county, a city matching its counties, the province matching all', async () => {
        expect(await idsOf({ regionCode: '510107' })).toEqual(['shuan'])
        expect(await sorted({ regionCode: '510100' })).toEqual(['huaxin', 'shuan'])
        expect(await find({ regionCode: '510000' })).toMatchObject({ total: 5 })
        expect(await find({ regionCode: '520000' })).toEqual({ ids: [], total: 0 })
      })

      it('by credit levels', async () => {
        expect(await sorted({ creditLevels: ['A', 'B'] })).toEqual(['antai', 'huaxin', 'shuan'])
        expect(await idsOf({ creditLevels: ['D'] })).toEqual(['leshan'])
      })

      it('verified only', async () => {
        expect(await sorted({ verifiedOnly: true })).toEqual(['antai', 'shuan'])
      })

      it('excluding blacklisted and suspended firms', async () => {
        expect(await sorted({ excludeBlacklisted: true })).toEqual(['antai', 'hengxin', 'huaxin', 'shuan'])
        expect(await sorted({ excludeSuspended: true })).toEqual(['antai', 'huaxin', 'leshan', 'shuan'])
        expect(await sorted({ excludeBlacklisted: true, excludeSuspended: true })).toEqual(['antai', 'huaxin', 'shuan'])
      })

      it('text and filters together', async () => {
        expect(await idsOf({ q: '水保', excludeBlacklisted: true })).toEqual(['shuan'])
        expect(await idsOf({ q: '环评', regionCode: '510104' })).toEqual(['huaxin'])
      })
    })

    describe('sorting and paging', () => {
      it('newest first', async () => {
        expect(await idsOf({ sort: 'newest' })).toEqual(['hengxin', 'leshan', 'antai', 'huaxin', 'shuan'])
      })

      it('relevance with an empty query is newest first', async () => {
        expect(await idsOf({ sort: 'relevance' })).toEqual(['hengxin', 'leshan', 'antai', 'huaxin', 'shuan'])
        expect(await idsOf({})).toEqual(['hengxin', 'leshan', 'antai', 'huaxin', 'shuan'])
      })

      it('by credit score', async () => {
        expect(await idsOf({ sort: 'credit' })).toEqual(['shuan', 'huaxin', 'antai', 'hengxin', 'leshan'])
      })

      it('by rating, unrated last', async () => {
        expect(await idsOf({ sort: 'rating' })).toEqual(['shuan', 'antai', 'hengxin', 'leshan', 'huaxin'])
      })

      it('sorting applies to text results too', async () => {
        expect(await idsOf({ q: '环评', sort: 'credit' })).toEqual(['shuan', 'huaxin'])
        expect(await idsOf({ q: '环评', sort: 'newest' })).toEqual(['huaxin', 'shuan'])
      })

      it('pages with the total', async () => {
        const query = { sort: 'newest' as const, pageSize: 2 }
        expect(await find({ ...query, page: 1 })).toEqual({ ids: ['hengxin', 'leshan'], total: 5 })
        expect(await find({ ...query, page: 2 })).toEqual({ ids: ['antai', 'huaxin'], total: 5 })
        expect(await find({ ...query, page: 3 })).toEqual({ ids: ['shuan'], total: 5 })
        expect(await find({ ...query, page: 4 })).toEqual({ ids: [], total: 5 })
      })
    })

    describe('maintenance', () => {
      it('upsert replaces a document: the new name matches, the old one no longer does', async () => {
        const huaxin = CONTRACT_DOCUMENTS[1]!
        await search.upsert([{ ...huaxin, name: '成都青衿生态咨询有限公司', shortName: null, updatedAt: huaxin.updatedAt + 1 }])
        expect(await idsOf({ q: '华信' })).toEqual([])
        expect(await idsOf({ q: '青衿' })).toEqual(['huaxin'])
        expect(await search.count()).toBe(5)
      })

      it('upsert replaces filter values too', async () => {
        const leshan = CONTRACT_DOCUMENTS[3]!
        await search.upsert([{ ...leshan, blacklisted: false, creditLevel: 'B' }])
        expect(await sorted({ q: '水保', excludeBlacklisted: true })).toEqual(['leshan', 'shuan'])
        expect(await idsOf({ creditLevels: ['D'] })).toEqual([])
      })

      it('remove', async () => {
        await search.remove(['leshan'])
        expect(await search.count()).toBe(4)
        expect(await idsOf({ q: '水保' })).toEqual(['shuan'])
        await search.remove([])
        expect(await search.count()).toBe(4)
      })

      it('upserting the same document twice keeps one copy', async () => {
        await search.upsert([CONTRACT_DOCUMENTS[0]!, CONTRACT_DOCUMENTS[0]!])
        expect(await search.count()).toBe(5)
        expect(await idsOf({ q: '蜀安' })).toEqual(['shuan'])
      })

      it('clear', async () => {
        await search.clear()
        expect(await search.count()).toBe(0)
        expect(await find({})).toEqual({ ids: [], total: 0 })
        await search.upsert([CONTRACT_DOCUMENTS[0]!])
        expect(await idsOf({ q: '环评' })).toEqual(['shuan'])
      })
    })
  })
}
