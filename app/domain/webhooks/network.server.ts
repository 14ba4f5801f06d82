// Where a webhook may be delivered: only to public internet addresses, so that a subscriber cannot
// make the platform call into its own network (the database, the metadata service, a router).
// Private, loopback, link-local, carrier-grade NAT, multicast and every other special range are
// refused unless WEBHOOK_ALLOW_PRIVATE_NETWORKS=1 (allowed by default only with NODE_ENV=test, so
// that tests deliver to a receiver on loopback). The check runs when a subscription is created and
// again at every delivery, on the address the connection actually uses (the resolver below is the
// socket's `lookup`), so a name that resolves to a public address first and to a private one later
// (DNS rebinding) is refused at delivery.
import dns from 'node:dns'
import net from 'node:net'
import ipaddr from 'ipaddr.js'
import { ruleViolation } from '#app/domain/errors.ts'
import { env } from '#app/env.server.ts'

export type Resolved = { address: string; family: number }
/** Resolves a host name to every address (the test seam: a resolver that answers what a test says). */
export type Resolver = (hostname: string) => Promise<Resolved[]>

export const systemResolver: Resolver = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true })

/** Whether an IP address is on the public internet (ipaddr.js's "unicast" range, IPv4-mapped unwrapped). */
export function isPublicAddress(ip: string): boolean {
  if (!ipaddr.isValid(ip)) return false
  let address = ipaddr.parse(ip)
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    address = (address as ipaddr.IPv6).toIPv4Address()
  }
  return address.range() === 'unicast'
}

export function privateNetworksAllowed(): boolean {
  const config = env()
  return config.WEBHOOK_ALLOW_PRIVATE_NETWORKS ?? config.NODE_ENV === 'test'
}

const REFUSED = '推送地址指向内网、本机或保留地址，出于安全原因不能使用；请使用公网可访问的 https 地址'

export class RefusedTarget extends Error {}

/** Resolves a target host and refuses it unless every address is public (or private ones are allowed). */
export async function resolveTarget(hostname: string, resolve: Resolver = systemResolver): Promise<Resolved[]> {
  const bare = hostname.replace(/^\[|\]$/g, '')
  const addresses = net.isIP(bare) ? [{ address: bare, family: net.isIP(bare) }] : await resolve(bare)
  if (addresses.length === 0) throw new RefusedTarget('无法解析推送地址的域名')
  if (!privateNetworksAllowed() && addresses.some((a) => !isPublicAddress(a.address))) throw new RefusedTarget(REFUSED)
  return addresses
}

/** The subscription-time check: a refused target is a 422 with a sentence a clerk understands. */
export async function checkTargetUrl(url: URL, resolve: Resolver = systemResolver): Promise<void> {
  try {
    await resolveTarget(url.hostname, resolve)
  } catch (error) {
    if (error instanceof RefusedTarget) throw ruleViolation(error.message)
    throw ruleViolation('无法解析推送地址的域名')
  }
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void

/** A socket `lookup` that resolves through `resolve` and refuses what `resolveTarget` refuses. */
export function guardedLookup(resolve: Resolver = systemResolver) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback) => {
    resolveTarget(hostname, resolve).then(
      (addresses) => {
        const wanted =
          options.family === 4 || options.family === 6
            ? addresses.filter((a) => a.family === options.family)
            : addresses
        const usable = wanted.length > 0 ? wanted : addresses
        if (options.all) callback(null, usable)
        else callback(null, usable[0]!.address, usable[0]!.family)
      },
      (error: Error) => callback(Object.assign(error, { code: 'EREFUSEDTARGET' }), '', 0),
    )
  }
}
