// Where to send a user after signing in: only a path on this site. Anything else (absolute URLs,
// protocol-relative "//host", backslash tricks, control characters) falls back to the default.
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = '/account'): string {
  if (typeof to !== 'string' || to.length === 0 || to.length > 2000) return fallback
  if (!to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\')) return fallback
  // Browsers treat "\" like "/" and drop tabs/newlines, so "/\t/evil.example" would leave the site.
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(to)) return fallback
  return to
}
