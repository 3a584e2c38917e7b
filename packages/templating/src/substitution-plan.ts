import { LINK_TAG, OPEN_PIXEL_TAG } from './liquid-engine';

/**
 * Most mailing templates are literal HTML with `{{ field }}` outputs and Herald's own link and
 * pixel tags. LiquidJS renders even those through its generator machinery, which was most of the
 * cost of a message. A substitution plan renders such a template by concatenating strings, with
 * LiquidJS's own output rules; any other template (filters, tags, whitespace control, keywords)
 * has no plan and LiquidJS renders it.
 */
type PlanSegment =
  | { kind: 'literal'; text: string }
  | { kind: 'output'; path: readonly string[] }
  | { kind: 'link'; index: number }
  | { kind: 'pixel' };

export interface SubstitutionPlan {
  readonly segments: readonly PlanSegment[];
  /** HTML-escape outputs, as the HTML engine's `outputEscape` does. */
  readonly escape: boolean;
}

/** What the plan cannot decide by itself: Herald's tags, rendered by the caller. */
export interface PlanTags {
  link(index: number): string | undefined;
  pixel(): string;
}

// The same delimiters LiquidJS's tokenizer looks for; anything inside that is not one of the
// shapes below makes the template plan-less, so a lazy match can never change the meaning.
const LIQUID_MARKUP = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g;
const SIMPLE_OUTPUT = /^\{\{\s*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\s*\}\}$/;
const LINK_MARKUP = new RegExp(`^\\{%\\s*${LINK_TAG}\\s+(\\d+)\\s*%\\}$`);
const PIXEL_MARKUP = new RegExp(`^\\{%\\s*${OPEN_PIXEL_TAG}\\s*%\\}$`);
// Liquid literals, and property names LiquidJS resolves specially (`size`, `first`, `last`).
const LIQUID_WORDS = new Set(['nil', 'null', 'empty', 'blank', 'true', 'false']);
const SPECIAL_PROPERTIES = new Set(['size', 'first', 'last']);

/** The plan of a template source, or null when LiquidJS must render it. */
export function planSubstitution(source: string, escape: boolean): SubstitutionPlan | null {
  const segments: PlanSegment[] = [];
  let at = 0;
  for (const match of source.matchAll(LIQUID_MARKUP)) {
    if (match.index > at) segments.push({ kind: 'literal', text: source.slice(at, match.index) });
    at = match.index + match[0].length;
    const output = SIMPLE_OUTPUT.exec(match[0]);
    if (output) {
      const path = output[1]!.split('.');
      // A first name that Object.prototype has (`constructor`) resolves differently in LiquidJS's scope lookup.
      if (LIQUID_WORDS.has(path[0]!) || path[0]! in Object.prototype || path.some((key) => SPECIAL_PROPERTIES.has(key)))
        return null;
      segments.push({ kind: 'output', path });
      continue;
    }
    const link = LINK_MARKUP.exec(match[0]);
    if (link) {
      segments.push({ kind: 'link', index: Number(link[1]) });
      continue;
    }
    if (PIXEL_MARKUP.test(match[0])) {
      segments.push({ kind: 'pixel' });
      continue;
    }
    return null;
  }
  if (at < source.length) segments.push({ kind: 'literal', text: source.slice(at) });
  return { segments, escape };
}

// LiquidJS's `escape` filter, which its `outputEscape: 'escape'` applies: `"` becomes `&#34;`.
const LIQUID_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };
const LIQUID_SPECIAL = /[&<>"']/g;

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/**
 * The output of one `{{ a.b }}`, or undefined when LiquidJS's rules for the value go beyond plain
 * data (arrays, strings read as objects, class instances, functions): the caller then renders
 * the whole template with LiquidJS.
 */
function outputOf(path: readonly string[], scope: object, escape: boolean): string | undefined {
  let value: unknown = scope;
  for (const key of path) {
    if (value === null || value === undefined) break;
    if (typeof value !== 'object' || Array.isArray(value) || !isPlainObject(value)) return undefined;
    value = Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
  }
  let text: string;
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'boolean') text = String(value);
  else return undefined;
  return escape ? text.replace(LIQUID_SPECIAL, (c) => LIQUID_ESCAPES[c]!) : text;
}

/** Renders a plan for one message, or returns undefined when LiquidJS must render this one. */
export function renderPlan(plan: SubstitutionPlan, scope: object, tags: PlanTags): string | undefined {
  let out = '';
  for (const segment of plan.segments) {
    let piece: string | undefined;
    switch (segment.kind) {
      case 'literal':
        piece = segment.text;
        break;
      case 'output':
        piece = outputOf(segment.path, scope, plan.escape);
        break;
      case 'link':
        piece = tags.link(segment.index);
        break;
      case 'pixel':
        piece = tags.pixel();
        break;
    }
    if (piece === undefined) return undefined;
    out += piece;
  }
  return out;
}
