// The browser's check of log entries (the "verify" button): everything from the public API and
// Web Crypto, trusting nothing the page says. For the latest checkpoint: its Ed25519 signature with
// the published key; for each listed entry: the leaf's text hashed to the served leaf hash, the
// inclusion proof folded to the checkpoint's root (RFC 9162 §2.1.3.2), and the leaf's time.
import { checkpointText, leafHashOf, verifyInclusion, type Sha256 } from '#app/domain/transparency/merkle.ts'

export type CheckpointJson = {
  treeSize: number
  rootHash: string
  timestamp: string
  signature: string
  publicKey: string
}
export type EntryCheck = { index: number; ok: boolean; reason: string | null }
export type LogCheckResult = { checkpoint: CheckpointJson; signatureOk: boolean | null; entries: EntryCheck[] }

const subtleSha256: Sha256 = async (data) =>
  new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>))

const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0))

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path, { headers: { Accept: 'application/json' } })
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`)
  return (await response.json()) as T
}

/** null when this browser has no Ed25519 in Web Crypto (the proofs are still checked). */
async function signatureValid(c: CheckpointJson): Promise<boolean | null> {
  try {
    const key = await globalThis.crypto.subtle.importKey('raw', fromBase64(c.publicKey), { name: 'Ed25519' }, false, [
      'verify',
    ])
    return await globalThis.crypto.subtle.verify(
      'Ed25519',
      key,
      fromBase64(c.signature),
      new TextEncoder().encode(checkpointText(c)),
    )
  } catch {
    return null
  }
}

export async function checkLogEntries(
  entries: ReadonlyArray<{ index: number; at: string; sealed: boolean }>,
  options: { sealedBefore?: string } = {},
): Promise<LogCheckResult> {
  const checkpoint = await getJson<CheckpointJson>('/api/v1/transparency/checkpoint')
  const signatureOk = await signatureValid(checkpoint)
  const results: EntryCheck[] = []
  for (const entry of entries) {
    if (entry.index >= checkpoint.treeSize) {
      results.push({ index: entry.index, ok: false, reason: '尚未纳入最新检查点' })
      continue
    }
    const served = await getJson<{ leaf: string; leafHash: string }>(`/api/v1/transparency/entries/${entry.index}`)
    const proof = await getJson<{ index: number; treeSize: number; leafHash: string; auditPath: string[] }>(
      `/api/v1/transparency/proof?index=${entry.index}&treeSize=${checkpoint.treeSize}`,
    )
    const leaf = JSON.parse(served.leaf) as { at: string; entityType: string }
    const computed = await leafHashOf(subtleSha256, served.leaf)
    const reason =
      computed !== served.leafHash || computed !== proof.leafHash
        ? '叶子文本与叶子哈希不符'
        : !(await verifyInclusion(subtleSha256, proof, checkpoint.rootHash))
          ? '包含证明与检查点根哈希不符'
          : leaf.at !== entry.at
            ? '叶子中的时间与列表不符'
            : entry.sealed && leaf.entityType !== 'sealed'
              ? '密封记录的叶子未密封'
              : entry.sealed && options.sealedBefore && leaf.at >= options.sealedBefore
                ? '该报名记录晚于报名截止时间'
                : null
    results.push({ index: entry.index, ok: reason === null, reason })
  }
  return { checkpoint, signatureOk, entries: results }
}
