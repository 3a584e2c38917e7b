import { detectAutoReply } from './auto-reply.detector';
import { parseDeliveryStatus, reportsFromDeliveryStatus, stripAddressType } from './delivery-report';
import type {
  AutoReply,
  ComplaintReport,
  DeliveryStatusNotification,
  InboundMessage,
  OtherInboundMessage,
} from './inbound-message';
import {
  bodyText,
  decodedBody,
  decodedHeader,
  header,
  parseEntity,
  parseHeaderBlock,
  walk,
  type HeaderMap,
  type MimeEntity,
} from './mime-entity';
import { findSmtpCommand } from './smtp-command';
import { noticeOnly, reportsFromBounceText } from './text-bounce.parser';

export interface ParseInboundOptions {
  /**
   * How much of the message is read. Everything a bounce or complaint says is near the top;
   * the rest is the returned message and its attachments. Longer input is cut and flagged `truncated`.
   */
  maxBytes?: number;
}

/** 4 MiB: far more than any notice, far less than the 25-50 MB a returned message can weigh. */
export const DEFAULT_MAX_INBOUND_BYTES = 4 * 1024 * 1024;
// The text we search with regular expressions stays small whatever the message holds.
const MAX_TEXT_CHARS = 256 * 1024;
// Delivery-status fields written into the text (a report whose MIME boundary is broken).
const INLINE_DELIVERY_STATUS = /^(?:Reporting-MTA|Original-Recipient|Final-Recipient)[ \t]*:/im;
// What a notice says about the failure is in its first lines; the phrases are searched in this much.
const MAX_NOTICE_CHARS = 8 * 1024;

const DELIVERY_STATUS_TYPES = new Set(['message/delivery-status', 'message/global-delivery-status']);
const FEEDBACK_TYPES = new Set(['message/feedback-report']);
const RETURNED_MESSAGE_TYPES = new Set(['message/rfc822', 'message/global']);
const RETURNED_HEADER_TYPES = new Set([
  'text/rfc822-headers',
  'message/rfc822-headers',
  'message/global-headers',
  'text/rfc822-header',
]);

const BOUNCE_SENDER = /^(mailer-daemon|post_?master|mail-?daemon|mdaemon|mailer|microsoftexchange[0-9a-f]*)@/i;
const BOUNCE_SENDER_NAME = /mail delivery (system|subsystem|service)|mailer-daemon/i;
const BOUNCE_SUBJECT =
  /メールエラー|エラー通知|配信エラー|配送エラー|undeliver|undelivered|returned mail|delivery status notification|delivery (failure|failed|has failed|problem|delayed|notification)|mail delivery failed|failure notice|non[- ]?remis|unzustellbar|onbestelbaar|niet bezorgd|could not send message|returned to sender|delivery report|nondeliverable|warning: message .* delayed/i;
const BOUNCE_BODY =
  /this is the qmail-send program|created automatically by mail delivery software|could not be delivered to one or more recipients|your message did not reach some or all of the intended recipients|unable to deliver your message to the following address|delivery to the following recipients? failed|the following addresses had permanent fatal errors|message could not be delivered|could not be delivered to:/i;

interface ParsedMessage {
  top: MimeEntity;
  subject?: string;
  deliveryStatus?: MimeEntity;
  feedback?: MimeEntity;
  returnedHeaders?: HeaderMap;
  /** The human-readable text of the notice itself, not of the returned message. */
  text: string;
  truncated: boolean;
}

function toLatin1(raw: Buffer | Uint8Array | string, maxBytes: number): { source: string; truncated: boolean } {
  const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
  const truncated = bytes.length > maxBytes;
  return { source: (truncated ? bytes.subarray(0, maxBytes) : bytes).toString('latin1'), truncated };
}

function headersOfReturnedMessage(part: MimeEntity): HeaderMap {
  // Only the headers are wanted: a returned message in 7bit/8bit is read in place, not copied.
  const encoding = header(part.headers, 'content-transfer-encoding')?.toLowerCase().trim();
  const raw =
    encoding === 'base64' || encoding === 'quoted-printable' ? decodedBody(part).toString('latin1') : part.body;
  const end = /\r?\n\r?\n/.exec(raw);
  return parseHeaderBlock(end ? raw.slice(0, end.index) : raw);
}

function stripHtml(html: string): string {
  return (
    html
      .replace(/<br\s*\/?>|<\/(p|div|tr|li|h\d)>/gi, '\n')
      // [^<>] and not [^>]: each tag ends at the next "<", so a flood of unclosed tags stays linear.
      .replace(/<[^<>]*>/g, ' ')
      .replace(/&nbsp;/g, ' ')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&')
  );
}

