import { HttpException } from '@nestjs/common';

/**
 * Errors thrown below the API's own code (Express's body parser, PostgreSQL through Prisma or pg)
 * that are the client's fault, and the 4xx answer each deserves. Anything not recognised here is a
 * server fault and stays a 500.
 */
export interface ClientFault {
  statusCode: number;
  error: string;
  message: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/** body-parser's errors carry a `type`; see its README, "Errors". */
export function bodyParserFault(exception: unknown): ClientFault | undefined {
  if (!isRecord(exception) || typeof exception.type !== 'string') return undefined;
  const message = typeof exception.message === 'string' ? exception.message : '';
  switch (exception.type) {
    case 'entity.too.large': {
      const limit = typeof exception.limit === 'number' ? exception.limit : undefined;
      return {
        statusCode: 413,
        error: 'PAYLOAD_TOO_LARGE',
        message: `Request body too large: the limit is ${limit === undefined ? 'exceeded' : `${limit} bytes (${formatBytes(limit)})`}`,
      };
    }
    case 'entity.parse.failed': {
      const position = /position (\d+)/.exec(message)?.[1];
      return {
        statusCode: 400,
        error: 'VALIDATION',
        message:
          position !== undefined
            ? `Request body: malformed JSON at position ${position} (${message})`
            : `Request body: malformed JSON (${message})`,
      };
    }
    case 'charset.unsupported':
      return {
        statusCode: 415,
        error: 'UNSUPPORTED_MEDIA_TYPE',
        message: `Request body: unsupported charset "${String(exception.charset ?? '')}": send UTF-8`,
      };
    case 'encoding.unsupported':
      return {
        statusCode: 415,
        error: 'UNSUPPORTED_MEDIA_TYPE',
        message: `Request body: unsupported content encoding "${String(exception.encoding ?? '')}": send identity, gzip, deflate or br`,
      };
    case 'parameters.too.many':
      return { statusCode: 413, error: 'PAYLOAD_TOO_LARGE', message: 'Request body: too many form parameters' };
    case 'request.aborted':
    case 'request.size.invalid':
      return { statusCode: 400, error: 'VALIDATION', message: `Request body: ${message || 'incomplete'}` };
    default:
      return undefined;
  }
}

/** PostgreSQL error classes that only a client's value can cause (SQLSTATE, appendix A of its manual). */
const PG_CLIENT_FAULTS: Record<string, string> = {
  '22P02': 'a value has the wrong format',
  '22003': 'a number is out of range',
  '22021': 'a string holds a byte PostgreSQL cannot store (NUL)',
  '22001': 'a string is too long',
  '22007': 'a date or time has the wrong format',
  '22008': 'a date or time is out of range',
  '2201B': 'a regular expression is invalid',
  '22025': 'a LIKE pattern has an invalid escape',
  '54001': 'the request is too complex (nested too deep)',
};

/** The SQLSTATE of a pg error, or of one Prisma wrapped (its driver adapter keeps the original code). */
function sqlState(exception: Record<string, unknown>): string | undefined {
  const meta = exception.meta;
  if (isRecord(meta) && isRecord(meta.driverAdapterError) && isRecord(meta.driverAdapterError.cause)) {
    const code = meta.driverAdapterError.cause.originalCode ?? meta.driverAdapterError.cause.code;
    if (typeof code === 'string') return code;
  }
  // pg's own DatabaseError: a five-character SQLSTATE in `code`.
  if (typeof exception.code === 'string' && /^[0-9A-Z]{5}$/.test(exception.code) && 'severity' in exception)
    return exception.code;
  return undefined;
}

export function databaseFault(exception: unknown): ClientFault | undefined {
  if (!isRecord(exception)) return undefined;
  const state = sqlState(exception);
  if (state && PG_CLIENT_FAULTS[state]) {
    return {
      statusCode: 400,
      error: 'VALIDATION',
      message: `Invalid request: ${PG_CLIENT_FAULTS[state]} (SQLSTATE ${state})`,
    };
  }
  // Prisma's own error codes that mean a fault of the request (each message says which), not of the server.
  switch (exception.name === 'PrismaClientKnownRequestError' ? exception.code : undefined) {
    case 'P2025':
      return { statusCode: 404, error: 'NOT_FOUND', message: 'The record does not exist' };
    case 'P2000':
      return { statusCode: 400, error: 'VALIDATION', message: 'Invalid request: a value is too long for its field' };
    case 'P2020':
      return { statusCode: 400, error: 'VALIDATION', message: 'Invalid request: a value is out of range' };
    case 'P2002':
      return { statusCode: 409, error: 'CONFLICT', message: 'A record with this value already exists' };
    default:
      return undefined;
  }
}

/** An error an Express layer marked as the client's (http-errors' `expose`), e.g. a malformed %-escape in the path. */
export function exposedHttpFault(exception: unknown): ClientFault | undefined {
  // Only http-errors' own mark: an outbound client's error (a provider's 404) also carries a status.
  if (!isRecord(exception) || exception.expose !== true) return undefined;
  const status = typeof exception.status === 'number' ? exception.status : exception.statusCode;
  if (typeof status !== 'number' || status < 400 || status > 499) return undefined;
  const message = typeof exception.message === 'string' && exception.message ? exception.message : 'Bad request';
  return { statusCode: status, error: 'BAD_REQUEST', message };
}

type NextFunction = (error?: unknown) => void;

/**
 * Express error middleware placed right after the body parsers: Nest turns a parser's SyntaxError
 * into a bare 400 with V8's message before any filter sees it, so the parser's errors are
 * answered here, as HTTP exceptions the exception filter formats.
 */
export function bodyParserErrorHandler(error: unknown, _req: unknown, _res: unknown, next: NextFunction): void {
  const fault = bodyParserFault(error);
  next(fault ? new HttpException(fault, fault.statusCode, { cause: error }) : error);
}

const BODY_TYPES = ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'];

/** Why a request's body cannot be read, or undefined: a body in a format no parser reads would be taken for an empty one. */
function unreadableBodyType(headers: Record<string, string | string[] | undefined>): string | undefined {
  const hasBody =
    headers['transfer-encoding'] !== undefined ||
    (headers['content-length'] !== undefined && headers['content-length'] !== '0');
  if (!hasBody) return undefined;
  const contentType = typeof headers['content-type'] === 'string' ? headers['content-type'] : '';
  const mediaType = contentType.split(';', 1)[0]!.trim().toLowerCase();
  if (BODY_TYPES.includes(mediaType) || mediaType.endsWith('+json')) return undefined;
  return `Request body: unsupported content type ${JSON.stringify(mediaType || '(none)')}: send application/json`;
}

/** Express middleware ahead of the body parsers: answers 415 to a body they would skip. */
export function bodyTypeGuard(
  req: { headers: Record<string, string | string[] | undefined> },
  _res: unknown,
  next: NextFunction,
): void {
  const problem = unreadableBodyType(req.headers);
  next(
    problem
      ? new HttpException({ statusCode: 415, error: 'UNSUPPORTED_MEDIA_TYPE', message: problem }, 415)
      : undefined,
  );
}
