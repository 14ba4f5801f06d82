// Form controls for conform-managed admin forms: a label, the control and its errors in
// Chinese, with aria wiring. Every form still needs <CsrfInput/>.
import { getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from '@conform-to/react'
import type { ReactNode } from 'react'

const controlClass = 'w-full rounded border border-slate-300 bg-white px-3 py-2 text-sm aria-[invalid]:border-red-500'

export function FieldErrors({ id, errors }: { id?: string; errors?: string[] }) {
  if (!errors?.length) return null
  return (
    <ul id={id} className="mt-1 text-xs text-red-700">
      {errors.map((e) => (
        <li key={e}>{e}</li>
      ))}
    </ul>
  )
}

export function FormErrors({ id, errors }: { id?: string; errors?: string[] }) {
  if (!errors?.length) return null
  return (
    <div id={id} role="alert" className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-800">
      {errors.map((e) => (
        <p key={e}>{e}</p>
      ))}
    </div>
  )
}

type Base = { label: string; meta: FieldMetadata<unknown>; hint?: string; className?: string }

function Wrapper({ label, meta, hint, className, children }: Base & { children: ReactNode }) {
  return (
    <div className={className}>
      <label htmlFor={meta.id} className="mb-1 block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children}
      {hint ? <p className="mt-1 text-xs text-slate-500">{hint}</p> : null}
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

export function TextField(
  props: Base & { type?: 'text' | 'email' | 'password' | 'number' | 'date'; placeholder?: string; autoComplete?: string },
) {
  const { type = 'text', placeholder, autoComplete, ...base } = props
  return (
    <Wrapper {...base}>
      <input
        {...getInputProps(props.meta, { type })}
        placeholder={placeholder}
        autoComplete={autoComplete}
        className={controlClass}
      />
    </Wrapper>
  )
}

export function TextareaField(props: Base & { rows?: number }) {
  return (
    <Wrapper {...props}>
      <textarea {...getTextareaProps(props.meta)} rows={props.rows ?? 3} className={controlClass} />
    </Wrapper>
  )
}

export function SelectField(props: Base & { options: Array<{ value: string; label: string }>; placeholder?: string }) {
  return (
    <Wrapper {...props}>
      <select {...getSelectProps(props.meta)} className={controlClass}>
        {props.placeholder !== undefined ? <option value="">{props.placeholder}</option> : null}
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Wrapper>
  )
}

export function CheckboxField({ label, meta }: { label: string; meta: FieldMetadata<unknown> }) {
  return (
    <div>
      <label className="inline-flex items-center gap-2 text-sm text-slate-700">
        <input {...getInputProps(meta, { type: 'checkbox' })} className="h-4 w-4" />
        {label}
      </label>
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

export function SubmitButton({
  children,
  tone = 'primary',
}: {
  children: ReactNode
  tone?: 'primary' | 'secondary' | 'danger'
}) {
  const tones = {
    primary: 'bg-blue-700 text-white hover:bg-blue-800',
    secondary: 'border border-slate-300 bg-white text-slate-700 hover:bg-slate-100',
    danger: 'border border-red-300 bg-white text-red-700 hover:bg-red-50',
  }
  return (
    <button type="submit" className={`rounded px-4 py-2 text-sm ${tones[tone]}`}>
      {children}
    </button>
  )
}

