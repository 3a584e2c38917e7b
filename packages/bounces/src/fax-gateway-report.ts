import { bodyText, decodedHeader, parseEntity, walk, type MimeEntity } from './mime-entity';

/**
 * How an email-to-fax gateway's status mail says a fax ended. Gateways (InterFAX, FAXAGE, AccuRoute
 * CloudFAX, eFax, messagenet) mail a confirmation back to the sender: a success with the pages sent,
 * or a failure with its reason (busy, no answer, not a fax machine...), as plain text with a few
 * `Field: value` lines or as sentences. A receipt that the job was queued is no outcome yet.
 */
export type FaxGatewayStatus = 'delivered' | 'busy' | 'no-answer' | 'failed';

export interface FaxGatewayReport {
  status: FaxGatewayStatus;
  /** Pages sent (or tried, for a failure); 0 when the report does not say. */
  pages: number;
  /** The gateway's words for a failure; null when delivered. */
  reason: string | null;
  /** HARD when the number cannot take a fax at all; SOFT for this attempt (busy, no answer, line errors); null when delivered. */
  errorKind: 'HARD' | 'SOFT' | null;
}

// The text searched stays small, whatever the message holds (a gateway may attach the fax back).
const MAX_TEXT_CHARS = 16 * 1024;
const MAX_REASON_CHARS = 200;
const MAX_PAGES = 10_000;

const FAX_WORD = /\bfax(?:es|ed|ing)?\b|\btelefax\b/i;
// A report's own status field: `Status: Busy`, `Result = OK`, `Fax status: failed`.
const STATUS_FIELD = /^[ \t]*(?:fax[ \t]+)?(?:status|result|transmission[ \t]+status)[ \t]*[:=][ \t]*(.+)$/im;
const REASON_FIELD = /^[ \t]*(?:reason|error|error[ \t]+message|failure[ \t]+reason|cause)[ \t]*[:=][ \t]*(.+)$/im;
const PAGES_FIELD =
  /^[ \t]*(?:pages(?:[ \t]*(?:sent|transmitted|delivered))?|pagessent|number[ \t]+of[ \t]+pages|num_pages)[ \t]*[:=][ \t]*(\d{1,6})\b/im;
const PAGES_PHRASE = /\b(\d{1,6})(?:[ \t]+of[ \t]+\d{1,6})?[ \t]+pages?\b/i;

const BUSY = /\bbusy\b|\boccupied\b|\bengaged\b/i;
const NO_ANSWER =
  /\bno[ \t-]+answer\b|\bnot[ \t]+answer(?:ed)?\b|\bring[ \t-]*no[ \t-]*answer\b|\bno[ \t]+fax[ \t]+tone\b|\bfax[ \t]+tone[ \t]+missing\b|\bno[ \t]+carrier\b|\bno[ \t]+response\b/i;
const FAILED =
  /\bfail(?:ed|ure|s)?\b|\bunsuccessful(?:ly)?\b|\bnot[ \t]+(?:been[ \t]+)?(?:successfully[ \t]+)?(?:sent|delivered|transmitted)\b|\bcould[ \t]+not[ \t]+be[ \t]+(?:sent|delivered|transmitted)\b|\bcancell?ed\b|\berror\b|\bnot[ \t]+a[ \t]+fax\b|\bvoice\b/i;
const DELIVERED =
  /^(?:ok|success(?:ful)?|sent|delivered|completed?)\b|\b(?:sent|delivered|transmitted|completed)[ \t]+successfully\b|\bsuccessful(?:ly)?\b|\bwas[ \t]+(?:sent|delivered)\b|\bfax[ \t]+delivered\b/i;
// A receipt for the job, before any attempt: no outcome to record.
const PENDING =
  /^(?:queued|pending|in[ \t]+progress|processing|received|accepted)\b|\b(?:has[ \t]+been|was)[ \t]+(?:queued|received|accepted)\b|\bqueued[ \t]+for[ \t]+(?:sending|transmission|delivery)\b/i;
// A failure about the number rather than this call: trying again will not help.
const PERMANENT =
  /\bnot[ \t]+a[ \t]+fax(?:[ \t]+machine)?\b|\bvoice[ \t]+(?:answer|line)\b|\binvalid[ \t]+(?:fax[ \t]+)?number\b|\bno[ \t]+such[ \t]+number\b|\bnumber[ \t]+(?:does[ \t]+not[ \t]+exist|not[ \t]+in[ \t]+service|unobtainable|disconnected)\b|\bblacklist|\bblocked[ \t]+(?:number|destination)\b/i;