function dissect(raw: Buffer | Uint8Array | string, maxBytes: number): ParsedMessage {
  const { source, truncated } = toLatin1(raw, maxBytes);
  const top = parseEntity(source);
  const parsed: ParsedMessage = { top, subject: decodedHeader(top.headers, 'subject'), text: '', truncated };
  const plain: string[] = [];
  const html: string[] = [];
  walk(top, (part) => {
    const type = part.contentType;
    if (DELIVERY_STATUS_TYPES.has(type)) parsed.deliveryStatus ??= part;
    else if (FEEDBACK_TYPES.has(type)) parsed.feedback ??= part;
    else if (RETURNED_MESSAGE_TYPES.has(type)) parsed.returnedHeaders ??= headersOfReturnedMessage(part);
    else if (RETURNED_HEADER_TYPES.has(type)) parsed.returnedHeaders ??= parseHeaderBlock(bodyText(part));
    else if (part.parts.length === 0 && !/^attachment/i.test(header(part.headers, 'content-disposition') ?? '')) {
      // A multipart whose boundary never appears (a broken MTA) is read as the text it is.
      if (type === 'text/plain' || type.startsWith('multipart/')) plain.push(bodyText(part).slice(0, MAX_TEXT_CHARS));
      else if (type === 'text/html') html.push(stripHtml(bodyText(part).slice(0, MAX_TEXT_CHARS)));
    }
  });
  parsed.text = (plain.length > 0 ? plain : html).join('\n').slice(0, MAX_TEXT_CHARS);
  return parsed;
}

function messageId(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const bracketed = /<[^<>\s]+>/.exec(value)?.[0];
  if (bracketed) return bracketed;
  const bare = value.trim().split(/\s+/)[0];
  return bare && bare.includes('@') ? `<${bare}>` : undefined;
}

function lastMessageId(value: string | undefined): string | undefined {
  return value?.match(/<[^<>\s]+>/g)?.at(-1);
}

