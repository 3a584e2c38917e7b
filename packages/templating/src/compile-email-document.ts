import { DomainError, type DomainErrorIssue } from '@herald/domain';
import { compile as compileHtmlToText } from 'html-to-text';
import juice from 'juice';
import { TokenKind, Tokenizer, type TagToken, type Template } from 'liquidjs';
import { parse as parseHtml, type DefaultTreeAdapterMap } from 'parse5';
import { isEmailAddress } from './email-address';
import type {
  CompiledEmailDocument,
  CompiledEmailDocumentResult,
  CompiledPart,
  CompileEmailDocumentOptions,
  DocumentLink,
  EmailDocument,
  EmailDocumentPart,
} from './email-document';
import {
  describeLiquidError,
  hasLiquid,
  htmlEngine,
  LINK_TAG,
  OPEN_PIXEL_TAG,
  textEngine,
  translateCopernicaSyntax,
  type LinkSlot,
  type TemplateProblem,
} from './liquid-engine';
import { isTrackableHref } from './redirect-target';
import { planSubstitution } from './substitution-plan';

type HtmlNode = DefaultTreeAdapterMap['node'];
type HtmlElement = DefaultTreeAdapterMap['element'];

const HTML_PARTS: ReadonlySet<EmailDocumentPart> = new Set(['html']);

/** Converts rendered HTML to the plain-text part; also the fallback per message. */
export const htmlToText = compileHtmlToText({
  wordwrap: 78,
  selectors: [
    { selector: 'img', format: 'skip' },
    // Upper-casing would change only the static words of a heading, not its personalised ones.
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } })),
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
  ],
});

/** The document's parts after Copernica syntax is translated, keyed by part. */
export function documentSources(doc: EmailDocument): Partial<Record<EmailDocumentPart, string>> {
  const sources: Partial<Record<EmailDocumentPart, string>> = {
    fromAddress: translateCopernicaSyntax(doc.fromAddress),
    subject: translateCopernicaSyntax(doc.subject),
    html: translateCopernicaSyntax(doc.html),
  };
  if (doc.fromName != null) sources.fromName = translateCopernicaSyntax(doc.fromName);
  if (doc.replyTo != null && doc.replyTo !== '') sources.replyTo = translateCopernicaSyntax(doc.replyTo);
  if (doc.text != null && doc.text.trim() !== '') sources.text = translateCopernicaSyntax(doc.text);
  return sources;
}

/** Parses one part as the marketer wrote it; the line numbers of its problems are the marketer's lines. */
export function parseDocumentPart(
  part: EmailDocumentPart,
  source: string,
): { templates: Template[]; problem?: undefined } | { templates?: undefined; problem: TemplateProblem } {
  try {
    return { templates: (HTML_PARTS.has(part) ? htmlEngine : textEngine).parse(source) };
  } catch (error) {
    return { problem: describeLiquidError(error) };
  }
}

function issuePath(part: EmailDocumentPart, line: number | undefined): string {
  return line === undefined ? part : `${part}:${line}`;
}

/**
 * Prepares a document once per mailing: validates its Liquid (errors name part and line), inlines
 * CSS, numbers its links and turns the HTML into templates where each message only substitutes.
 */
export function compileEmailDocument(
  doc: EmailDocument,
  options: CompileEmailDocumentOptions,
): CompiledEmailDocumentResult {
  const sources = documentSources(doc);
  const issues: DomainErrorIssue[] = [];
  const parsed: Partial<Record<EmailDocumentPart, Template[]>> = {};
  for (const [part, source] of Object.entries(sources) as [EmailDocumentPart, string][]) {
    const result = parseDocumentPart(part, source);
    if (result.problem) issues.push({ path: issuePath(part, result.problem.line), message: result.problem.message });
    else parsed[part] = result.templates;
  }
  for (const part of ['fromAddress', 'replyTo'] as const) {
    const source = sources[part];
    if (source !== undefined && !hasLiquid(source) && !isEmailAddress(source.trim())) {
      issues.push({ path: part, message: `"${source}" is not a valid email address` });
    }
  }
  if (issues.length > 0) {
    throw DomainError.validation('The email document cannot be compiled', issues);
  }

  const htmlPlan = planHtml(sources.html ?? '');
  const htmlSource = withCrlf(htmlPlan.withPixel);
  const derivedText = sources.text ?? deriveTextSource(htmlPlan.withoutPixel);
  const textSource = derivedText === null ? null : withCrlf(derivedText);

  const compiled: CompiledEmailDocument = {
    trackingEnabled: options.trackingEnabled,
    fromName: compilePart(sources.fromName, parsed.fromName),
    fromAddress: compilePart(sources.fromAddress, parsed.fromAddress) ?? { kind: 'static', value: '' },
    replyTo: compilePart(sources.replyTo, parsed.replyTo),
    subject: compilePart(sources.subject, parsed.subject) ?? { kind: 'static', value: '' },
    html: parseCompiled('html', htmlSource, true),
    text: textSource === null ? null : parseCompiled('text', textSource, false),
    htmlPlan: planSubstitution(htmlSource, true),
    textPlan: textSource === null ? null : planSubstitution(textSource, false),
    linkSlots: htmlPlan.linkSlots,
    readsWebversion: Object.values(sources).some((source) => /\bwebversion\b/.test(source)),
    links: htmlPlan.links,
  };
  return { compiled, links: htmlPlan.links.map((link) => ({ ...link })) };
}

