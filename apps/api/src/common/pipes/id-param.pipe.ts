import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { DomainError } from '@herald/domain';

/** Ids are PostgreSQL `integer` serials: anything outside this range cannot name a row. */
const MAX_ID = 2_147_483_647;

/** Why a path id is refused, or undefined when it names a possible row (1..2^31-1, digits only). */
export function idParamProblem(raw: unknown): string | undefined {
  const text = String(raw);
  if (/^[1-9][0-9]{0,9}$/.test(text) && Number(text) <= MAX_ID) return undefined;
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return `must be a whole number from 1 to ${MAX_ID}; got ${JSON.stringify(shown)}`;
}

/**
 * Global pipe for numeric path parameters (`@Param('id', ParseIntPipe) id: number`): runs before the
 * route's own ParseIntPipe, so no route lets an id that overflows `integer` reach PostgreSQL.
 */
@Injectable()
export class IdParamPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'param' || metadata.metatype !== Number) return value;
    const name = metadata.data ?? 'id';
    const problem = idParamProblem(value);
    if (problem) throw DomainError.validation(`Path parameter ${name} ${problem}`, [{ path: name, message: problem }]);
    return value;
  }
}
