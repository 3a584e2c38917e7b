import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** What an operator allows connections that a tenant configures (its SMTP server, later webhooks) to reach. */
export interface OutboundPolicy {
  /** config OUTBOUND_ALLOW_PRIVATE: private, loopback and link-local addresses and any port (a local mail catcher). */
  allowPrivate: boolean;
}

/** SMTP ports a tenant's server may listen on: relay, submission over TLS, submission, and the common alternative. */
export const SMTP_SUBMISSION_PORTS: readonly number[] = [25, 465, 587, 2525];

/** IPv6 global unicast (2000::/3): anything outside it is not a public host. */
const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR('2000::/3');

/**
 * Why a tenant's connection may not go to `address` (an IP literal), or null when it may: only
 * public unicast addresses, so that a tenant cannot reach the operator's own network (loopback,
 * RFC 1918, link-local with cloud metadata at 169.254.169.254, CGNAT, ULA…). IPv6 forms that
 * carry an IPv4 address (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96) are judged by that address.
 */
export function outboundAddressRefusal(address: string, policy: OutboundPolicy): string | null {
  if (!isIP(address)) return `${address} is not an IP address`;
  if (policy.allowPrivate) return null;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    const range = v6.range();
    if (range === 'ipv4Mapped' || range === 'rfc6145') parsed = v6.toIPv4Address();
    else if (range === 'rfc6052' && v6.match(ipaddr.IPv6.parseCIDR('64:ff9b::/96')))
      parsed = ipaddr.fromByteArray(v6.toByteArray().slice(12));
    else if (range !== 'unicast' || !v6.match(GLOBAL_UNICAST_V6))
      return `${address} is a ${describe(range)} address, not a public one`;
    else return null;
  }
  const range = (parsed as ipaddr.IPv4).range();
  return range === 'unicast' ? null : `${address} is a ${describe(range)} address, not a public one`;
}

/** Why a tenant's SMTP server may not be on `port`, or null when it may. */
export function smtpPortRefusal(port: number, policy: OutboundPolicy): string | null {
  if (policy.allowPrivate || SMTP_SUBMISSION_PORTS.includes(port)) return null;
  return `must be an SMTP port (${SMTP_SUBMISSION_PORTS.join(', ')})`;
}

/** Why `host` is not a host name or IP address at all, or null: checked before any DNS query. */
export function hostSyntaxRefusal(host: string): string | null {
  if (isIP(host)) return null;
  if (host.length > 253) return 'must be at most 253 characters';
  // Letters, digits and hyphens in dot-separated labels (RFC 1123); also refuses "[::1]", "a b", "host:25".
  const label = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;
  const labels = host.replace(/\.$/, '').split('.');
  if (!labels.every((l) => label.test(l)))
    return 'must be a host name (letters, digits, hyphens and dots) or an IP address';
  // All-numeric names ("2130706433", "127.1") are IP addresses in disguise to the resolver.
  if (/^[0-9.]+$/.test(host)) return 'must be a host name or an IP address in its usual form';
  return null;
}

function describe(range: string): string {
  const names: Record<string, string> = {
    unspecified: 'unspecified',
    broadcast: 'broadcast',
    multicast: 'multicast',
    linkLocal: 'link-local',
    loopback: 'loopback',
    carrierGradeNat: 'carrier-grade NAT (shared)',
    private: 'private',
    uniqueLocal: 'unique local (private)',
    reserved: 'reserved',
  };
  return names[range] ?? `special-purpose (${range})`;
}