function compilePart(source: string | undefined, templates: Template[] | undefined): CompiledPart | null {
  if (source === undefined || templates === undefined) return null;
  return hasLiquid(source)
    ? { kind: 'template', templates, plan: planSubstitution(source, false) }
    : { kind: 'static', value: source };
}

function parseCompiled(part: EmailDocumentPart, source: string, asHtml: boolean): Template[] {
  try {
    return (asHtml ? htmlEngine : textEngine).parse(source);
  } catch (error) {
    // The source parsed before inlining, so this is Herald's fault, not the marketer's.
    throw DomainError.validation('The email document cannot be compiled', [
      { path: part, message: `after CSS inlining: ${describeLiquidError(error).message}` },
    ]);
  }
}

// --- Liquid kept away from the HTML tools -----------------------------------------------------

// Private-use characters and decimal digits: HTML parsers, juice and html-to-text (which upper-cases
// headings) all leave them alone, and a Liquid quote inside an attribute cannot end the attribute.
const PLACEHOLDER = /\uE000(\d+)\uE001/g;

interface ProtectedSource {
  text: string;
  liquid: string[];
  /** Which placeholders are `{% %}` tags, whose loss would change the template's structure. */
  tagIndexes: number[];
}

function protectLiquid(source: string): ProtectedSource {
  const tokens = new Tokenizer(source, htmlEngine.options.operators).readTopLevelTokens(htmlEngine.options);
  const liquid: string[] = [];
  const tagIndexes: number[] = [];
  let text = '';
  let cursor = 0;
  let commentBegin = -1;
  for (const token of tokens) {
    if (token.kind !== TokenKind.Tag && token.kind !== TokenKind.Output) continue;
    // A commented-out block is one opaque piece: its links are no links of the mailing.
    const name = token.kind === TokenKind.Tag ? (token as TagToken).name : '';
    // LiquidJS ends a comment at its first endcomment, so comments do not nest here either.
    if (name === 'comment' && commentBegin < 0) commentBegin = token.begin;
    if (commentBegin >= 0) {
      if (name === 'endcomment') {
        tagIndexes.push(liquid.length);
        text += source.slice(cursor, commentBegin) + `\uE000${liquid.length}\uE001`;
        liquid.push(source.slice(commentBegin, token.end));
        cursor = token.end;
        commentBegin = -1;
      }
      continue;
    }
    // The HTML between tokens is copied as written: whitespace control is Liquid's job, later.
    if (token.kind === TokenKind.Tag) tagIndexes.push(liquid.length);
    text += source.slice(cursor, token.begin) + `\uE000${liquid.length}\uE001`;
    liquid.push(source.slice(token.begin, token.end));
    cursor = token.end;
  }
  return { text: text + source.slice(cursor), liquid, tagIndexes };
}

function restoreLiquid(text: string, liquid: readonly string[]): string {
  return text.replace(PLACEHOLDER, (placeholder, index: string) => liquid[Number(index)] ?? placeholder);
}

// --- HTML: inline CSS, find links, place the pixel --------------------------------------------

interface HtmlPlan {
  withPixel: string;
  withoutPixel: string;
  linkSlots: LinkSlot[];
  links: DocumentLink[];
}

interface Edit {
  start: number;
  end: number;
  replacement: string;
  isPixel?: boolean;
}

