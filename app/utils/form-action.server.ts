// Web form actions of the intermediary and supervision pages: run a domain call and turn a
// DomainError into the form's answer (which form, a Chinese message, per-field errors) with its
// status; anything else propagates to the error page.
import { data } from '@remix-run/node'
import { DomainError } from '#app/domain/errors.ts'
import type { FormAnswer } from '#app/utils/form-answer.ts'

export async function runFormAction(intent: string, work: () => Promise<unknown>) {
  try {
    await work()
    return null
  } catch (error) {
    if (!(error instanceof DomainError)) throw error
    const answer: FormAnswer = { intent, message: error.message, fieldErrors: error.fieldErrors ?? {} }
    return data(answer, { status: error.status })
  }
}

export function formAnswer(intent: string, message: string, fieldErrors: Record<string, string[]> = {}, status = 400) {
  const answer: FormAnswer = { intent, message, fieldErrors }
  return data(answer, { status })
}
