/**
 * What a Twilio error code means for the destination (standards.md, "Twilio SMS"), for the REST
 * answer at send time and the ErrorCode of a status callback alike.
 */
export type TwilioErrorKind =
  /** The number cannot receive SMS from us: fail it and suppress it later. */
  | 'HARD'
  /** About this attempt, not the number: count it soft. */
  | 'SOFT'
  /** About us (credentials, sender, content filtering): must not count against the recipient. */
  | 'SENDER'
  /** Twilio asks us to slow down: back off and try the same message again. */
  | 'RETRY';

const HARD = new Set([
  21211, // invalid 'To' number
  21214, // 'To' number cannot be reached
  21407, // this number does not support SMS
  21610, // the recipient replied STOP
  21612, // the 'To' number is not reachable from this sender
  21614, // 'To' is not a mobile number
  30005, // unknown destination handset
  30006, // landline or unreachable carrier
]);

const SENDER = new Set([
  20003, // authentication
  20404, // our account or resource not found
  21212, // invalid 'From' number
  21408, // sending to this region is not enabled for the account
  21606, // the 'From' number cannot send SMS
  21608, // a trial account sending to an unverified number
  30007, // filtered by the carrier (content or reputation)
  30032, // toll-free number not verified
  30034, // unregistered 10DLC sender
]);

const RETRY = new Set([
  20429, // too many requests
  21611, // the sender's queue of unsent messages is full
  30001, // queue overflow
]);

export function twilioErrorKind(code: number | null | undefined): TwilioErrorKind {
  if (code === null || code === undefined) return 'SOFT';
  if (HARD.has(code)) return 'HARD';
  if (SENDER.has(code)) return 'SENDER';
  if (RETRY.has(code)) return 'RETRY';
  return 'SOFT';
}