// Who writes bounces: a mail server's own mailbox, not a fax gateway's confirmation sender.
const MAIL_SERVER = /^(?:mailer-daemon|mail-?daemon|post_?master|mdaemon)@/i;

function addressOf(from: string): string {
  return (/<([^<>]*)>/.exec(from)?.[1] ?? from).trim();
}

function textOf(top: MimeEntity): string {
  const plain: string[] = [];
  const html: string[] = [];
  walk(top, (part) => {
    // The fax itself may come back attached: its words are not the report's.
    if (part.parts.length > 0 || /attachment/i.test(part.headers.get('content-disposition')?.[0] ?? '')) return;
    if (part.contentType === 'text/plain') plain.push(bodyText(part));
    else if (part.contentType === 'text/html') html.push(bodyText(part));
  });
  const text = plain.length
    ? plain.join('\n')
    : html
        .join('\n')
        .replace(/<(?:br|\/p|\/tr|\/div|\/li)[^>]*>/gi, '\n')
        .replace(/<\/t[dh]>/gi, ' ')
        .replace(/<[^>]*>/g, '')
        .replace(/&nbsp;/g, ' ')
        .replace(/&amp;/g, '&');
  return text.slice(0, MAX_TEXT_CHARS);
}

/** The outcome a phrase names, failures first: "not successfully sent" is a failure, "busy" more than "failed". */
function outcomeOf(phrase: string): FaxGatewayStatus | 'pending' | null {
  if (BUSY.test(phrase)) return 'busy';
  if (NO_ANSWER.test(phrase)) return 'no-answer';
  if (FAILED.test(phrase)) return 'failed';
  if (DELIVERED.test(phrase)) return 'delivered';
  if (PENDING.test(phrase)) return 'pending';
  return null;
}

function pagesOf(text: string): number {
  const match = PAGES_FIELD.exec(text) ?? PAGES_PHRASE.exec(text);
  const pages = match ? Number(match[1]) : 0;
  return pages <= MAX_PAGES ? pages : 0;
}

function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim().slice(0, MAX_REASON_CHARS);
}

/**
 * What a gateway's status mail says of the one fax it is about, or null when the mail is no final fax
 * report: a delivery status notification (RFC 3464, read as a bounce), a receipt that the fax is
 * queued, or anything that does not speak of a fax and its outcome. The report's status field decides
 * when it has one; otherwise its subject, then its first sentences. Never throws.
 */
export function parseFaxGatewayReport(raw: Buffer | Uint8Array | string): FaxGatewayReport | null {
  try {
    const source =
      typeof raw === 'string' ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('latin1');
    const top = parseEntity(source.slice(0, 512 * 1024));
    // A DSN, an abuse report or a mail server's plain-text bounce is read by the bounce parser, never
    // as a gateway's words: the fax address in it would otherwise make any bounce a fax report.
    if (top.contentType === 'multipart/report') return null;
    if (MAIL_SERVER.test(addressOf(decodedHeader(top.headers, 'from') ?? ''))) return null;
    const subject = decodedHeader(top.headers, 'subject') ?? '';
    const text = textOf(top);
    if (!FAX_WORD.test(subject) && !FAX_WORD.test(text)) return null;

    const field = STATUS_FIELD.exec(text)?.[1]?.trim();
    const reasonField = REASON_FIELD.exec(text)?.[1];
    let outcome =
      (field !== undefined ? outcomeOf(field) : null) ?? outcomeOf(subject) ?? outcomeOf(text.slice(0, 2_000));
    if (outcome === null || outcome === 'pending') return null;
    // A generic failure code (`CANCELLED NA`, `Error`) may have its cause in the reason field.
    if (outcome === 'failed' && reasonField !== undefined) {
      const cause = outcomeOf(reasonField);
      if (cause === 'busy' || cause === 'no-answer') outcome = cause;
    }
    const pages = pagesOf(text);
    if (outcome === 'delivered') return { status: 'delivered', pages, reason: null, errorKind: null };

    const reason = oneLine(reasonField ?? field ?? subject) || outcome;
    const permanent = outcome === 'failed' && PERMANENT.test(`${reason}\n${field ?? ''}\n${subject}`);
    return { status: outcome, pages, reason, errorKind: permanent ? 'HARD' : 'SOFT' };
  } catch {
    return null;
  }
}
