// /projects/{id} — a project and its approval walk: for each approval item it applies for, the
// intermediary services that item needs (required first), each with its announcements and their
// status, a "发布采购公告" link for the owner, and a clear 尚未办理 marker for a required service with
// no announcement under way. Visible to the owner, the departments concerned and the platform admin
// (anyone else: 404, so that ids are not confirmed to strangers).
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { ErrorPage } from '#app/components/error-page.tsx'
import { RequiredBadge } from '#app/components/status-badge.tsx'
import { AnnouncementStatusBadge, Done, headingClass, linkClass, sectionClass } from '#app/components/workflow.tsx'
import { requireWebActor } from '#app/domain/accounts/session.server.ts'
import { formatBeijingTime } from '#app/domain/clock/china-time.ts'
import { approvalWalk, getProject } from '#app/domain/projects/projects.server.ts'
import { FUNDING_LABELS, METHOD_LABELS } from '#app/utils/announcement-labels.ts'
import { orErrorPage } from '#app/utils/web.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.project.name ?? '项目'} — 中介服务网上超市` },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireWebActor(request)
  const id = params.id ?? ''
  const project = await orErrorPage(getProject(actor, id))
  const walks = await orErrorPage(
    Promise.all(
      project.approvalItems.map(async (item) => ({ ...item, services: await approvalWalk(actor, id, item.code) })),
    ),
  )
  return { project, walks, isOwner: actor.organizationId === project.owner.id }
}

function newAnnouncementHref(projectId: string, approvalItemCode: string, serviceItemCode: string) {
  const query = new URLSearchParams({ projectId, approvalItemCode, serviceItemCode })
  return `/announcements/new?${query.toString()}`
}

export default function ProjectPage() {
  const { project, walks, isOwner } = useLoaderData<typeof loader>()
  const [searchParams] = useSearchParams()
  return (
    <div className="space-y-6">
      <nav className="text-sm text-slate-500">
        <Link to="/projects" className="hover:underline">
          {isOwner ? '我的项目' : '项目'}
        </Link>{' '}
        / {project.name}
      </nav>
      {searchParams.get('created') ? <Done>项目已创建。请按下方审批事项所需的中介服务逐项发布采购公告。</Done> : null}
      <section className={sectionClass}>
        <h1 className="text-2xl font-bold text-slate-900" data-testid="project-name">
          {project.name}
        </h1>
        <dl className="mt-3 grid gap-x-6 gap-y-1.5 text-sm sm:grid-cols-[8rem_1fr]">
          <dt className="text-slate-500">项目业主</dt>
          <dd>{project.owner.name}</dd>
          <dt className="text-slate-500">投资项目代码</dt>
          <dd className="font-mono">{project.investmentCode ?? '—'}</dd>
          <dt className="text-slate-500">项目所在地</dt>
          <dd>{project.regionName}</dd>
          <dt className="text-slate-500">资金来源</dt>
          <dd data-testid="project-funding">
            {FUNDING_LABELS[project.funding]}
            {project.funding === 'PUBLIC' ? (
              <span className="ml-2 text-xs text-slate-500">（不得采用直接选取）</span>
            ) : null}
          </dd>
          <dt className="text-slate-500">创建时间</dt>
          <dd>{formatBeijingTime(project.createdAt)}</dd>
        </dl>
        {project.description ? (
          <p className="mt-3 whitespace-pre-line text-sm text-slate-700">{project.description}</p>
        ) : null}
      </section>

      <h2 className="text-xl font-semibold text-slate-900">审批事项与所需中介服务</h2>
      {walks.map((walk) => {
        const required = walk.services.filter((s) => s.required)
        const done = required.filter((s) => s.covered).length
        return (
          <section key={walk.code} className={sectionClass} data-testid={`walk-${walk.code}`}>
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h3 className={headingClass}>
                <Link to={`/catalogue/approval-items/${encodeURIComponent(walk.code)}`} className={linkClass}>
                  {walk.name}
                </Link>
              </h3>
              <span className="text-xs text-slate-500">
                {walk.department} · {walk.code}
              </span>
            </div>
            <p className="mt-1 text-sm text-slate-600">
              {walk.services.length === 0
                ? '该审批事项不需要中介服务。'
                : `必需的中介服务 ${required.length} 项，已办理 ${done} 项${done < required.length ? '；未办理的须先选取中介机构，才能申报审批' : ''}。`}
            </p>
            <ol className="mt-3 space-y-3">
              {walk.services.map((service) => (
                <li
                  key={service.serviceItemCode}
                  className={`rounded border p-3 ${service.required && !service.covered ? 'border-red-200 bg-red-50/40' : 'border-slate-200'}`}
                  data-testid={`service-${walk.code}-${service.serviceItemCode}`}
                >
                  <div className="flex flex-wrap items-center gap-2">
                    <RequiredBadge required={service.required} />
                    <Link
                      to={`/catalogue/service-items/${encodeURIComponent(service.serviceItemCode)}`}
                      className={`font-medium ${linkClass}`}
                    >
                      {service.serviceItemName}
                    </Link>
                    <span className="text-xs text-slate-400">{service.serviceItemCode}</span>
                    {service.required && !service.covered ? (
                      <span
                        className="rounded bg-red-600 px-1.5 py-0.5 text-xs font-medium text-white"
                        data-testid="not-started"
                      >
                        尚未办理
                      </span>
                    ) : null}
                  </div>
                  {service.note ? <p className="mt-1 text-xs text-slate-500">{service.note}</p> : null}
                  {service.announcements.length > 0 ? (
                    <ul className="mt-2 space-y-1.5 text-sm">
                      {service.announcements.map((a) => (
                        <li key={a.id} className="flex flex-wrap items-center gap-2">
                          <AnnouncementStatusBadge status={a.status} />
                          <Link to={`/announcements/${a.id}`} className={linkClass}>
                            {a.title}
                          </Link>
                          <span className="text-xs text-slate-500">
                            {METHOD_LABELS[a.method as keyof typeof METHOD_LABELS] ?? a.method}
                          </span>
                          {isOwner ? (
                            <Link
                              to={`/announcements/${a.id}/manage`}
                              className="text-xs text-blue-800 hover:underline"
                            >
                              管理
                            </Link>
                          ) : null}
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <p className="mt-2 text-sm text-slate-500">尚无采购公告。</p>
                  )}
                  {service.contract ? (
                    <p className="mt-1 text-sm text-slate-600">合同状态：{service.contract.status}</p>
                  ) : null}
                  {isOwner && !service.covered ? (
                    <Link
                      to={newAnnouncementHref(project.id, walk.code, service.serviceItemCode)}
                      className={`mt-2 inline-block rounded px-3 py-1.5 text-sm ${service.required ? 'bg-blue-700 text-white hover:bg-blue-800' : 'border border-blue-700 text-blue-800 hover:bg-blue-50'}`}
                      data-testid="publish-link"
                    >
                      发布采购公告
                    </Link>
                  ) : null}
                </li>
              ))}
            </ol>
          </section>
        )
      })}
    </div>
  )
}

export function ErrorBoundary() {
  return <ErrorPage />
}
