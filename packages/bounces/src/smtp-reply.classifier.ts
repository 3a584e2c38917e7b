import {
  bounceActionOf,
  decideBounceReason,
  type BounceClassification,
  type BounceEvidence,
  type BounceReason,
} from './bounce-reason';
import { findBasicCode, findEnhancedStatus, parseEnhancedStatus } from './enhanced-status';
import { findSmtpCommand, type SmtpCommand } from './smtp-command';

export type { BounceClassification } from './bounce-reason';

export interface SmtpReply {
  /** The basic reply code, e.g. 550. */
  code: number;
  /** The enhanced status code (RFC 3463), e.g. `5.1.1`, when the client library gives it apart. */
  enhanced?: string;
  text: string;
  /** The command the server answered (`RCPT TO`, `DATA`, `MAIL FROM`, `CONN`), as the SMTP client names it. */
  command?: string;
}

export interface SmtpReplyClassification {
  kind: BounceClassification;
  /** Why, in sisimai's terms: `userunknown`, `mailboxfull`, `blocked`... */
  bounceReason: BounceReason;
  /** The enhanced code when one is known, otherwise the basic code, e.g. `5.1.1` or `550`. */
  code: string;
  /** A short, human explanation of the classification. */
  reason: string;
}

const REASON_TEXT: Record<BounceReason, string> = {
  userunknown: 'Unknown recipient',
  hostunknown: 'Unknown domain or host',
  hasmoved: 'Recipient has moved, no forwarding address',
  notaccept: 'Domain accepts no mail (null MX)',
  mailboxfull: 'Mailbox full',
  suspend: 'Mailbox disabled or suspended',
  expired: 'Delivery time expired',
  filtered: "Refused by the recipient's filter",
  systemerror: 'Receiving system error',
  systemfull: 'Receiving system full',
  networkerror: 'Network or routing error',
  mailererror: 'Mail program error at the recipient',
  onhold: 'Not clear from the reply',
  undefined: 'No diagnostic given',
  greylisted: 'Greylisted, try again later',
  blocked: 'Sender problem: our IP or domain is blocked',
  spamdetected: 'Sender problem: taken for spam',
  virusdetected: 'Sender problem: a virus was found',
  policyviolation: "Sender problem: against the receiver's policy",
  authfailure: 'Sender problem: SPF, DKIM or DMARC did not pass',
  requireptr: 'Sender problem: no reverse DNS for the sending IP',
  badreputation: 'Sender problem: low reputation',
  notcompliantrfc: 'Sender problem: message not RFC compliant',
  ratelimited: 'Sender problem: sending too fast',
  toomanyconn: 'Sender problem: too many connections or recipients',
  securityerror: 'Sender problem: security or authentication',
  norelaying: 'Sender problem: relaying denied',
  rejected: 'Sender problem: the sender address was refused',
  contenterror: 'Sender problem: message content refused',
  mesgtoobig: 'Sender problem: message too big',
  exceedlimit: "Sender problem: message exceeds the recipient's limit",
  syntaxerror: 'Sender problem: SMTP syntax error',
  delivered: 'Delivered',
};

/**
 * Shared by the SMTP reply at send time and by DSN reports: the reason from all the evidence
 * (decideBounceReason), the action from the reason (bounceActionOf). Temporary (a 4xx class, a delayed
 * report) turns hard into soft. A failure with no usable code is not temporary unless the report says delayed.
 */
export function classifyDiagnostic(evidence: BounceEvidence): SmtpReplyClassification {
  const { reason } = decideBounceReason(evidence);
  const cls =
    evidence.basic !== undefined
      ? Math.floor(evidence.basic / 100)
      : (evidence.textStatus?.class ?? evidence.fieldStatus?.class);
  const temporary = evidence.action === 'delayed' || cls === 4;
  const code =
    (evidence.textStatus ?? evidence.fieldStatus)?.code ?? (evidence.basic !== undefined ? String(evidence.basic) : '');
  return { kind: bounceActionOf(reason, temporary) ?? 'SOFT', bounceReason: reason, code, reason: REASON_TEXT[reason] };
}

function commandOf(name: string | undefined): SmtpCommand | undefined {
  const upper = typeof name === 'string' ? name.trim().toUpperCase() : '';
  if (upper.startsWith('RCPT')) return 'RCPT';
  if (upper.startsWith('MAIL')) return 'MAIL';
  if (upper.startsWith('DATA') || upper.startsWith('BDAT') || upper === 'MESSAGE') return 'DATA';
  if (/^(?:EHLO|HELO|LHLO|STARTTLS|AUTH)/.test(upper)) return 'HELO';
  if (upper.startsWith('CONN') || upper === 'GREETING') return 'CONN';
  return undefined;
}

/**
 * Classifies the server's reply to a message at send time. The enhanced code is read from the text
 * when not given apart. A reply outside 4xx/5xx (which should not reach this) counts as soft: retrying
 * is the safe guess.
 */
export function classifySmtpReply(reply: SmtpReply): SmtpReplyClassification {
  const text = typeof reply.text === 'string' ? reply.text : '';
  const basic =
    Number.isInteger(reply.code) && reply.code >= 400 && reply.code < 600 ? reply.code : findBasicCode(text);
  const basicClass = basic !== undefined ? Math.floor(basic / 100) : undefined;
  const given = parseEnhancedStatus(reply.enhanced);
  const textStatus = given ?? findEnhancedStatus(text, basicClass);
  const result = classifyDiagnostic({
    basic,
    textStatus,
    text,
    command: commandOf(reply.command) ?? findSmtpCommand(text),
  });
  return result.bounceReason === 'delivered' ? { ...result, kind: 'SOFT', bounceReason: 'undefined' } : result;
}
