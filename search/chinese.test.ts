import { describe, expect, it } from 'vitest'
import { ABBREVIATIONS, expansionsOf, usccSuffixes } from './chinese.ts'

describe('abbreviations', () => {
  it('knows the trade’s abbreviations, including the full forms of four words and more', () => {
    for (const abbreviation of ['环评', '水保', '安评', '能评', '稳评', '地灾', '职评', '震评', '审图', '土调', '压矿']) {
      expect(ABBREVIATIONS.has(abbreviation), abbreviation).toBe(true)
    }
    expect(ABBREVIATIONS.get('稳评')).toContain('社会稳定风险评估')
  })
})

describe('expansionsOf', () => {
  it('adds the abbreviations of the full forms a document contains', () => {
    expect(expansionsOf(['建设项目环境影响评价文件编制'])).toEqual(['环评'])
    expect(expansionsOf(['地质灾害危险性评估', '水土保持方案编制'])).toEqual(['地灾', '水保'])
  })

  it('adds the full forms of the abbreviations it uses as words', () => {
    expect(expansionsOf(['四川蜀安环评咨询有限公司'])).toEqual(['环境影响报告', '环境影响登记', '环境影响评价'])
    expect(expansionsOf([null, '提供稳评服务'])).toEqual(['社会稳定风险分析', '社会稳定风险评估'])
  })

  it('does not read an abbreviation across words (能评 inside 节能评估 is 节能 / 评估)', () => {
    expect(expansionsOf(['节能评估报告编制'])).toEqual(['能评'])
  })
})

describe('usccSuffixes', () => {
  it('every suffix of four characters or more, lower case', () => {
    const suffixes = usccSuffixes('91510107MA6CJ8X83L')
    expect(suffixes[0]).toBe('1510107ma6cj8x83l')
    expect(suffixes.at(-1)).toBe('x83l')
    expect(suffixes).toHaveLength(14)
  })
})