const UNSUBSCRIBE_REFERENCE = /\{\{-?\s*unsubscribe\b/;
const WEBVERSION_REFERENCE = /\{\{-?\s*webversion\b/;

function planHtml(source: string): HtmlPlan {
  const protectedSource = protectLiquid(source);
  const inlined = juice(protectedSource.text, { preserveImportant: true });
  const document = parseHtml(inlined, { sourceCodeLocationInfo: true });

  const linkSlots: LinkSlot[] = [];
  const links: DocumentLink[] = [];
  const slotByUrl = new Map<string, number>();
  const positionByUrl = new Map<string, number>();
  const edits: Edit[] = [];
  let body: HtmlElement | undefined;

  const positionOf = (url: string, isUnsubscribe: boolean): number => {
    let position = positionByUrl.get(url);
    if (position === undefined) {
      position = links.length + 1;
      positionByUrl.set(url, position);
      links.push({ position, url, isUnsubscribe });
    }
    return position;
  };

  const visitAnchor = (element: HtmlElement): void => {
    const attribute = element.attrs.find((attr) => attr.name === 'href' && !attr.prefix);
    const location = element.sourceCodeLocation?.attrs?.href;
    if (!attribute || !location) return;
    const url = restoreLiquid(attribute.value, protectedSource.liquid).trim();
    if (UNSUBSCRIBE_REFERENCE.test(url)) {
      // Left as written: `unsubscribe` resolves to the signed unsubscribe URL, which is no click.
      positionOf(url, true);
      return;
    }
    if (WEBVERSION_REFERENCE.test(url)) return;

    let slot: LinkSlot;
    if (hasLiquid(url)) {
      const staticPrefix = url.slice(0, Math.min(...['{{', '{%'].map((d) => url.indexOf(d)).filter((i) => i >= 0)));
      if (!isTrackableHref(url, staticPrefix)) return;
      slot = { position: 0, urlTemplate: parseCompiled('html', url, false) };
    } else {
      if (!isTrackableHref(url)) return;
      slot = { position: 0, staticUrl: url };
    }
    let slotIndex = slotByUrl.get(url);
    if (slotIndex === undefined) {
      slotIndex = linkSlots.length;
      slot.position = positionOf(url, false);
      linkSlots.push(slot);
      slotByUrl.set(url, slotIndex);
    }
    edits.push({
      start: location.startOffset,
      end: location.endOffset,
      replacement: `href="{% ${LINK_TAG} ${slotIndex} %}"`,
    });
  };

  const visit = (node: HtmlNode): void => {
    if (!('tagName' in node)) {
      if ('childNodes' in node) node.childNodes.forEach(visit);
      return;
    }
    if (node.tagName === 'a') visitAnchor(node);
    if (node.tagName === 'body') body = node;
    node.childNodes.forEach(visit);
    if ('content' in node) visit(node.content);
  };
  visit(document);

  const pixelAt = body?.sourceCodeLocation?.endTag?.startOffset ?? inlined.length;
  edits.push({ start: pixelAt, end: pixelAt, replacement: `{% ${OPEN_PIXEL_TAG} %}`, isPixel: true });
  edits.sort((a, b) => a.start - b.start);

  const assemble = (withPixel: boolean): string => {
    let result = '';
    let cursor = 0;
    for (const edit of edits) {
      if (edit.isPixel && !withPixel) continue;
      result += restoreLiquid(inlined.slice(cursor, edit.start), protectedSource.liquid) + edit.replacement;
      cursor = edit.end;
    }
    return result + restoreLiquid(inlined.slice(cursor), protectedSource.liquid);
  };
  return { withPixel: assemble(true), withoutPixel: assemble(false), linkSlots, links };
}

// --- Plain text, derived once ------------------------------------------------------------------

/**
 * Converts the Liquid HTML to a Liquid text template once, so each message renders text instead of
 * converting HTML. Returns null when a Liquid tag would not survive the conversion (one inside
 * `<head>` or an attribute html-to-text drops): such documents convert per message instead.
 */
function deriveTextSource(liquidHtml: string): string | null {
  const protectedHtml = protectLiquid(liquidHtml);
  const text = htmlToText(protectedHtml.text);
  const occurrences = new Map<number, number>();
  for (const match of text.matchAll(PLACEHOLDER)) {
    const index = Number(match[1]);
    occurrences.set(index, (occurrences.get(index) ?? 0) + 1);
  }
  if (protectedHtml.tagIndexes.some((index) => occurrences.get(index) !== 1)) return null;
  const source = restoreLiquid(text, protectedHtml.liquid);
  try {
    textEngine.parse(source);
    return source;
  } catch {
    return null;
  }
}

/** SMTP sends CRLF line ends; templates that already have them spare each message a rewrite. */
function withCrlf(source: string): string {
  return source.replace(/\r\n|\r|\n/g, '\r\n');
}
