import { countSmsSegments } from '@herald/contracts';
import { DomainError } from '@herald/domain';
import { compileTextDocument } from '@herald/templating';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Finding } from './finding';

const BODY = { part: 'text' as const };
// An opt-out a reader can act on: "STOP", "reply STOP", or Herald's unsubscribe link.
const OPT_OUT = /\bSTOP\b|\{\{\s*unsubscribe\s*\}\}/i;
const LIQUID = /\{\{[^}]*\}\}|\{%[^%]*%\}/g;

function templateFinding(body: string, channel: 'SMS' | 'fax'): Finding[] {
  if (body.trim() === '') {
    return [
      {
        severity: 'error',
        code: 'empty-body',
        message: `The ${channel} has no text.`,
        where: BODY,
        fix: `Write the ${channel} text in the document.`,
      },
    ];
  }
  try {
    compileTextDocument(body);
    return [];
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return [
      {
        severity: 'error',
        code: 'template-error',
        message: `The ${channel} text has a template error: ${error.issues[0]?.message ?? error.message}`,
        where: BODY,
        fix: 'Correct the personalisation code; the preview shows the message once it is right.',
      },
    ];
  }
}

export interface SmsCheckInput {
  body: string;
  /** Who the SMS comes from: a number in E.164 or an alphanumeric sender id. */
  sender: string;
}

/**
 * An SMS: more than one segment (each costs), characters that force UCS-2 (70 instead of 160 to a
 * segment), no way to opt out, and an alphanumeric sender the text asks readers to reply to.
 */
export function checkSms(input: SmsCheckInput): Finding[] {
  const problems = templateFinding(input.body, 'SMS');
  if (problems.length > 0) return problems;
  const findings: Finding[] = [];
  // Personalisation is counted as written; a long field value makes the real message longer still.
  const fixedText = input.body.replace(LIQUID, '');
  const segments = countSmsSegments(fixedText);
  if (segments.encoding === 'UCS-2') {
    const forcing = [...new Set([...fixedText].filter((char) => countSmsSegments(char).encoding === 'UCS-2'))];
    findings.push({
      severity: 'warning',
      code: 'sms-unicode',
      message: `The text has characters outside the SMS alphabet (${forcing.map((char) => `"${char}"`).join(' ')}): the whole message is sent as Unicode, 70 characters to a segment instead of 160.`,
      where: BODY,
      fix: 'Replace those characters (curly quotes, emoji, special letters) with plain ones.',
    });
  }
  if (segments.segments > 1) {
    findings.push({
      severity: 'warning',
      code: 'sms-segments',
      message: `The text takes ${segments.segments} SMS segments (${segments.characters} characters, ${segments.encoding}); each segment is paid for.`,
      where: BODY,
      fix: `Shorten the text to ${segments.encoding === 'GSM-7' ? 160 : 70} characters to fit one segment.`,
    });
  }
  if (!OPT_OUT.test(input.body)) {
    findings.push({
      severity: 'warning',
      code: 'sms-no-opt-out',
      message: 'The text does not say how to stop receiving these messages; marketing SMS must.',
      where: BODY,
      fix: 'End the text with e.g. "Reply STOP to unsubscribe".',
    });
  }
  if (/^[A-Za-z0-9 ]+$/.test(input.sender) && !/^\+?\d+$/.test(input.sender) && /\bSTOP\b/i.test(input.body)) {
    findings.push({
      severity: 'warning',
      code: 'sms-sender-id',
      message: `The text asks readers to reply STOP, but it comes from the sender id "${input.sender}", which cannot receive replies (nor be used in the US and Canada).`,
      where: { field: 'smsSender' },
      fix: 'Send from a phone number (SMS settings), or offer a link to unsubscribe instead of a reply.',
    });
  }
  return findings;
}

/** A fax document: text to render as a page. */
export function checkFax(input: { body: string }): Finding[] {
  return templateFinding(input.body, 'fax');
}

/**
 * Numbers a fax cannot go to: mobile numbers (by the number plan of their country), which take no fax.
 * At most `examples` are named.
 */
export function checkFaxNumbers(numbers: readonly string[], examples = 5): Finding[] {
  const mobile = numbers.filter((number) => {
    const type = parsePhoneNumberFromString(number)?.getType();
    return type === 'MOBILE';
  });
  if (mobile.length === 0) return [];
  return [
    {
      severity: 'warning',
      code: 'not-fax-numbers',
      message: `${mobile.length} number(s) in the target are mobile numbers, which cannot receive a fax (e.g. ${mobile.slice(0, examples).join(', ')}).`,
      where: { field: 'fax' },
      fix: 'Correct the fax field of those profiles, or leave them out of the target.',
    },
  ];
}
