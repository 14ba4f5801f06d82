// The public answers of the transparency log (API.md "Transparency log"), as zod schemas for the
// OpenAPI document and for the response validation of the integration suite.
import { z } from '#app/utils/zod.ts'

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/)
const Instant = z.iso.datetime({ offset: true })
const Index = z.number().int().min(0)

export const CheckpointAnswer = z.object({
  treeSize: Index,
  rootHash: Hex64,
  timestamp: Instant,
  signature: z.base64(),
  publicKey: z.base64(),
})

export const EntryAnswer = z.object({ index: Index, leaf: z.string(), leafHash: Hex64 })

export const InclusionAnswer = z.object({ index: Index, treeSize: Index, leafHash: Hex64, auditPath: z.array(Hex64) })

export const ConsistencyAnswer = z.object({ first: Index, second: Index, proof: z.array(Hex64) })

export const LogItemsAnswer = z.object({
  items: z.array(
    z.object({
      index: Index,
      at: Instant,
      action: z.string(),
      entityType: z.string(),
      /** logged sealed (a bid before the opening): the leaf shows only the content hash */
      sealed: z.boolean(),
    }),
  ),
})

export const VerifyAnswerSchema = z.object({ ok: z.boolean(), treeSize: Index, rootHash: Hex64, checkedAt: Instant })

const IntParam = (name: string) =>
  z.coerce
    .number({ error: `${name} 须为非负整数` })
    .int(`${name} 须为非负整数`)
    .min(0, `${name} 须为非负整数`)
    .max(Number.MAX_SAFE_INTEGER)

export const ProofQuery = z.strictObject({
  index: IntParam('index'),
  treeSize: IntParam('treeSize').min(1, 'treeSize 至少为 1'),
})
export const ConsistencyQuery = z.strictObject({
  first: IntParam('first').min(1, 'first 至少为 1'),
  second: IntParam('second').min(1, 'second 至少为 1'),
})
export const IndexParam = IntParam('index')
