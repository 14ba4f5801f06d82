// Small building blocks of the workflow pages (projects, announcements, bids, objections, inbox):
// the objection status badge (the announcement's is the public pages' one, re-exported), the
// confirmation and warning boxes, and the card and button styles.
import { Link } from '@remix-run/react'
import type { ReactNode } from 'react'
import { ErrorList } from '#app/components/form-fields.tsx'
import { AnnouncementStatusBadge } from '#app/components/announcement-view.tsx'
import type { AnnouncementStatus, ObjectionStatus, SelectionMethod } from '#app/generated/prisma/enums.ts'
import { METHOD_LABELS, OBJECTION_STATUS_LABELS } from '#app/utils/announcement-labels.ts'

export { AnnouncementStatusBadge }

export const sectionClass = 'rounded-lg bg-white p-4 shadow-sm sm:p-5'
export const headingClass = 'text-lg font-semibold text-slate-800'
export const primaryButton = 'rounded bg-blue-700 px-4 py-2 text-white hover:bg-blue-800'
export const secondaryButton = 'rounded border border-slate-300 bg-white px-4 py-2 text-slate-800 hover:bg-slate-50'
export const dangerButton = 'rounded border border-red-300 bg-white px-4 py-2 text-red-700 hover:bg-red-50'
export const linkClass = 'text-blue-800 hover:underline'

const OBJECTION_CLASSES: Record<ObjectionStatus, string> = {
  OPEN: 'bg-amber-50 text-amber-800',
  ANSWERED: 'bg-blue-50 text-blue-800',
  ESCALATED: 'bg-violet-50 text-violet-800',
  UPHELD: 'bg-green-50 text-green-800',
  REJECTED: 'bg-slate-200 text-slate-700',
}

export function ObjectionStatusBadge({ status }: { status: ObjectionStatus }) {
  return (
    <span
      className={`whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-medium ${OBJECTION_CLASSES[status]}`}
      data-testid="objection-status"
    >
      {OBJECTION_STATUS_LABELS[status]}
    </span>
  )
}

/** A green confirmation ("已保存") announced to screen readers. */
/** 采购公告 / the announcement / the page: the trail above a participant's page of one announcement. */
export function AnnouncementCrumbs({
  announcement,
  here,
}: {
  announcement: { id: string; title: string }
  here: string
}) {
  return (
    <nav className="text-sm text-slate-500">
      <Link to="/announcements" className="hover:underline">
        采购公告
      </Link>{' '}
      /{' '}
      <Link to={`/announcements/${announcement.id}`} className="hover:underline">
        {announcement.title}
      </Link>{' '}
      / {here}
    </nav>
  )
}

/** The card at the top of an announcement's working page: status, method, title, and its facts. */
export function AnnouncementSummary({
  announcement,
  titleTestId,
  facts,
  children,
}: {
  announcement: { status: AnnouncementStatus; method: SelectionMethod; title: string }
  titleTestId?: string
  /** the <dt>/<dd> pairs */
  facts: ReactNode
  /** below the facts (links) */
  children?: ReactNode
}) {
  return (
    <section className={sectionClass}>
      <div className="flex flex-wrap items-center gap-2">
        <AnnouncementStatusBadge status={announcement.status} />
        <span className="text-sm text-slate-600">{METHOD_LABELS[announcement.method]}</span>
      </div>
      <h1 className="mt-2 text-2xl font-bold text-slate-900" data-testid={titleTestId}>
        {announcement.title}
      </h1>
      <dl className="mt-3 grid gap-x-6 gap-y-1.5 text-sm sm:grid-cols-[8rem_1fr]">{facts}</dl>
      {children}
    </section>
  )
}

export function Done({ children, testId = 'done' }: { children: ReactNode; testId?: string }) {
  return (
    <div
      role="status"
      data-testid={testId}
      className="rounded border border-green-200 bg-green-50 p-3 text-sm text-green-900"
    >
      {children}
    </div>
  )
}

/** An amber note: something the user must know before acting. */
export function Note({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <div data-testid={testId} className="rounded border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
      {children}
    </div>
  )
}

/** The "is the objection upheld?" radio pair of the owner's answer and the department's decision. */
export function UpheldFieldset({
  checked,
  errors,
  upheldLabel = '成立',
  rejectedLabel = '不成立',
}: {
  checked: string | undefined
  errors: string[] | undefined
  upheldLabel?: string
  rejectedLabel?: string
}) {
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-700">
        质疑是否成立<span className="ml-0.5 text-red-600">*</span>
      </legend>
      <div className="mt-1 flex flex-wrap gap-6">
        <label className="flex items-center gap-2">
          <input type="radio" name="upheld" value="true" defaultChecked={checked === 'true'} />
          {upheldLabel}
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" name="upheld" value="false" defaultChecked={checked === 'false'} />
          {rejectedLabel}
        </label>
      </div>
      <ErrorList name="upheld" errors={errors} />
    </fieldset>
  )
}
