import { DomainError } from '@herald/domain';
import type { Template } from 'liquidjs';
import { compileEmailDocument, documentSources, parseDocumentPart } from './compile-email-document';
import type {
  CompileEmailDocumentOptions,
  EmailDocument,
  EmailDocumentPart,
  MessageContext,
  RenderedEmailMessage,
} from './email-document';
import {
  describeLiquidError,
  htmlEngine,
  isTemplateLimitMessage,
  RENDER_LIMIT_MS,
  textEngine,
  type TemplateProblem,
} from './liquid-engine';
import { messageScope, renderEmailMessage } from './render-email-message';

export interface PreviewError {
  part: EmailDocumentPart;
  /** The marketer's line in that part, when the problem has one. */
  line: number | null;
  message: string;
}

export interface EmailDocumentPreview {
  /** The message as this profile would get it; null when a problem prevents rendering. */
  rendered: RenderedEmailMessage | null;
  /** Variables the document reads that this profile (or subprofile) does not have, e.g. `profile.city`. */
  unknownFields: string[];
  errors: PreviewError[];
}

type Segments = ReadonlyArray<string | number | Segments>;

// All parts of one preview together, so a document of several heavy parts costs no more than one.
const PREVIEW_RENDER_BUDGET_MS = 2 * RENDER_LIMIT_MS;

// Liquid's own properties of arrays and strings, never a missing field.
const BUILT_IN_PROPERTIES = new Set(['size', 'first', 'last']);

function resolves(scope: unknown, segments: Segments): boolean {
  let value = scope;
  for (const segment of segments) {
    if (typeof segment !== 'string' && typeof segment !== 'number') return true; // a computed key: unknowable
    if (value === null || value === undefined) return false;
    if (
      typeof segment === 'string' &&
      BUILT_IN_PROPERTIES.has(segment) &&
      (Array.isArray(value) || typeof value === 'string')
    ) {
      return true;
    }
    if (typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, segment)) return false;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return true;
}

function fieldName(segments: Segments): string {
  let name = '';
  for (const segment of segments) {
    if (typeof segment === 'string') name += name === '' ? segment : `.${segment}`;
    else if (typeof segment === 'number') name += `[${segment}]`;
    else break;
  }
  return name;
}

/**
 * Renders a document for one profile the way the preview endpoint shows it, reporting instead of
 * throwing: template errors by part and line, and every variable this profile lacks (which a real
 * send would render as empty). A document that runs into a limit (time, memory, size) is refused
 * with a VALIDATION error instead: the preview asks for work it will not do.
 */
export function previewEmailDocument(
  doc: EmailDocument,
  context: MessageContext,
  options: CompileEmailDocumentOptions = { trackingEnabled: false },
): EmailDocumentPreview {
  const errors: PreviewError[] = [];
  const unknownFields = new Set<string>();
  const { scope } = messageScope(context, false);
  const deadline = performance.now() + PREVIEW_RENDER_BUDGET_MS;

  for (const [part, source] of Object.entries(documentSources(doc)) as [EmailDocumentPart, string][]) {
    const parsed = parseDocumentPart(part, source);
    if (parsed.problem) {
      refuseOverLimit(part, parsed.problem);
      errors.push({ part, line: parsed.problem.line ?? null, message: parsed.problem.message });
      continue;
    }
    const engine = part === 'html' ? htmlEngine : textEngine;
    for (const segments of engine.globalVariableSegmentsSync(parsed.templates)) {
      if (!resolves(scope, segments)) unknownFields.add(fieldName(segments));
    }
    const renderLimit = Math.max(1, Math.min(RENDER_LIMIT_MS, deadline - performance.now()));
    const renderProblem = renderProblemOf(
      (templates, s) => engine.renderSync(templates, s, { renderLimit }),
      parsed.templates,
      scope,
    );
    if (renderProblem) {
      refuseOverLimit(part, renderProblem);
      errors.push({ part, line: renderProblem.line ?? null, message: renderProblem.message });
    }
  }

  let rendered: RenderedEmailMessage | null = null;
  if (errors.length === 0) {
    try {
      rendered = renderEmailMessage(compileEmailDocument(doc, options).compiled, context);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.issues.some((issue) => isTemplateLimitMessage(issue.message))) throw error;
      for (const issue of error.issues.length > 0 ? error.issues : [{ path: 'html', message: error.message }]) {
        const [part, line] = issue.path.split(':');
        errors.push({ part: part as EmailDocumentPart, line: line ? Number(line) : null, message: issue.message });
      }
    }
  }
  return { rendered, unknownFields: [...unknownFields], errors };
}

function renderProblemOf(
  render: (templates: Template[], scope: object) => unknown,
  templates: Template[],
  scope: object,
): TemplateProblem | null {
  try {
    render(templates, scope);
    return null;
  } catch (error) {
    return describeLiquidError(error);
  }
}

function refuseOverLimit(part: EmailDocumentPart, problem: TemplateProblem): void {
  if (problem.limit === undefined) return;
  const path = problem.line === undefined ? part : `${part}:${problem.line}`;
  throw DomainError.validation(`The ${part} cannot be previewed: ${problem.message}`, [
    { path, message: problem.message },
  ]);
}
