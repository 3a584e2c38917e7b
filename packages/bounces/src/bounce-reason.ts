import type { EnhancedStatus } from './enhanced-status';
import type { DeliveryAction } from './inbound-message';
import { REASON_PHRASES, type ReasonPhrases } from './reason-phrases';
import { mtaReason, providerReason } from './provider-rules';
import type { SmtpCommand } from './smtp-command';

/** Why a message did not arrive, in sisimai's terms (docs/rules/bounces.md, "Reasons and actions"). */
export const BOUNCE_REASONS = [
  'userunknown',
  'hostunknown',
  'hasmoved',
  'notaccept',
  'mailboxfull',
  'suspend',
  'expired',
  'filtered',
  'systemerror',
  'systemfull',
  'networkerror',
  'mailererror',
  'onhold',
  'undefined',
  'blocked',
  'spamdetected',
  'virusdetected',
  'policyviolation',
  'authfailure',
  'requireptr',
  'badreputation',
  'notcompliantrfc',
  'ratelimited',
  'toomanyconn',
  'securityerror',
  'norelaying',
  'rejected',
  'contenterror',
  'mesgtoobig',
  'exceedlimit',
  'syntaxerror',
  'greylisted',
  'delivered',
] as const;
export type BounceReason = (typeof BOUNCE_REASONS)[number];

/**
 * HARD: the address is dead, disable it now. SOFT: counts towards disabling (the soft-in-a-row rule).
 * SENDER: the receiving side objects to *us* (who we are, how fast, what we sent): never held
 * against the recipient; alert instead.
 */
export type BounceClassification = 'HARD' | 'SOFT' | 'SENDER';

/**
 * The one rule from reason to action. `temporary` (a 4xx reply, a delayed report) makes a hard
 * reason soft: the server itself says it may yet work. Null for a delivery, which is no error.
 */
export function bounceActionOf(reason: BounceReason, temporary: boolean): BounceClassification | null {
  switch (reason) {
    case 'userunknown':
    case 'hostunknown':
    case 'hasmoved':
    case 'notaccept':
      return temporary ? 'SOFT' : 'HARD';
    case 'mailboxfull':
    case 'suspend':
    case 'expired':
    case 'filtered':
    case 'systemerror':
    case 'systemfull':
    case 'networkerror':
    case 'mailererror':
    case 'onhold':
    case 'undefined':
    case 'greylisted':
      return 'SOFT';
    case 'blocked':
    case 'spamdetected':
    case 'virusdetected':
    case 'policyviolation':
    case 'authfailure':
    case 'requireptr':
    case 'badreputation':
    case 'notcompliantrfc':
    case 'ratelimited':
    case 'toomanyconn':
    case 'securityerror':
    case 'norelaying':
    case 'rejected':
    case 'contenterror':
    case 'mesgtoobig':
    case 'exceedlimit':
    case 'syntaxerror':
      return 'SENDER';
    case 'delivered':
      return null;
  }
}

type PhraseReason = keyof typeof REASON_PHRASES;

/** Whether the lower-case text carries one of the reason's phrases (and none that rules it out). */
function says(reason: PhraseReason, text: string): boolean {
  if (!text) return false;
  const phrases: ReasonPhrases = REASON_PHRASES[reason];
  if (phrases.isnot?.some((phrase) => text.includes(phrase))) return false;
  if (phrases.index.some((phrase) => text.includes(phrase))) return true;
  return (phrases.pairs ?? []).some((parts) => {
    let at = -1;
    for (const part of parts) {
      at = text.indexOf(part, at + 1);
      if (at < 0) return false;
      at += part.length - 1;
    }
    return true;
  });
}

