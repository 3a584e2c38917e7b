import { DomainError } from '@herald/domain';
import type { Template } from 'liquidjs';
import type { MessageContext } from './email-document';
import { describeLiquidError, hasLiquid, textEngine, translateCopernicaSyntax } from './liquid-engine';
import { messageScope, renderTemplates, renderText } from './render-email-message';
import { planSubstitution, type SubstitutionPlan } from './substitution-plan';

/**
 * A plain-text document (an SMS body, a fax's text) prepared once per mailing. Treat as opaque. A
 * text of plain `{{ field }}` outputs has a substitution plan, as an email's parts do, and is
 * rendered without LiquidJS; one that never reads `unsubscribe` is rendered without signing its link.
 */
export type CompiledTextDocument =
  | { kind: 'static'; value: string }
  | { kind: 'template'; templates: Template[]; plan: SubstitutionPlan | null; readsUnsubscribe: boolean };

/** Validates the Liquid of a text document; errors name the part and line. */
export function compileTextDocument(source: string, part = 'body'): CompiledTextDocument {
  const translated = translateCopernicaSyntax(source);
  if (!hasLiquid(translated)) return { kind: 'static', value: translated };
  try {
    return {
      kind: 'template',
      templates: textEngine.parse(translated),
      plan: planSubstitution(translated, false),
      readsUnsubscribe: /\bunsubscribe\b/.test(translated),
    };
  } catch (error) {
    const { line, message } = describeLiquidError(error);
    throw DomainError.validation(`The ${part} cannot be compiled: ${message}`, [
      { path: line === undefined ? part : `${part}:${line}`, message },
    ]);
  }
}

/** Personalises a text document for one message, with the same scope as an email's text part (no link rewriting). */
export function renderTextDocument(compiled: CompiledTextDocument, context: MessageContext, part = 'body'): string {
  if (compiled.kind === 'static') return compiled.value;
  const { scope } = messageScope(context, false, [], false, compiled.readsUnsubscribe);
  return renderTemplates(renderText, compiled.templates, scope, part, compiled.plan);
}
