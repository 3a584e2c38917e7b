import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The HTTP fax API's status callbacks, in the shape of Phaxio's (now Sinch Fax's) v2 API: a POST of
 * form parameters `success` and `fax` (the fax as JSON), signed in `X-Phaxio-Signature`.
 */
export const FAX_STATUS_PATH = '/fax/status';
export const FAX_SIGNATURE_HEADER = 'x-phaxio-signature';

/**
 * Phaxio's callback signature: hex HMAC-SHA1, keyed with the account's callback token, over the full
 * callback URL followed by the POST parameters sorted by name, each name and value appended.
 */
export function faxCallbackSignature(callbackToken: string, url: string, params: Record<string, string>): string {
  const hmac = createHmac('sha1', callbackToken).update(url);
  for (const name of Object.keys(params).sort()) hmac.update(name).update(params[name] ?? '');
  return hmac.digest('hex');
}

/** Whether a callback was signed with this token, compared in constant time. */
export function isSignedByFaxProvider(
  callbackToken: string,
  signature: string | undefined,
  url: string,
  params: Record<string, string>,
): boolean {
  if (!signature || !/^[0-9a-f]{40}$/i.test(signature)) return false;
  const expected = Buffer.from(faxCallbackSignature(callbackToken, url, params), 'hex');
  return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
}

/** How a fax ended: delivered, or why not. */
export type FaxOutcome = 'delivered' | 'busy' | 'no-answer' | 'failed';

export interface FaxStatus {
  /** The provider's id of the fax, as its create answer gave it. */
  faxId: string;
  outcome: FaxOutcome;
  /** Pages the fax had (sent, or tried). */
  pages: number;
  /** Hard: the number cannot take a fax (not a fax machine, no such number); soft: this attempt failed. */
  errorKind: 'HARD' | 'SOFT' | null;
  /** The outcome for a failure (`busy`, `no-answer`) or the provider's error code; null when delivered. */
  errorCode: string | null;
  errorText: string | null;
}

interface FaxRecipient {
  status?: unknown;
  error_type?: unknown;
  error_code?: unknown;
  error_message?: unknown;
}

// Phaxio's error types: a line error is about this call (busy, no answer), a fatal one about the number.
const LINE_OUTCOMES: Record<string, FaxOutcome> = { busy: 'busy', no_answer: 'no-answer' };

/**
 * The status a callback reports, or null when its `fax` parameter is not a fax in the provider's shape
 * (then the callback is refused as malformed, never half-read). A final status only: `queued` and
 * `inprogress` report nothing yet.
 */
export function faxStatusOf(params: Record<string, string>): FaxStatus | 'pending' | null {
  let fax: unknown;
  try {
    fax = JSON.parse(params['fax'] ?? '');
  } catch {
    return null;
  }
  if (typeof fax !== 'object' || fax === null) return null;
  const { id, status, num_pages: pages, recipients } = fax as Record<string, unknown>;
  if (!(typeof id === 'number' || typeof id === 'string') || !/^[0-9A-Za-z_-]{1,64}$/.test(String(id))) return null;
  if (!(Number.isInteger(pages) && (pages as number) >= 0 && (pages as number) <= 10_000)) return null;
  if (status === 'queued' || status === 'inprogress') return 'pending';
  const recipient: FaxRecipient =
    Array.isArray(recipients) && typeof recipients[0] === 'object' && recipients[0] !== null
      ? (recipients[0] as FaxRecipient)
      : {};
  const base = { faxId: String(id), pages: pages as number };
  if (status === 'success') return { ...base, outcome: 'delivered', errorKind: null, errorCode: null, errorText: null };
  if (status !== 'failure' && status !== 'partialsuccess') return null;
  const code = typeof recipient.error_code === 'string' ? recipient.error_code.slice(0, 64) : 'failed';
  const text = typeof recipient.error_message === 'string' ? recipient.error_message.slice(0, 500) : null;
  const line = recipient.error_type === 'lineError' ? LINE_OUTCOMES[code] : undefined;
  if (line) return { ...base, outcome: line, errorKind: 'SOFT', errorCode: line, errorText: text };
  return {
    ...base,
    outcome: 'failed',
    errorKind: recipient.error_type === 'fatalError' ? 'HARD' : 'SOFT',
    errorCode: code,
    errorText: text,
  };
}
