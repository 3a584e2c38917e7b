import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { DomainError } from '@herald/domain';

/**
 * The path of the first string (or key) holding a NUL character, or undefined. PostgreSQL text
 * cannot store NUL, so such a value can never be valid. Walks without recursion, so a hostile
 * nesting depth cannot overflow the stack.
 */
export function findNul(value: unknown, path = ''): string | undefined {
  const stack: [unknown, string][] = [[value, path]];
  while (stack.length) {
    const [item, at] = stack.pop()!;
    if (typeof item === 'string') {
      if (item.includes('\u0000')) return at;
    } else if (typeof item === 'object' && item !== null) {
      const entries: [string, unknown][] = Array.isArray(item)
        ? item.map((v, i) => [String(i), v])
        : Object.entries(item);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        const childPath = at ? `${at}.${key}` : key;
        if (key.includes('\u0000')) return childPath;
        stack.push([child, childPath]);
      }
    }
  }
  return undefined;
}

const WHERE: Partial<Record<ArgumentMetadata['type'], string>> = {
  body: 'body',
  query: 'query',
  param: 'path parameter',
};

/** Global pipe: refuses a NUL character anywhere in a route's body, query or path parameters. */
@Injectable()
export class NoNulPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const where = WHERE[metadata.type];
    if (!where) return value;
    const found = findNul(value, metadata.data ?? '');
    if (found === undefined) return value;
    const field = (found || '(value)').replaceAll('\u0000', '\\u0000');
    throw DomainError.validation(
      `Invalid request: ${where} ${field} contains a NUL character (\\u0000), which cannot be stored`,
      [{ path: field, message: 'must not contain a NUL character (\\u0000)' }],
    );
  }
}