/** RFC 3463 codes and the codes providers added, by what they say (sisimai's Sisimai::SMTP::Status). */
const STATUS_REASONS: Readonly<Record<string, BounceReason>> = {
  '1.0': 'userunknown',
  '1.1': 'userunknown',
  '1.2': 'hostunknown',
  '1.3': 'userunknown',
  '1.4': 'filtered',
  '1.6': 'hasmoved',
  '1.7': 'rejected',
  '1.8': 'rejected',
  '1.9': 'systemerror',
  '1.10': 'notaccept',
  '2.0': 'filtered',
  '2.1': 'filtered',
  '2.2': 'mailboxfull',
  '2.3': 'exceedlimit',
  '2.4': 'filtered',
  '3.0': 'systemerror',
  '3.1': 'systemfull',
  '3.2': 'notaccept',
  '3.3': 'systemerror',
  '3.4': 'mesgtoobig',
  '3.5': 'systemerror',
  '4.0': 'networkerror',
  '4.1': 'expired',
  '4.2': 'networkerror',
  '4.3': 'systemerror',
  '4.4': 'hostunknown',
  '4.5': 'systemfull',
  '4.6': 'networkerror',
  '4.7': 'expired',
  '4.8': 'networkerror',
  '5.2': 'syntaxerror',
  '5.3': 'toomanyconn',
  '5.4': 'systemerror',
  '5.5': 'systemerror',
  '5.6': 'syntaxerror',
  '7.1': 'blocked',
  '7.2': 'blocked',
  '7.13': 'suspend',
  '7.16': 'mesgtoobig',
  '7.17': 'hasmoved',
  '7.18': 'hasmoved',
  '7.20': 'authfailure',
  '7.21': 'authfailure',
  '7.22': 'authfailure',
  '7.23': 'authfailure',
  '7.24': 'authfailure',
  '7.25': 'requireptr',
  '7.26': 'authfailure',
  '7.27': 'notaccept',
  '7.28': 'spamdetected',
  '7.29': 'authfailure',
};
/** Where the class changes the meaning: a temporary 4.1.x is not an unknown user, a 4.4.x route not an unknown host. */
const TEMPORARY_STATUS_REASONS: Readonly<Record<string, BounceReason>> = {
  '1.0': 'undefined',
  '1.1': 'undefined',
  '1.3': 'undefined',
  '2.1': 'suspend',
  '4.1': 'expired',
  '4.4': 'networkerror',
  '7.1': 'blocked',
  '7.27': 'authfailure',
};

function statusReason(status: EnhancedStatus | undefined): BounceReason | undefined {
  if (!status || status.class === 2) return status ? 'delivered' : undefined;
  const key = `${status.subject}.${status.detail}`;
  if (status.class === 4 && TEMPORARY_STATUS_REASONS[key]) return TEMPORARY_STATUS_REASONS[key];
  if (STATUS_REASONS[key]) return STATUS_REASONS[key];
  if (status.subject === 6) return 'contenterror';
  if (status.subject === 7) return 'securityerror';
  return undefined;
}

/** Status reasons too vague to trust over the words of the reply (sisimai's "retry" list). */
const VAGUE = new Set<BounceReason>([
  'undefined',
  'onhold',
  'systemerror',
  'securityerror',
  'expired',
  'suspend',
  'networkerror',
  'hostunknown',
  'userunknown',
  'filtered',
]);

/** Status reasons that words about blocking or spam do not override. */
const DEFINITE = new Set<BounceReason>([
  'mailboxfull',
  'mesgtoobig',
  'exceedlimit',
  'hasmoved',
  'authfailure',
  'requireptr',
  'notaccept',
  'spamdetected',
]);

export interface BounceEvidence {
  /** The server's reply or the report's diagnostic, as written. */
  text: string;
  /** The basic reply code (550). */
  basic?: number;
  /** The enhanced code in the reply text. */
  textStatus?: EnhancedStatus;
  /** A report's Status field. */
  fieldStatus?: EnhancedStatus;
  /** A report's Action. */
  action?: DeliveryAction;
  /** The SMTP command the server answered. */
  command?: SmtpCommand;
  /** The sending MTA's own bounce category (PowerMTA's X-PowerMTA-BounceCategory). */
  mtaCategory?: string;
  /** The diagnostic's type (`smtp`, `x-unix`, `x-postfix`), when a report gives it. */
  diagnosticType?: string;
  /** The receiving server or the provider that reported (remote MTA, reporting MTA). */
  host?: string;
  /** The recipient's domain. */
  domain?: string;
}

export interface ReasonDecision {
  reason: BounceReason;
  /** Which evidence decided, in a few words. */
  decidedBy: string;
}

