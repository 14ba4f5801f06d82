// Announcement attachments: the owner adds and removes them on a draft (API and the manage page);
// after publication they are fixed and public; a draft's attachments are the owner's alone. Every
// refusal leaves the attachments and the stored files as they were.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { prisma } from '#app/db.server.ts'
import { startWebSession } from '#app/domain/accounts/session.server.ts'
import { MAX_ATTACHMENT_BYTES } from '#app/utils/file-type.ts'
import { announcementBody, createListedIntermediary, createOwnerWithProject, inDays } from '#tests/factories/bidding.ts'
import { createMember } from '#tests/factories/index.ts'
import { openForm } from '#tests/helpers/accounts.ts'
import { api, call } from '#tests/helpers/app.ts'

process.env.UPLOAD_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'zjcs-uploads-'))

const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')

function upload(announcementId: string, bytes: Uint8Array, name: string, options: { token?: string } = {}) {
  const form = new FormData()
  form.set('file', new File([new Uint8Array(bytes)], name, { type: 'application/pdf' }))
  return call('POST', `/api/v1/announcements/${announcementId}/attachments`, { ...options, body: form })
}

async function draft() {
  const { owner, projectId } = await createOwnerWithProject()
  const created = await api.post('/api/v1/announcements', announcementBody(projectId, { deadline: await inDays(4) }), { token: owner.token })
  expect(created.status, created.text).toBe(201)
  return { owner, id: created.body.id as string }
}

const state = async (id: string) => ({
  links: await prisma.announcementAttachment.count({ where: { announcementId: id } }),
  files: await prisma.storedFile.count({ where: { purpose: 'announcement-attachment' } }),
})

describe('attachments through the API', () => {
  test('a draft takes PDFs from its owner; published, they are public and fixed', async () => {
    const { owner, id } = await draft()
    const added = await upload(id, PDF, '环评委托技术要求.pdf', { token: owner.token })
    expect(added.status, added.text).toBe(201)
    expect(added.body).toMatchObject({ name: '环评委托技术要求.pdf', size: PDF.byteLength, contentType: 'application/pdf' })
    const fileId = added.body.id as string
    const view = await api.get(`/api/v1/announcements/${id}`, { token: owner.token })
    expect(view.body.attachments).toEqual([added.body])

    // A draft's attachment: its owner only (anyone else: 404, as for the draft itself).
    const own = await call('GET', `/api/v1/announcements/${id}/attachments/${fileId}`, { token: owner.token })
    expect(own.status).toBe(200)
    expect(Buffer.from(own.text)).toEqual(PDF)
    expect((await call('GET', `/api/v1/announcements/${id}/attachments/${fileId}`)).status).toBe(404)
    const stranger = await createMember({ type: 'OWNER' })
    expect((await call('GET', `/api/v1/announcements/${id}/attachments/${fileId}`, { token: stranger.token })).status).toBe(404)

    const published = await api.post(`/api/v1/announcements/${id}/publish`, {}, { token: owner.token })
    expect(published.status, published.text).toBe(200)
    const publicCopy = await call('GET', `/api/v1/announcements/${id}/attachments/${fileId}`)
    expect(publicCopy.status).toBe(200)
    expect(publicCopy.headers.get('Content-Type')).toBe('application/pdf')
    expect(publicCopy.headers.get('Content-Disposition')).toContain(encodeURIComponent('环评委托技术要求.pdf'))
    expect(Buffer.from(publicCopy.text)).toEqual(PDF)
    const web = await call('GET', `/announcements/${id}/attachments/${fileId}`)
    expect(web.status).toBe(200)
    const page = await call('GET', `/announcements/${id}`)
    expect(page.text).toContain(`href="/announcements/${id}/attachments/${fileId}"`)

    const before = await state(id)
    const late = await upload(id, PDF, '补充.pdf', { token: owner.token })
    expect(late.status).toBe(409)
    expect((await api.delete(`/api/v1/announcements/${id}/attachments/${fileId}`, { token: owner.token })).status).toBe(409)
    expect(await state(id)).toEqual(before)
  })

  test('refusals: wrong content, empty, too large, not the owner, too many — nothing changes', async () => {
    const { owner, id } = await draft()
    const before = await state(id)
    const text = await upload(id, Buffer.from('这不是 PDF 文件'), '伪装.pdf', { token: owner.token })
    expect(text.status).toBe(415)
    expect(text.body.detail).toContain('PDF、JPG 或 PNG')
    expect((await upload(id, Buffer.alloc(0), 'empty.pdf', { token: owner.token })).status).toBe(400)
    const big = Buffer.concat([PDF, Buffer.alloc(MAX_ATTACHMENT_BYTES)])
    expect((await upload(id, big, 'big.pdf', { token: owner.token })).status).toBe(413)
    expect((await upload(id, PDF, 'x.pdf')).status).toBe(401)
    const firm = await createListedIntermediary()
    expect((await upload(id, PDF, 'x.pdf', { token: firm.token })).status).toBe(403)
    const stranger = await createMember({ type: 'OWNER' })
    expect((await upload(id, PDF, 'x.pdf', { token: stranger.token })).status).toBe(404)
    expect(await state(id)).toEqual(before)

    for (let i = 0; i < 10; i++) expect((await upload(id, PDF, `附件${i}.pdf`, { token: owner.token })).status).toBe(201)
    const eleventh = await upload(id, PDF, '附件10.pdf', { token: owner.token })
    expect(eleventh.status).toBe(422)
    expect((await state(id)).links).toBe(10)
  })

  test('the owner removes an attachment from a draft; a second removal is 404', async () => {
    const { owner, id } = await draft()
    const added = await upload(id, PDF, '图纸.pdf', { token: owner.token })
    const fileId = added.body.id as string
    const stranger = await createMember({ type: 'OWNER' })
    expect((await api.delete(`/api/v1/announcements/${id}/attachments/${fileId}`, { token: stranger.token })).status).toBe(404)
    expect((await api.delete(`/api/v1/announcements/${id}/attachments/${fileId}`, { token: owner.token })).status).toBe(204)
    expect((await api.get(`/api/v1/announcements/${id}`, { token: owner.token })).body.attachments).toEqual([])
    expect((await api.delete(`/api/v1/announcements/${id}/attachments/${fileId}`, { token: owner.token })).status).toBe(404)
    const entries = await prisma.auditEntry.findMany({ where: { entityType: 'Announcement', entityId: id, action: { in: ['attach', 'detach'] } }, orderBy: { id: 'asc' } })
    expect(entries.map((e) => e.action)).toEqual(['attach', 'detach'])
  })
})

