import { buildDeliveryReport, codeLine, MAX_REPORTS_PER_DSN } from './delivery-report';
import { findSmtpCommand } from './smtp-command';
import type { DeliveryAction, DeliveryReport } from './inbound-message';

/**
 * Bounces without a message/delivery-status part, as qmail, older Exim, old Exchange and
 * Yahoo still send them: the recipient and the SMTP error are only in the words of the body.
 */

// Bounded repeats keep every search linear, whatever a hostile body holds.
const ADDRESS = /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}/;
// `<user@example.org>:` alone (qmail, Sendmail) or followed by the error (Postfix: `<rcpt>: host ... said: 550 ...`).
const ANGLE_ADDRESS_LINE = /^\s{0,20}<([^<>\s@]{1,64}@[^<>\s@]{1,255})>(?::|\.{3})?(?:\s+(\S.{0,998}))?$/;
// KDDI/au and others: "Could not be delivered to: <user@example.org>".
const DELIVERED_TO_LINE = /^\s{0,20}could not be delivered to:?\s{0,20}<([^<>\s@]{1,64}@[^<>\s@]{1,255})>\s*$/i;
// A listed recipient, bare or in brackets, with what follows it on the line.
const LISTED_ADDRESS_LINE = /^\s{0,40}['"<]?([^\s'"<>@:]{1,64}@[^\s'"<>@:]{1,255}?)['">]?:?(?:\s+(\S.{0,998}))?$/;
// Where a notice starts its list of failed recipients.
const LIST_ANCHOR =
  /following address(?:\(es\)|es)?\s+(?:had|failed)[^\n]*|address(?:\(es\)|es)? to which the message has not yet been delivered (?:is|are):|message has not yet been delivered to the following address(?:\(es\)|es)?:|did not reach the following recipient\(s\):|delivery to the following recipients? failed[^\n]*/i;
// RFC 5322 lines are at most 998 characters; longer ones are cut before any regex sees them.
const MAX_LINE = 1000;
const DELAYED =
  /has not yet been delivered|delivery (has been|is|was) delayed|delivery to the following recipients? (has been|was) delayed|delay reason|will (continue to )?(re)?try|could not send message for past|this is a warning message only|no action is required on your part/i;
// Where the copy of the returned message starts: nothing below it is about the delivery.
const COPY_MARKER =
  /below this line is a copy of the message|this is a copy of the message|original message follows|----- original message -----|the original message was:|--- the header of the original message is following|^return-path: /im;

interface Finding {
  recipient: string;
  diagnostic: string;
}

function lines(text: string): string[] {
  return text.split(/\r?\n/).map((line) => (line.length > MAX_LINE ? line.slice(0, MAX_LINE) : line));
}

/** qmail, Yahoo, Postfix and Sendmail's text: `<user@example.org>:` then the error lines up to a blank line. */
function angleBlocks(text: string): Finding[] {
  const findings: Finding[] = [];
  const all = lines(text);
  for (let index = 0; index < all.length; index += 1) {
    const line = all[index] ?? '';
    const match = ANGLE_ADDRESS_LINE.exec(line) ?? DELIVERED_TO_LINE.exec(line);
    if (!match?.[1]) continue;
    const diagnostic: string[] = match[2] ? [match[2].trim()] : [];
    for (let next = index + 1; next < all.length; next += 1) {
      const following = all[next] ?? '';
      if (!following.trim() || ANGLE_ADDRESS_LINE.test(following)) break;
      diagnostic.push(following.trim());
    }
    findings.push({ recipient: match[1], diagnostic: diagnostic.join(' ') });
  }
  return findings;
}

/**
 * After a notice's list anchor ("The following address(es) failed:"): each address line, indented
 * or not, and the lines under it up to a blank line or a rule. When the list names no readable
 * address (Exim writes a bare local part), the X-Failed-Recipients header says who it was.
 */
function listedBlocks(text: string, failedRecipients: readonly string[]): Finding[] {
  const anchor = LIST_ANCHOR.exec(text);
  if (!anchor) return [];
  const findings: Finding[] = [];
  const loose: string[] = [];
  let current: Finding | undefined;
  let started = false;
  for (const line of lines(text.slice(anchor.index + anchor[0].length)).slice(0, 200)) {
    const trimmed = line.trim();
    if (!trimmed || /^-{3,}|^={3,}/.test(trimmed)) {
      if (started) break;
      continue;
    }
    started = true;
    const address = LISTED_ADDRESS_LINE.exec(line);
    if (address?.[1] && ADDRESS.test(address[1])) {
      current = { recipient: address[1], diagnostic: address[2]?.trim() ?? '' };
      findings.push(current);
    } else if (current) current.diagnostic = `${current.diagnostic} ${trimmed}`.trim();
    else loose.push(trimmed);
  }
  if (findings.length === 0 && failedRecipients.length > 0)
    return failedRecipients.map((recipient) => ({ recipient, diagnostic: loose.join(' ') }));
  return findings;
}

/** After an anchor, an address line and the lines indented deeper than it (Exim, old Exchange). */
function indentedBlocks(text: string, anchor: RegExp, addressLine: RegExp): Finding[] {
  const anchorMatch = anchor.exec(text);
  if (!anchorMatch) return [];
  const findings: Finding[] = [];
  const all = lines(text.slice(anchorMatch.index + anchorMatch[0].length));
  let current: { finding: Finding; indent: number } | undefined;
  for (const line of all) {
    if (/^-{3,}/.test(line.trim()) || /^\S/.test(line)) {
      // A rule or unindented prose ends the list, once something was found.
      if (current || findings.length > 0) break;
      continue;
    }
    if (!line.trim()) continue;
    const indent = line.length - line.trimStart().length;
    const address = addressLine.exec(line);
    if (address?.[1] && (!current || indent <= current.indent)) {
      current = { finding: { recipient: address[1], diagnostic: '' }, indent };
      findings.push(current.finding);
    } else if (current && indent > current.indent) {
      current.finding.diagnostic = `${current.finding.diagnostic} ${line.trim()}`.trim();
    }
  }
  return findings;
}

/** A notice that lists the envelope it refused ("RCPT TO: user@example.org", Verizon, Apache James). */
function rcptToFinding(text: string): Finding[] {
  const match = /^\s{0,20}rcpt to:\s{0,20}<?([^\s<>@]{1,64}@[^\s<>@]{1,255}?)>?\s*$/im.exec(text);
  return match?.[1] ? [{ recipient: match[1], diagnostic: codeLine(text) ?? '' }] : [];
}

/** Old Gmail and many small MTAs: a sentence naming the failure, the address, then "technical details". */
function looseFinding(text: string, ownAddresses: readonly string[]): Finding[] {
  const diagnostic = codeLine(text);
  const own = new Set(ownAddresses.map((address) => address.toLowerCase()));
  const pattern = new RegExp(ADDRESS.source, 'g');
  for (const match of lines(text).join('\n').matchAll(pattern)) {
    const address = match[0].replace(/\.$/, '');
    const local = address.split('@')[0]?.toLowerCase() ?? '';
    if (own.has(address.toLowerCase()) || /^(mailer-daemon|postmaster|no-?reply|bounces?)$/.test(local)) continue;
    return [{ recipient: address, diagnostic: diagnostic ?? '' }];
  }
  return [];
}

/** The notice without the copy of the returned message that may follow it. */
export function noticeOnly(text: string): string {
  const marker = COPY_MARKER.exec(text);
  return marker ? text.slice(0, text.lastIndexOf('\n', marker.index) + 1) : text;
}

/**
 * Reports read from a bounce's text. `ownAddresses` (the bounce's sender, our return path) are
 * never taken for the failed recipient.
 */
export function reportsFromBounceText(
  text: string,
  ownAddresses: readonly string[],
  failedRecipients: readonly string[] = [],
): DeliveryReport[] {
  const notice = noticeOnly(text);
  const action: DeliveryAction = DELAYED.test(notice) ? 'delayed' : 'failed';
  let findings = angleBlocks(notice);
  if (findings.length === 0) findings = listedBlocks(notice, failedRecipients);
  if (findings.length === 0) {
    findings = indentedBlocks(
      notice,
      /following address(?:\(es\)|es)? failed:|address(?:\(es\)|es)? to which the message has not yet been delivered (?:is|are):|message has not yet been delivered to the following address(?:\(es\)|es)?:/i,
      /^\s{1,40}([^\s<>@]{1,64}@[^\s<>@]{1,255})(?:\s|$)/,
    );
  }
  if (findings.length === 0) {
    findings = indentedBlocks(
      notice,
      /following recipient\(s\) (?:cannot|could not) be reached:/i,
      /^\s{1,40}'?([^\s'<>@]{1,64}@[^\s'<>@]{1,255})'?\s+on\s/,
    );
  }
  if (findings.length === 0 && failedRecipients.length > 0)
    findings = failedRecipients.map((recipient) => ({ recipient, diagnostic: '' }));
  if (findings.length === 0) findings = rcptToFinding(notice);
  if (findings.length === 0) findings = looseFinding(notice, ownAddresses);
  const seen = new Set<string>();
  return findings
    .filter(
      (finding) =>
        ADDRESS.test(finding.recipient) &&
        !seen.has(finding.recipient.toLowerCase()) &&
        seen.add(finding.recipient.toLowerCase()),
    )
    .slice(0, MAX_REPORTS_PER_DSN)
    .map((finding) =>
      buildDeliveryReport({
        finalRecipient: finding.recipient,
        action,
        diagnosticCode: finding.diagnostic || undefined,
        command: findSmtpCommand(notice),
        notice: notice.slice(0, 8 * 1024),
      }),
    );
}
