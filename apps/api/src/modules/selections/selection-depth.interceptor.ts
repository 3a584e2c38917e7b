import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { DomainError, selectionDepthProblem } from '@herald/domain';

/**
 * Refuses a condition tree nested beyond the selection limit before the request schema sees it:
 * interceptors run ahead of pipes, and validating a 1,000-deep tree overflowed the validator's
 * stack (a 400 with an empty message). The user gets the selection's own limit instead.
 */
@Injectable()
export class SelectionDepthInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const body = context.switchToHttp().getRequest<{ body?: unknown }>().body;
    const conditions =
      typeof body === 'object' && body !== null ? (body as { conditions?: unknown }).conditions : undefined;
    const problem = conditions === undefined ? undefined : selectionDepthProblem(conditions);
    if (problem) {
      const where = problem.path ? `conditions.${problem.path}` : 'conditions';
      const shown = where.length > 60 ? `${where.slice(0, 60)}…` : where;
      throw DomainError.validation(`Invalid selection: ${problem.message}`, [
        { path: shown, message: problem.message },
      ]);
    }
    return next.handle();
  }
}
