/** Enhanced mail system status codes (RFC 3463, RFC 7505) and how to find them in reply text. */

export interface EnhancedStatus {
  /** 2, 4 or 5. */
  readonly class: number;
  readonly subject: number;
  readonly detail: number;
  /** Canonical text form, e.g. `5.1.1`. */
  readonly code: string;
}

export function parseEnhancedStatus(value: string | undefined): EnhancedStatus | undefined {
  if (!value) return undefined;
  const match = /^\s*([245])\.(\d{1,3})\.(\d{1,3})\s*$/.exec(value);
  if (!match) return undefined;
  const [cls, subject, detail] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return { class: cls, subject, detail, code: `${cls}.${subject}.${detail}` };
}

// A code right after the basic reply code ("550 5.1.1", "550-5.1.1", "554 #5.1.1") is the most trustworthy.
const AFTER_BASIC = /(?<![\d.])[245]\d\d[ -]{1,3}#?([245]\.\d{1,3}\.\d{1,3})(?![\d]|\.\d)/;
// qmail and old Exchange put it in brackets: "(#5.1.1)", "<host #5.1.1>".
const HASHED = /#([245]\.\d{1,3}\.\d{1,3})(?![\d]|\.\d)/;
// Anywhere else, but never inside an IP address, and only failure classes: "Postfix 2.10.1" is a version.
const BARE = /(?<![\d.])([45]\.\d{1,3}\.\d{1,3})(?![\d]|\.\d)/;

/** The enhanced code a reply text carries; with a class given (the basic code's first digit), only one of that class. */
export function findEnhancedStatus(text: string, preferredClass?: number): EnhancedStatus | undefined {
  const candidates: EnhancedStatus[] = [];
  for (const pattern of [AFTER_BASIC, HASHED, BARE]) {
    const found = parseEnhancedStatus(pattern.exec(text)?.[1]);
    if (found) candidates.push(found);
  }
  // A code that contradicts the basic reply code's class is something else (a version, a quote).
  if (preferredClass !== undefined) return candidates.find((candidate) => candidate.class === preferredClass);
  return candidates[0];
}

/** The basic three-digit reply code a text starts with or carries, e.g. `550` in "smtp; 550 5.1.1 ...". */
export function findBasicCode(text: string): number | undefined {
  // A reply starts with its code; elsewhere in the text a number is only a code when it looks like one.
  const match = /^\s*([245][0-5]\d)(?=[ \-:]|$)/.exec(text) ?? /(?<![\d.:])([245][0-5]\d)(?=[ -]|$)/m.exec(text);
  return match ? Number(match[1]) : undefined;
}

const SUBJECTS: Record<number, string> = {
  0: 'Other or undefined status',
  1: 'Addressing status',
  2: 'Mailbox status',
  3: 'Mail system status',
  4: 'Network or routing status',
  5: 'Mail delivery protocol status',
  6: 'Message content or media status',
  7: 'Security or policy status',
};

const DETAILS: Record<string, string> = {
  '1.0': 'Other address status',
  '1.1': 'Bad destination mailbox address',
  '1.2': 'Bad destination system address',
  '1.3': 'Bad destination mailbox address syntax',
  '1.4': 'Destination mailbox address ambiguous',
  '1.5': 'Destination address valid',
  '1.6': 'Destination mailbox has moved, no forwarding address',
  '1.7': "Bad sender's mailbox address syntax",
  '1.8': "Bad sender's system address",
  '1.10': 'Recipient address not found or has a null MX',
  '2.0': 'Other or undefined mailbox status',
  '2.1': 'Mailbox disabled, not accepting messages',
  '2.2': 'Mailbox full',
  '2.3': 'Message length exceeds administrative limit',
  '2.4': 'Mailing list expansion problem',
  '3.0': 'Other or undefined mail system status',
  '3.1': 'Mail system full',
  '3.2': 'System not accepting network messages',
  '3.3': 'System not capable of selected features',
  '3.4': 'Message too big for system',
  '3.5': 'System incorrectly configured',
  '4.0': 'Other or undefined network or routing status',
  '4.1': 'No answer from host',
  '4.2': 'Bad connection',
  '4.3': 'Directory server failure',
  '4.4': 'Unable to route',
  '4.5': 'Mail system congestion',
  '4.6': 'Routing loop detected',
  '4.7': 'Delivery time expired',
  '5.0': 'Other or undefined protocol status',
  '5.1': 'Invalid command',
  '5.2': 'Syntax error',
  '5.3': 'Too many recipients',
  '5.4': 'Invalid command arguments',
  '5.5': 'Wrong protocol version',
  '6.0': 'Other or undefined media error',
  '6.1': 'Media not supported',
  '6.2': 'Conversion required and prohibited',
  '6.3': 'Conversion required but not supported',
  '6.4': 'Conversion with loss performed',
  '6.5': 'Conversion failed',
  '7.0': 'Other or undefined security status',
  '7.1': 'Delivery not authorized, message refused',
  '7.2': 'Mailing list expansion prohibited',
  '7.3': 'Security conversion required but not possible',
  '7.4': 'Security features not supported',
  '7.5': 'Cryptographic failure',
  '7.6': 'Cryptographic algorithm not supported',
  '7.7': 'Message integrity failure',
  '7.8': 'Authentication credentials invalid',
  '7.9': 'Authentication mechanism is too weak',
  '7.25': 'Reverse DNS validation failed',
  '7.26': 'Multiple authentication checks failed',
};

/** Codes the big mailbox providers use for the *sender's* standing (docs/rules/bounces.md, "Classifying a reply or a report"). */
export const SENDER_CODES: Readonly<Record<string, string>> = {
  '4.7.27': 'SPF did not pass (Gmail)',
  '5.7.27': 'SPF did not pass (Gmail)',
  '4.7.30': 'DKIM did not pass (Gmail)',
  '5.7.30': 'DKIM did not pass (Gmail)',
  '4.7.26': 'Message is unauthenticated (Gmail)',
  '5.7.26': 'Message is unauthenticated: SPF/DKIM/DMARC did not pass (Gmail)',
  '4.7.28': 'Unusual rate of mail from the sender (Gmail rate limit)',
  '4.7.25': 'Sending IP has no valid reverse DNS',
  '5.7.25': 'Sending IP has no valid reverse DNS',
  '5.7.515': 'Sending domain does not meet the required authentication level (Microsoft)',
};

export function describeEnhancedStatus(status: EnhancedStatus): string {
  return (
    SENDER_CODES[status.code] ??
    DETAILS[`${status.subject}.${status.detail}`] ??
    SUBJECTS[status.subject] ??
    'Unknown status'
  );
}
