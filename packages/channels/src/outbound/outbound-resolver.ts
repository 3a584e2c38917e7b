import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { hostSyntaxRefusal, outboundAddressRefusal, type OutboundPolicy } from './outbound-address';

/** Resolves a host name to all its addresses (node:dns lookup, replaceable in tests). */
export type HostLookup = (host: string) => Promise<string[]>;

export const systemLookup: HostLookup = async (host) =>
  (await dnsLookup(host, { all: true, verbatim: true })).map((a) => a.address);

export type OutboundResolution = { ok: true; address: string } | { ok: false; refusal: string };

/**
 * The address a tenant's connection to `host` may use, checked against the policy. Every address
 * the name resolves to must be allowed (a name with one public and one private address is
 * refused), and the caller connects to the returned address rather than resolving again, so a
 * DNS answer that changes between check and connect (rebinding) cannot reach a refused address.
 */
export async function resolveOutbound(
  host: string,
  policy: OutboundPolicy,
  lookup: HostLookup = systemLookup,
): Promise<OutboundResolution> {
  const syntax = hostSyntaxRefusal(host);
  if (syntax) return { ok: false, refusal: syntax };
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = await lookup(host);
    } catch {
      addresses = [];
    }
    if (addresses.length === 0) return { ok: false, refusal: `${host} does not resolve to an address` };
  }
  for (const address of addresses) {
    const refusal = outboundAddressRefusal(address, policy);
    if (refusal) return { ok: false, refusal: isIP(host) ? refusal : `${host} resolves to ${refusal}` };
  }
  return { ok: true, address: addresses[0]! };
}
