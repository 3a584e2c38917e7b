import twilio from 'twilio';

/** Where Twilio posts a message's status callbacks (`?d=<mailing>.<destination>`) and inbound replies. */
export const SMS_STATUS_PATH = '/sms/status';
export const SMS_INBOUND_PATH = '/sms/inbound';

/**
 * Whether a webhook request was signed by Twilio with this auth token (X-Twilio-Signature over the
 * full public URL and the POST parameters), checked by the twilio library itself.
 */
export function isSignedByTwilio(
  authToken: string,
  signature: string | undefined,
  url: string,
  params: Record<string, string>,
): boolean {
  if (!signature) return false;
  return twilio.validateRequest(authToken, signature, url, params);
}

/** Replies that opt a number out of SMS, and back in (Twilio's default opt-out keywords). */
const OPT_OUT = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'REVOKE']);
const OPT_IN = new Set(['START', 'UNSTOP', 'YES']);

/** What an inbound reply asks for: Twilio matches the whole body, trimmed, in any case. */
export function smsReplyKeyword(body: string): 'opt-out' | 'opt-in' | null {
  const word = body.trim().toUpperCase();
  if (OPT_OUT.has(word)) return 'opt-out';
  if (OPT_IN.has(word)) return 'opt-in';
  return null;
}
