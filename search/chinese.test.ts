import { describe, expect, it } from 'vitest'
import {
  ABBREVIATIONS,
  abbreviationsMentioned,
  alnumGrams,
  expandQueryTerm,
  forEachGram,
  hanBigrams,
  hasExpansion,
  indexTokens,
  normalizeText,
  segmentWords,
  splitCompoundTerm,
  splitTerms,
  synonymsTable,
  termGramPlan,
  termGrams,
  tokenize,
  usccSuffixes,
} from './chinese.ts'

describe('normalizeText', () => {
  it('folds full-width forms, case and whitespace', () => {
    expect(normalizeText('  ９１５１０１ＭＡ６Ｃ　（成都）  ')).toBe('915101ma6c (成都)')
    expect(normalizeText('ABC\tdef\n')).toBe('abc def')
  })
})

describe('splitTerms', () => {
  it('splits on anything that is not a letter or digit and de-duplicates', () => {
    expect(splitTerms('环评，水保 环评/ＭＡ６Ｃ')).toEqual(['环评', '水保', 'ma6c'])
    expect(splitTerms('  ')).toEqual([])
    expect(splitTerms(undefined)).toEqual([])
  })
})

describe('segmentWords', () => {
  it('finds dictionary words in running text but splits names into characters', () => {
    expect(segmentWords('建设项目环境影响评价文件编制')).toEqual(['建设', '项目', '环境', '影响', '评价', '文件', '编制'])
    expect(segmentWords('四川蜀安环评咨询有限公司')).toContain('蜀')
  })
})

describe('grams', () => {
  it('takes bigrams of Han runs only', () => {
    expect(hanBigrams('蜀安环评(成都)')).toEqual(['蜀安', '安环', '环评', '成都'])
    expect(hanBigrams('蜀')).toEqual([])
  })

  it('takes trigrams of alphanumeric runs', () => {
    expect(alnumGrams('ＭＡ6c-12')).toEqual(['ma6', 'a6c'])
  })

  it('a term needs all of its grams; short terms need a scan', () => {
    expect(termGrams('蜀安环评')).toEqual(['蜀安', '安环', '环评'])
    expect(termGrams('MA6CJ8')).toEqual(['ma6', 'a6c', '6cj', 'cj8'])
    expect(termGrams('iso9001认证')).toEqual(['iso', 'so9', 'o90', '900', '001', '认证'])
    expect(termGrams('蜀')).toEqual([])
    expect(termGrams('ab')).toEqual([])
  })
})

describe('forEachGram and termGramPlan', () => {
  it('visits grams with their offsets; separators end runs', () => {
    const seen: string[] = []
    forEachGram('蜀安环\u0001ma6c\u0002认证 a中b', (gram, offset) => seen.push(`${gram}@${offset}`))
    expect(seen).toEqual(['蜀安@0', '安环@1', 'ma6@4', 'a6c@5', '认证@9'])
  })

  it('plans a chain check only when the grams cover the term without repeats', () => {
    expect(termGramPlan('技术服务')).toEqual({ grams: ['技术', '术服', '服务'], offsets: [0, 1, 2] })
    expect(termGramPlan('iso9001认证').offsets).toEqual([0, 1, 2, 3, 4, 7])
    expect(termGramPlan('abc中def')).toEqual({ grams: ['abc', 'def'], offsets: null })
    expect(termGramPlan('水水水')).toEqual({ grams: ['水水'], offsets: null })
  })
})

describe('abbreviations', () => {
  it('knows the trade abbreviations from the issue', () => {
    for (const [abbreviation, fullForm] of [
      ['环评', '环境影响评价'],
      ['水保', '水土保持'],
      ['安评', '安全评价'],
      ['能评', '节能评估'],
      ['稳评', '社会稳定风险评估'],
      ['地灾', '地质灾害'],
      ['职评', '职业病危害评价'],
      ['震评', '地震安全性评价'],
      ['洪评', '洪水影响评价'],
      ['交评', '交通影响评价'],
    ] as const) {
      expect(ABBREVIATIONS.get(abbreviation)).toContain(fullForm)
    }
    expect(ABBREVIATIONS.has('文评')).toBe(true)
    expect(ABBREVIATIONS.has('防雷')).toBe(true)
  })

  it('expands query terms both ways', () => {
    expect(expandQueryTerm('环评')).toEqual(['环评', '环境影响评价', '环境影响报告', '环境影响登记'])
    expect(expandQueryTerm('水土保持')).toEqual(['水土保持', '水保'])
    expect(expandQueryTerm('蜀安')).toEqual(['蜀安'])
    expect(hasExpansion('地灾')).toBe(true)
    expect(hasExpansion('环境影响')).toBe(false)
  })

  it('finds the abbreviations a text mentions in full', () => {
    expect(abbreviationsMentioned('建设项目环境影响评价文件编制')).toEqual(['环评'])
    expect(abbreviationsMentioned('地质灾害危险性评估、水土保持方案')).toEqual(['水保', '地灾'])
    expect(abbreviationsMentioned('四川蜀安环评咨询有限公司')).toEqual([])
  })

  it('gives Meilisearch a symmetric synonyms table', () => {
    const table = synonymsTable()
    expect(table['水保']).toEqual(['水土保持'])
    expect(table['水土保持']).toEqual(['水保'])
    expect(table['社会稳定风险评估']).toEqual(['稳评', '社稳'])
  })
})

describe('indexTokens and tokenize', () => {
  it('index tokens: bigrams, alphanumeric trigrams and ~abbreviation markers', () => {
    const tokens = indexTokens('建设项目环境影响评价文件编制')
    expect(tokens).toContain('影响')
    expect(tokens).toContain('~环评')
    expect(tokens).not.toContain('环评')
    expect(indexTokens('91510107MA6CJ8X83L')).toHaveLength(16)
    expect(indexTokens(null)).toEqual([])
  })

  it('tokenize adds segmenter words and whole alphanumeric runs', () => {
    const tokens = tokenize('四川蜀安环评咨询有限公司 ISO9001')
    expect(tokens).toEqual(expect.arrayContaining(['四川', '有限公司', '蜀安', '环评', 'iso9001', 'iso']))
  })
})

describe('splitCompoundTerm', () => {
  it('splits into words, merging the single characters the segmenter leaves', () => {
    expect(splitCompoundTerm('成都环评公司')).toEqual(['成都', '环评', '公司'])
    expect(splitCompoundTerm('环评')).toEqual(['环评'])
    expect(splitCompoundTerm('有限公司')).toEqual(['有限公司'])
  })
})

describe('usccSuffixes', () => {
  it('lists every suffix of four characters or more, lower-cased', () => {
    const suffixes = usccSuffixes('91510107MA6CJ8X83L')
    expect(suffixes[0]).toBe('1510107ma6cj8x83l')
    expect(suffixes.at(-1)).toBe('x83l')
    expect(suffixes).toHaveLength(14)
    // Any fragment of 4+ characters is a prefix of one suffix.
    expect(suffixes.some((suffix) => suffix.startsWith('07ma6cj8'))).toBe(true)
  })
})
