import { isIP } from 'node:net';
import { DomainError } from '@herald/domain';
import { compileEmailDocument, previewEmailDocument, type EmailDocument } from '@herald/templating';
import { parse as parseHtml, type DefaultTreeAdapterMap } from 'parse5';
import type { Finding } from './finding';

type HtmlNode = DefaultTreeAdapterMap['node'];
type HtmlElement = DefaultTreeAdapterMap['element'];

export interface DocumentCheckInput {
  document: EmailDocument;
  /** How many the mailing would reach now. */
  audienceSize: number;
  /** E-mail messages the account sent in the past 24 hours: with this mailing, they make it a bulk sender or not. */
  sentLastDay: number;
  /** Field names of the target's database (and collection, sending to subprofiles); null skips that check. */
  fields: { profile: readonly string[]; subprofile?: readonly string[] | null } | null;
}

/**
 * Gmail treats a sender of 5,000 or more messages a day as a bulk sender (reference/standards.md), whose
 * mail must carry an unsubscribe link. The day is the sender's, not one mailing's: ten mailings of 1,000
 * in a day make a bulk sender as one of 10,000 does. Under it a missing link is a warning.
 */
export const BULK_AUDIENCE = 5000;

/** Gmail clips a message whose HTML is over 102 KB: what is past the cut needs a click to be seen. */
export const GMAIL_CLIP_BYTES = 102 * 1024;
const SUBJECT_MAX = 100;
/** Under this many characters of text, a message of images reads as an image-only message to spam filters. */
const MIN_TEXT_BESIDE_IMAGES = 200;
const URL_SHORTENERS = new Set([
  'bit.ly',
  'bitly.com',
  'tinyurl.com',
  't.co',
  'goo.gl',
  'ow.ly',
  'is.gd',
  'buff.ly',
  'rebrand.ly',
  'cutt.ly',
  'shorturl.at',
  'tiny.cc',
  'rb.gy',
  'bl.ink',
  't.ly',
]);
const NOT_VISIBLE = new Set(['head', 'script', 'style', 'title', 'template']);
// Liquid, and Copernica's {unsubscribe} and {webversion}, which Herald reads as Liquid.
const LIQUID = /\{\{|\{%|\{\s*(unsubscribe|webversion)\s*\}/;

interface ParsedHtml {
  links: { href: string; line: number | undefined }[];
  images: { hasAlt: boolean; src: string; line: number | undefined }[];
  text: string;
}

function readHtml(html: string): ParsedHtml {
  const parsed: ParsedHtml = { links: [], images: [], text: '' };
  const attribute = (element: HtmlElement, name: string) =>
    element.attrs.find((attr) => attr.name === name && !attr.prefix);
  const visit = (node: HtmlNode, visible: boolean): void => {
    if (node.nodeName === '#text' && 'value' in node) {
      if (visible) parsed.text += node.value;
      return;
    }
    if (!('tagName' in node)) {
      if ('childNodes' in node) node.childNodes.forEach((child) => visit(child, visible));
      return;
    }
    const line = node.sourceCodeLocation?.startLine;
    if (node.tagName === 'a') {
      const href = attribute(node, 'href');
      if (href) parsed.links.push({ href: href.value.trim(), line });
    }
    if (node.tagName === 'img') {
      parsed.images.push({
        hasAlt: attribute(node, 'alt') !== undefined,
        src: attribute(node, 'src')?.value ?? '',
        line,
      });
    }
    const childrenVisible = visible && !NOT_VISIBLE.has(node.tagName);
    node.childNodes.forEach((child) => visit(child, childrenVisible));
  };
  visit(parseHtml(html, { sourceCodeLocationInfo: true }), true);
  parsed.text = parsed.text.replace(/\s+/g, ' ').trim();
  return parsed;
}

function templateChecks(input: DocumentCheckInput): Finding[] {
  const findings: Finding[] = [];
  const field = (name: string) => [name, '']; // every field exists, empty: only missing ones are reported
  const profile = Object.fromEntries((input.fields?.profile ?? []).map(field));
  const subprofile = input.fields?.subprofile ? Object.fromEntries(input.fields.subprofile.map(field)) : null;
  let preview;
  try {
    preview = previewEmailDocument(input.document, {
      profile: { ...profile, id: 0, email: '' },
      subprofile,
      destinationId: '0',
      tracking: { baseUrl: 'https://tracking.invalid', secret: 'issue-checker' },
    });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const issue = error.issues[0];
    const [part, line] = (issue?.path ?? 'html').split(':');
    return [
      {
        severity: 'error',
        code: 'template-error',
        message: issue?.message ?? error.message,
        where: { part: part as Finding['where']['part'], ...(line ? { line: Number(line) } : {}) },
        fix: 'Simplify the template: it asks for more work than a message may take.',
      },
    ];
  }
  for (const problem of preview.errors) {
    findings.push({
      severity: 'error',
      code: 'template-error',
      message: `The ${problem.part} has a template error: ${problem.message}`,
      where: { part: problem.part, ...(problem.line === null ? {} : { line: problem.line }) },
      fix: 'Correct the personalisation code on that line; the preview shows the message once it is right.',
    });
  }
  if (input.fields !== null) {
    for (const name of preview.unknownFields) {
      findings.push({
        severity: 'warning',
        code: 'unknown-field',
        message: `The document uses "${name}", a field the target's database does not have: it would be empty in every message.`,
        where: { field: name },
        fix: `Add the field "${name}" to the database, or correct its name in the document.`,
      });
    }
  }
  return findings;
}

function contentChecks(doc: EmailDocument, html: ParsedHtml): Finding[] {
  const findings: Finding[] = [];
  if (doc.subject.trim() === '') {
    findings.push({
      severity: 'error',
      code: 'empty-subject',
      message: 'The subject is empty.',
      where: { part: 'subject' },
      fix: 'Write a subject that tells the reader what the message is about.',
    });
  }
  if (html.text === '' && html.images.length === 0) {
    findings.push({
      severity: 'error',
      code: 'empty-body',
      message: 'The message has no content: its HTML shows no text and no image.',
      where: { part: 'html' },
      fix: 'Write the message in the HTML part.',
    });
  }
  if ((doc.text ?? '').trim() === '') {
    findings.push({
      severity: 'info',
      code: 'no-text-part',
      message: 'The document has no plain-text version; Herald derives one from the HTML.',
      where: { part: 'text' },
      fix: 'Write a text version if the derived one does not read well.',
    });
  }
  if (html.images.length > 0 && html.text.length < MIN_TEXT_BESIDE_IMAGES) {
    findings.push({
      severity: 'warning',
      code: 'little-text',
      message: `The message is mostly images (${html.text.length} characters of text): spam filters distrust that, and readers who block images see almost nothing.`,
      where: { part: 'html' },
      fix: 'Put the message in text as well, not only in images.',
    });
  }
  for (const image of html.images) {
    if (image.hasAlt) continue;
    findings.push({
      severity: 'warning',
      code: 'image-without-alt',
      message:
        'An image has no alternative text, which shows when images are blocked and is read aloud to blind readers.',
      where: { part: 'html', ...(image.line === undefined ? {} : { line: image.line }), link: image.src },
      fix: 'Give the image an alt text that says what it shows (alt="" for a decorative one).',
    });
  }
  const bytes = Buffer.byteLength(doc.html, 'utf8');
  if (bytes > GMAIL_CLIP_BYTES) {
    findings.push({
      severity: 'warning',
      code: 'message-too-large',
      message: `The HTML is ${Math.round(bytes / 1024)} KB: Gmail cuts messages over 102 KB and hides the rest, unsubscribe link included, behind a link.`,
      where: { part: 'html' },
      fix: 'Shorten the message, link to long content, and remove unused styles and comments.',
    });
  }
  return findings;
}

function subjectChecks(subject: string): Finding[] {
  const findings: Finding[] = [];
  if (subject.length > SUBJECT_MAX) {
    findings.push({
      severity: 'warning',
      code: 'subject-too-long',
      message: `The subject has ${subject.length} characters; mail clients show about the first 40 to 60, and over ${SUBJECT_MAX} looks like spam.`,
      where: { part: 'subject' },
      fix: `Shorten the subject to under ${SUBJECT_MAX} characters, the important words first.`,
    });
  }
  const withoutLiquid = subject.replace(/\{\{[^}]*\}\}|\{%[^%]*%\}/g, '');
  const letters = withoutLiquid.replace(/[^\p{L}]/gu, '');
  const capitals = letters.replace(/[^\p{Lu}]/gu, '');
  if (/!{2,}/.test(withoutLiquid) || (letters.length >= 10 && capitals.length / letters.length > 0.5)) {
    findings.push({
      severity: 'warning',
      code: 'subject-shouting',
      message: 'The subject shouts (mostly capitals or several exclamation marks), which spam filters score against.',
      where: { part: 'subject' },
      fix: 'Write the subject in ordinary case with at most one exclamation mark.',
    });
  }
  return findings;
}

function unsubscribeCheck(input: DocumentCheckInput): Finding[] {
  const bulk = input.sentLastDay + input.audienceSize >= BULK_AUDIENCE;
  let hasLink: boolean;
  try {
    hasLink = compileEmailDocument(input.document, { trackingEnabled: false }).links.some((link) => link.isUnsubscribe);
  } catch {
    return []; // the template errors are reported on their own
  }
  if (hasLink) return [];
  return [
    {
      severity: bulk ? 'error' : 'warning',
      code: 'missing-unsubscribe-link',
      message: bulk
        ? `The message has no unsubscribe link; with ${input.sentLastDay} message(s) sent in the past 24 hours and ${input.audienceSize} now, the account sends bulk email, which Gmail and Yahoo accept only with one: it cannot be sent.`
        : 'The message has no unsubscribe link; every marketing message needs one.',
      where: { part: 'html' },
      fix: 'Add a link to {{ unsubscribe }}, e.g. <a href="{{ unsubscribe }}">Unsubscribe</a>, at the bottom of the message.',
    },
  ];
}

function linkChecks(html: ParsedHtml): Finding[] {
  const findings: Finding[] = [];
  for (const { href, line } of html.links) {
    // Personalised links and the ones Herald fills in are known only per message.
    if (LIQUID.test(href) || href.startsWith('#') || /^(mailto|tel|sms):/i.test(href)) continue;
    const where = { part: 'html' as const, ...(line === undefined ? {} : { line }), link: href };
    let url: URL | null = null;
    try {
      url = new URL(href);
    } catch {
      url = null;
    }
    if (url === null || !/^https?:$/.test(url.protocol) || url.hostname === '') {
      findings.push({
        severity: 'warning',
        code: 'malformed-link',
        message: `The link "${href}" is not a complete web address: readers who click it get an error.`,
        where,
        fix: 'Write the full address, starting with https://.',
      });
      continue;
    }
    if (url.protocol === 'http:') {
      findings.push({
        severity: 'warning',
        code: 'insecure-link',
        message: `The link "${href}" is not secure (http): browsers warn about it and spam filters score it.`,
        where,
        fix: 'Link to the https:// address of the page.',
      });
    }
    const host = url.hostname.toLowerCase().replace(/^www\./, '');
    if (URL_SHORTENERS.has(host)) {
      findings.push({
        severity: 'warning',
        code: 'shortened-link',
        message: `The link "${href}" goes through a URL shortener (${host}), which spammers use to hide where a link goes.`,
        where,
        fix: 'Link to the page itself; Herald tracks clicks without a shortener.',
      });
    }
    if (isIP(url.hostname.replace(/^\[|\]$/g, '')) !== 0) {
      findings.push({
        severity: 'warning',
        code: 'ip-address-link',
        message: `The link "${href}" points to an IP address instead of a domain name, a sign of phishing to spam filters.`,
        where,
        fix: 'Link to the domain name of the site.',
      });
    }
  }
  return findings;
}

/** The document checks of the issue checker: each finds its own problem, independent of the others. */
export function checkDocument(input: DocumentCheckInput): Finding[] {
  const html = readHtml(input.document.html);
  return [
    ...templateChecks(input),
    ...contentChecks(input.document, html),
    ...subjectChecks(input.document.subject),
    ...unsubscribeCheck(input),
    ...linkChecks(html),
  ];
}
