// The file storage port: uploaded files are kept outside the web root under a random key and read
// back only through authorized routes. The local-disk adapter (default) writes to UPLOAD_DIR
// (.data/uploads when unset); an S3-compatible adapter can implement the same port.
import crypto from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import { env } from '#app/env.server.ts'
import { singleton } from '#app/utils/singleton.server.ts'

export type FileStorage = {
  put(key: string, bytes: Uint8Array): Promise<void>
  get(key: string): Promise<Buffer>
  delete(key: string): Promise<void>
}

/** A new random storage key (no part of it comes from the user). */
export function newStorageKey(prefix: string): string {
  return `${prefix}/${crypto.randomBytes(24).toString('base64url')}`
}

export function localDiskStorage(root: string): FileStorage {
  const resolve = (key: string) => {
    if (!/^[\w-]+(\/[\w-]+)*$/.test(key)) throw new Error(`invalid storage key: ${key}`)
    return path.join(root, key)
  }
  return {
    async put(key, bytes) {
      const file = resolve(key)
      await fs.mkdir(path.dirname(file), { recursive: true })
      await fs.writeFile(file, bytes, { flag: 'wx' })
    },
    get: (key) => fs.readFile(resolve(key)),
    async delete(key) {
      await fs.rm(resolve(key), { force: true })
    },
  }
}

const holder = singleton('file-storage', () => ({ storage: undefined as FileStorage | undefined }))

export function fileStorage(): FileStorage {
  holder.storage ??= localDiskStorage(path.resolve(env().UPLOAD_DIR ?? '.data/uploads'))
  return holder.storage
}
