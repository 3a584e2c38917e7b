import { DomainError } from '@herald/domain';
import type { Template } from 'liquidjs';
import type { MessageContext } from './email-document';
import { describeLiquidError, hasLiquid, textEngine, translateCopernicaSyntax } from './liquid-engine';
import { messageScope } from './render-email-message';

/** A plain-text document (an SMS body) prepared once per mailing. Treat as opaque. */
export type CompiledTextDocument = { kind: 'static'; value: string } | { kind: 'template'; templates: Template[] };

function problemAt(part: string, error: unknown, summary: string): DomainError {
  const { line, message } = describeLiquidError(error);
  return DomainError.validation(`${summary}: ${message}`, [
    { path: line === undefined ? part : `${part}:${line}`, message },
  ]);
}

/** Validates the Liquid of a text document; errors name the part and line. */
export function compileTextDocument(source: string, part = 'body'): CompiledTextDocument {
  const translated = translateCopernicaSyntax(source);
  if (!hasLiquid(translated)) return { kind: 'static', value: translated };
  try {
    return { kind: 'template', templates: textEngine.parse(translated) };
  } catch (error) {
    throw problemAt(part, error, `The ${part} cannot be compiled`);
  }
}

/** Personalises a text document for one message, with the same scope as an email's text part (no link rewriting). */
export function renderTextDocument(compiled: CompiledTextDocument, context: MessageContext, part = 'body'): string {
  if (compiled.kind === 'static') return compiled.value;
  const { scope } = messageScope(context, false, [], false);
  try {
    return String(textEngine.renderSync(compiled.templates, scope));
  } catch (error) {
    throw problemAt(part, error, `The ${part} could not be personalised`);
  }
}
