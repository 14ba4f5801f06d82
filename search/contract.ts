// The contract every IntermediarySearch adapter must pass (embedded.test.ts, meilisearch.test.ts):
// the query-quality table of query-table.ts, word for word, then filters, sorts, paging and index
// maintenance. The Meilisearch adapter runs it against the msw model in tests/mocks/meilisearch.ts,
// which segments Chinese with jieba and matches words the way the real engine does, so a rule that
// only one backend follows fails here.
import { beforeEach, describe, expect, it } from 'vitest'
import { type IntermediaryDocument, type IntermediarySearch, type SearchQuery } from './port.ts'
import { QUERY_TABLE, TABLE_DOCUMENTS, type TableRow } from './query-table.ts'

/** Five of the table's firms, created one minute apart (shuan oldest … hengxin newest). */
export const CONTRACT_DOCUMENTS: IntermediaryDocument[] = TABLE_DOCUMENTS.slice(0, 5)

type Find = Omit<SearchQuery, 'page' | 'pageSize'> & Partial<SearchQuery>

/** What a table row found, in the form the row states it (ordered, or as a sorted set). */
export async function answerOf(search: IntermediarySearch, row: TableRow): Promise<{ ids: string[]; first: string | undefined }> {
  const { ids } = await search.search({ page: 1, pageSize: 50, ...row.query })
  return { ids: row.ordered ? ids : [...ids].sort(), first: ids[0] }
}

export function runSearchContract(name: string, makeAdapter: () => IntermediarySearch | Promise<IntermediarySearch>): void {
  describe(`IntermediarySearch contract: ${name}`, () => {
    let search: IntermediarySearch

    const load = (docs: IntermediaryDocument[]) => async () => {
      search = await makeAdapter()
      await search.init()
      await search.clear()
      await search.upsert(docs)
    }

    const find = (query: Find) => search.search({ page: 1, pageSize: 20, ...query })
    const idsOf = async (query: Find) => (await find(query)).ids
    const sorted = async (query: Find) => [...(await idsOf(query))].sort()

    describe(`the query table (${QUERY_TABLE.length} queries over ${TABLE_DOCUMENTS.length} firms)`, () => {
      beforeEach(load(TABLE_DOCUMENTS))

      for (const row of QUERY_TABLE) {
        it(`${JSON.stringify(row.query)}: ${row.about}`, async () => {
          const answer = await answerOf(search, row)
          expect(answer.ids).toEqual(row.ordered ? row.expect : [...row.expect].sort())
          if (row.first) expect(answer.first).toBe(row.first)
        })
      }
    })

    describe('filters, sorts, paging and maintenance', () => {
      beforeEach(load(CONTRACT_DOCUMENTS))

      it('init is idempotent and count reports the documents', async () => {
        await search.init()
        expect(await search.count()).toBe(5)
      })

      it('a name match ranks above an introduction match', async () => {
        expect(await idsOf({ q: '安全' })).toEqual(['antai', 'hengxin'])
        expect(await idsOf({ q: '安全', sort: 'newest' })).toEqual(['hengxin', 'antai'])
      })

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

      it('newest first; relevance with an empty query is newest first', async () => {
        const newest = ['hengxin', 'leshan', 'antai', 'huaxin', 'shuan']
        expect(await idsOf({ sort: 'newest' })).toEqual(newest)
        expect(await idsOf({ sort: 'relevance' })).toEqual(newest)
        expect(await idsOf({})).toEqual(newest)
      })

      it('by credit score', async () => {
        expect(await idsOf({ sort: 'credit' })).toEqual(['shuan', 'huaxin', 'antai', 'hengxin', 'leshan'])
      })

      it('by rating, unrated last', async () => {
        expect(await idsOf({ sort: 'rating' })).toEqual(['shuan', 'antai', 'hengxin', 'leshan', 'huaxin'])
      })

      it('pages with the total', async () => {
        const query = { sort: 'newest' as const, pageSize: 2 }
        expect(await find({ ...query, page: 1 })).toEqual({ ids: ['hengxin', 'leshan'], total: 5 })
        expect(await find({ ...query, page: 2 })).toEqual({ ids: ['antai', 'huaxin'], total: 5 })
        expect(await find({ ...query, page: 3 })).toEqual({ ids: ['shuan'], total: 5 })
        expect(await find({ ...query, page: 4 })).toEqual({ ids: [], total: 5 })
      })

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

      it('rebuild replaces every document at once, and the old index answers until then', async () => {
        let during: string[] = []
        await search.rebuild(async (write) => {
          await write([CONTRACT_DOCUMENTS[0]!])
          during = await idsOf({ sort: 'newest' })
          await write([CONTRACT_DOCUMENTS[1]!])
        })
        expect(during).toEqual(['hengxin', 'leshan', 'antai', 'huaxin', 'shuan'])
        expect(await idsOf({ sort: 'newest' })).toEqual(['huaxin', 'shuan'])
        expect(await search.count()).toBe(2)
      })
    })
  })
}
