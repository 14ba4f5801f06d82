// /account/notifications — the acting organization's inbox (站内通知): newest first, the unread
// count, "只看未读", and marking one or all read. "查看" marks one read and opens what it is about.
// The same domain functions as GET /api/v1/notifications and POST /api/v1/notifications/{id}/read.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { CsrfInput } from '#app/components/csrf-input.tsx'
import { ErrorPage } from '#app/components/error-page.tsx'
import { FormErrors } from '#app/components/form-fields.tsx'
import { Pagination } from '#app/components/pagination.tsx'
import { secondaryButton, sectionClass } from '#app/components/workflow.tsx'
import { requireWebActor } from '#app/domain/accounts/session.server.ts'
import { formatBeijingTime } from '#app/domain/clock/china-time.ts'
import { listInbox, markRead } from '#app/domain/notifications/inbox.server.ts'
import { answerFor } from '#app/utils/form-answer.ts'
import { readCheckedForm, runFormAction } from '#app/utils/forms.server.ts'
import { safeRedirectPath } from '#app/utils/redirect.ts'
import { parseSearchParams } from '#app/utils/web.server.ts'
import { PaginationSchema, z } from '#app/utils/zod.ts'

export const meta: MetaFunction = () => [{ title: '通知 — 中介服务网上超市' }]

const InboxQuery = PaginationSchema.extend({ unread: z.enum(['0', '1']).optional() })

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireWebActor(request)
  const query = parseSearchParams(request, InboxQuery)
  const inbox = await listInbox(actor, { ...query, unread: query.unread === '1' })
  return { ...inbox, page: query.page, pageSize: query.pageSize, unreadOnly: query.unread === '1' }
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readCheckedForm(request)
  const actor = await requireWebActor(request)
  const intent = String(formData.get('intent') ?? '')
  const url = new URL(request.url)
  const back = redirect(`${url.pathname}${url.search}`)
  if (intent === 'read-all') return (await runFormAction(intent, () => markRead(actor, 'all'))) ?? back
  const id = String(formData.get('id') ?? '')
  if (intent === 'read') return (await runFormAction(intent, () => markRead(actor, id))) ?? back
  if (intent === 'open') {
    const failed = await runFormAction('read', () => markRead(actor, id))
    return failed ?? redirect(safeRedirectPath(formData.get('link'), '/account/notifications'))
  }
  throw new Response('未知的操作', { status: 400 })
}

export default function NotificationsPage() {
  const { items, total, unread, page, pageSize, unreadOnly } = useLoaderData<typeof loader>()
  const actionData = useActionData()
  const failed = answerFor(actionData, 'read') ?? answerFor(actionData, 'read-all')
  const tab = (active: boolean) =>
    `rounded px-3 py-1.5 ${active ? 'bg-blue-700 text-white' : 'bg-white text-slate-700 hover:bg-slate-100'}`
  return (
    <div className="mx-auto max-w-3xl space-y-5">
      <nav className="text-sm text-slate-500">
        <Link to="/account" className="hover:underline">
          我的机构
        </Link>{' '}
        / 通知
      </nav>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold text-slate-900">
          通知
          <span className="ml-2 align-middle text-base font-normal text-slate-600" data-testid="unread-count">
            {`未读 ${unread} 条`}
          </span>
        </h1>
        {unread > 0 ? (
          <Form method="post">
            <CsrfInput />
            <button type="submit" name="intent" value="read-all" className={secondaryButton} data-testid="read-all">
              全部标为已读
            </button>
          </Form>
        ) : null}
      </div>
      <FormErrors errors={failed ? [failed.message] : undefined} />
      <div className="flex gap-2 text-sm" role="tablist" aria-label="筛选">
        <Link to="/account/notifications" className={tab(!unreadOnly)} aria-current={!unreadOnly ? 'page' : undefined}>
          全部
        </Link>
        <Link
          to="/account/notifications?unread=1"
          className={tab(unreadOnly)}
          aria-current={unreadOnly ? 'page' : undefined}
        >
          只看未读
        </Link>
      </div>
      {items.length === 0 ? (
        <div className={sectionClass} data-testid="inbox-empty">
          <p className="text-sm text-slate-600">{unreadOnly ? '没有未读通知。' : '暂无通知。'}</p>
        </div>
      ) : (
        <ul className="space-y-3" data-testid="inbox">
          {items.map((n) => (
            <li
              key={n.id}
              className={`${sectionClass} ${n.readAt ? '' : 'border-l-4 border-blue-600'}`}
              data-testid={`notification-${n.id}`}
              data-read={n.readAt ? 'true' : 'false'}
            >
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <h2 className={`text-base ${n.readAt ? 'text-slate-700' : 'font-semibold text-slate-900'}`}>
                  {n.readAt ? null : (
                    <span
                      className="mr-1.5 inline-block h-2 w-2 rounded-full bg-blue-600 align-middle"
                      aria-label="未读"
                    />
                  )}
                  {n.title}
                </h2>
                <span className="text-xs text-slate-500">{formatBeijingTime(n.createdAt)}</span>
              </div>
              <p className="mt-1 whitespace-pre-line text-sm text-slate-700">{n.body}</p>
              <div className="mt-2 flex flex-wrap gap-2 text-sm">
                {n.link ? (
                  <Form method="post">
                    <CsrfInput />
                    <input type="hidden" name="id" value={n.id} />
                    <input type="hidden" name="link" value={n.link} />
                    <button
                      type="submit"
                      name="intent"
                      value="open"
                      className="rounded bg-blue-700 px-3 py-1 text-white hover:bg-blue-800"
                    >
                      查看
                    </button>
                  </Form>
                ) : null}
                {n.readAt ? (
                  <span className="px-1 py-1 text-xs text-slate-500">已读于 {formatBeijingTime(n.readAt)}</span>
                ) : (
                  <Form method="post">
                    <CsrfInput />
                    <input type="hidden" name="id" value={n.id} />
                    <button
                      type="submit"
                      name="intent"
                      value="read"
                      className="rounded border border-slate-300 px-3 py-1 text-slate-700 hover:bg-slate-50"
                      data-testid="mark-read"
                    >
                      标为已读
                    </button>
                  </Form>
                )}
              </div>
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
