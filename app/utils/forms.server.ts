// Server side of the admin forms: the CSRF check, and domain errors as a conform reply.
import type { Submission } from '@conform-to/react'
import { data } from '@remix-run/node'
import { DomainError } from '#app/domain/errors.ts'
import { validateCsrf } from '#app/utils/csrf.server.ts'
import type { FormAnswer } from '#app/utils/form-answer.ts'
import { rethrowAsResponse } from '#app/utils/web.server.ts'

/** The file posted in a multipart form field, or null when none was chosen. */
export async function uploadedFileOf(formData: FormData, field = 'file') {
  const file = formData.get(field)
  if (!file || typeof file === 'string' || file.size === 0) return null
  return { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name }
}

/** Reads the posted form and checks its CSRF token (403 page when it does not match). */
export async function readCheckedForm(request: Request): Promise<FormData> {
  const formData = await request.formData()
  try {
    await validateCsrf(request, formData)
  } catch (error) {
    rethrowAsResponse(error)
  }
  return formData
}

/** The answer of a form action: which form (intent) and conform's reply for it. */
export function formReply(intent: string, submission: Submission<unknown>, options: { hideFields?: string[] } = {}) {
  return data({ intent, result: submission.reply({ hideFields: options.hideFields }) }, { status: 400 })
}

/** Runs a domain call; a DomainError becomes the action's answer (built by `body`) with its status. */
async function answerDomainError<B>(work: () => Promise<unknown>, body: (error: DomainError) => B) {
  try {
    await work()
    return null
  } catch (error) {
    if (!(error instanceof DomainError)) throw error
    return data(body(error), { status: error.status })
  }
}

/**
 * Runs a domain call for a valid conform submission. A DomainError becomes the form's reply with
 * the message and field errors (status 400/403/404/409 …); anything else propagates. `hideFields`
 * (e.g. passwords) are not sent back to the browser.
 */
export function runForForm(
  intent: string,
  submission: Submission<unknown>,
  work: () => Promise<unknown>,
  options: { hideFields?: string[] } = {},
) {
  return answerDomainError(work, (error) => ({
    intent,
    result: submission.reply({
      formErrors: [error.message],
      fieldErrors: error.fieldErrors,
      hideFields: options.hideFields,
    }),
  }))
}

/** The same for simple (non-conform) forms: the answer is a FormAnswer (see form-answer.ts). */
export function runFormAction(intent: string, work: () => Promise<unknown>) {
  return answerDomainError(work, (error): FormAnswer => ({
    intent,
    message: error.message,
    fieldErrors: error.fieldErrors ?? {},
  }))
}

export function formAnswer(intent: string, message: string, fieldErrors: Record<string, string[]> = {}, status = 400) {
  const answer: FormAnswer = { intent, message, fieldErrors }
  return data(answer, { status })
}
