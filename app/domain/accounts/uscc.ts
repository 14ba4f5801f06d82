// 统一社会信用代码 (unified social credit code), GB 32100-2015: 18 characters from the 31-symbol
// alphabet 0-9 A-H J-N P-R T U W-Y (no I, O, Z, S, V); the last one is a check character computed
// from the first 17 with weights 3^i mod 31.

export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

export function usccCheckCharacter(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(first17[i]!) * WEIGHTS[i]!
  const remainder = 31 - (sum % 31)
  return USCC_ALPHABET[remainder === 31 ? 0 : remainder]!
}

export type UsccProblem = 'length' | 'characters' | 'check'

/** Why a code is not a valid USCC, or null when it is. */
export function usccProblem(code: string): UsccProblem | null {
  if (code.length !== 18) return 'length'
  if (![...code].every((c) => USCC_ALPHABET.includes(c))) return 'characters'
  if (usccCheckCharacter(code.slice(0, 17)) !== code[17]) return 'check'
  return null
}

export const USCC_MESSAGES: Record<UsccProblem, string> = {
  length: '统一社会信用代码应为 18 位',
  characters: '统一社会信用代码只能包含数字和大写字母（不含 I、O、Z、S、V）',
  check: '统一社会信用代码校验位不正确，请核对后重新输入',
}

/** Normalises user input: trims and upper-cases (the code is printed in capitals on licences). */
export function normalizeUscc(input: string): string {
  return input.trim().toUpperCase()
}
