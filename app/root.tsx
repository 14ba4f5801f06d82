import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import {
  data,
  Form,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteLoaderData,
} from '@remix-run/react'
import type { ReactNode } from 'react'
import { CsrfInput } from '#app/components/csrf-input.tsx'
import { ErrorPage } from '#app/components/error-page.tsx'
import { getWebActor } from '#app/domain/accounts/session.server.ts'
import { countUnread } from '#app/domain/notifications/inbox.server.ts'
import { csrfToken } from '#app/utils/csrf.server.ts'
import { navigationFor, NOTIFICATIONS_LINK, ORGANIZATION_TYPE_LABELS } from '#app/utils/navigation.ts'
import stylesheet from './styles/app.css?url'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: stylesheet }]

export const meta: MetaFunction = () => [{ title: '中介服务网上超市' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await getWebActor(request)
  const csrf = await csrfToken(request)
  return data(
    {
      csrf: csrf.token,
      user: actor
        ? {
            name: actor.userName,
            organizationName: actor.organizationName,
            organizationType: actor.organizationType,
            unreadNotifications: await countUnread(actor),
          }
        : null,
    },
    { headers: csrf.setCookie ? { 'Set-Cookie': csrf.setCookie } : {} },
  )
}

type RootData = Awaited<ReturnType<typeof loader>>['data']

function Header() {
  const root = useRouteLoaderData<typeof loader>('root') as RootData | undefined
  const user = root?.user ?? null
  return (
    <header className="border-b border-blue-900 bg-blue-800 text-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
        <Link to="/" className="text-lg font-bold tracking-wide">
          中介服务网上超市
        </Link>
        <nav aria-label="主导航" className="flex flex-wrap gap-4 text-sm">
          {navigationFor(user?.organizationType ?? null).map((link) => (
            <NavLink
              key={link.to}
              to={link.to}
              end={link.to === '/account'}
              className={({ isActive }) => (isActive ? 'underline underline-offset-4' : 'opacity-90 hover:opacity-100')}
            >
              {link.label}
              {link.to === NOTIFICATIONS_LINK.to && user && user.unreadNotifications > 0 ? (
                <span className="ml-1 rounded-full bg-red-500 px-1.5 text-xs font-medium" data-testid="nav-unread">
                  {user.unreadNotifications}
                </span>
              ) : null}
            </NavLink>
          ))}
        </nav>
        <div className="ml-auto flex items-center gap-3 text-sm">
          {user ? (
            <>
              <span data-testid="signed-in-as">
                {user.name} · {user.organizationName}（{ORGANIZATION_TYPE_LABELS[user.organizationType]}）
              </span>
              <Form method="post" action="/logout">
                <CsrfInput />
                <button
                  type="submit"
                  className="whitespace-nowrap rounded border border-white/60 px-3 py-1 hover:bg-white/10"
                >
                  退出
                </button>
              </Form>
            </>
          ) : (
            <>
              <Link to="/login" className="hover:underline">
                登录
              </Link>
              <Link to="/register" className="rounded bg-white px-3 py-1 font-medium text-blue-800 hover:bg-blue-50">
                注册
              </Link>
            </>
          )}
        </div>
      </div>
    </header>
  )
}

export function Layout({ children }: { children: ReactNode }) {
  return (
    <html lang="zh-CN">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-screen bg-slate-50 font-sans text-slate-800">
        <Header />
        <main className="mx-auto max-w-6xl px-4 py-6">{children}</main>
        <footer className="mx-auto max-w-6xl px-4 py-8 text-xs text-slate-500">
          中介服务网上超市 · 中介机构零门槛、零限制入驻 · 项目业主自主选择，任何部门不得强制指定或变相指定
        </footer>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  )
}

export default function App() {
  return <Outlet />
}

export function ErrorBoundary() {
  return <ErrorPage />
}
