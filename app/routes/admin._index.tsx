import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { ErrorPage } from '#app/components/error-page.tsx'
import { can } from '#app/domain/permissions/permissions.server.ts'
import { requireWebPermission } from '#app/utils/web.server.ts'

export const meta: MetaFunction = () => [{ title: '平台管理 — 中介服务网上超市' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireWebPermission(request, 'manage:catalogue')
  return { canManageDepartments: can(actor, 'manage:department'), canManageRules: can(actor, 'manage:platform-rule') }
}

const CATALOGUE_LINKS = [
  {
    to: '/admin/catalogue/approval-items',
    title: '行政审批事项',
    text: '新增、修改、停用审批事项，维护其所需的中介服务',
  },
  {
    to: '/admin/catalogue/service-items',
    title: '中介服务事项',
    text: '新增、修改、停用中介服务事项，设定资质要求、收费依据和服务时限',
  },
  { to: '/admin/catalogue/qualification-types', title: '资质类型', text: '维护资质类型及其等级（由高到低）' },
  {
    to: '/admin/calendar',
    title: '工作日日历',
    text: '查看各年放假安排，录入内置数据尚未收录年份的放假日和调休上班日',
  },
]

const DEPARTMENTS_LINK = {
  to: '/admin/departments',
  title: '行业主管部门',
  text: '创建主管部门及其管理员账号，指定监管的中介服务事项',
}
const RULES_LINK = {
  to: '/admin/rules',
  title: '平台规则',
  text: '报名期限、公示天数、最少报名数、质疑和签约期限等规则及其取值范围',
}

export default function AdminDashboard() {
  const { canManageDepartments, canManageRules } = useLoaderData<typeof loader>()
  const links = [
    ...CATALOGUE_LINKS,
    ...(canManageDepartments ? [DEPARTMENTS_LINK] : []),
    ...(canManageRules ? [RULES_LINK] : []),
  ]
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold text-slate-900">平台管理</h1>
      <ul className="grid gap-4 sm:grid-cols-2">
        {links.map((link) => (
          <li key={link.to} className="rounded-lg bg-white p-5 shadow-sm">
            <Link to={link.to} className="text-lg font-semibold text-blue-800 hover:underline">
              {link.title}
            </Link>
            <p className="mt-1 text-sm text-slate-600">{link.text}</p>
          </li>
        ))}
      </ul>
    </div>
  )
}

export function ErrorBoundary() {
  return <ErrorPage />
}
