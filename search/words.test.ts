import { describe, expect, it } from 'vitest'
import { meilisearchQueryString, planQuery, positionedWords, segment, words } from './words.ts'

describe('words (Meilisearch’s tokenizer: jieba without HMM, then the second cut)', () => {
  it('cuts names into jieba words, long words again into dictionary bigrams', () => {
    expect(words('四川蜀安环评咨询有限公司')).toEqual(['四川', '蜀', '安', '环评', '咨询', '有限', '公司'])
    expect(words('建设项目环境影响评价文件编制')).toEqual(['建设', '项目', '环境', '影响', '评价', '文件', '编制'])
    expect(words('职业病危害预评价')).toEqual(['职业', '病', '危害', '预', '评价'])
  })

  it('keeps Latin and digit runs whole, split from Han where the script changes, normalized', () => {
    expect(words('四川ABC环保科技')).toEqual(['四川', 'abc', '环保', '科技'])
    expect(words('９１５１０１０７ＭＡ６ＣＪ８Ｘ８３Ｌ')).toEqual(['91510107ma6cj8x83l'])
    expect(words('成都1号')).toEqual(['成都', '1', '号'])
    expect(words('Café-ISO14001')).toEqual(['cafe', 'iso14001'])
  })

  it('marks hard separators, which put the next word out of a phrase’s reach', () => {
    expect(segment('成都，武侯').map((piece) => (piece.kind === 'separator' ? `[${piece.hard ? 'hard' : 'soft'}]` : piece.word))).toEqual(['成都', '[hard]', '武侯'])
    expect(positionedWords('成都 武侯。服务').map((w) => w.position)).toEqual([0, 1, 9])
    expect(positionedWords('a. b, c')).toEqual([
      { word: 'a', position: 0 },
      { word: 'b', position: 8 },
      { word: 'c', position: 16 },
    ])
  })
})

describe('planQuery', () => {
  it('one-word chunks, the last one a prefix; several-word chunks are phrases', () => {
    expect(planQuery('成都 环评')).toEqual({
      chunks: [
        { words: ['成都'], prefix: false },
        { words: ['环评'], prefix: true },
      ],
      loose: null,
    })
    expect(planQuery('蜀安').chunks).toEqual([{ words: ['蜀', '安'], prefix: false }])
    expect(planQuery('  ——  ')).toEqual({ chunks: [], loose: null })
  })

  it('loosens compounds into their words but keeps single characters together around abbreviations', () => {
    expect(planQuery('成都环评公司').loose).toEqual([
      { words: ['成都'], prefix: false },
      { words: ['环评'], prefix: false },
      { words: ['公司'], prefix: true },
    ])
    expect(planQuery('蜀安水保').loose).toEqual([
      { words: ['蜀', '安'], prefix: false },
      { words: ['水', '保'], prefix: false },
    ])
    expect(planQuery('水保').loose).toBeNull()
    expect(planQuery('蜀安').loose).toBeNull()
  })

  it('keeps at most ten chunks, as Meilisearch keeps ten terms', () => {
    expect(planQuery('a b c d e f g h i j k l').chunks).toHaveLength(10)
  })

  it('writes the Meilisearch query: phrases quoted', () => {
    expect(meilisearchQueryString(planQuery('蜀安，ＭＡ６ 环评').chunks)).toBe('"蜀安" ma6 环评')
  })
})
