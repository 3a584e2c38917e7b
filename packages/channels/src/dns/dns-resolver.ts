import { Resolver } from 'node:dns/promises';
import type { DnsResolver } from '@herald/checks';

/**
 * Lookups through `servers` (DNS_SERVERS: `host` or `host:port`, comma-separated; a test's DNS server on
 * loopback) or else the system's. One try of 1 s per lookup: a check waits on several in a row, and a
 * record a server cannot give in a second is reported as "could not be checked" rather than waited for.
 */
export function dnsResolver(servers: string | undefined): DnsResolver {
  const resolver = new Resolver({ timeout: 1_000, tries: 1 });
  if (servers) resolver.setServers(servers.split(',').map((server) => server.trim()));
  // TXT, CNAME and A answers are strings and MX answers objects, as the checks read them.
  return (name, rrtype) => resolver.resolve(name, rrtype) as unknown as Promise<string[][] | string[]>;
}
