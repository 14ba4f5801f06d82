// The reply a multi-form page's action sends back (see forms.server.ts), read on the client.
import type { SubmissionResult } from '@conform-to/react'

export type FormActionData = { intent: string; result: SubmissionResult<string[]> }

/** conform's lastResult for the form with this intent, or undefined when the reply is for another form. */
export function lastResultFor(actionData: unknown, intent: string): SubmissionResult<string[]> | undefined {
  const reply = actionData as FormActionData | undefined
  return reply?.intent === intent ? reply.result : undefined
}
