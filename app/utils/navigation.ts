// The navigation of each kind of user. Links are shown by role; every page still checks on the server.
export type NavLink = { to: string; label: string }

const PUBLIC_LINKS: NavLink[] = [
  { to: '/intermediaries', label: '中介机构' },
  { to: '/catalogue/approval-items', label: '审批事项' },
  { to: '/catalogue/service-items', label: '中介服务事项' },
  { to: '/departments', label: '主管部门' },
]

const ROLE_LINKS: Record<string, NavLink[]> = {
  OWNER: [{ to: '/account', label: '我的机构' }],
  INTERMEDIARY: [
    { to: '/account/entry', label: '入驻信息' },
    { to: '/account/qualifications', label: '资质' },
    { to: '/account', label: '我的机构' },
  ],
  DEPARTMENT: [
    { to: '/supervision/intermediaries', label: '监管' },
    { to: '/account', label: '本部门' },
  ],
  PLATFORM: [
    { to: '/admin', label: '平台管理' },
    { to: '/supervision/intermediaries', label: '监管' },
    { to: '/account', label: '我的账号' },
  ],
}

export function navigationFor(organizationType: string | null): NavLink[] {
  return [...PUBLIC_LINKS, ...(organizationType ? (ROLE_LINKS[organizationType] ?? []) : [])]
}

export const ORGANIZATION_TYPE_LABELS: Record<string, string> = {
  OWNER: '项目业主',
  INTERMEDIARY: '中介机构',
  DEPARTMENT: '行业主管部门',
  PLATFORM: '平台管理员',
}
