// Uploaded files kept by the platform (qualification scans, announcement attachments): the bytes go
// to the file storage port under a random key, the StoredFile row (name, type, size, SHA-256) is
// written in the caller's transaction, and the bytes are removed again when that transaction fails.
import crypto from 'node:crypto'
import type { Tx } from '#app/db.server.ts'
import { DomainError, invalid } from '#app/domain/errors.ts'
import { fileStorage, newStorageKey } from '#app/utils/file-storage.server.ts'
import { sniffFileType, type SniffedType } from '#app/utils/file-type.ts'

/** An uploaded file as the domain sees it (the route reads it from multipart/form-data). */
export type UploadedFile = { bytes: Uint8Array; name: string }

/**
 * Checks an upload: not empty (400), at most `maxBytes` (413), a real PDF, JPEG or PNG by its
 * content (415). `what` names the file in the messages (扫描件, 附件).
 */
export function checkUploadedDocument(file: UploadedFile, what: string, maxBytes: number): SniffedType {
  const mib = Math.round(maxBytes / 1024 / 1024)
  if (file.bytes.byteLength > maxBytes) {
    throw new DomainError('too_large', `${what}不得超过 ${mib} MiB`, { file: [`文件过大，不得超过 ${mib} MiB`] })
  }
  if (file.bytes.byteLength === 0) throw invalid(`请选择${what}文件`, { file: ['文件为空'] })
  const type = sniffFileType(file.bytes)
  if (!type) {
    throw new DomainError('unsupported_type', `${what}须为 PDF、JPG 或 PNG 文件`, {
      file: ['文件内容不是 PDF、JPG 或 PNG（按文件内容判断，与文件名无关）'],
    })
  }
  return type
}

export type StoredUpload = { id: string; sha256: string; contentType: string; size: number; originalName: string }

/**
 * Stores a checked upload and runs `record` — a transaction that receives a function creating the
 * StoredFile row inside it. When `record` throws, the bytes are deleted and the error goes on.
 */
export async function keepUpload<T>(
  file: UploadedFile,
  type: SniffedType,
  owner: { organizationId: string; userId: string; purpose: string },
  record: (createRow: (tx: Tx) => Promise<StoredUpload>) => Promise<T>,
): Promise<T> {
  const sha256 = crypto.createHash('sha256').update(file.bytes).digest('hex')
  const storageKey = newStorageKey(owner.purpose)
  const storage = fileStorage()
  await storage.put(storageKey, file.bytes)
  const createRow = async (tx: Tx): Promise<StoredUpload> => {
    const originalName = (file.name || `${owner.purpose}.${type.extension}`).slice(0, 255)
    const row = await tx.storedFile.create({
      data: {
        organizationId: owner.organizationId,
        purpose: owner.purpose,
        originalName,
        contentType: type.contentType,
        size: file.bytes.byteLength,
        sha256,
        storageKey,
        createdByUserId: owner.userId,
      },
      select: { id: true },
    })
    return { id: row.id, sha256, contentType: type.contentType, size: file.bytes.byteLength, originalName }
  }
  try {
    return await record(createRow)
  } catch (error) {
    await storage.delete(storageKey)
    throw error
  }
}

/** The bytes of a stored file with what a download needs. */
export async function readStoredFile(file: {
  storageKey: string
  contentType: string
  originalName: string
  sha256: string
}) {
  return {
    bytes: await fileStorage().get(file.storageKey),
    contentType: file.contentType,
    originalName: file.originalName,
    sha256: file.sha256,
  }
}
