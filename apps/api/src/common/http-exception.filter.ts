import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { ZodValidationException } from 'nestjs-zod';
import { ZodError } from 'zod';
import { DomainError, DomainErrorCode, type DomainErrorIssue } from '@herald/domain';
import { bodyParserFault, databaseFault, exposedHttpFault } from './client-faults';
import { RetryLaterError } from './rate-limiter.service';

/** The one error format of the API: { statusCode, error, message, issues? }. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  issues?: DomainErrorIssue[];
}

const STATUS_OF: Record<DomainErrorCode, number> = {
  [DomainErrorCode.Validation]: HttpStatus.BAD_REQUEST,
  [DomainErrorCode.NotFound]: HttpStatus.NOT_FOUND,
  [DomainErrorCode.Conflict]: HttpStatus.CONFLICT,
  [DomainErrorCode.Unauthenticated]: HttpStatus.UNAUTHORIZED,
  [DomainErrorCode.Forbidden]: HttpStatus.FORBIDDEN,
  [DomainErrorCode.InvalidState]: HttpStatus.CONFLICT,
  [DomainErrorCode.RateLimited]: HttpStatus.TOO_MANY_REQUESTS,
  [DomainErrorCode.Unavailable]: HttpStatus.SERVICE_UNAVAILABLE,
};

export function zodIssues(error: ZodError, prefix = ''): DomainErrorIssue[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(body)',
    message: issue.message,
  }));
}

function describeIssues(issues: DomainErrorIssue[]): string {
  return issues
    .slice(0, 5)
    .map((i) => `${i.path}: ${i.message}`)
    .join('; ');
}

export function toErrorBody(exception: unknown): ErrorBody {
  if (exception instanceof DomainError) {
    const statusCode = STATUS_OF[exception.code];
    return {
      statusCode,
      error: exception.code,
      message: exception.message,
      ...(exception.issues.length ? { issues: exception.issues } : {}),
    };
  }
  if (exception instanceof ZodValidationException) {
    const zodError = exception.getZodError();
    const issues = zodError instanceof ZodError ? zodIssues(zodError) : [];
    const described = describeIssues(issues) || 'the request does not match its schema';
    return { statusCode: 400, error: DomainErrorCode.Validation, message: `Invalid request: ${described}`, issues };
  }
  if (exception instanceof HttpException) {
    const statusCode = exception.getStatus();
    const response = exception.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : Array.isArray((response as { message?: unknown }).message)
          ? (response as { message: string[] }).message.join('; ')
          : String((response as { message?: unknown }).message ?? exception.message);
    return { statusCode, error: HttpStatus[statusCode] ?? 'ERROR', message };
  }
  // What a client's input made a lower layer throw: a 4xx, never a 500.
  const fault = bodyParserFault(exception) ?? databaseFault(exception) ?? exposedHttpFault(exception);
  if (fault) return fault;
  return { statusCode: 500, error: 'INTERNAL', message: 'Internal error: it has been logged' };
}

@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const body = toErrorBody(exception);
    if (body.statusCode >= 500) this.logger.error({ err: exception }, 'request failed');
    // A database error turned into a 4xx is a hole in validation further up: worth a warning.
    else if (databaseFault(exception)) this.logger.warn({ err: exception }, 'client fault caught at the database');
    const response = host.switchToHttp().getResponse<{
      headersSent: boolean;
      status(code: number): { json(body: unknown): void };
      setHeader(name: string, value: string): void;
    }>();
    if (response.headersSent) return;
    if (exception instanceof RetryLaterError) response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    response.status(body.statusCode).json(body);
  }
}
