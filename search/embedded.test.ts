import { describe, expect, it } from 'vitest'
import { CONTRACT_DOCUMENTS, runSearchContract } from './contract.ts'
import { EmbeddedIntermediarySearch } from './embedded.ts'
import { type IntermediaryDocument } from './port.ts'

runSearchContract('embedded', () => new EmbeddedIntermediarySearch())

async function loaded(docs: IntermediaryDocument[] = CONTRACT_DOCUMENTS) {
  const search = new EmbeddedIntermediarySearch()
  await search.init()
  await search.upsert(docs)
  return search
}

describe('EmbeddedIntermediarySearch specifics', () => {
  it('splits a compound term that occurs nowhere verbatim (成都环评公司)', async () => {
    const search = await loaded()
    // Nothing contains 成都环评公司; its parts 成都 + 环评 + 公司 all occur in both firms, the one
    // with 成都 in its name first (the other mentions 成都 in its introduction).
    expect((await search.search({ q: '成都环评公司', page: 1, pageSize: 10 })).ids).toEqual(['huaxin', 'shuan'])
    expect((await search.search({ q: '成都环评公司', regionCode: '510107', page: 1, pageSize: 10 })).ids).toEqual(['shuan'])
  })

  it('does not split a term that occurs, only outside the filters', async () => {
    const search = await loaded()
    // 蜀安环评 exists (in Chengdu); with a Mianyang filter the answer is empty, not 蜀安 + 环评 elsewhere.
    expect(await search.search({ q: '蜀安环评', regionCode: '510700', page: 1, pageSize: 10 })).toEqual({ ids: [], total: 0 })
  })

  it('matches one Han character by scanning', async () => {
    const search = await loaded()
    expect((await search.search({ q: '蜀', page: 1, pageSize: 10 })).ids).toEqual(['shuan'])
  })

  it('verifies multi-gram terms as substrings (no match on scattered bigrams)', async () => {
    const base = CONTRACT_DOCUMENTS[0]!
    const search = await loaded([
      { ...base, id: 'scattered', name: '环保科技有限公司', shortName: '保科', uscc: '91510107MA6CJ8X831', introduction: null },
      { ...base, id: 'exact', name: '蓉城环保科技有限公司', shortName: null, uscc: '91510107MA6CJ8X832', introduction: null },
    ])
    // Both contain the bigrams 环保, 保科, 科技; only "exact" contains 城环保科.
    expect((await search.search({ q: '城环保科', page: 1, pageSize: 10 })).ids).toEqual(['exact'])
  })

  it('finds a term whose grams first occur elsewhere (falls back to reading the text)', async () => {
    const base = CONTRACT_DOCUMENTS[0]!
    const search = await loaded([
      // 技术 and 服务 first occur apart in the name; 技术服务 itself only in the introduction.
      { ...base, id: 'late', name: '蓉城技术咨询服务有限公司', shortName: null, uscc: '91510107MA6CJ8X831', introduction: '提供技术服务。' },
      { ...base, id: 'never', name: '锦城技术咨询服务有限公司', shortName: null, uscc: '91510107MA6CJ8X832', introduction: '服务技术。' },
    ])
    expect((await search.search({ q: '技术服务', page: 1, pageSize: 10 })).ids).toEqual(['late'])
  })

  it('an exact name outranks a longer name containing it', async () => {
    const base = CONTRACT_DOCUMENTS[0]!
    const search = await loaded([
      { ...base, id: 'longer', name: '蜀安环评咨询有限公司成都分公司', shortName: null, uscc: '91510107MA6CJ8X831', createdAt: 2 },
      { ...base, id: 'exact', name: '蜀安环评咨询有限公司', shortName: null, uscc: '91510107MA6CJ8X832', createdAt: 1 },
    ])
    expect((await search.search({ q: '蜀安环评咨询有限公司', page: 1, pageSize: 10 })).ids).toEqual(['exact', 'longer'])
  })

  it('breaks ties on equal keys by id', async () => {
    const base = CONTRACT_DOCUMENTS[0]!
    const search = await loaded(['c', 'a', 'b'].map((id, i) => ({ ...base, id, uscc: `91510107MA6CJ8X83${i}`, createdAt: 5 })))
    expect((await search.search({ sort: 'newest', page: 1, pageSize: 10 })).ids).toEqual(['a', 'b', 'c'])
  })

  it('compacts retired slots and keeps answering correctly', async () => {
    const base = CONTRACT_DOCUMENTS[0]!
    const docs = Array.from({ length: 1500 }, (_, i) => ({
      ...base,
      id: `d${i}`,
      name: `成都第${i}号环评咨询有限公司`,
      uscc: `9151010700000${String(i).padStart(4, '0')}X`,
      createdAt: i,
    }))
    const search = await loaded(docs)
    for (let round = 0; round < 3; round++) await search.upsert(docs.map((d) => ({ ...d, updatedAt: round })))
    await search.remove(docs.slice(0, 500).map((d) => d.id))
    expect(await search.count()).toBe(1000)
    const result = await search.search({ q: '环评', sort: 'newest', page: 1, pageSize: 3 })
    expect(result).toEqual({ ids: ['d1499', 'd1498', 'd1497'], total: 1000 })
    expect((await search.search({ q: '00001234', page: 1, pageSize: 3 })).ids).toEqual(['d1234'])
    expect(search.memoryEstimate().postings).toBeGreaterThan(0)
  })

  it('clamps paging', async () => {
    const search = await loaded()
    expect(await search.search({ page: 0, pageSize: 0 })).toMatchObject({ ids: ['hengxin'], total: 5 })
    expect((await search.search({ page: 1, pageSize: 10_000 })).ids).toHaveLength(5)
  })
})
