// The web forms of the procurement workflow (projects, announcements, bids, objections) send every
// field as a string. These pure functions turn a form into the input of the shared zod schemas
// (app/domain/announcements/schemas.ts, ProjectInput): empty fields become "absent", numbers become
// numbers, datetime-local values (China time) become ISO instants with +08:00, and fields that do not
// belong to the chosen selection method are left out. The schemas and the domain decide the rest,
// exactly as for the API. No server imports: the pages use the answer type and the texts below.
import { chinaLocalToIso } from '#app/domain/clock/china-time.ts'
import type { FormAnswer } from '#app/utils/form-answer.ts'

/** The submitted values sent back with a refusal, so that a page without JavaScript keeps them. */
export type FormValues = Record<string, string | string[]>

export type WorkflowAnswer = FormAnswer & { values?: FormValues }

/** The answer for the form with this intent, else undefined. */
export function workflowAnswerFor(actionData: unknown, intent: string): WorkflowAnswer | undefined {
  const answer = actionData as WorkflowAnswer | undefined
  return answer && typeof answer === 'object' && answer.intent === intent ? answer : undefined
}

/** One submitted value for a form's defaultValue (the submitted one after a refusal). */
export function valueOf(answer: WorkflowAnswer | undefined, name: string, fallback = ''): string {
  const value = answer?.values?.[name]
  if (value === undefined) return fallback
  return Array.isArray(value) ? (value[0] ?? fallback) : value
}

export function valuesOf(answer: WorkflowAnswer | undefined, name: string): string[] | undefined {
  const value = answer?.values?.[name]
  if (value === undefined) return undefined
  return Array.isArray(value) ? value : [value]
}

const MULTIPLE = new Set(['approvalItemCodes', 'serviceItemCodes', 'evaluatorUserIds'])

/** The text fields of a form (not the CSRF token, not files) for sending back. */
export function formValues(formData: FormData): FormValues {
  const values: FormValues = {}
  for (const key of new Set(formData.keys())) {
    if (key === 'csrf') continue
    const all = formData.getAll(key).filter((v): v is string => typeof v === 'string')
    values[key] = MULTIPLE.has(key) ? all : (all[0] ?? '')
  }
  return values
}

/** A trimmed text field, or undefined when empty. */
export function optionalField(formData: FormData, name: string): string | undefined {
  const value = formData.get(name)
  if (typeof value !== 'string') return undefined
  const trimmed = value.trim()
  return trimmed === '' ? undefined : trimmed
}

/** A number field: empty → undefined; not a number → NaN, which the schema refuses with its message. */
export function numberField(formData: FormData, name: string): number | undefined {
  const text = optionalField(formData, name)
  return text === undefined ? undefined : Number(text)
}

/** A yes/no radio ("true" / "false"); anything else → undefined, which the schema refuses. */
export function booleanField(formData: FormData, name: string): boolean | undefined {
  const value = formData.get(name)
  if (value === 'true') return true
  if (value === 'false') return false
  return undefined
}

/** The input of ProjectInput (POST /api/v1/projects) from the new-project form. */
export function projectInputFromForm(formData: FormData) {
  return {
    name: optionalField(formData, 'name') ?? '',
    regionCode: optionalField(formData, 'regionCode') ?? '',
    funding: optionalField(formData, 'funding'),
    investmentCode: optionalField(formData, 'investmentCode'),
    description: optionalField(formData, 'description'),
    approvalItemCodes: formData
      .getAll('approvalItemCodes')
      .filter((v): v is string => typeof v === 'string' && v !== ''),
  }
}

const PRICE_CEILING_METHODS = ['LOWEST_PRICE', 'AVERAGE_PRICE', 'SCORE']
const FIXED_PRICE_METHODS = ['LOTTERY', 'DIRECT']

/** The input of AnnouncementInput (POST /api/v1/announcements) from the announcement form. */
export function announcementInputFromForm(formData: FormData) {
  const method = optionalField(formData, 'method')
  const weights =
    method === 'SCORE'
      ? {
          price: numberField(formData, 'weights.price'),
          credit: numberField(formData, 'weights.credit'),
          rating: numberField(formData, 'weights.rating'),
          technical: numberField(formData, 'weights.technical'),
        }
      : undefined
  // A checkbox group: each checked user once; none → absent (the domain says when evaluators are needed).
  const evaluators = [
    ...new Set(formData.getAll('evaluatorUserIds').filter((v): v is string => typeof v === 'string' && v !== '')),
  ]
  return {
    projectId: optionalField(formData, 'projectId'),
    approvalItemCode: optionalField(formData, 'approvalItemCode'),
    serviceItemCode: optionalField(formData, 'serviceItemCode'),
    title: optionalField(formData, 'title') ?? '',
    scope: optionalField(formData, 'scope') ?? '',
    method,
    priceCeiling:
      method && PRICE_CEILING_METHODS.includes(method) ? optionalField(formData, 'priceCeiling') : undefined,
    priceFloor: method === 'LOWEST_PRICE' ? optionalField(formData, 'priceFloor') : undefined,
    fixedPrice: method && FIXED_PRICE_METHODS.includes(method) ? optionalField(formData, 'fixedPrice') : undefined,
    directIntermediaryId: method === 'DIRECT' ? optionalField(formData, 'directIntermediaryId') : undefined,
    weights,
    evaluatorUserIds: method === 'SCORE' && evaluators.length > 0 ? evaluators : undefined,
    deadline: chinaLocalToIso(optionalField(formData, 'deadline')),
    serviceDays: numberField(formData, 'serviceDays'),
    paymentTerms: optionalField(formData, 'paymentTerms'),
    contactName: optionalField(formData, 'contactName'),
    contactPhone: optionalField(formData, 'contactPhone'),
  }
}

/** The input of AmendmentInput: the reason and only the fields the owner filled in. */
export function amendmentInputFromForm(formData: FormData) {
  const input: Record<string, unknown> = { reason: optionalField(formData, 'reason') ?? '' }
  for (const name of ['title', 'scope', 'priceCeiling', 'priceFloor', 'fixedPrice', 'paymentTerms', 'contactName', 'contactPhone']) {
    const value = optionalField(formData, name)
    if (value !== undefined) input[name] = value
  }
  const deadline = chinaLocalToIso(optionalField(formData, 'deadline'))
  if (deadline !== undefined) input.deadline = deadline
  const serviceDays = numberField(formData, 'serviceDays')
  if (serviceDays !== undefined) input.serviceDays = serviceDays
  return input
}

/** The input of BidInput: the price (not for LOTTERY) and the optional nonce. */
export function bidInputFromForm(formData: FormData) {
  return { price: optionalField(formData, 'price'), nonce: optionalField(formData, 'nonce') }
}

/** What the bidder's random number (nonce) is for, shown beside its field. */
export const NONCE_EXPLANATION =
  '随机数用于可验证抽取：开启报名时，抽取输入 = SHA-256（平台发布时承诺的种子 ‖ 全部报名机构的随机数 ‖ 公告编号 ‖ 全部符合条件机构的统一社会信用代码）。平台和任何一家机构都无法单独左右抽取结果。可留空，系统将为贵机构生成；也可自行填写（字母、数字、下划线或连字符，最多 64 个字符）。开启后各机构的随机数随结果公开，任何人都可以复算。'
