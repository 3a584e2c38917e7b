import {
  Liquid,
  LiquidError,
  Tag,
  type Context,
  type Emitter,
  type Template,
  type TagToken,
  type TopLevelToken,
} from 'liquidjs';
import { signSurveyToken, surveyUrl } from './survey-token';
import { signVisitToken } from './visit-token';
import { destinationMac, signTrackingToken, signWithDestinationMac, TRACKING_PATHS } from './tracking-token';

/** One rewritten `<a href>` of a compiled document, looked up by index from the `__herald_link` tag. */
export interface LinkSlot {
  position: number;
  /** The URL as written when it has no Liquid; the token then carries only the position. */
  staticUrl?: string;
  /** The URL template when it is personalised; the token then carries the rendered URL. */
  urlTemplate?: Template[];
}

/** Per-message state the internal tags read; kept under a symbol so no template can reach the secret. */
export interface MessageRenderState {
  linkSlots: readonly LinkSlot[];
  destinationId: string;
  trackingEnabled: boolean;
  /** baseUrl without trailing slash. */
  trackingBase: string;
  secret: string;
  /** Click URLs already signed for this message, so the text part reuses the HTML part's work. */
  trackedUrls: Map<string, string>;
  /** The MAC this message's open and static click tokens share (version 2 tokens), made on first use. */
  destinationMac?: Buffer;
}

function destinationMacOf(state: MessageRenderState): Buffer {
  state.destinationMac ??= destinationMac(state.destinationId, state.secret);
  return state.destinationMac;
}

export const RENDER_STATE: unique symbol = Symbol('herald.renderState');

export type MessageScope = Record<string, unknown> & { [RENDER_STATE]?: MessageRenderState };

export const LINK_TAG = '__herald_link';
export const OPEN_PIXEL_TAG = '__herald_open_pixel';
/** `{% survey_link 12 %}`: survey 12's page, signed for this message's destination. */
const SURVEY_LINK_TAG = 'survey_link';
/** `{% visit_token %}`: this message's visit token, for a link to the account's website (`?hv=`). */
const VISIT_TOKEN_TAG = 'visit_token';

// DoS limits for documents marketers write, per render of one part (the worker's per message too):
// ms, and objects or characters LiquidJS counts (ranges, splits, joins, padding). A real document
// renders in well under a millisecond and counts a few thousand; at 2 s and 10,000,000 a preview
// could hold the API's event loop for 2 s and a range of ten million numbers took 280 MiB.
export const RENDER_LIMIT_MS = 250;
export const MEMORY_LIMIT = 1_000_000;
const PARSE_LIMIT = 5_000_000;

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const HTML_SPECIAL = /[&<>"']/g;

function escapeHtml(value: string): string {
  return HTML_SPECIAL.test(value) ? value.replace(HTML_SPECIAL, (c) => HTML_ESCAPES[c] ?? c) : value;
}

function isHttpUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

function renderState(ctx: Context): MessageRenderState | undefined {
  return (ctx.environments as MessageScope)[RENDER_STATE];
}

/**
 * The href a rewritten link gets for the URL rendered for this message: the signed click redirect,
 * or the URL itself when tracking is off or it is not http(s). Shared by the tag and substitution plans.
 */
export function linkHref(state: MessageRenderState, slot: LinkSlot, url: string, escapeOutput: boolean): string {
  if (state.trackingEnabled && isHttpUrl(url)) {
    const key = slot.urlTemplate ? `${slot.position} ${url}` : `${slot.position}`;
    let tracked = state.trackedUrls.get(key);
    if (tracked === undefined) {
      // A personalised URL is covered by a MAC of its own; a link as written shares the message's.
      const token = slot.urlTemplate
        ? signTrackingToken(
            { kind: 'click', destinationId: state.destinationId, linkPosition: slot.position, url },
            state.secret,
          )
        : signWithDestinationMac(
            { kind: 'click', destinationId: state.destinationId, linkPosition: slot.position },
            destinationMacOf(state),
          );
      tracked = state.trackingBase + TRACKING_PATHS.click + token;
      state.trackedUrls.set(key, tracked);
    }
    url = tracked;
  }
  return escapeOutput ? escapeHtml(url) : url;
}

/** The open pixel's `<img>`, or nothing when this message is not tracked. */
export function openPixelHtml(state: MessageRenderState | undefined): string {
  if (!state?.trackingEnabled) return '';
  const token = signWithDestinationMac({ kind: 'open', destinationId: state.destinationId }, destinationMacOf(state));
  return `<img src="${escapeHtml(state.trackingBase + TRACKING_PATHS.open + token)}" width="1" height="1" alt="">`;
}

/** A rewritten link: the signed click redirect, or the URL itself when tracking is off or it is not http(s). */
class LinkTag extends Tag {
  private readonly index: number;

  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) {
    super(token, remainTokens, liquid);
    this.index = Number(token.args.trim());
  }

  *render(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
    const state = renderState(ctx);
    const slot = state?.linkSlots[this.index];
    if (!state || !slot) return;
    let url = slot.staticUrl;
    if (slot.urlTemplate) {
      url = String(yield textEngine.renderer.renderTemplates(slot.urlTemplate, ctx)).trim();
    }
    if (url === undefined) return;
    emitter.write(linkHref(state, slot, url, Boolean(this.liquid.options.outputEscape)));
  }
}

