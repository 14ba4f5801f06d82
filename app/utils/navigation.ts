// The navigation of each kind of user. Links are shown by role; every page still checks on the server.
export type NavLink = { to: string; label: string }

const PUBLIC_LINKS: NavLink[] = [
  { to: '/announcements', label: '采购公告' },
  { to: '/intermediaries', label: '中介机构' },
  { to: '/catalogue/approval-items', label: '审批事项' },
  { to: '/catalogue/service-items', label: '中介服务事项' },
  { to: '/departments', label: '主管部门' },
  { to: '/blacklist', label: '黑名单' },
]

const ROLE_LINKS: Record<string, NavLink[]> = {
  OWNER: [
    { to: '/projects', label: '我的项目' },
    { to: '/account/credit', label: '信用' },
    { to: '/account', label: '我的机构' },
  ],
  INTERMEDIARY: [
    { to: '/account/entry', label: '入驻信息' },
    { to: '/account/qualifications', label: '资质' },
    { to: '/account/subscriptions', label: '订阅' },
    { to: '/account/credit', label: '信用' },
    { to: '/account', label: '我的机构' },
  ],
  DEPARTMENT: [
    { to: '/supervision/intermediaries', label: '监管' },
    { to: '/supervision/credit', label: '信用监管' },
    { to: '/supervision/complaints', label: '投诉' },
    { to: '/projects', label: '项目' },
    { to: '/account', label: '本部门' },
  ],
  PLATFORM: [
    { to: '/admin', label: '平台管理' },
    { to: '/supervision/intermediaries', label: '监管' },
    { to: '/supervision/complaints', label: '投诉督办' },
    { to: '/account', label: '我的账号' },
  ],
}

/** Every signed-in user's inbox; the header adds the unread count to its label. */
export const NOTIFICATIONS_LINK: NavLink = { to: '/account/notifications', label: '通知' }

export function navigationFor(organizationType: string | null): NavLink[] {
  if (!organizationType) return PUBLIC_LINKS
  return [...PUBLIC_LINKS, ...(ROLE_LINKS[organizationType] ?? []), NOTIFICATIONS_LINK]
}

export const ORGANIZATION_TYPE_LABELS: Record<string, string> = {
  OWNER: '项目业主',
  INTERMEDIARY: '中介机构',
  DEPARTMENT: '行业主管部门',
  PLATFORM: '平台管理员',
}
