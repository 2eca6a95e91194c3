// Runs in the api and worker processes, never in the workflow sandbox (not imported by workflow code).
import { BlockList, isIP } from 'node:net';
import { isAllowListedHost, pdfUrlProblem } from './pdf-url';

// Special-purpose ranges (IANA registries, RFC 6890 and successors). IPv4 and IPv6 are kept in
// separate lists: a BlockList also matches IPv4 addresses against `::ffff:0:0/96` rules.
const BLOCKED_V4 = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata services)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  BLOCKED_V4.addSubnet(net, prefix, 'ipv4');

// IPv6: only global unicast (2000::/3) is reachable, which already excludes ::, ::1, IPv4-mapped
// and -compatible addresses, NAT64 64:ff9b::/96, ULA fc00::/7, link-local fe80::/10 and multicast.
const GLOBAL_V6 = new BlockList();
GLOBAL_V6.addSubnet('2000::', 3, 'ipv6');
const BLOCKED_V6 = new BlockList();
for (const [net, prefix] of [
  ['2001::', 23], // IETF protocol assignments (Teredo, benchmarking, ORCHID)
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4: embeds an arbitrary IPv4 address
  ['3fff::', 20], // documentation
] as const)
  BLOCKED_V6.addSubnet(net, prefix, 'ipv6');

/** True for an address on the public internet; false for loopback, private, link-local, … */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !BLOCKED_V4.check(address, 'ipv4');
  if (family === 6) return GLOBAL_V6.check(address, 'ipv6') && !BLOCKED_V6.check(address, 'ipv6');
  return false;
}

/**
 * Why a webhook endpoint's `url` can never be posted to, or undefined: the invoice PDF rule
 * (https, port 443, no credentials, unless allow-listed), and a host written as a private,
 * loopback or otherwise non-public address (or `localhost`) unless allow-listed. The worker checks
 * every address a name resolves to again before each delivery (safe-fetch).
 */
export function webhookUrlProblem(raw: string, allowHosts: readonly string[]): string | undefined {
  const problem = pdfUrlProblem(raw, allowHosts);
  if (problem) return problem;
  const url = new URL(raw);
  if (isAllowListedHost(url, allowHosts)) return undefined;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) && !isPublicAddress(host)))
    return `must not point at a private or loopback address (${url.hostname})`;
  return undefined;
}
