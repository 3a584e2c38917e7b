import {
  describeEnhancedStatus,
  findBasicCode,
  findEnhancedStatus,
  parseEnhancedStatus,
  SENDER_CODES,
  type EnhancedStatus,
} from './enhanced-status';

/**
 * HARD: the address is dead, suppress it. SOFT: try again later, suppress only after repeats.
 * SENDER: the receiving server objects to *us* (authentication, reputation, rate, content):
 * never held against the recipient; slow down and alert instead.
 */
export type BounceClassification = 'HARD' | 'SOFT' | 'SENDER';

export interface SmtpReply {
  /** The basic reply code, e.g. 550. */
  code: number;
  /** The enhanced status code (RFC 3463), e.g. `5.1.1`, when the client library gives it apart. */
  enhanced?: string;
  text: string;
}

export interface SmtpReplyClassification {
  kind: BounceClassification;
  /** The enhanced code when one is known, otherwise the basic code, e.g. `5.1.1` or `550`. */
  code: string;
  /** A short, human explanation of the classification. */
  reason: string;
}

const MAILBOX_FULL =
  /mail ?box (is )?full|over ?quota|quota (exceeded|exceed)|exceeded (its |the )?(storage|quota)|insufficient (storage|space|system storage)|not enough (storage|space)|mailfolder is over|mailbox size limit|storage (allocation|limit) exceeded|mailbox has exceeded/i;
const SENDER_SIDE =
  /\b(blocked|block ?list(ed)?|black ?list(ed)?|deny ?list(ed)?|spam\w*|spamhaus|spamcop|barracuda|dnsbl|rbl|reputation|rate[ -]?limit\w*|rate|too many (messages|connections|emails|mails)|throttl\w*|unsolicited|policy reasons|dmarc|spf|dkim|unauthenticated|not authenticated|authentication (required|failed|level)|ptr record|reverse dns|rdns|complaints?|ts[s]?0\d)\b/i;
const UNKNOWN_RECIPIENT =
  /user unknown|unknown user|no such (user|mailbox|recipient|address|account)|(user|mailbox|account|address|recipient) (does not|doesn't|does ?n[o']t) exist|does not exist|recipient not found|not found by smtp address lookup|invalid (recipient|mailbox)|unknown (recipient|mailbox|address|local[ -]part)|mailbox (not found|unavailable)|no mailbox here|doesn't have an? [\w.-]{1,64} account|account (has been |is )?(disabled|inactive|deactivated)|unrouteable address|host or domain name not found|domain (not found|does not exist)|null mx/i;
const GREYLISTED = /grey ?list|gray ?list/i;

/** Subjects/details about the recipient's address or mailbox: their class decides, whatever the text says. */
const RECIPIENT_DETAILS = new Set(['1.1', '1.2', '1.3', '1.4', '1.6', '1.10', '2.1', '4.4']);
/** Problems with what we send or who we are, not with the recipient. */
const SENDER_DETAILS = new Set(['1.7', '1.8', '2.3', '3.4']);

interface Diagnostic {
  basic?: number;
  enhanced?: EnhancedStatus;
  text: string;
  /** What to assume when neither a code nor the text says anything (a DSN's Action decides this). */
  fallback?: 'HARD' | 'SOFT';
}

function result(kind: BounceClassification, diagnostic: Diagnostic, reason: string): SmtpReplyClassification {
  const code = diagnostic.enhanced?.code ?? (diagnostic.basic !== undefined ? String(diagnostic.basic) : '');
  return { kind, code, reason };
}

/** Shared by the SMTP reply at send time and by DSN reports: classify by code, fall back to the text. */
export function classifyDiagnostic(diagnostic: Diagnostic): SmtpReplyClassification {
  const { enhanced, text } = diagnostic;
  const basicClass = diagnostic.basic !== undefined ? Math.floor(diagnostic.basic / 100) : undefined;
  const cls = enhanced?.class ?? basicClass;
  const byClass: BounceClassification = cls === 5 ? 'HARD' : cls === 4 ? 'SOFT' : (diagnostic.fallback ?? 'SOFT');
  const detailKey = enhanced ? `${enhanced.subject}.${enhanced.detail}` : undefined;
  const described = enhanced ? describeEnhancedStatus(enhanced) : undefined;

  if (enhanced && SENDER_CODES[enhanced.code])
    return result('SENDER', diagnostic, `Sender problem: ${SENDER_CODES[enhanced.code]}`);
  if (enhanced?.subject === 7) {
    if (enhanced.class === 5 || SENDER_SIDE.test(text))
      return result('SENDER', diagnostic, `Sender problem: ${described}`);
    return result('SOFT', diagnostic, GREYLISTED.test(text) ? 'Greylisted, try again later' : `${described}`);
  }
  if (detailKey === '2.2') return result('SOFT', diagnostic, 'Mailbox full');
  if (MAILBOX_FULL.test(text) && enhanced?.subject !== 1) return result('SOFT', diagnostic, 'Mailbox full');
  if (detailKey && RECIPIENT_DETAILS.has(detailKey)) return result(byClass, diagnostic, described ?? '');
  if (detailKey && (SENDER_DETAILS.has(detailKey) || enhanced?.subject === 6)) {
    return result('SENDER', diagnostic, `Sender problem: ${described}`);
  }
  if (SENDER_SIDE.test(text) && !GREYLISTED.test(text))
    return result('SENDER', diagnostic, 'Sender problem: blocked, spam or rate limit');
  if (detailKey === '4.7') return result('SOFT', diagnostic, 'Delivery time expired');
  if (UNKNOWN_RECIPIENT.test(text) && cls !== 4)
    return result('HARD', diagnostic, enhanced && enhanced.detail !== 0 ? (described ?? '') : 'Unknown recipient');
  if (GREYLISTED.test(text)) return result('SOFT', diagnostic, 'Greylisted, try again later');
  if (described) return result(byClass, diagnostic, described);
  if (cls === 5) return result('HARD', diagnostic, 'Permanent failure');
  if (cls === 4) return result('SOFT', diagnostic, 'Temporary failure');
  return result(byClass, diagnostic, byClass === 'HARD' ? 'Permanent failure' : 'Temporary failure');
}

/**
 * Classifies the server's reply to a message at send time: 5xx hard, 4xx soft, mailbox full soft,
 * sender-side policy replies (5.7.x, Gmail's 4.7.27/4.7.28/4.7.30/5.7.26, Microsoft's 5.7.515,
 * "blocked", "spam", "rate") SENDER. The enhanced code is read from the text when not given apart.
 * A reply outside 4xx/5xx (which should not reach this) counts as soft: retrying is the safe guess.
 */
export function classifySmtpReply(reply: SmtpReply): SmtpReplyClassification {
  const text = typeof reply.text === 'string' ? reply.text : '';
  const basic =
    Number.isInteger(reply.code) && reply.code >= 200 && reply.code < 600 ? reply.code : findBasicCode(text);
  const basicClass = basic !== undefined ? Math.floor(basic / 100) : undefined;
  const given = parseEnhancedStatus(reply.enhanced);
  const enhanced = given ?? findEnhancedStatus(text, basicClass);
  return classifyDiagnostic({ basic, enhanced, text, fallback: 'SOFT' });
}
