// The public face of the transparency log through HTTP: checkpoints a stranger verifies with the
// published key, proofs that fold to the signed root, sealed bid leaves that name no announcement
// until the opening, and then the announcement's log listing them as logged before the deadline.
import crypto from 'node:crypto'
import { beforeAll, describe, expect, test } from 'vitest'
import { verifyConsistency, verifyInclusion } from '#app/domain/transparency/merkle.ts'
import { runSequencer } from '#jobs/transparency-log.ts'
import {
  advanceClock,
  createListedIntermediary,
  createOwnerWithProject,
  placeBids,
  publishedAnnouncement,
  type Member,
} from '#tests/factories/bidding.ts'
import { api } from '#tests/helpers/app.ts'

const sha256 = async (data: Uint8Array) => new Uint8Array(crypto.createHash('sha256').update(data).digest())
type Item = { index: number; at: string; action: string; entityType: string; sealed: boolean }

let owner: Member
let announcementId: string
let bidIds: string[]
let deadline: string
let firstSize: number

beforeAll(async () => {
  const created = await createOwnerWithProject()
  owner = created.owner
  const firms = await Promise.all([1, 2, 3].map(() => createListedIntermediary()))
  ;({ id: announcementId } = await publishedAnnouncement(owner, created.projectId))
  deadline = (await api.get(`/api/v1/announcements/${announcementId}`)).body.deadline
  await runSequencer()
  firstSize = (await api.get('/api/v1/transparency/checkpoint')).body.treeSize
  bidIds = await placeBids(
    announcementId,
    firms.map((firm, i) => ({ firm, price: `${100000 + i}.00` })),
  )
  await runSequencer()
})

async function allLeaves(): Promise<string[]> {
  const { treeSize } = (await api.get('/api/v1/transparency/checkpoint')).body
  const leaves: string[] = []
  for (let i = 0; i < treeSize; i++) leaves.push((await api.get(`/api/v1/transparency/entries/${i}`)).body.leaf)
  return leaves
}

describe('transparency log over HTTP', () => {
  test('before the opening the bids are sealed leaves: no announcement or bid id, and the announcement log lists none', async () => {
    const leaves = await allLeaves()
    const sealed = leaves.map((l) => JSON.parse(l)).filter((l) => l.entityType === 'sealed')
    expect(sealed).toHaveLength(3)
    for (const leaf of sealed)
      expect(leaf).toEqual({
        at: expect.any(String),
        entityType: 'sealed',
        entityId: null,
        action: null,
        contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      })
    for (const id of bidIds) expect(leaves.some((l) => l.includes(id))).toBe(false)
    const log = await api.get<{ items: Item[] }>(`/api/v1/announcements/${announcementId}/log`)
    expect(log.status).toBe(200)
    expect(log.body.items.map((i) => i.action)).toEqual(['create', 'publish'])
    expect(log.body.items.some((i) => i.entityType === 'Bid')).toBe(false)
  })

  test('after the opening the log lists every bid, logged before the deadline, and each proof verifies against the signed checkpoint', async () => {
    await advanceClock('P4DT1H')
    await runSequencer()
    const log = await api.get<{ items: Item[] }>(`/api/v1/announcements/${announcementId}/log`)
    const bids = log.body.items.filter((i) => i.entityType === 'Bid')
    expect(bids).toHaveLength(3)
    for (const bid of bids) {
      expect(bid).toMatchObject({ action: 'bid', sealed: true })
      expect(new Date(bid.at).getTime()).toBeLessThan(new Date(deadline).getTime())
    }
    expect(log.body.items.map((i) => i.action)).toEqual(expect.arrayContaining(['close', 'open']))

    const checkpoint = (await api.get('/api/v1/transparency/checkpoint')).body
    const key = crypto.createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(checkpoint.publicKey, 'base64').toString('base64url') },
      format: 'jwk',
    })
    const text = `zjcs-transparency-log\n${checkpoint.treeSize}\n${checkpoint.rootHash}\n${checkpoint.timestamp}\n`
    expect(crypto.verify(null, Buffer.from(text), key, Buffer.from(checkpoint.signature, 'base64'))).toBe(true)
    for (const item of log.body.items) {
      const entry = (await api.get(`/api/v1/transparency/entries/${item.index}`)).body
      expect(entry.leafHash).toBe(
        crypto
          .createHash('sha256')
          .update(Buffer.concat([Buffer.from([0]), Buffer.from(entry.leaf)]))
          .digest('hex'),
      )
      expect(JSON.parse(entry.leaf).at).toBe(item.at)
      const proof = await api.get(`/api/v1/transparency/proof?index=${item.index}&treeSize=${checkpoint.treeSize}`)
      expect(proof.status).toBe(200)
      expect(proof.body.leafHash).toBe(entry.leafHash)
      expect(await verifyInclusion(sha256, proof.body, checkpoint.rootHash)).toBe(true)
    }
    // the earlier tree is a prefix of this one
    const consistency = await api.get(
      `/api/v1/transparency/consistency?first=${firstSize}&second=${checkpoint.treeSize}`,
    )
    const earlierRoot = await api.get(`/api/v1/transparency/proof?index=0&treeSize=${firstSize}`)
    expect(earlierRoot.status).toBe(200)
    expect(consistency.body.proof.length).toBeGreaterThan(0)
    const verify = await api.get('/api/v1/audit/verify')
    expect(verify.body).toEqual({
      ok: true,
      treeSize: checkpoint.treeSize,
      rootHash: checkpoint.rootHash,
      checkedAt: expect.any(String),
    })
    expect(verify.body).not.toHaveProperty('entries')
    const wrongRoot = '0'.repeat(64)
    expect(
      await verifyConsistency(
        sha256,
        firstSize,
        checkpoint.treeSize,
        consistency.body.proof,
        wrongRoot,
        checkpoint.rootHash,
      ),
    ).toBe(false)

    const page = await api.get(`/announcements/${announcementId}/log`)
    expect(page.status).toBe(200)
    expect(page.text).toContain('在浏览器中验证')
    expect((await api.get('/')).text).toContain(checkpoint.rootHash)
  })

  test('malformed or impossible proof requests are refused with problem+json, and an unknown announcement has no log', async () => {
    const { treeSize } = (await api.get('/api/v1/transparency/checkpoint')).body
    for (const [path, status] of [
      [`/api/v1/transparency/proof?index=${treeSize}&treeSize=${treeSize}`, 400],
      [`/api/v1/transparency/proof?index=0&treeSize=${treeSize + 1}`, 400],
      ['/api/v1/transparency/proof?index=-1&treeSize=2', 400],
      ['/api/v1/transparency/proof?index=x&treeSize=2', 400],
      ['/api/v1/transparency/consistency?first=0&second=2', 400],
      [`/api/v1/transparency/consistency?first=3&second=2`, 400],
      [`/api/v1/transparency/consistency?first=1&second=${treeSize + 5}`, 400],
      ['/api/v1/transparency/entries/abc', 400],
      [`/api/v1/transparency/entries/${treeSize + 1000}`, 404],
      ['/api/v1/announcements/nope/log', 404],
      ['/api/v1/contracts/nope/log', 404],
    ] as const) {
      const response = await api.get(path)
      expect(response.status, path).toBe(status)
      expect(response.headers.get('Content-Type')).toContain('application/problem+json')
    }
  })
})
