// multipart/form-data uploads for API handlers (which skip the JSON body parser) and authorized
// file downloads. The size is checked before reading (Content-Length) and while reading, so an
// oversized upload is refused with 413 without being buffered whole.
import { DomainError, invalid } from '#app/domain/errors.ts'

/** Room for the multipart boundaries and headers around the file. */
const MULTIPART_SLACK = 64 * 1024

export type UploadedFile = { bytes: Uint8Array; name: string; declaredType: string }

const tooLarge = (max: number) =>
  new DomainError('too_large', `文件不得超过 ${Math.round(max / 1024 / 1024)} MiB`, {
    file: [`文件过大，不得超过 ${Math.round(max / 1024 / 1024)} MiB`],
  })

/** Reads the body up to `limit` bytes; 413 beyond it. */
async function readLimited(request: Request, limit: number): Promise<Buffer> {
  if (!request.body) return Buffer.alloc(0)
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel()
      throw new DomainError('too_large', '请求内容过大')
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks)
}

/** The file in form field `field` of a multipart/form-data request, at most `maxBytes`. */
export async function readUploadedFile(request: Request, field: string, maxBytes: number): Promise<UploadedFile> {
  const contentType = request.headers.get('Content-Type') ?? ''
  if (!/^multipart\/form-data\b/i.test(contentType)) {
    throw new DomainError('unsupported_type', '请求内容类型须为 multipart/form-data')
  }
  const declared = Number(request.headers.get('Content-Length') ?? 0)
  if (declared > maxBytes + MULTIPART_SLACK) throw tooLarge(maxBytes)
  let body: Buffer
  try {
    body = await readLimited(request, maxBytes + MULTIPART_SLACK)
  } catch (error) {
    if (error instanceof DomainError) throw tooLarge(maxBytes)
    throw error
  }
  let form: FormData
  try {
    form = await new Response(new Uint8Array(body), { headers: { 'Content-Type': contentType } }).formData()
  } catch {
    throw invalid('multipart/form-data 请求格式不正确')
  }
  const file = form.get(field)
  if (!file || typeof file === 'string') throw invalid(`请在字段 ${field} 中上传文件`, { [field]: ['请选择文件'] })
  if (file.size > maxBytes) throw tooLarge(maxBytes)
  return { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name, declaredType: file.type }
}

/** A private download: the stored type, the original name, no sniffing, no caching by proxies. */
export function fileDownload(file: { bytes: Uint8Array; contentType: string; originalName: string; sha256: string }) {
  const ascii = file.originalName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  return new Response(new Uint8Array(file.bytes), {
    status: 200,
    headers: {
      'Content-Type': file.contentType,
      'Content-Length': String(file.bytes.byteLength),
      'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.originalName)}`,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
      ETag: `"${file.sha256}"`,
    },
  })
}
