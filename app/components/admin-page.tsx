// The frame of the platform admin's pages: the breadcrumb back to /admin, and the green line that
// confirms a change after the redirect (?saved=1 …).
import { Link } from '@remix-run/react'
import type { ReactNode } from 'react'

/** 平台管理 / …parents / here. */
export function AdminTrail({ parents = [], here }: { parents?: Array<{ to: string; label: string }>; here: ReactNode }) {
  return (
    <nav className="text-sm text-slate-500">
      {[{ to: '/admin', label: '平台管理' }, ...parents].map((p) => (
        <span key={p.to}>
          <Link to={p.to} className="hover:underline">
            {p.label}
          </Link>{' '}
          /{' '}
        </span>
      ))}
      {here}
    </nav>
  )
}

/** The confirmation of a change, shown when `show` (a search parameter the action redirected with). */
export function DoneNotice({ show, children }: { show: boolean; children: ReactNode }) {
  if (!show) return null
  return (
    <p role="status" className="rounded bg-green-50 p-3 text-sm text-green-800">
      {children}
    </p>
  )
}
