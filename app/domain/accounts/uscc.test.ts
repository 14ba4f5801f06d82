import { describe, expect, test } from 'vitest'
import { normalizeUscc, USCC_ALPHABET, usccCheckCharacter, usccProblem } from '#app/domain/accounts/uscc.ts'

// Codes printed on real business licences (public registrations).
const REAL_CODES = [
  '91110108551385082Q', // 北京小米科技有限责任公司
  '914403001922038216', // 华为技术有限公司
  '91350100M000100Y43', // the example in GB 32100-2015 guidance material
]

describe('USCC (GB 32100-2015)', () => {
  test.each(REAL_CODES)('a real code %s is valid', (code) => {
    expect(usccProblem(code)).toBeNull()
  })

  test('the check character is computed from the first 17 characters', () => {
    expect(usccCheckCharacter('91110108551385082')).toBe('Q')
    expect(usccCheckCharacter('91440300192203821')).toBe('6')
  })

  test.each(['', '9111010855138508', '91110108551385082Q0', '91110108551385082'])('a code of the wrong length (%s) is refused as length', (code) => {
    expect(usccProblem(code)).toBe('length')
  })

  test.each(['I', 'O', 'Z', 'S', 'V'])('the letter %s is not in the alphabet', (letter) => {
    expect(USCC_ALPHABET).not.toContain(letter)
    const code = `9111010855138508${letter}Q`
    expect(usccProblem(code)).toBe('characters')
  })

  test('lower-case letters and punctuation are refused before normalisation', () => {
    expect(usccProblem('91110108551385082q')).toBe('characters')
    expect(usccProblem('9111010855138508-Q')).toBe('characters')
  })

  test('a wrong check character is refused as check', () => {
    expect(usccProblem('91110108551385082R')).toBe('check')
    expect(usccProblem('914403001922038217')).toBe('check')
  })

  test('a single changed body character breaks the check', () => {
    expect(usccProblem('91110108551385083Q')).toBe('check')
  })

  test('normalising trims and upper-cases, after which a lower-case code is valid', () => {
    expect(normalizeUscc('  91110108551385082q ')).toBe('91110108551385082Q')
    expect(usccProblem(normalizeUscc('91110108551385082q'))).toBeNull()
  })
})
