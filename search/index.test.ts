import { describe, expect, it } from 'vitest'
import { createIntermediarySearch } from './index.ts'

describe('createIntermediarySearch', () => {
  it('uses the embedded index without MEILI_HOST, one instance per process', () => {
    const search = createIntermediarySearch({})
    expect(search.kind).toBe('embedded')
    expect(createIntermediarySearch({ MEILI_HOST: '  ' })).toBe(search)
  })

  it('uses Meilisearch with MEILI_HOST, one instance per host and key', () => {
    const search = createIntermediarySearch({ MEILI_HOST: 'http://meili.test:7700', MEILI_KEY: 'k1' })
    expect(search.kind).toBe('meilisearch')
    expect(createIntermediarySearch({ MEILI_HOST: 'http://meili.test:7700', MEILI_KEY: 'k1' })).toBe(search)
    expect(createIntermediarySearch({ MEILI_HOST: 'http://meili.test:7700', MEILI_KEY: 'k2' })).not.toBe(search)
  })
})
