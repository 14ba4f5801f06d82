/** "已停用" for an inactive catalogue row, nothing for an active one. */
export function InactiveBadge({ active }: { active: boolean }) {
  if (active) return null
  return <span className="ml-2 rounded bg-slate-200 px-1.5 py-0.5 text-xs text-slate-600">已停用</span>
}

/** 必需 / 视情况 for the required flag of an approval ⇄ service link. */
export function RequiredBadge({ required }: { required: boolean }) {
  return required ? (
    <span className="rounded bg-red-50 px-1.5 py-0.5 text-xs font-medium text-red-700">必需</span>
  ) : (
    <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">视情况</span>
  )
}
