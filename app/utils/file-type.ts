// Recognizes an uploaded file's type from its first bytes (magic numbers), never from its name or
// the declared Content-Type: a text file renamed to .pdf is refused.
export type SniffedType = { contentType: 'application/pdf' | 'image/jpeg' | 'image/png'; extension: 'pdf' | 'jpg' | 'png' }

const SIGNATURES: Array<{ bytes: number[]; type: SniffedType }> = [
  // "%PDF-"
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], type: { contentType: 'application/pdf', extension: 'pdf' } },
  { bytes: [0xff, 0xd8, 0xff], type: { contentType: 'image/jpeg', extension: 'jpg' } },
  { bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], type: { contentType: 'image/png', extension: 'png' } },
]

/** The type of a PDF, JPEG or PNG file judged by its content; null for anything else. */
export function sniffFileType(bytes: Uint8Array): SniffedType | null {
  for (const { bytes: signature, type } of SIGNATURES) {
    if (bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b)) return type
  }
  return null
}

/** Largest scan of a qualification certificate. */
export const MAX_SCAN_BYTES = 10 * 1024 * 1024

/** Largest attachment of a purchase announcement, and how many it may have. */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
export const MAX_ATTACHMENTS = 10
