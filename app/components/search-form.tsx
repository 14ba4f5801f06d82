// The GET search form of the public lists (works without JavaScript; submitting starts again at
// page 1): a keyword box with its button and, for lists with filters, the filters below it.
import { Form } from '@remix-run/react'
import type { ReactNode } from 'react'
import { inputClass } from '#app/components/form-fields.tsx'

export const filterLabelClass = 'block text-xs font-medium text-slate-600'

export function SearchForm({
  q,
  label,
  placeholder,
  idPrefix = 'search',
  testId,
  children,
}: {
  q: string | undefined
  label: string
  placeholder: string
  idPrefix?: string
  testId?: string
  /** the list's filters, shown under the keyword box in a card */
  children?: ReactNode
}) {
  const box = (
    <div className="flex gap-2">
      <label htmlFor={`${idPrefix}-q`} className="sr-only">
        {label}
      </label>
      <input
        id={`${idPrefix}-q`}
        type="search"
        name="q"
        defaultValue={q}
        maxLength={100}
        placeholder={placeholder}
        className={`${inputClass} min-w-0 flex-1`}
      />
      <button type="submit" className="shrink-0 rounded bg-blue-700 px-4 py-2 text-white hover:bg-blue-800">
        搜索
      </button>
    </div>
  )
  if (!children) {
    return (
      <Form method="get" role="search" className="max-w-xl" data-testid={testId}>
        {box}
      </Form>
    )
  }
  return (
    <Form method="get" role="search" className="space-y-3 rounded-lg bg-white p-4 shadow-sm" data-testid={testId}>
      {box}
      {children}
    </Form>
  )
}

type FieldOption = { code: string; name: string; serviceItems: Array<{ code: string; name: string }> }

/** A filter select of the service items, grouped by field (fields without items left out). */
export function ServiceItemFilter({
  id,
  label,
  fields,
  defaultValue,
}: {
  id: string
  label: string
  fields: FieldOption[]
  defaultValue: string
}) {
  return (
    <div>
      <label htmlFor={id} className={filterLabelClass}>
        {label}
      </label>
      <select id={id} name="serviceItem" defaultValue={defaultValue} className={inputClass}>
        <option value="">全部服务事项</option>
        {fields
          .filter((field) => field.serviceItems.length > 0)
          .map((field) => (
            <optgroup key={field.code} label={field.name}>
              {field.serviceItems.map((item) => (
                <option key={item.code} value={item.code}>
                  {item.name}
                </option>
              ))}
            </optgroup>
          ))}
      </select>
    </div>
  )
}
