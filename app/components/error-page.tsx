import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react'

const MESSAGES: Record<number, [string, string]> = {
  400: ['请求有误', '提交的内容不完整或格式不正确，请检查后重试。'],
  401: ['请先登录', '该页面需要登录后访问。'],
  403: ['无权访问', '您当前的身份无权查看或操作该内容。'],
  404: ['页面不存在', '您访问的页面不存在或已被移除。'],
  405: ['不支持的操作', '该页面不支持此操作。'],
  409: ['状态已变化', '该记录的状态已发生变化，请刷新后重试。'],
  429: ['操作过于频繁', '请稍后再试。'],
}

/** A friendly zh-CN error page for route error boundaries; never shows a stack trace. */
export function ErrorPage() {
  const error = useRouteError()
  const status = isRouteErrorResponse(error) ? error.status : 500
  const [title, text] = MESSAGES[status] ?? ['系统繁忙', '服务器处理请求时出现问题，请稍后重试。如问题持续，请联系平台管理员。']
  return (
    <div className="mx-auto max-w-xl py-16 text-center">
      <p className="text-5xl font-bold text-slate-300">{status}</p>
      <h1 className="mt-4 text-2xl font-semibold text-slate-800">{title}</h1>
      <p className="mt-2 text-slate-600">{text}</p>
      <Link to="/" className="mt-6 inline-block rounded bg-blue-700 px-4 py-2 text-white hover:bg-blue-800">
        返回首页
      </Link>
    </div>
  )
}
