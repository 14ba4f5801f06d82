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

  it('a phrase must follow itself within one field value, not across a hard separator', async () => {
    const base = CONTRACT_DOCUMENTS[0]!
    const search = await loaded([
      { ...base, id: 'apart', name: '某某公司', shortName: null, introduction: '服务成都，武侯及周边。', uscc: '91510107MA6CJ8X831' },
      { ...base, id: 'together', name: '某某公司', shortName: null, introduction: '服务成都武侯。', uscc: '91510107MA6CJ8X832' },
    ])
    expect((await search.search({ q: '成都武侯', page: 1, pageSize: 10 })).ids).toEqual(['together'])
  })

  it('clamps paging', async () => {
    const search = await loaded()
    expect(await search.search({ page: 0, pageSize: 0 })).toMatchObject({ ids: ['hengxin'], total: 5 })
    expect((await search.search({ page: 1, pageSize: 10_000 })).ids).toHaveLength(5)
  })
})
