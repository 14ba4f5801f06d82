import { useRouteLoaderData } from '@remix-run/react'

/** The hidden CSRF field every web form must carry (checked by validateCsrf in the action). */
export function CsrfInput() {
  const data = useRouteLoaderData<{ csrf: string }>('root')
  return <input type="hidden" name="csrf" value={data?.csrf ?? ''} />
}