/** Words that outweigh a code for an unknown recipient (sisimai's UserUnknown "prematches"). */
const OVER_UNKNOWN = ['norelaying', 'blocked', 'rejected', 'notaccept', 'speeding', 'toomanyconn'] as const;
const BEFORE_DATA = new Set<SmtpCommand | undefined>(['CONN', 'HELO', 'MAIL', 'RCPT']);
// The words that name one reason outright, in the order they are tried (more specific first).
const WORDS_FIRST: readonly PhraseReason[] = [
  'mailboxfull',
  'mesgtoobig',
  'exceedlimit',
  'suspend',
  'hasmoved',
  'norelaying',
  'authfailure',
];
const WORDS_AFTER_RECIPIENT: readonly PhraseReason[] = [
  'requireptr',
  'notcompliantrfc',
  'badreputation',
  'speeding',
  'toomanyconn',
  'spamdetected',
  'virusdetected',
  'policyviolation',
  'blocked',
];
const WORDS_LAST: readonly PhraseReason[] = [
  'hostunknown',
  'systemfull',
  'systemerror',
  'networkerror',
  'contenterror',
  'notaccept',
  'expired',
  'securityerror',
  'mailererror',
];

// Herald's own words for the sender's standing, after sisimai's more specific phrases.
const HERALD_WORDS: readonly [RegExp, BounceReason][] = [
  [/\b(?:block ?list(?:ed)?|black ?list(?:ed)?|deny ?list(?:ed)?|dnsbl|rbl|spamhaus|spamcop|barracuda)\b/, 'blocked'],
  [/\brate[ -]?limit\w*|\btoo many (?:messages|emails|mails)\b|\bthrottl\w*/, 'ratelimited'],
  [/\bspam\w*|\bunsolicited\b/, 'spamdetected'],
  [/\breputation\b/, 'badreputation'],
  [/\b(?:dmarc|spf|dkim)\b|\bunauthenticated\b|\bnot authenticated\b/, 'authfailure'],
  [/\bptr record\b|\breverse dns\b|\brdns\b/, 'requireptr'],
  [/\bpolicy reasons\b/, 'policyviolation'],
  // A mailing list that refuses its sender (Google Groups, in English or Japanese).
  [/permission to post|投稿する権限/, 'rejected'],
];

const SUSPENDED =
  /\baccount (?:is |has been )?(?:disabled|suspended|deactivated)\b|\bmailbox (?:is |has been )?(?:disabled|suspended)\b/;
// Answers only a lookup in the recipient's directory gives, whatever the stage (Domino, IMail, Exchange, Verizon).
const DIRECTORY_LOOKUP =
  /not listed in (?:the )?(?:domino |public )?directory|invalid final delivery userid|recipient name is not recognized|no valid recipients for this mm|the email account that you tried to reach does not exist/;
const NULL_MX = /mx or srv record indicated no smtp service|\bnull mx\b/;
const EXPIRED =
  /retry time(?:out)? (?:not reached|exceeded)|message (?:has )?expired|too long in (?:the )?queue|delivery time expired/;

function herald(text: string): ReasonDecision | undefined {
  const found = HERALD_WORDS.find(([pattern]) => pattern.test(text));
  return found ? { reason: found[1], decidedBy: `the reply's words (${found[1]})` } : undefined;
}

function named(reason: PhraseReason): BounceReason {
  return reason === 'speeding' ? 'ratelimited' : reason;
}

/**
 * The reason of one failed delivery, from all the evidence in this order: what the provider is known
 * to mean by it; the words of the reply (sisimai's phrases), read with the SMTP stage; the enhanced
 * code in the reply text, then the Status field; the report's action; the stage alone.
 */
