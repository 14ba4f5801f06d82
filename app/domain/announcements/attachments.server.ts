// Attachments of a purchase announcement (采购文件、图纸、批复文件…): PDF, JPG or PNG judged by
// content, at most 20 MiB each and 10 per announcement. The owner adds and removes them while the
// announcement is a draft; once published they are part of the public announcement and stay as they
// were (a correction is an amendment, with its public reason). Anyone may download the attachments
// of a published announcement; a draft's only its owner.
import { prisma } from '#app/db.server.ts'
import { announcementMachine } from '#app/domain/announcements/machine.server.ts'
import { transition } from '#app/domain/engine/engine.server.ts'
import { notFound } from '#app/domain/errors.ts'
import {
  checkUploadedDocument,
  keepUpload,
  readStoredFile,
  type UploadedFile,
} from '#app/domain/files/stored-files.server.ts'
import type { Actor } from '#app/domain/permissions/permissions.server.ts'
import { MAX_ATTACHMENT_BYTES } from '#app/utils/file-type.ts'

export type AttachmentView = { id: string; name: string; size: number; contentType: string }

export async function addAttachment(actor: Actor, announcementId: string, file: UploadedFile): Promise<AttachmentView> {
  const type = checkUploadedDocument(file, '附件', MAX_ATTACHMENT_BYTES)
  const owner = { organizationId: actor.organizationId, userId: actor.userId, purpose: 'announcement-attachment' }
  const stored = await keepUpload(
    file,
    type,
    owner,
    async (createRow) => (await transition(announcementMachine, announcementId, 'attach', actor, { createRow })).result,
  )
  return { id: stored.id, name: stored.originalName, size: stored.size, contentType: stored.contentType }
}

/** Takes an attachment off a draft (the stored file itself is kept, as every upload is). */
export async function removeAttachment(actor: Actor, announcementId: string, fileId: string): Promise<void> {
  await transition(announcementMachine, announcementId, 'detach', actor, { fileId })
}

/** The attachment for a download: public once published, a draft's only for its owner (else 404). */
export async function openAttachment(actor: Actor | null, announcementId: string, fileId: string) {
  const link = await prisma.announcementAttachment.findUnique({
    where: { announcementId_fileId: { announcementId, fileId } },
    select: { announcement: { select: { status: true, ownerOrganizationId: true } }, file: true },
  })
  const visible =
    link && (link.announcement.status !== 'DRAFT' || link.announcement.ownerOrganizationId === actor?.organizationId)
  if (!link || !visible) throw notFound('未找到该附件')
  return readStoredFile(link.file)
}
