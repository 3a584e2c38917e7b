import { createHmac, timingSafeEqual } from 'node:crypto';
import { isCanonicalBase64url, trimTrailingSlashes } from './tracking-token';

/**
 * Whom a survey link is for: the survey and the destination (one mailing's message to one profile),
 * so answers tie to the profile and the mailing the destination belongs to. The API trusts it only
 * after `verifySurveyToken`.
 */
export interface SurveyTokenPayload {
  surveyId: number;
  destinationId: string;
}

// Binary layout, base64url-encoded: version(1) surveyId(uint32 BE) destinationIdLength(1)
// destinationId(utf8) mac(16). Its own version byte (0x53, 'S') and a MAC over a domain-separated
// body, so no tracking token (versions 1 and 2) is ever a survey token or the other way round.
const VERSION = 0x53;
const MAC_BYTES = 16;
const CONTEXT = Buffer.from('herald-survey\u0000', 'utf8');
const MAX_TOKEN_CHARS = Math.ceil(((1 + 4 + 1 + 255 + MAC_BYTES) * 4) / 3);
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** The survey page's path: `${baseUrl}/survey/<token>`. */
export const SURVEY_PATH = '/survey/';

function mac(body: Buffer, secret: string): Buffer {
  return createHmac('sha256', secret).update(CONTEXT).update(body).digest().subarray(0, MAC_BYTES);
}

/** Signs a survey link's payload. Throws on a payload that cannot be encoded (a programming error). */
export function signSurveyToken(payload: SurveyTokenPayload, secret: string): string {
  if (!secret) throw new Error('A tracking secret is required to sign survey links');
  if (!Number.isInteger(payload.surveyId) || payload.surveyId < 1 || payload.surveyId > 0xffffffff) {
    throw new Error(`Survey id must be a positive 32-bit integer, got ${payload.surveyId}`);
  }
  const destination = Buffer.from(payload.destinationId, 'utf8');
  if (destination.length === 0 || destination.length > 255) {
    throw new Error(`Destination id must be 1..255 bytes, got ${destination.length}`);
  }
  const body = Buffer.allocUnsafe(6 + destination.length);
  body[0] = VERSION;
  body.writeUInt32BE(payload.surveyId, 1);
  body[5] = destination.length;
  destination.copy(body, 6);
  return Buffer.concat([body, mac(body, secret)]).toString('base64url');
}

/** The payload of a survey token this secret signed, or `null` for anything forged, altered or malformed. */
export function verifySurveyToken(token: string, secret: string): SurveyTokenPayload | null {
  if (typeof token !== 'string' || !secret || token.length > MAX_TOKEN_CHARS || !BASE64URL.test(token)) return null;
  if (!isCanonicalBase64url(token)) return null;
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.length < 6 + 1 + MAC_BYTES || bytes[0] !== VERSION) return null;
  const body = bytes.subarray(0, bytes.length - MAC_BYTES);
  if (body[5] !== body.length - 6) return null;
  if (!timingSafeEqual(mac(body, secret), bytes.subarray(bytes.length - MAC_BYTES))) return null;
  const surveyId = body.readUInt32BE(1);
  if (surveyId === 0) return null;
  return { surveyId, destinationId: body.toString('utf8', 6) };
}

export function surveyUrl(baseUrl: string, token: string): string {
  return trimTrailingSlashes(baseUrl) + SURVEY_PATH + token;
}
