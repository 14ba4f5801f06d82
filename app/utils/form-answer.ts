// The answer a simple (non-conform) form action sends back: which form, a message, field errors.
export type FormAnswer = { intent: string; message: string; fieldErrors: Record<string, string[]> }

/** The answer for the form with this intent (and optionally this row id), else undefined. */
export function answerFor(actionData: unknown, intent: string): FormAnswer | undefined {
  const answer = actionData as FormAnswer | undefined
  return answer && typeof answer === 'object' && answer.intent === intent ? answer : undefined
}
