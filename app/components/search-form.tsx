import { Form } from '@remix-run/react'

/** A GET search box (works without JavaScript); submitting starts again at page 1. */
export function SearchForm({ q, label, placeholder }: { q: string; label: string; placeholder: string }) {
  return (
    <Form method="get" role="search" className="flex max-w-xl gap-2">
      <label htmlFor="search-q" className="sr-only">
        {label}
      </label>
      <input
        id="search-q"
        type="search"
        name="q"
        defaultValue={q}
        placeholder={placeholder}
        maxLength={100}
        className="min-w-0 flex-1 rounded border border-slate-300 bg-white px-3 py-2"
      />
      <button type="submit" className="rounded bg-blue-700 px-4 py-2 text-white hover:bg-blue-800">
        搜索
      </button>
    </Form>
  )
}
