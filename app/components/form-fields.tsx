// Form building blocks shared by the web forms: a labelled field with its hint and error list
// (Chinese messages, aria-described), the form-level errors, and the input style.
// For end-to-end tests: a field's error list has id="<conform field id>-error" (e.g.
// "register-organization.uscc-error") and data-testid="error-<field name>" (e.g.
// "error-organization.uscc"); form-level errors have data-testid="form-errors".
import type { ReactNode } from 'react'

export const inputClass =
  'w-full rounded border border-slate-300 bg-white px-3 py-2 text-slate-900 focus:border-blue-600 focus:outline-none aria-[invalid=true]:border-red-500'

/** The errors of one field; `name` is the field path (data-testid="error-<name>"). */
export function ErrorList({ id, name, errors }: { id?: string; name?: string; errors?: string[] }) {
  if (!errors?.length) return null
  return (
    <ul id={id} data-testid={name ? `error-${name}` : undefined} className="mt-1 space-y-0.5 text-sm text-red-700">
      {errors.map((error) => (
        <li key={error}>{error}</li>
      ))}
    </ul>
  )
}

/** Errors of the whole form (e.g. a domain refusal), announced to screen readers. */
export function FormErrors({ id, errors }: { id?: string; errors?: string[] }) {
  if (!errors?.length) return null
  return (
    <div id={id} role="alert" data-testid="form-errors" className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-800">
      {errors.map((error) => (
        <p key={error}>{error}</p>
      ))}
    </div>
  )
}

export function Field({
  label,
  htmlFor,
  required,
  hint,
  errorId,
  name,
  errors,
  children,
}: {
  label: string
  htmlFor: string
  required?: boolean
  hint?: string
  errorId?: string
  name?: string
  errors?: string[]
  children: ReactNode
}) {
  return (
    <div>
      <label htmlFor={htmlFor} className="block text-sm font-medium text-slate-700">
        {label}
        {required ? <span className="ml-0.5 text-red-600">*</span> : null}
      </label>
      <div className="mt-1">{children}</div>
      {hint ? <p className="mt-1 text-xs text-slate-500">{hint}</p> : null}
      <ErrorList id={errorId} name={name} errors={errors} />
    </div>
  )
}
