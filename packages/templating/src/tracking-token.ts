import { createHmac, timingSafeEqual } from 'node:crypto';

export type TrackingKind = 'open' | 'click' | 'unsubscribe' | 'webversion';

/** What a tracking URL stands for; the API trusts it only after `verifyTrackingToken`. */
export interface TrackingTokenPayload {
  kind: TrackingKind;
  destinationId: string;
  /** The link's position in the mailing (the Link table); set on clicks. */
  linkPosition?: number;
  /** Only for personalised links: the URL as rendered for this destination, covered by the HMAC. */
  url?: string;
}

// Binary layout, base64url-encoded:
// version(1) kind(1) flags(1) destinationIdLength(1) destinationId(utf8)
// [linkPosition uint32 BE if flag] [urlLength uint16 BE + url utf8 if flag] mac(16)
//
// Version 1: the MAC covers the whole token. Version 2 (opens and clicks on links written in the
// document): the MAC covers only the destination, so one HMAC serves every such token of a message
// instead of one per link (signing was a tenth of the worker's CPU per message). A holder of one
// of them can make the others of the same destination, which the message already holds; so
// version 2 never carries a URL, an unsubscribe or a web version: those stay version 1.
const VERSION = 1;
const VERSION_DESTINATION_MAC = 2;
const MAC_BYTES = 16;
const HAS_POSITION = 0b01;
const HAS_URL = 0b10;
const KIND_CODES: Record<TrackingKind, number> = { open: 1, click: 2, unsubscribe: 3, webversion: 4 };
const KINDS_BY_CODE: readonly (TrackingKind | undefined)[] = [undefined, 'open', 'click', 'unsubscribe', 'webversion'];
const MAX_URL_BYTES = 0xffff;
const MAX_TOKEN_CHARS = Math.ceil(((4 + 255 + 4 + 2 + MAX_URL_BYTES + MAC_BYTES) * 4) / 3);
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

// The key as bytes, encoded once: a message signs a dozen or more tokens. (On Node 20 a Buffer key
// measured 3.7 µs per HMAC against 4.8 µs for a KeyObject and 5.2 µs for the string.)
const keys = new Map<string, Buffer>();

function keyOf(secret: string): Buffer {
  let key = keys.get(secret);
  if (!key) {
    if (keys.size >= 16) keys.clear();
    key = Buffer.from(secret, 'utf8');
    keys.set(secret, key);
  }
  return key;
}

function mac(body: Buffer, secret: string): Buffer {
  return createHmac('sha256', keyOf(secret)).update(body).digest().subarray(0, MAC_BYTES);
}

/**
 * Signs a tracking payload into a compact URL-safe token. Throws on a payload that cannot be
 * encoded (a programming error, not user input): a destination id over 255 bytes, a position
 * outside 0..2^32-1 or a URL over 64 KiB.
 */
export function signTrackingToken(payload: TrackingTokenPayload, secret: string): string {
  if (!secret) throw new Error('A tracking secret is required to sign tracking tokens');
  const destinationLength = Buffer.byteLength(payload.destinationId, 'utf8');
  if (destinationLength === 0 || destinationLength > 255) {
    throw new Error(`Destination id must be 1..255 bytes, got ${destinationLength}`);
  }
  const position = payload.linkPosition;
  if (position !== undefined && (!Number.isInteger(position) || position < 0 || position > 0xffffffff)) {
    throw new Error(`Link position must be an unsigned 32-bit integer, got ${position}`);
  }
  const urlLength = payload.url === undefined ? -1 : Buffer.byteLength(payload.url, 'utf8');
  if (urlLength > MAX_URL_BYTES) throw new Error(`Tracked URL is longer than ${MAX_URL_BYTES} bytes`);

  const flags = (position !== undefined ? HAS_POSITION : 0) | (urlLength >= 0 ? HAS_URL : 0);
  const bodyLength = 4 + destinationLength + (position !== undefined ? 4 : 0) + (urlLength >= 0 ? 2 + urlLength : 0);
  // One buffer for body and MAC: this runs two dozen times per message.
  const token = Buffer.allocUnsafe(bodyLength + MAC_BYTES);
  token[0] = VERSION;
  token[1] = KIND_CODES[payload.kind];
  token[2] = flags;
  token[3] = destinationLength;
  let offset = 4 + token.write(payload.destinationId, 4, 'utf8');
  if (position !== undefined) offset = token.writeUInt32BE(position, offset);
  if (payload.url !== undefined) {
    offset = token.writeUInt16BE(urlLength, offset);
    token.write(payload.url, offset, 'utf8');
  }
  const body = token.subarray(0, bodyLength);
  mac(body, secret).copy(token, bodyLength);
  return token.toString('base64url');
}