class OpenPixelTag extends Tag {
  render(ctx: Context, emitter: Emitter): void {
    emitter.write(openPixelHtml(renderState(ctx)));
  }
}

/** The signed link to a survey's page for this message's profile and mailing; nothing outside a message. */
class SurveyLinkTag extends Tag {
  private readonly surveyId: number;

  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) {
    super(token, remainTokens, liquid);
    const args = token.args.trim();
    this.surveyId = /^\d{1,9}$/.test(args) ? Number(args) : 0;
    if (this.surveyId < 1) throw new Error(`survey_link needs a survey id, as in {% survey_link 12 %}; got "${args}"`);
  }

  render(ctx: Context, emitter: Emitter): void {
    const state = renderState(ctx);
    if (!state) return;
    const url = surveyUrl(
      state.trackingBase,
      signSurveyToken({ surveyId: this.surveyId, destinationId: state.destinationId }, state.secret),
    );
    emitter.write(this.liquid.options.outputEscape ? escapeHtml(url) : url);
  }
}

class VisitTokenTag extends Tag {
  render(ctx: Context, emitter: Emitter): void {
    const state = renderState(ctx);
    // base64url: nothing to escape in HTML or in a URL.
    if (state) emitter.write(signVisitToken(state.destinationId, state.secret));
  }
}

/** Documents are self-contained: no partials or layouts from any file system. */
class ForbiddenTag extends Tag {
  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) {
    super(token, remainTokens, liquid);
    throw new Error(`the "${token.name}" tag is not allowed in mailing documents`);
  }

  render(): void {
    // never reached: the constructor refuses the tag at parse time
  }
}

function createEngine(escapeOutput: boolean): Liquid {
  const engine = new Liquid({
    outputEscape: escapeOutput ? 'escape' : undefined,
    strictVariables: false,
    strictFilters: true,
    ownPropertyOnly: true,
    templates: {},
    relativeReference: false,
    parseLimit: PARSE_LIMIT,
    renderLimit: RENDER_LIMIT_MS,
    memoryLimit: MEMORY_LIMIT,
    timezoneOffset: 0,
  });
  for (const name of ['include', 'render', 'layout']) engine.registerTag(name, ForbiddenTag);
  engine.registerTag(LINK_TAG, LinkTag);
  engine.registerTag(OPEN_PIXEL_TAG, OpenPixelTag);
  engine.registerTag(SURVEY_LINK_TAG, SurveyLinkTag);
  engine.registerTag(VISIT_TOKEN_TAG, VisitTokenTag);
  return engine;
}

/** For HTML: every `{{ }}` is HTML-escaped unless written `| raw`, so profile data cannot inject markup. */
export const htmlEngine = createEngine(true);
/** For subject, sender, plain text and URLs: values as they are. */
export const textEngine = createEngine(false);

export function hasLiquid(source: string): boolean {
  return source.includes('{{') || source.includes('{%');
}

/** Copernica writes `{unsubscribe}` and `{webversion}`; Herald's documents are Liquid. */
export function translateCopernicaSyntax(source: string): string {
  return source.replace(/(?<!\{)\{\s*(unsubscribe|webversion)\s*\}(?!\})/g, '{{ $1 }}');
}

/** Which of LiquidJS's DoS limits a template ran into. */
type TemplateLimit = 'time' | 'memory' | 'size';

export interface TemplateProblem {
  line?: number;
  message: string;
  /** Set when the template is refused for what it costs rather than for what it says. */
  limit?: TemplateLimit;
}

// LiquidJS's own words for its limits, and what a marketer is told instead.
const LIMIT_PROBLEMS: ReadonlyArray<{ pattern: RegExp; limit: TemplateLimit; message: string }> = [
  {
    pattern: /template render limit exceeded/,
    limit: 'time',
    message: `the template takes too long to render (more than ${RENDER_LIMIT_MS} ms)`,
  },
  {
    pattern: /memory alloc limit exceeded/,
    limit: 'memory',
    message: `the template takes too much memory to render (more than ${MEMORY_LIMIT} items or characters)`,
  },
  {
    pattern: /parse length limit exceeded/,
    limit: 'size',
    message: `the template is too long (more than ${PARSE_LIMIT} characters)`,
  },
];

/** The messages of limit problems, so that callers that only have a message can tell them apart. */
export function isTemplateLimitMessage(message: string): boolean {
  return LIMIT_PROBLEMS.some((problem) => message.includes(problem.message));
}

/** A LiquidJS error as a line and a message without LiquidJS's own `, line:3, col:7` suffix. */
export function describeLiquidError(error: unknown): TemplateProblem {
  if (error instanceof Error && LiquidError.is(error)) {
    const liquidError = error as LiquidError;
    const [line] = liquidError.token?.getPosition() ?? [];
    const message = (liquidError.originalError?.message ?? liquidError.message).replace(/, line:\d+, col:\d+$/, '');
    const limit = LIMIT_PROBLEMS.find((problem) => problem.pattern.test(message));
    return limit ? { line, message: limit.message, limit: limit.limit } : { line, message };
  }
  return { message: error instanceof Error ? error.message : String(error) };
}
