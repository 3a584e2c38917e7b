import { DomainError } from '@herald/domain';
import type { Template } from 'liquidjs';
import { htmlToText } from './compile-email-document';
import { isEmailAddress } from './email-address';
import type { CompiledEmailDocument, CompiledPart, MessageContext, RenderedEmailMessage } from './email-document';
import {
  describeLiquidError,
  htmlEngine,
  linkHref,
  openPixelHtml,
  RENDER_STATE,
  textEngine,
  type LinkSlot,
  type MessageRenderState,
  type MessageScope,
} from './liquid-engine';
import { renderPlan, type PlanTags, type SubstitutionPlan } from './substitution-plan';
import { signTrackingToken, TRACKING_PATHS, trimTrailingSlashes } from './tracking-token';

/**
 * The Liquid scope of one message: `profile.x`, `subprofile.x`, the shortcuts `x` (a subprofile
 * field wins over a profile field of the same name) and the signed `unsubscribe`/`webversion` URLs.
 */
export function messageScope(
  context: MessageContext,
  trackingEnabled: boolean,
  linkSlots: readonly LinkSlot[] = [],
  readsWebversion = true,
  readsUnsubscribe = true,
): { scope: MessageScope; unsubscribeToken: string } {
  const { destinationId, tracking } = context;
  const trackingBase = trimTrailingSlashes(tracking.baseUrl);
  // An email always needs it (its List-Unsubscribe header); a text that does not read it skips the signing.
  const unsubscribeToken = readsUnsubscribe
    ? signTrackingToken({ kind: 'unsubscribe', destinationId }, tracking.secret)
    : '';
  // Signing costs more than anything else per message; skip the token nobody reads.
  const webversion = readsWebversion
    ? trackingBase +
      TRACKING_PATHS.webversion +
      signTrackingToken({ kind: 'webversion', destinationId }, tracking.secret)
    : '';
  // Assigned last: no profile field can shadow these names.
  const scope: MessageScope = Object.assign({}, context.profile, context.subprofile ?? undefined, {
    profile: context.profile,
    subprofile: context.subprofile ?? null,
    unsubscribe: readsUnsubscribe ? trackingBase + TRACKING_PATHS.unsubscribe + unsubscribeToken : '',
    webversion,
  });
  scope[RENDER_STATE] = {
    linkSlots,
    destinationId,
    trackingEnabled,
    trackingBase,
    secret: tracking.secret,
    trackedUrls: new Map(),
  };
  return { scope, unsubscribeToken };
}

function renderPart(part: CompiledPart, scope: MessageScope, name: string): string {
  if (part.kind === 'static') return part.value;
  return renderTemplates(renderText, part.templates, scope, name, part.plan);
}

/** Herald's link and pixel tags for a substitution plan, with the same output as the Liquid tags. */
function planTags(state: MessageRenderState, scope: MessageScope, escapeOutput: boolean): PlanTags {
  return {
    link: (index) => {
      const slot = state.linkSlots[index];
      if (!slot) return '';
      let url = slot.staticUrl;
      if (slot.urlTemplate) {
        try {
          url = String(textEngine.renderSync(slot.urlTemplate, scope)).trim();
        } catch {
          return undefined; // LiquidJS renders the part again and reports the error with its line
        }
      }
      return url === undefined ? '' : linkHref(state, slot, url, escapeOutput);
    },
    pixel: () => openPixelHtml(state),
  };
}

export const renderText = (templates: Template[], scope: object): unknown => textEngine.renderSync(templates, scope);
const renderHtml = (templates: Template[], scope: object): unknown => htmlEngine.renderSync(templates, scope);

export function renderTemplates(
  render: (templates: Template[], scope: object) => unknown,
  templates: Template[],
  scope: MessageScope,
  name: string,
  plan: SubstitutionPlan | null,
): string {
  const state = scope[RENDER_STATE];
  if (plan && state) {
    const rendered = renderPlan(plan, scope, planTags(state, scope, plan.escape));
    if (rendered !== undefined) return rendered;
  }
  try {
    return String(render(templates, scope));
  } catch (error) {
    const { line, message } = describeLiquidError(error);
    throw DomainError.validation(`The ${name} could not be personalised: ${message}`, [
      { path: line === undefined ? name : `${name}:${line}`, message },
    ]);
  }
}

// Header values are one line: a newline from profile data must not start a header of its own.
function singleLine(value: string): string {
  return value.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

function emailAddress(value: string, field: 'fromAddress' | 'replyTo'): string {
  const address = value.trim();
  if (!isEmailAddress(address)) {
    const label = field === 'fromAddress' ? 'sender address' : 'reply-to address';
    throw DomainError.validation(`The personalised ${label} "${address}" is not a valid email address`, [
      { path: field, message: `"${address}" is not a valid email address` },
    ]);
  }
  return address;
}

/**
 * Personalises one message of a compiled document: substitutes fields, signs every link, the open
 * pixel and the unsubscribe URL for this destination. No HTML parsing and no CSS work happen here.
 */
export function renderEmailMessage(compiled: CompiledEmailDocument, context: MessageContext): RenderedEmailMessage {
  const trackingEnabled = compiled.trackingEnabled && context.trackingEnabled !== false;
  const { scope, unsubscribeToken } = messageScope(
    context,
    trackingEnabled,
    compiled.linkSlots,
    compiled.readsWebversion,
  );

  const fromAddress = emailAddress(renderPart(compiled.fromAddress, scope, 'fromAddress'), 'fromAddress');
  // A personalised reply-to that comes out empty is left off rather than failing the message.
  const replyToValue = compiled.replyTo ? renderPart(compiled.replyTo, scope, 'replyTo').trim() : '';
  const replyTo = replyToValue === '' ? undefined : emailAddress(replyToValue, 'replyTo');
  const html = renderTemplates(renderHtml, compiled.html, scope, 'html', compiled.htmlPlan);
  const text = compiled.text
    ? renderTemplates(renderText, compiled.text, scope, 'text', compiled.textPlan)
    : htmlToText(html);

  const message: RenderedEmailMessage = {
    fromName: compiled.fromName ? singleLine(renderPart(compiled.fromName, scope, 'fromName')) : '',
    fromAddress,
    subject: singleLine(renderPart(compiled.subject, scope, 'subject')),
    html,
    text,
    unsubscribeToken,
  };
  if (replyTo !== undefined) message.replyTo = replyTo;
  return message;
}
