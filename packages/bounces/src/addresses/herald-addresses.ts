import { createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '@herald/domain';

/**
 * The addresses and identifiers Herald writes into every message it sends, each encoded and parsed
 * here and nowhere else:
 * - the VERP return path `b-<destination>-<signature>@<bounce domain>` (the envelope sender),
 * - the unsubscribe mailbox `u-<destination>-<signature>@<bounce domain>` (List-Unsubscribe mailto),
 * - the Message-ID `<m<mailing>.d<destination>@<domain>>` (unsigned: a hint a report may quote).
 */

/** Where bounces come back and the key that proves an address is ours. */
export interface ReturnPathOptions {
  secret: string;
  /** The bounce domain, e.g. `bounces.herald.localhost`. */
  domain: string;
  /** Earlier secrets still accepted when decoding, so a key can be rotated while mail is in flight. */
  previousSecrets?: readonly string[];
}

/** What a signed address of Herald's is for: bounces and complaints, or a one-click unsubscribe by mail. */
export type HeraldAddressKind = 'RETURN_PATH' | 'UNSUBSCRIBE';

export interface DecodedReturnPath {
  /** The destination id as a decimal string (destination ids are BigInt). */
  destinationId: string;
}

export interface DecodedHeraldAddress extends DecodedReturnPath {
  kind: HeraldAddressKind;
}

/** Both signed addresses of one destination's message. */
export interface DestinationAddresses {
  returnPath: string;
  unsubscribeAddress: string;
}

/** What Herald writes in the Message-ID of every message it sends. */
export interface HeraldMessageId {
  mailingId: number;
  /** Decimal string (destination ids are BigInt). */
  destinationId: string;
}

const PREFIX: Record<HeraldAddressKind, string> = { RETURN_PATH: 'b', UNSUBSCRIBE: 'u' };
const KIND_OF_PREFIX: Record<string, HeraldAddressKind> = { b: 'RETURN_PATH', u: 'UNSUBSCRIBE' };
/**
 * Each kind takes its own 80 bits of one HMAC-SHA256 over the destination: HMAC is a PRF, so the bits a
 * return path shows say nothing of the unsubscribe address's, and a bounce address with its prefix
 * changed does not verify. One HMAC per message signs both; the return path's bits are those of v1.
 */
const SIGNATURE_OFFSET: Record<HeraldAddressKind, number> = { RETURN_PATH: 0, UNSUBSCRIBE: 10 };
const SIGNATURE_BYTES = 10;
const SIGNATURE_CHARS = 16;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
// Lower case only: some MTAs fold the local part's case, so the signature must survive it.
const LOCAL_PART = new RegExp(`^([bu])-(0|[1-9][0-9]{0,19})-([a-z2-7]{${SIGNATURE_CHARS}})$`);
const MAX_ADDRESS = 320;

const MAX_MAILING_ID = 2 ** 31 - 1;
const MAX_DESTINATION_ID = 2n ** 63n - 1n;
const MESSAGE_ID = /^<m([1-9][0-9]{0,9})\.d([1-9][0-9]{0,18})@([^<>\s@]{1,255})>$/i;
const MESSAGE_ID_DOMAIN = /^[^<>\s@]{1,255}$/;

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

function mac(destinationId: string, domain: string, secret: string): Buffer {
  // The domain is signed too, so a signature for one bounce domain is worthless on another.
  return createHmac('sha256', secret).update(`herald-verp-v1\0${domain}\0${destinationId}`).digest();
}

function signatureOf(digest: Buffer, kind: HeraldAddressKind): string {
  const offset = SIGNATURE_OFFSET[kind];
  return base32(digest.subarray(offset, offset + SIGNATURE_BYTES));
}

function normaliseDomain(domain: string): string {
  const normalised = typeof domain === 'string' ? domain.trim().toLowerCase().replace(/\.$/, '') : '';
  if (!normalised || /[@\s<>]/.test(normalised)) {
    throw DomainError.validation('The bounce domain is not a valid domain name', [
      { path: 'domain', message: `"${String(domain)}" is not a domain` },
    ]);
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
  if (typeof destinationId === 'number' && Number.isSafeInteger(destinationId) && destinationId >= 0)
    return String(destinationId);
  if (typeof destinationId === 'string' && /^[0-9]{1,20}$/.test(destinationId)) return BigInt(destinationId).toString();
  throw DomainError.validation('A destination id must be a non-negative integer', [
    { path: 'destinationId', message: `"${String(destinationId)}" is not a destination id` },
  ]);
}

/**
 * The signed return path and unsubscribe address of one destination, from one HMAC. A bounce sent to
 * the return path names its destination even when the DSN itself says nothing useful; mail sent to the
 * unsubscribe address unsubscribes it.
 */
export function encodeDestinationAddresses(
  destinationId: bigint | number | string,
  options: ReturnPathOptions,
): DestinationAddresses {
  requireSecret(options.secret);
  const domain = normaliseDomain(options.domain);
  const id = canonicalDestinationId(destinationId);
  const digest = mac(id, domain, options.secret);
  return {
    returnPath: `${PREFIX.RETURN_PATH}-${id}-${signatureOf(digest, 'RETURN_PATH')}@${domain}`,
    unsubscribeAddress: `${PREFIX.UNSUBSCRIBE}-${id}-${signatureOf(digest, 'UNSUBSCRIBE')}@${domain}`,
  };
}

/** The signed VERP return path of one destination: `b-<id>-<signature>@<domain>`. */
export function encodeReturnPath(destinationId: bigint | number | string, options: ReturnPathOptions): string {
  return encodeDestinationAddresses(destinationId, options).returnPath;
}

/** The signed unsubscribe mailbox of one destination: `u-<id>-<signature>@<domain>`. */
export function encodeUnsubscribeAddress(destinationId: bigint | number | string, options: ReturnPathOptions): string {
  return encodeDestinationAddresses(destinationId, options).unsubscribeAddress;
}

/**
 * What a signed address of Herald's is for and whose it is, or null when the address is not one of
 * ours: another domain, another shape, truncated, or a signature that does not match its kind
 * (compared in constant time). The local part is compared case-insensitively, as receivers may fold
 * it. Never throws on the address; only a missing secret or domain (a configuration error) throws.
 *
 * Unsubscribe addresses sent before they had their own signature (`u-` plus the return path's) are
 * not accepted: anyone who saw the return path could make one, and those messages also carry the
 * HTTPS one-click URL and the document's link, which still work.
 */
export function decodeHeraldAddress(address: string, options: ReturnPathOptions): DecodedHeraldAddress | null {
  requireSecret(options.secret);
  const domain = normaliseDomain(options.domain);
  if (typeof address !== 'string' || address.length > MAX_ADDRESS) return null;
  const bare = address
    .trim()
    .replace(/^<(.*)>$/, '$1')
    .trim()
    .toLowerCase();
  const at = bare.lastIndexOf('@');
  if (at <= 0 || bare.slice(at + 1).replace(/\.$/, '') !== domain) return null;
  const match = LOCAL_PART.exec(bare.slice(0, at));
  if (!match) return null;
  const [, prefix, id, signature] = match as unknown as [string, string, string, string];
  const kind = KIND_OF_PREFIX[prefix];
  if (!kind) return null;
  const given = Buffer.from(signature, 'ascii');
  for (const secret of [options.secret, ...(options.previousSecrets ?? [])]) {
    if (!secret) continue;
    if (timingSafeEqual(given, Buffer.from(signatureOf(mac(id, domain, secret), kind), 'ascii')))
      return { kind, destinationId: id };
  }
  return null;
}

/** The destination of a signed return path, or null (see `decodeHeraldAddress`); an unsubscribe address is no return path. */
export function decodeReturnPath(address: string, options: ReturnPathOptions): DecodedReturnPath | null {
  const decoded = decodeHeraldAddress(address, options);
  return decoded?.kind === 'RETURN_PATH' ? { destinationId: decoded.destinationId } : null;
}

/** The destination of a signed unsubscribe address, or null (see `decodeHeraldAddress`); a return path is no unsubscribe address. */
export function decodeUnsubscribeAddress(address: string, options: ReturnPathOptions): DecodedReturnPath | null {
  const decoded = decodeHeraldAddress(address, options);
  return decoded?.kind === 'UNSUBSCRIBE' ? { destinationId: decoded.destinationId } : null;
}

/** The Message-ID of one destination's message: `<m<mailing>.d<destination>@<domain>>`. */
export function encodeHeraldMessageId(
  ids: { mailingId: number; destinationId: bigint | number | string },
  domain: string,
): string {
  const { mailingId } = ids;
  if (!Number.isSafeInteger(mailingId) || mailingId < 1 || mailingId > MAX_MAILING_ID) {
    throw DomainError.validation('A mailing id must be a positive 32-bit integer', [
      { path: 'mailingId', message: `"${String(mailingId)}" is not a mailing id` },
    ]);
  }
  const destinationId = canonicalDestinationId(ids.destinationId);
  const id = BigInt(destinationId);
  if (id < 1n || id > MAX_DESTINATION_ID) {
    throw DomainError.validation('A destination id must be a positive 64-bit integer', [
      { path: 'destinationId', message: `"${destinationId}" is not a destination id` },
    ]);
  }
  const host = typeof domain === 'string' ? domain.trim().toLowerCase() : '';
  if (!MESSAGE_ID_DOMAIN.test(host)) {
    throw DomainError.validation('The Message-ID domain is not a valid domain name', [
      { path: 'domain', message: `"${String(domain)}" is not a domain` },
    ]);
  }
  return `<m${mailingId}.d${destinationId}@${host}>`;
}

/**
 * The mailing and destination a Message-ID of Herald's names, or null when it is not one of ours.
 * Unsigned: anyone can write it, so it is only a hint checked against a signed return path.
 */
export function parseHeraldMessageId(messageId: string | undefined): HeraldMessageId | null {
  if (typeof messageId !== 'string' || messageId.length > 300) return null;
  const match = MESSAGE_ID.exec(messageId.trim());
  if (!match) return null;
  const mailingId = Number(match[1]);
  const destinationId = BigInt(match[2]!);
  if (mailingId > MAX_MAILING_ID || destinationId > MAX_DESTINATION_ID) return null;
  return { mailingId, destinationId: destinationId.toString() };
}
