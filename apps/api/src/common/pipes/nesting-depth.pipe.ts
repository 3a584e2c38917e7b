import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { DomainError } from '@herald/domain';

/**
 * How deep a body or query may nest, in JSON levels. The deepest request schema, a selection with
 * groups nested 10 deep, needs about 25; validating a much deeper value overflows the validator's
 * stack (a 1,000-deep selection answered 400 with an empty message).
 */
const MAX_NESTING = 64;

/** The path at which `value` nests deeper than `limit` levels, or undefined. Iterative, so any depth is safe to measure. */
function tooDeepAt(value: unknown, limit = MAX_NESTING): string | undefined {
  const stack: [unknown, string, number][] = [[value, '', 0]];
  while (stack.length) {
    const [item, path, depth] = stack.pop()!;
    if (typeof item !== 'object' || item === null) continue;
    if (depth >= limit) return path || '(value)';
    const entries: [string, unknown][] = Array.isArray(item)
      ? item.map((v, i) => [String(i), v])
      : Object.entries(item);
    for (const [key, child] of entries) stack.push([child, path ? `${path}.${key}` : key, depth + 1]);
  }
  return undefined;
}

/** Global pipe, ahead of schema validation: refuses a body or query nested beyond MAX_NESTING. */
@Injectable()
export class NestingDepthPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body' && metadata.type !== 'query') return value;
    const at = tooDeepAt(value);
    if (at === undefined) return value;
    const shown = at.length > 60 ? `${at.slice(0, 60)}…` : at;
    throw DomainError.validation(
      `Invalid request: the ${metadata.type} is nested too deep at ${shown}: at most ${MAX_NESTING} levels are allowed`,
      [{ path: shown, message: `nested too deep: at most ${MAX_NESTING} levels` }],
    );
  }
}