describe('attachments on the manage page', () => {
  test('upload and remove through the multipart form; a wrong file shows the reason', async () => {
    const { owner, id } = await draft()
    const cookie = (await startWebSession(owner.user.id, owner.organization.id)).split(';')[0]!
    const form = await openForm(`/announcements/${id}/manage`, cookie)
    expect(form.page.text).toContain('data-testid="attachments-panel"')
    const post = (fields: Record<string, string>, file?: { bytes: Uint8Array; name: string }) => {
      const body = new FormData()
      body.set('csrf', form.csrf)
      for (const [key, value] of Object.entries(fields)) body.set(key, value)
      if (file) body.set('file', new File([new Uint8Array(file.bytes)], file.name))
      return call('POST', `/announcements/${id}/manage`, { cookie: form.cookie, body })
    }
    const wrong = await post({ intent: 'attach' }, { bytes: Buffer.from('plain text'), name: 'a.pdf' })
    expect(wrong.status).toBe(415)
    expect(wrong.text).toContain('附件须为 PDF、JPG 或 PNG 文件')
    const added = await post({ intent: 'attach' }, { bytes: PDF, name: '采购需求.pdf' })
    expect(added.status).toBe(302)
    const [row] = await prisma.announcementAttachment.findMany({ where: { announcementId: id }, include: { file: true } })
    expect(row?.file.originalName).toBe('采购需求.pdf')
    const page = await call('GET', `/announcements/${id}/manage`, { cookie: form.cookie })
    expect(page.text).toContain('采购需求.pdf')
    expect((await post({ intent: 'detach', fileId: row!.fileId })).status).toBe(302)
    expect(await prisma.announcementAttachment.count({ where: { announcementId: id } })).toBe(0)
  })
})
