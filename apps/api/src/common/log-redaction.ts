import type { IncomingMessage, ServerResponse } from 'node:http';

export const REDACTED = '[redacted]';

/**
 * Names of values that never reach a log line, wherever they appear (headers, query, path
 * parameters, objects logged with an error): credentials, tokens, and personal data.
 */
const SECRET_KEYS = [
  'authorization',
  'x-api-key',
  'cookie',
  'set-cookie',
  'password',
  'passwordHash',
  'token',
  'key',
  'apiKey',
  'secret',
  'signature',
  'x-twilio-signature',
  'x-phaxio-signature',
  'email',
] as const;

const SECRET_KEY_SET = new Set<string>(SECRET_KEYS.map((k) => k.toLowerCase()));

/** pino `redact` paths for objects logged beside the request (errors, services' own log calls). */
export const REDACTED_LOG_PATHS = [
  ...SECRET_KEYS.map((key) => (/^[a-z]+$/i.test(key) ? `*.${key}` : `*["${key}"]`)),
  ...SECRET_KEYS.map((key) => (/^[a-z]+$/i.test(key) ? `*.*.${key}` : `*.*["${key}"]`)),
];

/**
 * Paths whose segments are bearer secrets: a shared report's token, a tracking token. The first
 * group is kept, the rest replaced.
 */
const SECRET_PATHS: RegExp[] = [/^(\/shared\/)[^/?#]+/, /^(\/t\/[^/?#]+\/)[^/?#]+/];

/** A request URL fit for a log line: tokens in the path and secret query parameters replaced. */
export function redactUrl(url: string): string {
  const queryAt = url.indexOf('?');
  let path = queryAt === -1 ? url : url.slice(0, queryAt);
  for (const pattern of SECRET_PATHS) path = path.replace(pattern, `$1${REDACTED}`);
  // An API key pasted into a path is still an API key.
  path = path.replace(/hrld_[A-Za-z0-9_-]+/g, REDACTED);
  if (queryAt === -1) return path;
  const query = url
    .slice(queryAt + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq === -1 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // a malformed escape: judge the raw name
      }
      return eq !== -1 && SECRET_KEY_SET.has(decoded.toLowerCase()) ? `${name}=${REDACTED}` : pair;
    })
    .join('&');
  return `${path}?${query}`;
}

/** A shallow copy with the secret keys' values replaced. */
function redactRecord(record: unknown): Record<string, unknown> | undefined {
  if (typeof record !== 'object' || record === null) return undefined;
  const copy: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(record))
    copy[name] = SECRET_KEY_SET.has(name.toLowerCase()) ? REDACTED : value;
  return copy;
}

interface LoggedRequest extends IncomingMessage {
  originalUrl?: string;
  query?: unknown;
}

/**
 * pino-http's request serializer, written out rather than pino's stock one with `redact` paths:
 * the URL has to be rewritten. Path parameters are left out: by the time the line is written they
 * hold a middleware's wildcard match of the whole path, token included.
 */
export function serializeRequest(req: LoggedRequest): Record<string, unknown> {
  const raw = (req as { raw?: LoggedRequest }).raw ?? req;
  return {
    id: raw.id,
    method: raw.method,
    url: redactUrl(raw.originalUrl ?? raw.url ?? ''),
    query: redactRecord(raw.query),
    headers: redactRecord(raw.headers),
    remoteAddress: raw.socket?.remoteAddress,
    remotePort: raw.socket?.remotePort,
  };
}

export function serializeResponse(res: ServerResponse): Record<string, unknown> {
  const raw = (res as { raw?: ServerResponse }).raw ?? res;
  return {
    statusCode: raw.statusCode,
    headers: redactRecord(typeof raw.getHeaders === 'function' ? raw.getHeaders() : undefined),
  };
}
