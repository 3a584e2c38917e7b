import { createHmac, timingSafeEqual } from 'node:crypto';
import { isCanonicalBase64url } from './tracking-token';

// Binary layout, base64url-encoded: version(1) destinationIdLength(1) destinationId(utf8) mac(16).
// Its own version byte (0x56, 'V') and a domain-separated MAC: no tracking or survey token passes as one.
const VERSION = 0x56;
const MAC_BYTES = 16;
const CONTEXT = Buffer.from('herald-visit\u0000', 'utf8');
const MAX_TOKEN_CHARS = Math.ceil(((2 + 255 + MAC_BYTES) * 4) / 3);
const BASE64URL = /^[A-Za-z0-9_-]+$/;

function mac(body: Buffer, secret: string): Buffer {
  return createHmac('sha256', secret).update(CONTEXT).update(body).digest().subarray(0, MAC_BYTES);
}

/**
 * The token a mailing's link to the account's website carries (`?hv={% visit_token %}`): the
 * destination, so the visit ties to the profile and the mailing once the worker verifies it.
 */
export function signVisitToken(destinationId: string, secret: string): string {
  if (!secret) throw new Error('A tracking secret is required to sign visit tokens');
  const destination = Buffer.from(destinationId, 'utf8');
  if (destination.length === 0 || destination.length > 255) {
    throw new Error(`Destination id must be 1..255 bytes, got ${destination.length}`);
  }
  const body = Buffer.concat([Buffer.from([VERSION, destination.length]), destination]);
  return Buffer.concat([body, mac(body, secret)]).toString('base64url');
}

/** The destination id a visit token this secret signed names, or null for anything forged or altered. */
export function verifyVisitToken(token: string, secret: string): string | null {
  if (typeof token !== 'string' || !secret || token.length > MAX_TOKEN_CHARS || !BASE64URL.test(token)) return null;
  if (!isCanonicalBase64url(token)) return null;
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.length < 3 + MAC_BYTES || bytes[0] !== VERSION || bytes[1] !== bytes.length - 2 - MAC_BYTES) return null;
  const body = bytes.subarray(0, bytes.length - MAC_BYTES);
  if (!timingSafeEqual(mac(body, secret), bytes.subarray(bytes.length - MAC_BYTES))) return null;
  return body.toString('utf8', 2);
}
