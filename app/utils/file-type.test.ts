import { describe, expect, test } from 'vitest'
import { sniffFileType } from '#app/utils/file-type.ts'

const bytes = (...values: number[]) => new Uint8Array(values)
const text = (s: string) => new TextEncoder().encode(s)

describe('sniffFileType', () => {
  test('a PDF is recognized by "%PDF-"', () => {
    expect(sniffFileType(text('%PDF-1.7\n%âãÏÓ\n'))?.contentType).toBe('application/pdf')
  })

  test('a JPEG is recognized by FF D8 FF', () => {
    expect(sniffFileType(bytes(0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10))?.contentType).toBe('image/jpeg')
  })

  test('a PNG is recognized by its 8-byte signature', () => {
    expect(sniffFileType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00))?.extension).toBe('png')
  })

  test('a text file, whatever its name, is not an allowed type', () => {
    expect(sniffFileType(text('这是一个伪装成 PDF 的文本文件'))).toBeNull()
    expect(sniffFileType(text('PDF-1.4'))).toBeNull()
  })

  test('a truncated signature is not enough', () => {
    expect(sniffFileType(bytes(0x89, 0x50, 0x4e, 0x47))).toBeNull()
    expect(sniffFileType(bytes(0xff, 0xd8))).toBeNull()
    expect(sniffFileType(new Uint8Array())).toBeNull()
  })

  test('other binary formats (ZIP, GIF) are refused', () => {
    expect(sniffFileType(bytes(0x50, 0x4b, 0x03, 0x04))).toBeNull()
    expect(sniffFileType(text('GIF89a'))).toBeNull()
  })
})
