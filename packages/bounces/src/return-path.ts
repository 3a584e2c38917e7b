import { createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '@herald/domain';

/** Where bounces come back and the key that proves a return path is ours. */
export interface ReturnPathOptions {
  secret: string;
  /** The bounce domain, e.g. `bounces.herald.localhost`. */
  domain: string;
  /** Earlier secrets still accepted when decoding, so a key can be rotated while mail is in flight. */
  previousSecrets?: readonly string[];
}

export interface DecodedReturnPath {
  /** The destination id as a decimal string (destination ids are BigInt). */
  destinationId: string;
}

const PREFIX = 'b';
// 80 bits of HMAC-SHA256 as 16 base32 characters: enough against forgery, short enough for any MTA.
const SIGNATURE_BYTES = 10;
const SIGNATURE_CHARS = 16;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
// Lower case only: some MTAs fold the local part's case, so the signature must survive it.
const LOCAL_PART = new RegExp(`^${PREFIX}-(0|[1-9][0-9]{0,19})-([a-z2-7]{${SIGNATURE_CHARS}})$`);

function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

function sign(destinationId: string, domain: string, secret: string): string {
  // The domain is signed too, so a signature for one bounce domain is worthless on another.
  const mac = createHmac('sha256', secret).update(`herald-verp-v1\0${domain}\0${destinationId}`).digest();
  return base32(mac.subarray(0, SIGNATURE_BYTES));
}

function normaliseDomain(domain: string): string {
  const normalised = typeof domain === 'string' ? domain.trim().toLowerCase().replace(/\.$/, '') : '';
  if (!normalised || /[@\s<>]/.test(normalised)) {
    throw DomainError.validation('The bounce domain is not a valid domain name', [{ path: 'domain', message: `"${String(domain)}" is not a domain` }]);
  }
  return normalised;
}

function requireSecret(secret: string): void {
  if (typeof secret !== 'string' || secret.length === 0) {
    throw DomainError.validation('A secret is needed to sign return paths', [{ path: 'secret', message: 'empty' }]);
  }
}

function canonicalDestinationId(destinationId: bigint | number | string): string {
  if (typeof destinationId === 'bigint' && destinationId >= 0n) return destinationId.toString();
  if (typeof destinationId === 'number' && Number.isSafeInteger(destinationId) && destinationId >= 0) return String(destinationId);
  if (typeof destinationId === 'string' && /^[0-9]{1,20}$/.test(destinationId)) return BigInt(destinationId).toString();
  throw DomainError.validation('A destination id must be a non-negative integer', [{ path: 'destinationId', message: `"${String(destinationId)}" is not a destination id` }]);
}

/**
 * The signed VERP return path of one destination: `b-<id>-<signature>@<domain>`. A bounce sent to it
 * names its destination even when the DSN itself says nothing useful.
 */
export function encodeReturnPath(destinationId: bigint | number | string, options: ReturnPathOptions): string {
  requireSecret(options.secret);
  const domain = normaliseDomain(options.domain);
  const id = canonicalDestinationId(destinationId);
  return `${PREFIX}-${id}-${sign(id, domain, options.secret)}@${domain}`;
}

/**
 * The destination a return path belongs to, or null when the address is not one of ours: another
 * domain, another shape, truncated, or a signature that does not match (compared in constant time).
 * Never throws on the address; only a missing secret or domain (a configuration error) throws.
 */
export function decodeReturnPath(address: string, options: ReturnPathOptions): DecodedReturnPath | null {
  requireSecret(options.secret);
  const domain = normaliseDomain(options.domain);
  if (typeof address !== 'string' || address.length > 320) return null;
  const bare = address.trim().replace(/^<(.*)>$/, '$1').trim().toLowerCase();
  const at = bare.lastIndexOf('@');
  if (at <= 0 || bare.slice(at + 1).replace(/\.$/, '') !== domain) return null;
  const match = LOCAL_PART.exec(bare.slice(0, at));
  if (!match) return null;
  const [, id, signature] = match as unknown as [string, string, string];
  const given = Buffer.from(signature, 'ascii');
  for (const secret of [options.secret, ...(options.previousSecrets ?? [])]) {
    if (!secret) continue;
    if (timingSafeEqual(given, Buffer.from(sign(id, domain, secret), 'ascii'))) return { destinationId: id };
  }
  return null;
}
