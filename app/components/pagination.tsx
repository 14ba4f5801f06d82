import { Link, useSearchParams } from '@remix-run/react'

/** Previous / next links for a paginated list; keeps the other query parameters (such as q). */
export function Pagination({ page, pageSize, total }: { page: number; pageSize: number; total: number }) {
  const [searchParams] = useSearchParams()
  const pages = Math.max(1, Math.ceil(total / pageSize))
  if (pages <= 1) return null
  const hrefFor = (target: number) => {
    const params = new URLSearchParams(searchParams)
    params.set('page', String(target))
    return `?${params.toString()}`
  }
  const linkClass = 'rounded border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100'
  const disabledClass = 'rounded border border-slate-200 px-3 py-1.5 text-slate-400'
  return (
    <nav aria-label="分页" className="mt-4 flex flex-wrap items-center gap-3 text-sm" data-testid="pagination">
      {page > 1 ? (
        <Link to={hrefFor(page - 1)} rel="prev" className={linkClass}>
          上一页
        </Link>
      ) : (
        <span className={disabledClass}>上一页</span>
      )}
      <span className="text-slate-600">
        第 {page} / {pages} 页，共 {total} 条
      </span>
      {page < pages ? (
        <Link to={hrefFor(page + 1)} rel="next" className={linkClass}>
          下一页
        </Link>
      ) : (
        <span className={disabledClass}>下一页</span>
      )}
    </nav>
  )
}
