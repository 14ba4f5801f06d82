// The client address a request came from, as the reverse proxy reports it: the first hop of
// X-Forwarded-For, or 'unknown' (used for sign-in throttling, never for authorization).
export function clientAddressOf(request: Request): string {
  const first = request.headers.get('X-Forwarded-For')?.split(',')[0]?.trim()
  return first && first.length > 0 ? first : 'unknown'
}