export function decideBounceReason(evidence: BounceEvidence): ReasonDecision {
  const text = evidence.text.toLowerCase();
  const { command } = evidence;
  const status = evidence.textStatus ?? evidence.fieldStatus;
  const fromStatus = statusReason(evidence.textStatus) ?? statusReason(evidence.fieldStatus);
  if (fromStatus === 'delivered' || evidence.action === 'delivered')
    return { reason: 'delivered', decidedBy: 'delivered' };

  const mta = mtaReason(text, evidence.mtaCategory);
  if (mta) return mta;
  if (/gr[ae]y ?list/.test(text)) return { reason: 'greylisted', decidedBy: 'greylisting' };
  const provider = providerReason(evidence.host, evidence.domain, text);
  if (provider) return provider;

  const byWords = (reasons: readonly PhraseReason[]): ReasonDecision | undefined => {
    const found = reasons.find((reason) => says(reason, text));
    return found ? { reason: named(found), decidedBy: `the reply's words (${named(found)})` } : undefined;
  };
  const first =
    byWords(WORDS_FIRST) ??
    (SUSPENDED.test(text) ? ({ reason: 'suspend', decidedBy: "the reply's words (suspend)" } as const) : undefined);
  if (first) return first;
  // A local delivery program's complaint (procmail, a full disk) is the receiving system's trouble.
  if (evidence.diagnosticType?.toLowerCase().startsWith('x-unix'))
    return { reason: 'mailererror', decidedBy: 'a local mail program (X-Unix)' };

  // "User unknown" is a dead address only with a code that says so or at RCPT TO: after DATA, or with
  // neither code nor stage, it may be a filter's or a forwarder's doing (sisimai's "filtered", soft).
  const saysUnknown = says('userunknown', text);
  const addressCode = status?.class === 5 && status.subject === 1;
  const directory = DIRECTORY_LOOKUP.test(text);
  if (fromStatus === 'userunknown' || directory || (saysUnknown && (command === 'RCPT' || addressCode))) {
    const others = addressCode ? OVER_UNKNOWN.filter((reason) => reason !== 'notaccept') : OVER_UNKNOWN;
    const other = others.find((reason) => says(reason, text));
    if (other) return { reason: named(other), decidedBy: `the reply's words (${other}) over its code` };
    return {
      reason: 'userunknown',
      decidedBy:
        fromStatus === 'userunknown' ? `the status code ${status?.code ?? ''}` : 'an unknown recipient at RCPT TO',
    };
  }
  if ((saysUnknown || says('filtered', text)) && (!BEFORE_DATA.has(command) || fromStatus === 'filtered'))
    return {
      reason: 'filtered',
      decidedBy: saysUnknown ? 'an unknown recipient with no code or stage' : "the reply's words (filtered)",
    };
  if (
    says('rejected', text) &&
    (command === 'MAIL' || command === 'DATA' || fromStatus === undefined || VAGUE.has(fromStatus))
  )
    return { reason: 'rejected', decidedBy: "the reply's words (rejected)" };

  // The sender-side words say more than a status code that is only about security or the system.
  if (!fromStatus || !DEFINITE.has(fromStatus)) {
    const senderSide = byWords(WORDS_AFTER_RECIPIENT) ?? herald(text);
    if (senderSide) return senderSide;
  }
  if (fromStatus && !VAGUE.has(fromStatus))
    return { reason: fromStatus, decidedBy: `the status code ${status?.code ?? ''}`.trim() };
  const after = byWords(WORDS_AFTER_RECIPIENT) ?? byWords(WORDS_LAST);
  if (after) return after;
  if (EXPIRED.test(text)) return { reason: 'expired', decidedBy: "the reply's words (expired)" };
  if (NULL_MX.test(text)) return { reason: 'notaccept', decidedBy: 'a null MX' };
  if (fromStatus) return { reason: fromStatus, decidedBy: `the status code ${status?.code ?? ''}`.trim() };
  if (evidence.basic === 525) return { reason: 'suspend', decidedBy: 'reply code 525' };
  if (evidence.basic === 521 || evidence.basic === 556) return { reason: 'notaccept', decidedBy: 'reply code' };
  if (evidence.action === 'delayed') return { reason: 'expired', decidedBy: 'a delayed report' };
  // Google Groups answers a sender who may not post with a notice in the sender's language and no code.
  if (evidence.domain?.toLowerCase() === 'googlegroups.com')
    return { reason: 'rejected', decidedBy: 'Google Groups refused the sender' };
  if (command === 'CONN' || command === 'HELO') return { reason: 'blocked', decidedBy: 'refused at connection' };
  if (command === 'MAIL') return { reason: 'rejected', decidedBy: 'refused at MAIL FROM' };
  return text.trim()
    ? { reason: 'onhold', decidedBy: 'nothing known in the reply' }
    : { reason: 'undefined', decidedBy: 'no diagnostic' };
}
