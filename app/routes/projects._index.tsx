// /projects — an owner's projects (我的项目); for a department, the projects that apply for an
// approval item of its field or need a service item it supervises, in its region; for the platform
// admin, all. Each links to the approval walk on /projects/{id}.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { ErrorPage } from '#app/components/error-page.tsx'
import { inputClass } from '#app/components/form-fields.tsx'
import { Pagination } from '#app/components/pagination.tsx'
import { linkClass, primaryButton, sectionClass } from '#app/components/workflow.tsx'
import { requireWebActor } from '#app/domain/accounts/session.server.ts'
import { formatBeijingTime } from '#app/domain/clock/china-time.ts'
import { CREATE_PROJECT, listProjects } from '#app/domain/projects/projects.server.ts'
import { can } from '#app/domain/permissions/permissions.server.ts'
import { FUNDING_LABELS } from '#app/utils/announcement-labels.ts'
import { orErrorPage, parseSearchParams } from '#app/utils/web.server.ts'
import { PaginationSchema, z } from '#app/utils/zod.ts'

export const meta: MetaFunction = () => [{ title: '项目 — 中介服务网上超市' }]

const ProjectsQuery = PaginationSchema.extend({ q: z.string().trim().max(100).optional() })

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireWebActor(request)
  const query = parseSearchParams(request, ProjectsQuery)
  const { items, total, scope } = await orErrorPage(listProjects(actor, query))
  return {
    items,
    total,
    page: query.page,
    pageSize: query.pageSize,
    q: query.q ?? '',
    isOwner: scope === 'own',
    canCreate: can(actor, CREATE_PROJECT, { organizationId: actor.organizationId }),
  }
}

export default function ProjectsPage() {
  const { items, total, page, pageSize, q, isOwner, canCreate } = useLoaderData<typeof loader>()
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold text-slate-900">{isOwner ? '我的项目' : '项目'}</h1>
        {canCreate ? (
          <Link to="/projects/new" className={primaryButton} data-testid="new-project">
            新建项目
          </Link>
        ) : null}
      </div>
      <p className="text-sm text-slate-600">
        {isOwner
          ? '在项目中选择拟申请的行政审批事项，系统列出每个审批事项所需的中介服务，逐项发布采购公告、选取中介机构。'
          : '涉及本部门审批事项或所监管中介服务事项的项目（本辖区）。'}
      </p>
      <Form method="get" className="flex flex-wrap gap-2" role="search">
        <label htmlFor="projects-q" className="sr-only">
          搜索项目
        </label>
        <input
          id="projects-q"
          name="q"
          defaultValue={q}
          placeholder="项目名称或投资项目代码"
          className={`${inputClass} max-w-sm`}
        />
        <button type="submit" className="rounded border border-blue-700 px-4 py-2 text-blue-800 hover:bg-blue-50">
          搜索
        </button>
      </Form>
      {items.length === 0 ? (
        <div className={sectionClass} data-testid="projects-empty">
          <p className="text-sm text-slate-600">
            {q
              ? '没有符合条件的项目。'
              : isOwner
                ? '还没有项目。先新建一个项目，选择拟申请的审批事项。'
                : '暂无涉及本部门的项目。'}
          </p>
        </div>
      ) : (
        <ul className="space-y-3" data-testid="projects-list">
          {items.map((project) => (
            <li key={project.id} className={sectionClass}>
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <h2 className="font-semibold text-slate-900">
                  <Link to={`/projects/${project.id}`} className={linkClass}>
                    {project.name}
                  </Link>
                </h2>
                <span className="text-xs text-slate-500">创建于 {formatBeijingTime(project.createdAt)}</span>
              </div>
              <p className="mt-1 text-sm text-slate-600">
                {project.regionName} · {FUNDING_LABELS[project.funding]}
                {project.investmentCode ? ` · 投资项目代码 ${project.investmentCode}` : ''}
                {isOwner ? '' : ` · 业主：${project.owner.name}`}
              </p>
              <p className="mt-2 flex flex-wrap gap-1.5 text-xs">
                {project.approvalItems.map((item) => (
                  <span key={item.code} className="rounded bg-slate-100 px-1.5 py-0.5 text-slate-700">
                    {item.name}
                  </span>
                ))}
              </p>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={page} pageSize={pageSize} total={total} />
    </div>
  )
}

export function ErrorBoundary() {
  return <ErrorPage />
}