/** The payload kinds a version 2 token may carry: results a message's own links already let its holder report. */
export type DestinationTokenPayload =
  { kind: 'open'; destinationId: string } | { kind: 'click'; destinationId: string; linkPosition: number };

/** The MAC of one destination that its version 2 tokens share: compute once per message. */
export function destinationMac(destinationId: string, secret: string): Buffer {
  if (!secret) throw new Error('A tracking secret is required to sign tracking tokens');
  const bytes = Buffer.from(destinationId, 'utf8');
  if (bytes.length === 0 || bytes.length > 255)
    throw new Error(`Destination id must be 1..255 bytes, got ${bytes.length}`);
  return macOfDestination(bytes, secret);
}

/** HMAC over version 2 and the destination id's bytes, as the token carries them. */
function macOfDestination(destinationBytes: Buffer, secret: string): Buffer {
  const body = Buffer.allocUnsafe(2 + destinationBytes.length);
  body[0] = VERSION_DESTINATION_MAC;
  body[1] = destinationBytes.length;
  destinationBytes.copy(body, 2);
  return mac(body, secret);
}

/** A version 2 open or click token for a destination, with its MAC from `destinationMac`. */
export function signWithDestinationMac(payload: DestinationTokenPayload, destinationMacBytes: Buffer): string {
  const destinationLength = Buffer.byteLength(payload.destinationId, 'utf8');
  if (destinationLength === 0 || destinationLength > 255)
    throw new Error(`Destination id must be 1..255 bytes, got ${destinationLength}`);
  const position = payload.kind === 'click' ? payload.linkPosition : undefined;
  if (position !== undefined && (!Number.isInteger(position) || position < 0 || position > 0xffffffff)) {
    throw new Error(`Link position must be an unsigned 32-bit integer, got ${position}`);
  }
  const bodyLength = 4 + destinationLength + (position !== undefined ? 4 : 0);
  const token = Buffer.allocUnsafe(bodyLength + MAC_BYTES);
  token[0] = VERSION_DESTINATION_MAC;
  token[1] = KIND_CODES[payload.kind];
  token[2] = position !== undefined ? HAS_POSITION : 0;
  token[3] = destinationLength;
  const offset = 4 + token.write(payload.destinationId, 4, 'utf8');
  if (position !== undefined) token.writeUInt32BE(position, offset);
  destinationMacBytes.copy(token, bodyLength, 0, MAC_BYTES);
  return token.toString('base64url');
}

/**
 * The payload of a token this secret signed, or `null` for anything else: forged, altered,
 * truncated, padded or signed with another secret. Never throws on a bad token.
 */