function addresses(value: string | undefined): string[] {
  if (!value) return [];
  return [...value.matchAll(/[^\s<>"',;:()[\]@]{1,64}@[^\s<>"',;:()[\]@]{1,255}/g)]
    .slice(0, 20)
    .map((match) => match[0].toLowerCase().replace(/\.$/, ''));
}

function returnPathCandidates(message: ParsedMessage, extra: (string | undefined)[]): string[] {
  const { headers } = message.top;
  const found = [
    ...['delivered-to', 'x-original-to', 'envelope-to', 'to'].flatMap((name) =>
      (headers.get(name) ?? []).flatMap(addresses),
    ),
    ...extra.flatMap(addresses),
    ...addresses(message.returnedHeaders && header(message.returnedHeaders, 'return-path')),
  ];
  return [...new Set(found)].slice(0, 10);
}

/** The bounced message's Message-ID: from the returned message or its headers, the report, the copy in the text, or In-Reply-To. */
function originalMessageId(message: ParsedMessage, fromReport?: string): string | undefined {
  return (
    messageId(message.returnedHeaders && header(message.returnedHeaders, 'message-id')) ??
    messageId(fromReport) ??
    messageId(/^[ \t]*Message-ID:[ \t]*(<[^<>\s]+>)/im.exec(message.text)?.[1]) ??
    messageId(header(message.top.headers, 'in-reply-to')) ??
    lastMessageId(header(message.top.headers, 'references'))
  );
}

function looksLikeBounce(message: ParsedMessage): boolean {
  const from = header(message.top.headers, 'from') ?? '';
  const fromAddress = addresses(from)[0] ?? '';
  const reportType =
    message.top.contentType === 'multipart/report' ? message.top.params['report-type']?.toLowerCase() : undefined;
  return (
    reportType === 'delivery-status' ||
    BOUNCE_SENDER.test(fromAddress) ||
    BOUNCE_SENDER_NAME.test(from) ||
    BOUNCE_SUBJECT.test(message.subject ?? '') ||
    BOUNCE_BODY.test(message.text)
  );
}

function complaint(message: ParsedMessage, feedback: MimeEntity): ComplaintReport {
  const fields = parseHeaderBlock(bodyText(feedback).replace(/^\s*\r?\n/, ''));
  const originalMailFrom = stripAddressType(header(fields, 'original-mail-from'));
  const result: ComplaintReport = {
    kind: 'COMPLAINT',
    feedbackType: header(fields, 'feedback-type')?.toLowerCase() ?? 'abuse',
    returnPathCandidates: returnPathCandidates(message, [originalMailFrom]),
    truncated: message.truncated,
  };
  const optional: Partial<ComplaintReport> = {
    originalMessageId: originalMessageId(message),
    originalMailFrom,
    originalRcptTo: stripAddressType(header(fields, 'original-rcpt-to'))?.toLowerCase(),
    userAgent: header(fields, 'user-agent'),
    arrivalDate: header(fields, 'arrival-date') ?? header(fields, 'received-date'),
    sourceIp: header(fields, 'source-ip'),
    reportedDomain: header(fields, 'reported-domain'),
  };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) Object.assign(result, { [key]: value });
  return result;
}

function deliveryNotification(message: ParsedMessage): DeliveryStatusNotification | undefined {
  const fromAddress = addresses(header(message.top.headers, 'from'));
  const inline = message.deliveryStatus ? undefined : INLINE_DELIVERY_STATUS.exec(message.text);
  const statusText = message.deliveryStatus
    ? bodyText(message.deliveryStatus)
    : inline && noticeOnly(message.text.slice(inline.index));
  if (statusText) {
    const fields = parseDeliveryStatus(statusText);
    const notice = noticeOnly(inline ? message.text.slice(0, inline.index) : message.text).slice(0, MAX_NOTICE_CHARS);
    const reports = reportsFromDeliveryStatus(fields, { command: findSmtpCommand(notice), notice });
    if (reports.length > 0) {
      const result: DeliveryStatusNotification = {
        kind: 'DSN',
        format: 'RFC3464',
        reports,
        returnPathCandidates: returnPathCandidates(message, [header(fields.perMessage, 'x-postfix-sender')]),
        truncated: message.truncated,
      };
      const originalId = originalMessageId(message, header(fields.perMessage, 'x-original-message-id'));
      if (originalId) result.originalMessageId = originalId;
      const envelopeId = header(fields.perMessage, 'original-envelope-id');
      if (envelopeId) result.originalEnvelopeId = envelopeId;
      const originalRecipient = reports.find((report) => report.originalRecipient)?.originalRecipient;
      if (originalRecipient) result.originalRecipient = originalRecipient;
      const reportingMta = stripAddressType(header(fields.perMessage, 'reporting-mta'));
      if (reportingMta) result.reportingMta = reportingMta;
      return result;
    }
  }
  if (!looksLikeBounce(message)) return undefined;
  const candidates = returnPathCandidates(message, []);
  const failed = (message.top.headers.get('x-failed-recipients') ?? []).flatMap(addresses);
  const reports = reportsFromBounceText(message.text, [...fromAddress, ...candidates], failed);
  if (reports.length === 0) return undefined;
  const result: DeliveryStatusNotification = {
    kind: 'DSN',
    format: 'TEXT',
    reports,
    returnPathCandidates: candidates,
    truncated: message.truncated,
  };
  const originalId = originalMessageId(message);
  if (originalId) result.originalMessageId = originalId;
  return result;
}

function classify(message: ParsedMessage): InboundMessage {
  const { top, subject, truncated } = message;
  if (top.headers.size === 0) return { kind: 'OTHER', reason: 'Not an email message', truncated };
  const reportType = top.contentType === 'multipart/report' ? top.params['report-type']?.toLowerCase() : undefined;

  if (message.feedback) return complaint(message, message.feedback);
  const notification = deliveryNotification(message);
  if (notification) return notification;

  const other = (reason: string): OtherInboundMessage => ({
    kind: 'OTHER',
    reason,
    truncated,
    ...(subject ? { subject } : {}),
  });
  if (reportType === 'disposition-notification') return other('Read receipt (message disposition notification)');
  if (message.deliveryStatus || looksLikeBounce(message))
    return other('Unrecognised bounce: no recipient or error could be read');
  const autoReply = detectAutoReply(top.headers, subject);
  if (autoReply) {
    const result: AutoReply = { kind: 'AUTO_REPLY', reason: autoReply, truncated };
    if (subject) result.subject = subject;
    const inReplyTo = messageId(header(top.headers, 'in-reply-to'));
    if (inReplyTo) result.originalMessageId = inReplyTo;
    return result;
  }
  return other('Not a bounce, complaint or automatic reply');
}

/**
 * What a message that came back to Herald is: a delivery status notification (RFC 3464 or a
 * non-standard bounce read from its text), a complaint (ARF, RFC 5965), an automatic reply, or
 * something else. Never throws: unreadable input is OTHER. Reads at most `maxBytes` (4 MiB).
 */
export function parseInboundMessage(
  raw: Buffer | Uint8Array | string,
  options: ParseInboundOptions = {},
): InboundMessage {
  const maxBytes = options.maxBytes && options.maxBytes > 0 ? options.maxBytes : DEFAULT_MAX_INBOUND_BYTES;
  let truncated = false;
  try {
    const message = dissect(raw, maxBytes);
    truncated = message.truncated;
    return classify(message);
  } catch {
    return { kind: 'OTHER', reason: 'Unreadable message', truncated };
  }
}
