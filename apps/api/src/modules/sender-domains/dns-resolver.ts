import type { HeraldConfig } from '@herald/config';
import type { DnsResolver } from '@herald/checks';
import { dnsResolver as resolverThrough } from '@herald/channels';

/** Lookups through DNS_SERVERS when set (a test's DNS server on loopback), else the system's servers. */
export function dnsResolver(config: HeraldConfig): DnsResolver {
  return resolverThrough(config.DNS_SERVERS);
}

export const DNS_RESOLVER = Symbol('DNS_RESOLVER');