export function verifyTrackingToken(token: string, secret: string): TrackingTokenPayload | null {
  if (typeof token !== 'string' || !secret || token.length > MAX_TOKEN_CHARS || !BASE64URL.test(token)) return null;
  // Node ignores stray trailing bits; a non-canonical spelling is an altered token.
  if (!isCanonicalBase64url(token)) return null;
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.length < 4 + 1 + MAC_BYTES) return null;

  const body = bytes.subarray(0, bytes.length - MAC_BYTES);
  const tokenMac = bytes.subarray(bytes.length - MAC_BYTES);
  if (body[0] === VERSION_DESTINATION_MAC) {
    const payload = decodeBody(body);
    // The MAC says nothing about kind or URL here: only what the message's own links report passes.
    if (
      !payload ||
      payload.url !== undefined ||
      !(payload.kind === 'open' || (payload.kind === 'click' && payload.linkPosition !== undefined))
    )
      return null;
    if (payload.kind === 'open' && payload.linkPosition !== undefined) return null;
    return timingSafeEqual(macOfDestination(body.subarray(4, 4 + body[3]!), secret), tokenMac) ? payload : null;
  }
  if (!timingSafeEqual(mac(body, secret), tokenMac)) return null;
  return decodeBody(body);
}

/**
 * Whether unpadded base64url text (its characters already checked) is the one spelling of its bytes,
 * as encoding them again would give it, without that encoding: its length leaves no lone character,
 * and its last character carries no bits beyond the last byte.
 */
export function isCanonicalBase64url(text: string): boolean {
  const tail = text.length % 4;
  if (tail === 0) return true;
  if (tail === 1) return false;
  // Two characters carry one byte (4 bits spare), three carry two (2 bits spare).
  const spare = tail === 2 ? 0b1111 : 0b11;
  return (BASE64URL_ALPHABET.indexOf(text[text.length - 1]!) & spare) === 0;
}

function decodeBody(body: Buffer): TrackingTokenPayload | null {
  if (body.readUInt8(0) !== VERSION && body.readUInt8(0) !== VERSION_DESTINATION_MAC) return null;
  const kind = KINDS_BY_CODE[body.readUInt8(1)];
  const flags = body.readUInt8(2);
  const destinationLength = body.readUInt8(3);
  if (!kind || flags & ~(HAS_POSITION | HAS_URL) || destinationLength === 0) return null;
  let offset = 4;
  if (offset + destinationLength > body.length) return null;
  const payload: TrackingTokenPayload = {
    kind,
    destinationId: body.toString('utf8', offset, offset + destinationLength),
  };
  offset += destinationLength;
  if (flags & HAS_POSITION) {
    if (offset + 4 > body.length) return null;
    payload.linkPosition = body.readUInt32BE(offset);
    offset += 4;
  }
  if (flags & HAS_URL) {
    if (offset + 2 > body.length) return null;
    const urlLength = body.readUInt16BE(offset);
    offset += 2;
    if (offset + urlLength > body.length) return null;
    payload.url = body.toString('utf8', offset, offset + urlLength);
    offset += urlLength;
  }
  return offset === body.length ? payload : null;
}

/** `${baseUrl}/t/<letter>/<token>`: the one place the tracking routes are spelled. */
export const TRACKING_PATHS: Readonly<Record<TrackingKind, string>> = {
  open: '/t/o/',
  click: '/t/c/',
  unsubscribe: '/t/u/',
  webversion: '/t/w/',
};

/**
 * The List-Unsubscribe header's URL (RFC 8058): a POST there unsubscribes, a GET only shows a page
 * with a button, because mail security scanners fetch every URL of a message with GET. It takes the
 * destination's unsubscribe token, like the document's own unsubscribe link (`/t/u/`, where a GET
 * unsubscribes: a person clicked it).
 */
export const LIST_UNSUBSCRIBE_PATH = '/t/l/';

export function listUnsubscribeUrl(baseUrl: string, token: string): string {
  return trimTrailingSlashes(baseUrl) + LIST_UNSUBSCRIBE_PATH + token;
}

export function trackingUrl(baseUrl: string, kind: TrackingKind, token: string): string {
  return trimTrailingSlashes(baseUrl) + TRACKING_PATHS[kind] + token;
}

export function trimTrailingSlashes(url: string): string {
  let end = url.length;
  while (end > 0 && url.charCodeAt(end - 1) === 47) end--;
  return end === url.length ? url : url.slice(0, end);
}
