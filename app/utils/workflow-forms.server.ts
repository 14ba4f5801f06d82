// Server side of the workflow forms: a form mapped to a shared schema's input is parsed (400 with
// the field messages when it is invalid), and a domain call's DomainError becomes the form's answer
// with its status (403/404/409/422 …), never a 500. Both answers carry the submitted values back.
import { data } from '@remix-run/node'
import { runFormAction } from '#app/utils/forms.server.ts'
import type { FormValues, WorkflowAnswer } from '#app/utils/workflow-forms.ts'
import { fieldErrorsOf, type z } from '#app/utils/zod.ts'

export type Parsed<T> = { ok: true; value: T } | { ok: false; answer: ReturnType<typeof data<WorkflowAnswer>> }

/** Parses a form's mapped input with a shared schema; refusal → 400 with the field messages. */
export function parseFormInput<S extends z.ZodType>(
  intent: string,
  schema: S,
  input: unknown,
  values?: FormValues,
): Parsed<z.output<S>> {
  const result = schema.safeParse(input)
  if (result.success) return { ok: true, value: result.data }
  const fieldErrors = fieldErrorsOf(result.error)
  const answer: WorkflowAnswer = {
    intent,
    message: '请检查填写的内容：有的项目未填或格式不正确。',
    fieldErrors,
    values,
  }
  return { ok: false, answer: data(answer, { status: 400 }) }
}

/** Runs a domain call; a DomainError becomes the form's answer (with the submitted values). */
export async function runWorkflowAction(intent: string, values: FormValues | undefined, work: () => Promise<unknown>) {
  const failed = await runFormAction(intent, work)
  if (!failed) return null
  const answer: WorkflowAnswer = { ...failed.data, values }
  return data(answer, failed.init ?? undefined)
}
